"""Client for the policy knowledge base (/policy/v1, served by the records process)."""
from __future__ import annotations

from typing import Optional

from actions.clients.http import ApiClient


class PolicyClient(ApiClient):
    url_setting = "records_url"
    prefix = "/policy/v1"

    async def answer(self, question: str, city: Optional[str] = None) -> dict:
        params = {"q": question}
        if city:
            params["city"] = city
        return await self.request("GET", "/answer", params=params)
