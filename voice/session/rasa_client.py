"""Rasa's REST channel: POST {rasa_url}/webhooks/rest/webhook.

Who the caller is (the phone's caller ID, the speaker's device id) is signed
here with the secret of this front end (assistant/channels/signing.py): the
SIP gateway's ``hotline_secret``, a speaker's own ``device_secret``. Rasa drops
unsigned claims. Rasa's HTTP API (``/model/parse``) needs ``rasa_api_token``.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from assistant.channels import signing
from assistant.settings import settings as default_settings


class NluUnavailable(RuntimeError):
    """Rasa did not answer (down, timed out, or answered with an error)."""


@dataclass
class NluReply:
    texts: list[str]
    hand_over: bool = False  # a custom payload {"handover": true} from an action
    custom: list[dict] = field(default_factory=list)


class RasaClient:
    def __init__(self, base_url: str, timeout_s: float = 10.0, *, settings=None):
        self.base_url = base_url.rstrip("/")
        self.url = self.base_url + "/webhooks/rest/webhook"
        self.timeout_s = timeout_s
        self.configure(settings or default_settings)

    def configure(self, config) -> "RasaClient":
        """Take the API token and the signing secrets from ``config`` (a Settings)."""
        token = f"?{urllib.parse.urlencode({'token': config.rasa_api_token})}" if config.rasa_api_token else ""
        self._token = token
        self.parse_url = self.api_url("/model/parse")
        self.secrets = {"caller_id": config.hotline_secret, "device_id": config.device_secret}
        return self

    def signed(self, sender: str, metadata: dict) -> dict:
        """The metadata with its caller_id / device_id signed, when this front end holds the secret."""
        claim = signing.claim_of(metadata)
        secret = self.secrets.get(claim[0], "") if claim else ""
        return signing.sign(metadata, sender, secret)

    def _post(self, url: str, body: dict, timeout_s: float):
        request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                return json.loads(response.read().decode("utf-8") or "[]")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise NluUnavailable(str(exc)) from exc

    def send(self, sender: str, text: str, metadata: dict) -> NluReply:
        messages = self._post(self.url, {"sender": sender, "message": text, "metadata": self.signed(sender, metadata)},
                              self.timeout_s)
        texts = [m["text"] for m in messages if isinstance(m, dict) and m.get("text")]
        custom = [m["custom"] for m in messages if isinstance(m, dict) and isinstance(m.get("custom"), dict)]
        return NluReply(texts, any(c.get("handover") for c in custom), custom)

    def understood(self, text: str, min_confidence: float) -> bool:
        """Whether the NLU is at least this sure which intent ``text`` is (no turn is taken, nothing is
        stored: Rasa's parse endpoint). False when it cannot say, e.g. the HTTP API is not enabled."""
        try:
            intent = self._post(self.parse_url, {"text": text}, min(self.timeout_s, 2.0)).get("intent") or {}
        except (NluUnavailable, AttributeError):
            return False
        return intent.get("name") not in (None, "nlu_fallback") and intent.get("confidence", 0) >= min_confidence

    def api_url(self, path: str) -> str:
        """A URL of Rasa's HTTP API with the token, e.g. api_url(f"/conversations/{sender}/tracker")."""
        return self.base_url + path + self._token
