"""Client for the records API (/records/v1): elders, cards, allowances, sites."""
from __future__ import annotations

from typing import Optional

from actions.clients.http import ApiClient


class RecordsClient(ApiClient):
    url_setting = "records_url"
    prefix = "/records/v1"

    async def find_elder(self, *, phone: str = "", device_id: str = "", login: str = "") -> Optional[dict]:
        params = {k: v for k, v in (("phone", phone), ("device_id", device_id), ("login", login)) if v}
        if not params:
            return None
        items = (await self.request("GET", "/elders", params=params))["items"]
        return items[0] if items else None

    async def elder(self, elder_id: str) -> Optional[dict]:
        return await self.get_or_none(f"/elders/{elder_id}")

    async def verify(self, elder_id: str, id_last4: str) -> bool:
        result = await self.request("POST", f"/elders/{elder_id}/verify", json={"id_last4": id_last4})
        return bool(result.get("verified"))

    async def apply_elder_card(self, application: dict) -> dict:
        return await self.request("POST", "/elder-card-applications", json=application)

    async def applications(self, elder_id: str) -> list:
        return (await self.request("GET", "/elder-card-applications", params={"elder_id": elder_id}))["items"]

    async def allowances(self, elder_id: str) -> list:
        return (await self.request("GET", f"/elders/{elder_id}/allowances"))["items"]

    async def institutions(self, district: str = "", care_level: str = "", max_price: str = "") -> list:
        params = {k: v for k, v in (("district", district), ("care_level", care_level), ("max_price", max_price)) if v}
        return (await self.request("GET", "/institutions", params=params))["items"]

    async def meal_sites(self, district: str = "") -> list:
        params = {"district": district} if district else None
        return (await self.request("GET", "/meal-sites", params=params))["items"]
