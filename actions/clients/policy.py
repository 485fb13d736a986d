"""Client for the policy knowledge base (/policy/v1, served by the records process)."""
from __future__ import annotations

from typing import Optional

from actions.clients.http import ApiClient


class PolicyClient(ApiClient):
    def __init__(self, config=None, transport=None):
        from assistant.settings import settings
        config = config or settings
        super().__init__(config.records_url + "/policy/v1", config, transport)

    async def answer(self, question: str, city: Optional[str] = None) -> dict:
        params = {"q": question}
        if city:
            params["city"] = city
        return await self.request("GET", "/answer", params=params)
