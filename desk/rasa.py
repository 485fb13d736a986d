"""Pausing and resuming the bot in a conversation an operator works, through Rasa's HTTP API.

``ConversationPaused`` stops Rasa predicting in that conversation (messages are still logged);
``ConversationResumed`` lets the bot go on where it was, its form and slots untouched.
"""
from __future__ import annotations

import logging

import httpx

log = logging.getLogger("desk.rasa")


class RasaControl:
    def __init__(self, rasa_url: str, token: str, timeout_s: float = 5.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base = rasa_url.rstrip("/")
        self.token = token
        self.client = httpx.AsyncClient(timeout=timeout_s, transport=transport)

    async def _event(self, conversation_id: str, event: str) -> bool:
        if not self.token:
            log.warning("no Rasa API token (E12349_RASA_API_TOKEN): cannot %s %s", event, conversation_id)
            return False
        try:
            response = await self.client.post(f"{self.base}/conversations/{conversation_id}/tracker/events",
                                              params={"token": self.token}, json=[{"event": event}])
            response.raise_for_status()
            return True
        except httpx.HTTPError as exc:
            log.warning("Rasa %s for %s failed: %s", event, conversation_id, type(exc).__name__)
            return False

    async def pause(self, conversation_id: str) -> bool:
        return await self._event(conversation_id, "pause")

    async def resume(self, conversation_id: str) -> bool:
        return await self._event(conversation_id, "resume")

    async def close(self) -> None:
        await self.client.aclose()
