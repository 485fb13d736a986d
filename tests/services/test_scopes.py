"""Least privilege: each client's token opens only its scopes (403 otherwise, one sentence),
no client can list everyone's orders or elders, and no response carries the ID number."""
from __future__ import annotations

import re

import httpx
import pytest

from services.common.scopes import DEFAULT_SCOPES
from tests.services.helpers import TOKENS, auth, create_order, meal_order

# The contract (docs/CONTRACT.md, "Clients and scopes"): the scope each operation needs.
SCOPE_OF = {
    ("records", "GET", "/records/v1/elders"): "records:identify",
    ("records", "GET", "/records/v1/elders/{elder_id}"): "records:read",
    ("records", "POST", "/records/v1/elders/{elder_id}/verify"): "records:verify",
    ("records", "GET", "/records/v1/elders/{elder_id}/allowances"): "records:read",
    ("records", "POST", "/records/v1/elder-card-applications"): "records:write",
    ("records", "GET", "/records/v1/elder-card-applications"): "records:read",
    ("records", "GET", "/records/v1/elder-card-applications/{application_id}"): "records:read",
    ("records", "GET", "/records/v1/institutions"): "catalog:read",
    ("records", "GET", "/records/v1/meal-sites"): "catalog:read",
    ("records", "GET", "/records/v1/meal-sites/{site_id}/menu"): "catalog:read",
    ("dispatch", "POST", "/dispatch/v1/orders"): "dispatch:orders:create",
    ("dispatch", "GET", "/dispatch/v1/orders"): "dispatch:orders:read",
    ("dispatch", "GET", "/dispatch/v1/orders/{order_id}"): "dispatch:orders:read",
    ("dispatch", "POST", "/dispatch/v1/orders/{order_id}/cancel"): "dispatch:orders:cancel",
    ("dispatch", "POST", "/dispatch/v1/orders/{order_id}/notes"): "dispatch:orders:create",
    ("dispatch", "POST", "/dispatch/v1/orders/{order_id}/transition"): "dispatch:orders:operate",
    ("dispatch", "POST", "/dispatch/v1/orders/{order_id}/feedback"): "dispatch:orders:operate",
    ("dispatch", "GET", "/dispatch/v1/orders/{order_id}/notifications"): "dispatch:orders:operate",
    ("dispatch", "GET", "/dispatch/v1/providers"): "dispatch:providers:read",
    ("dispatch", "POST", "/dispatch/v1/calls"): "dispatch:calls",
}


def _operations(live, service: str) -> list[tuple[str, str]]:
    spec = httpx.get(getattr(live, service) + "/openapi.json").json()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


def _all_operations(live) -> dict[tuple[str, str, str], str]:
    """Every served operation with its scope; the policy router (its own module) is policy:read as a whole."""
    policy = {("records", m, p): "policy:read" for m, p in _operations(live, "records") if p.startswith("/policy/")}
    return {**SCOPE_OF, **policy}


@pytest.mark.parametrize("service", ["records", "dispatch"])
def test_every_operation_has_a_documented_scope(live, service):
    operations = {(service, m, p) for m, p in _operations(live, service) if not p.startswith("/policy/")}
    assert operations == {key for key in SCOPE_OF if key[0] == service}


@pytest.mark.parametrize("client", list(TOKENS))
def test_each_client_reaches_exactly_its_scopes(live, client):
    operations = _all_operations(live)
    assert sum(scope == "policy:read" for scope in operations.values()) >= 2
    for (service, method, path), scope in operations.items():
        url = getattr(live, service) + re.sub(r"\{[^}]+\}", "10000001", path)
        response = httpx.request(method, url, headers=auth(client), json={}, params={"elder_id": "10000001"})
        if scope in DEFAULT_SCOPES[client]:
            assert response.status_code not in (401, 403), (client, method, path, response.text)
        else:
            assert response.status_code == 403, (client, method, path, response.text)
            detail = response.json()["detail"]
            assert scope in detail and detail.count("/") <= 2 and "\n" not in detail


def test_gateways_identify_by_name_only(records):
    for client in ("hotline", "widget"):
        found = records.get("/elders", params={"phone": "13800138000"}, headers=auth(client))
        assert found.json()["items"] == [{"elder_id": "10000001", "name": "张建国"}]


def test_no_response_carries_the_id_number(records):
    for client in ("actions", "desk", "admin"):
        headers = auth(client)
        looked_up = records.get("/elders", params={"login": "demo"}, headers=headers).json()["items"][0]
        elder = records.get("/elders/10000001", headers=headers).json()
        verified = records.post("/elders/10000001/verify", json={"id_last4": "1233"}, headers=headers).json()
        for body in (looked_up, elder, verified):
            assert "id_number_last4" not in body and "1233" not in str(body) and "420106" not in str(body)
        assert elder["address"] and elder["phone"] == "13800138000"


def test_emergency_contact_only_to_clients_that_call_families(records):
    assert "emergency_contact" not in records.get("/elders/10000001", headers=auth("actions")).json()
    for client in ("desk", "admin"):
        contact = records.get("/elders/10000001", headers=auth(client)).json()["emergency_contact"]
        assert contact == {"name": "张丽", "relation": "女儿", "phone": "13900139000"}


def test_orders_are_listed_per_elder_only(dispatch):
    create_order(dispatch, meal_order())
    for params in ({}, {"type": "meal"}, {"status": "created"}, {"elder_id": ""}):
        response = dispatch.get("/orders", params=params)
        assert response.status_code == 422, params
        assert "elder_id" in response.json()["detail"]
    mine = dispatch.get("/orders", params={"elder_id": "10000001"}).json()["items"]
    assert mine and {o["elder_id"] for o in mine} == {"10000001"}


def test_elders_cannot_be_enumerated(records):
    for params in ({}, {"phone": ""}, {"phone": "---"}, {"login": ""}, {"district": "武昌区"}):
        assert records.get("/elders", params=params).status_code == 422, params
    # a partial number matches nobody
    assert records.get("/elders", params={"phone": "138"}).json()["items"] == []
    # the record by id is not for the gateways
    assert records.get("/elders/10000002", headers=auth("hotline")).status_code == 403
