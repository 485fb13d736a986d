"""Rasa's REST channel: POST {rasa_url}/webhooks/rest/webhook."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field


class NluUnavailable(RuntimeError):
    """Rasa did not answer (down, timed out, or answered with an error)."""


@dataclass
class NluReply:
    texts: list[str]
    hand_over: bool = False  # a custom payload {"handover": true} from an action
    custom: list[dict] = field(default_factory=list)


class RasaClient:
    def __init__(self, base_url: str, timeout_s: float = 10.0):
        self.url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self.timeout_s = timeout_s

    def send(self, sender: str, text: str, metadata: dict) -> NluReply:
        body = json.dumps({"sender": sender, "message": text, "metadata": metadata}, ensure_ascii=False)
        request = urllib.request.Request(self.url, data=body.encode("utf-8"),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                messages = json.loads(response.read().decode("utf-8") or "[]")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise NluUnavailable(str(exc)) from exc
        texts = [m["text"] for m in messages if isinstance(m, dict) and m.get("text")]
        custom = [m["custom"] for m in messages if isinstance(m, dict) and isinstance(m.get("custom"), dict)]
        return NluReply(texts, any(c.get("handover") for c in custom), custom)
