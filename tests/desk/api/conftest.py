"""Fixtures: a seeded SQLite database, the real dispatch and desk apps on loopback (uvicorn), demo desk
users, a recorder standing in for Rasa's HTTP API, and logged-in desk clients."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI, Request

from assistant.settings import settings
from desk import users
from desk.app import create_desk_app
from desk.settings import DeskSettings
from services.common.db import Database
from services.dispatch.app import create_dispatch_app
from services.seed.__main__ import seed
from services.tools.live_server import LiveServer

TOKENS = {name: f"test-{name}-12349" for name in ("actions", "hotline", "widget", "desk", "admin")}
API_CLIENTS = tuple(f"{name}={token}" for name, token in TOKENS.items())
RASA_TOKEN = "test-rasa-token"


def bearer(client: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[client]}"}


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('desk') / 'desk.db'}"
    seed(url, 5, 12349, report=lambda _line: None)
    with Database(url).write() as db:
        users.seed_demo(db, rounds=4)
    return url


@pytest.fixture(scope="session")
def rasa() -> Iterator[SimpleNamespace]:
    """Rasa's tracker-events endpoint, recording what the desk sends (the real one in tests/desk/test_e2e)."""
    calls: list[tuple[str, list, str]] = []
    app = FastAPI()

    @app.post("/conversations/{conversation_id}/tracker/events")
    async def events(conversation_id: str, request: Request):
        calls.append((conversation_id, await request.json(), request.query_params.get("token", "")))
        return {"events": []}

    @app.get("/conversations/{conversation_id}/tracker")
    async def tracker(conversation_id: str):
        return {"sender_id": conversation_id, "active_loop": {"name": "meal_form"}}  # a form the elder was in

    with LiveServer(app) as server:
        yield SimpleNamespace(url=server.url, calls=calls)


@pytest.fixture(scope="session")
def desk_config():
    return DeskSettings(alarm_escalate_s=2, unassigned_timeout_s=600, feed_poll_s=0.1, login_max_failures=5)


@pytest.fixture(scope="session")
def live(db_url, rasa, desk_config) -> Iterator[SimpleNamespace]:
    with LiveServer(create_dispatch_app(db_url, API_CLIENTS)) as dispatch:
        config = dataclasses.replace(settings, dispatch_url=dispatch.url, api_clients=API_CLIENTS,
                                     rasa_url=rasa.url, rasa_api_token=RASA_TOKEN)
        with LiveServer(create_desk_app(db_url, API_CLIENTS, config, desk_config)) as desk:
            yield SimpleNamespace(desk=desk.url, dispatch=dispatch.url, db_url=db_url)


def log_in(base: str, login: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    answer = client.post("/desk/v1/login", json={"login": login, "password": users.demo_password(login)})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = client.get("/desk/v1/me").json()["csrf"]
    return client


def _session(live, login: str) -> Iterator[httpx.Client]:
    client = log_in(live.desk, login)
    yield client
    client.close()


@pytest.fixture
def operator(live) -> Iterator[httpx.Client]:
    yield from _session(live, "operator1")


@pytest.fixture
def operator2(live) -> Iterator[httpx.Client]:
    yield from _session(live, "operator2")


@pytest.fixture
def supervisor(live) -> Iterator[httpx.Client]:
    yield from _session(live, "supervisor1")


@pytest.fixture
def admin(live) -> Iterator[httpx.Client]:
    yield from _session(live, "admin1")


@pytest.fixture
def channel(live) -> Iterator[httpx.Client]:
    """The action server's view of the desk."""
    with httpx.Client(base_url=live.desk + "/desk/v1", headers=bearer("actions"), timeout=30) as client:
        yield client
