"""Request helpers shared by the service tests."""
from __future__ import annotations

import uuid
from datetime import timedelta

import httpx

from services.common.city import local_today

# One token per client, as deployed; the tests read everything as admin unless they test a scope.
TOKENS = {name: f"test-{name}-12349" for name in ("actions", "hotline", "widget", "desk", "admin")}
API_CLIENTS = tuple(f"{name}={token}" for name, token in TOKENS.items())
TOKEN = TOKENS["admin"]
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def auth(client: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[client]}"}


def new_key() -> str:
    return f"test-{uuid.uuid4()}"


def meal_order(elder_id: str = "10000001", **details) -> dict:
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    base = {"date": tomorrow, "meal": "午餐", "portions": 1, "mode": "送餐", "diet": ["低盐"]}
    return {"elder_id": elder_id, "type": "meal", "priority": "P2", "channel": "hotline",
            "details": {**base, **details}}


def create_order(dispatch: httpx.Client, body: dict, key: str | None = None) -> httpx.Response:
    return dispatch.post("/orders", json=body, headers={"Idempotency-Key": key or new_key()})
