"""The operator desk as the action server calls it: is anybody on the desk, and hand a conversation over.

Both calls are short and never raise: a desk that does not answer counts as nobody there, so the
assistant offers a call-back instead of promising a person (the truthful hand-over).
"""
from __future__ import annotations

import logging
from typing import Any

import httpx

from assistant.settings import Settings
from assistant.settings import settings as default_settings
from desk.settings import desk_settings

log = logging.getLogger(__name__)
LIVE_CHANNELS = ("widget", "chat")  # where an operator can write into the same conversation today


class DeskClient:
    def __init__(self, config: Settings | None = None, base_url: str | None = None,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.config = config or default_settings
        self.base_url = (base_url or self.config.desk_url).rstrip("/") + "/desk/v1"
        self.timeout = desk_settings.online_timeout_s
        self._transport = transport

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any] | None:
        try:
            async with httpx.AsyncClient(timeout=self.timeout, transport=self._transport) as client:
                response = await client.request(method, self.base_url + path,
                                                headers={"Authorization": f"Bearer {self.config.api_token}"}, **kwargs)
        except httpx.HTTPError as exc:
            log.warning("desk %s %s: %s", method, path, type(exc).__name__)
            return None
        if response.status_code >= 400:
            log.warning("desk %s %s answered %s", method, path, response.status_code)
            return None
        return response.json()

    async def desk_online(self, channel: str) -> bool:
        """An operator has the desk open and the channel lets them write to the caller."""
        if channel not in LIVE_CHANNELS:
            return False
        answer = await self._call("GET", "/online", params={"channel": channel})
        return bool(answer and answer.get("online", 0) > 0)

    async def open_handover(self, conversation_id: str, channel: str, reason: str,
                            transcript: list[dict[str, str]], slots: dict[str, Any] | None = None,
                            elder_id: str | None = None, caller: str | None = None) -> dict[str, Any] | None:
        """Queue the conversation on the desk: ``{"handover_id", "position", "operators_online"}``, or None."""
        body: dict[str, Any] = {"conversation_id": conversation_id, "channel": channel, "reason": reason,
                                "transcript": transcript[-50:], "slots": dict(list((slots or {}).items())[:40])}
        if elder_id:
            body["elder_id"] = elder_id
        if caller:
            body["caller"] = str(caller)[:40]
        return await self._call("POST", "/handovers", json=body)


async def desk_online(channel: str) -> bool:
    return await DeskClient().desk_online(channel)


async def open_handover(**fields: Any) -> dict[str, Any] | None:
    return await DeskClient().open_handover(**fields)
