"""Every API route refuses requests without a valid bearer token; docs stay open."""
from __future__ import annotations

import re

import httpx
import pytest


def _operations(base_url: str) -> list[tuple[str, str]]:
    spec = httpx.get(base_url + "/openapi.json").json()
    return [(method.upper(), re.sub(r"\{[^}]+\}", "10000001", path))
            for path, item in spec["paths"].items() for method in item]


@pytest.mark.parametrize("service", ["records", "dispatch"])
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}],
                         ids=["none", "wrong-token", "not-bearer"])
def test_every_operation_needs_a_token(live, service, headers):
    base = getattr(live, service)
    operations = _operations(base)
    assert len(operations) >= 8
    for method, path in operations:
        response = httpx.request(method, base + path, headers=headers, json={})
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
        assert "token" in response.json()["detail"]


@pytest.mark.parametrize("service", ["records", "dispatch"])
def test_openapi_and_docs_are_served(live, service):
    base = getattr(live, service)
    assert httpx.get(base + "/openapi.json").json()["openapi"].startswith("3.")
    assert "swagger" in httpx.get(base + "/docs").text.lower()


def test_valid_token_is_accepted(records):
    assert records.get("/elders", params={"phone": "13800138000"}).status_code == 200


def test_client_configuration():
    from services.common.scopes import ClientConfigError, parse_clients

    actions, custom = parse_clients(("actions=a1", "kiosk=k1 catalog:read policy:read"))
    assert "records:verify" in actions.scopes and "records:contacts" not in actions.scopes
    assert custom.scopes == {"catalog:read", "policy:read"}
    for bad in [("actions=",), ("kiosk=k1",), ("actions=a1 records:everything",), ("actions=same", "admin=same")]:
        with pytest.raises(ClientConfigError):
            parse_clients(bad)


def test_launchers_find_each_clients_token():
    from assistant.settings import load

    config = load({"E12349_API_CLIENTS": "actions=a-1,hotline=h-1 records:identify"})
    assert (config.client_token("actions"), config.client_token("hotline"), config.client_token("desk")) == ("a-1", "h-1", "")
    defaults = load({})
    assert len({defaults.client_token(c) for c in ("actions", "hotline", "widget", "desk", "admin")}) == 5
    assert defaults.api_token == defaults.client_token("actions")


def test_new_client_tokens_parse_and_differ():
    from assistant.settings import load
    from services.common.scopes import parse_clients
    from services.tools.new_clients import line

    name, _, value = line().partition("=")
    clients = parse_clients(load({name: value}).api_clients)
    assert {c.name for c in clients} == {"actions", "hotline", "widget", "desk", "admin"}
    assert len({c.token for c in clients}) == 5 and all(len(c.token) >= 40 for c in clients)
