"""The dispatch API as the desk calls it (its own ``desk`` token): answers pass through, errors keep their status."""
from __future__ import annotations

import httpx
from fastapi import HTTPException


class DispatchApi:
    def __init__(self, base_url: str, token: str, timeout_s: float = 5.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.client = httpx.AsyncClient(base_url=base_url.rstrip("/") + "/dispatch/v1", timeout=timeout_s,
                                        headers={"Authorization": f"Bearer {token}"}, transport=transport)

    async def call(self, method: str, path: str, body: dict | None, headers: dict | None = None) -> dict:
        try:
            response = await self.client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise HTTPException(503, detail=f"派单系统暂时连不上 / dispatch unreachable ({type(exc).__name__})") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = {"detail": response.text[:200]}
        if response.status_code >= 400:
            raise HTTPException(response.status_code if response.status_code < 500 else 502,
                                detail=answer.get("detail", "派单系统拒绝了 / dispatch refused"))
        return answer

    async def close(self) -> None:
        await self.client.aclose()
