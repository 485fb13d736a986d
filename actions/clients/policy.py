"""Client for the policy knowledge base (/policy/v1, served by the records process)."""
from __future__ import annotations

from typing import Optional

from actions.clients.http import ApiClient

MAX_QUESTION = 500  # the API's own limit (services/policy/api.py): a longer text is cut, not refused


class PolicyClient(ApiClient):
    url_setting = "records_url"
    prefix = "/policy/v1"

    async def answer(self, question: str, city: Optional[str] = None, prev_question: Optional[str] = None,
                     prev_clause: Optional[str] = None) -> dict:
        """``prev_question`` / ``prev_clause`` (the previous answer's clause_id) resolve a follow-up."""
        params = {"q": question[:MAX_QUESTION]}
        if city:
            params["city"] = city
        if prev_question and prev_clause:
            params["prev_q"] = prev_question[:MAX_QUESTION]
            params["prev_clause"] = prev_clause[:300]
        return await self.request("GET", "/answer", params=params)
