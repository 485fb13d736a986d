"""The one client of Rasa's REST channel and HTTP API for the whole repository.

Every front end talks to Rasa through this module: the voice pipeline (phone,
speaker), the widget gateway, the terminal chat, the test helpers and benches.
Depends only on httpx and the standard library (plus ``assistant.channels.signing``,
itself standard library), so it imports in every environment (.venv-rasa on
Python 3.10, .venv, .venv-voice).

API::

    client = RasaClient(url, timeout_s=10.0, token="", secrets={"caller_id": "…"})
    client = RasaClient.from_settings(settings)      # url, timeout, API token, every signing secret

    reply = client.send(sender, text, metadata)          # blocking
    reply = await client.send_async(sender, text, metadata)  # asyncio
    reply.texts        # ["好的，…"]: what the assistant says, in order
    reply.custom       # [{"handover": True, "reason": "…"}, …]: custom payloads, in order
    reply.buttons      # [{"title": "…", "payload": "/…"}]
    reply.messages     # the raw list Rasa answered
    reply.hand_over    # bool: a {"handover": …} payload came (reply.hand_over_reason: its reason)
    reply.callback     # bool: a call-back was arranged ({"callback": …})
    reply.speech_rate  # "slow" | None ({"speech_rate": "slow"}: say this reply slower)
    reply.on_silence   # "/intent" | None: what to send if the caller says nothing now
    reply.expect       # {"kind": "yes_no" | "count" | …, "options": […], "slot": "…"} | None
    reply.order_ids    # ["20260101"]: order/application numbers the reply reported
    reply.text         # the texts joined

    client.parse(text) / await client.parse_async(text)   # /model/parse: {"intent": …} or None
    client.understood(text, min_confidence)              # the NLU is this sure of an intent
    client.tracker(sender) / await client.tracker_async(sender)  # the conversation's tracker, or None
    client.api_url("/conversations/x/tracker")           # an HTTP API URL with ?token=
    client.close() / await client.aclose()

Any failure to get a readable answer (connection refused, timeout, HTTP error
status, a body that is not Rasa's list of messages) raises ``RasaUnavailable``;
callers decide what the person hears then. ``send`` signs the one identity claim in
``metadata`` (caller_id, login, device_id) with the matching secret when this front
end holds it (``assistant/channels/signing.py``); Rasa ignores unsigned claims.

``transport`` (an ``httpx.MockTransport`` / ``httpx.AsyncBaseTransport``) replaces the
network in tests. One client serves one event loop for its async calls.
"""
from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, Optional
from urllib.parse import quote, urlencode

import httpx

from assistant.channels import signing

WEBHOOK = "/webhooks/rest/webhook"
PARSE = "/model/parse"
EXPECT_KINDS = ("yes_no", "count", "date", "meal", "options", "phone", "id_last4", "id_number", "free")


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """One TLS context per process: building it costs ~0.1-0.2 s, which a client made per conversation
    would otherwise add to its first turn."""
    return ssl.create_default_context()


class RasaUnavailable(RuntimeError):
    """Rasa gave no readable answer: down, timed out, an HTTP error, or a body that is not its message list."""


def _expect_of(value: Any) -> Optional[dict]:
    """The ``expect`` payload in its current shape; the old ``"key"`` (keypad choice offered) reads as
    kind ``options`` without options."""
    if value == "key":
        return {"kind": "options", "options": []}
    if isinstance(value, Mapping) and value.get("kind") in EXPECT_KINDS:
        return dict(value)
    return None


@dataclass
class Reply:
    """What Rasa answered to one message."""
    messages: list = field(default_factory=list)

    @property
    def texts(self) -> list:
        return [m["text"] for m in self.messages if isinstance(m, dict) and isinstance(m.get("text"), str)
                and m["text"]]

    @property
    def text(self) -> str:
        return "".join(self.texts)

    @property
    def custom(self) -> list:
        return [m["custom"] for m in self.messages if isinstance(m, dict) and isinstance(m.get("custom"), dict)]

    @property
    def buttons(self) -> list:
        return [b for m in self.messages if isinstance(m, dict) for b in (m.get("buttons") or [])
                if isinstance(b, dict)]

    def _last(self, key: str) -> Any:
        values = [c[key] for c in self.custom if c.get(key) not in (None, "", False)]
        return values[-1] if values else None

    @property
    def hand_over(self) -> bool:
        return self._last("handover") is not None

    @property
    def hand_over_reason(self) -> Optional[str]:
        if not self.hand_over:
            return None
        reason = self._last("reason") or self._last("handover")
        return reason if isinstance(reason, str) else "rasa"

    @property
    def keep_line(self) -> bool:
        """An emergency hand-over: the line stays open when no one can take it."""
        return bool(self._last("keep_line")) or self._last("reason") == "emergency"

    @property
    def callback(self) -> bool:
        return self._last("callback") is not None

    @property
    def speech_rate(self) -> Optional[str]:
        rate = self._last("speech_rate")
        return rate if isinstance(rate, str) else None

    @property
    def on_silence(self) -> Optional[str]:
        payload = self._last("on_silence")
        return payload if isinstance(payload, str) else None

    @property
    def expect(self) -> Optional[dict]:
        return _expect_of(self._last("expect"))

    @property
    def order_ids(self) -> list:
        found = []
        for custom in self.custom:
            for key in ("order_id", "application_id", "reference"):
                value = str(custom.get(key) or "")
                if value and value not in found:
                    found.append(value)
        return found


def _dict(response: httpx.Response) -> Optional[dict]:
    try:
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError):
        return None
    return body if isinstance(body, dict) else None


def _dict_or_none(request) -> Optional[dict]:
    """The JSON object an HTTP API call answered, or None for any failure (the API is optional)."""
    try:
        return _dict(request())
    except httpx.HTTPError:
        return None


async def _adict_or_none(pending) -> Optional[dict]:
    try:
        return _dict(await pending)
    except httpx.HTTPError:
        return None


def _messages(response: httpx.Response) -> list:
    try:
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if not isinstance(body, list):
        raise RasaUnavailable(f"unexpected answer: {str(body)[:200]}")
    return body


class RasaClient:
    def __init__(self, base_url: str, timeout_s: float = 10.0, *, token: str = "",
                 secrets: Optional[Mapping[str, str]] = None, transport=None):
        """``token``: Rasa's HTTP API token (``--auth-token``; parse and tracker need it).
        ``secrets``: claim kind → the secret this front end signs that claim with."""
        self.base_url = base_url.rstrip("/")
        self.url = self.base_url + WEBHOOK
        self.timeout_s = timeout_s
        self.token = token
        self.secrets = {k: v for k, v in (secrets or {}).items() if v}
        self._transport = transport
        self._sync: Optional[httpx.Client] = None
        self._async: Optional[httpx.AsyncClient] = None

    @classmethod
    def from_settings(cls, settings, **kwargs) -> "RasaClient":
        """URL, timeout and token from ``settings`` (assistant/settings.py) and every secret it holds:
        a process is configured only with the secret of the front end it is."""
        secrets = {"caller_id": settings.hotline_secret, "device_id": settings.device_secret,
                   "login": settings.widget_secret}
        return cls(settings.rasa_url, settings.rasa_timeout_s, token=settings.rasa_api_token, secrets=secrets,
                   **kwargs)

    # ---- plumbing -----------------------------------------------------------
    @property
    def http(self) -> httpx.Client:
        if self._sync is None:
            self._sync = httpx.Client(timeout=self.timeout_s, transport=self._transport, verify=_tls())
        return self._sync

    @property
    def ahttp(self) -> httpx.AsyncClient:
        if self._async is None:
            self._async = httpx.AsyncClient(timeout=self.timeout_s, transport=self._transport, verify=_tls())
        return self._async

    def signed(self, sender: str, metadata: Optional[Mapping]) -> dict:
        """``metadata`` with its identity claim signed when this front end holds the claim's secret."""
        metadata = dict(metadata or {})
        claim = signing.claim_of(metadata)
        secret = self.secrets.get(claim[0], "") if claim else ""
        return signing.sign(metadata, sender, secret) if secret else metadata

    def _body(self, sender: str, text: str, metadata: Optional[Mapping]) -> dict:
        return {"sender": sender, "message": text, "metadata": self.signed(sender, metadata)}

    # ---- the REST channel ---------------------------------------------------
    def send(self, sender: str, text: str, metadata: Optional[Mapping] = None) -> Reply:
        try:
            response = self.http.post(self.url, json=self._body(sender, text, metadata))
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return Reply(_messages(response))

    async def send_async(self, sender: str, text: str, metadata: Optional[Mapping] = None) -> Reply:
        try:
            response = await self.ahttp.post(self.url, json=self._body(sender, text, metadata))
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return Reply(_messages(response))

    # ---- the HTTP API (needs the token) ---------------------------------------
    def api_url(self, path: str) -> str:
        """A URL of Rasa's HTTP API with the token, e.g. api_url(f"/conversations/{sender}/tracker")."""
        return self.base_url + path + (f"?{urlencode({'token': self.token})}" if self.token else "")

    @staticmethod
    def _tracker_path(sender: str) -> str:
        return f"/conversations/{quote(sender, safe='')}/tracker"

    def parse(self, text: str, timeout_s: float = 2.0) -> Optional[dict]:
        """Rasa's NLU result for ``text`` (no turn taken, nothing stored); None if it cannot say."""
        return _dict_or_none(lambda: self.http.post(self.api_url(PARSE), json={"text": text},
                                                    timeout=min(self.timeout_s, timeout_s)))

    async def parse_async(self, text: str, timeout_s: float = 2.0) -> Optional[dict]:
        return await _adict_or_none(self.ahttp.post(self.api_url(PARSE), json={"text": text},
                                                    timeout=min(self.timeout_s, timeout_s)))

    def understood(self, text: str, min_confidence: float) -> bool:
        """Whether the NLU is at least this sure which intent ``text`` is (False when it cannot say)."""
        intent = (self.parse(text) or {}).get("intent") or {}
        return intent.get("name") not in (None, "nlu_fallback") and intent.get("confidence", 0) >= min_confidence

    def tracker(self, sender: str, timeout_s: float = 3.0) -> Optional[dict]:
        """The conversation's tracker (slots, active_loop, events), or None when Rasa cannot say."""
        return _dict_or_none(lambda: self.http.get(self.api_url(self._tracker_path(sender)), timeout=timeout_s))

    async def tracker_async(self, sender: str, timeout_s: float = 3.0) -> Optional[dict]:
        return await _adict_or_none(self.ahttp.get(self.api_url(self._tracker_path(sender)), timeout=timeout_s))

    # ---- life cycle -------------------------------------------------------------
    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    async def aclose(self) -> None:
        self.close()
        if self._async is not None:
            await self._async.aclose()
            self._async = None

    def __enter__(self) -> "RasaClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
