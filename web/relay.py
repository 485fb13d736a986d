"""Rasa's REST channel, as the widget talks to it: the user's login signed with ``widget_secret``."""
from __future__ import annotations

import httpx

from assistant.channels import signing


class RasaUnavailable(RuntimeError):
    """Rasa did not answer: down, timed out, or answered with an error."""


class RasaRelay:
    def __init__(self, rasa_url: str, timeout_s: float, secret: str = ""):
        self.url = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
        self.secret = secret
        self.client = httpx.AsyncClient(timeout=timeout_s)

    async def send(self, sender: str, message: str, metadata: dict) -> list:
        try:
            response = await self.client.post(self.url, json={"sender": sender, "message": message,
                                                              "metadata": signing.sign(metadata, sender, self.secret)})
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(answer, list):
            raise RasaUnavailable(f"unexpected answer: {str(answer)[:200]}")
        return answer

    async def close(self) -> None:
        await self.client.aclose()
