"""Pausing and resuming the bot in a conversation an operator works, through Rasa's HTTP API.

``ConversationPaused`` stops Rasa predicting in that conversation (messages are still logged);
``ConversationResumed`` lets the bot go on where it was, its form and slots untouched. A form that
was active when the elder asked for a person had just been interrupted (Rasa marks the loop
"rejected"), so resuming re-activates that same form and ends the bot's turn with ``action_listen``:
the elder's next message is the form's answer, as if no one had stepped in.
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

    def _url(self, conversation_id: str, tail: str) -> str:
        return f"{self.base}/conversations/{conversation_id}/tracker{tail}"

    async def _append(self, conversation_id: str, events: list[dict]) -> bool:
        if not self.token:
            log.warning("no Rasa API token (E12349_RASA_API_TOKEN): cannot change %s", conversation_id)
            return False
        try:
            response = await self.client.post(self._url(conversation_id, "/events"), params={"token": self.token},
                                              json=events)
            response.raise_for_status()
            return True
        except httpx.HTTPError as exc:
            log.warning("Rasa %s for %s failed: %s", events[0]["event"], conversation_id, type(exc).__name__)
            return False

    async def _active_loop(self, conversation_id: str) -> str | None:
        try:
            response = await self.client.get(self._url(conversation_id, ""),
                                             params={"token": self.token, "include_events": "NONE"})
            response.raise_for_status()
            return (response.json().get("active_loop") or {}).get("name")
        except (httpx.HTTPError, ValueError, AttributeError):
            return None

    async def pause(self, conversation_id: str) -> bool:
        return await self._append(conversation_id, [{"event": "pause"}])

    async def resume(self, conversation_id: str) -> bool:
        loop = await self._active_loop(conversation_id) if self.token else None
        events = [{"event": "resume"}, *([{"event": "active_loop", "name": loop}] if loop else []),
                  {"event": "action", "name": "action_listen"}]
        return await self._append(conversation_id, events)

    async def close(self) -> None:
        await self.client.aclose()
