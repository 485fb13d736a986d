"""Fixtures: a seeded database per backend (SQLite file, throw-away PostgreSQL),
the real records and dispatch apps served by uvicorn on loopback, and clients."""
from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import httpx
import pytest

from services.dispatch.app import create_dispatch_app
from services.records.app import create_records_app
from services.seed.__main__ import seed
from services.tools.live_server import LiveServer
from services.tools.temp_postgres import TempPostgres, find_bindir
from tests.services.helpers import API_CLIENTS, AUTH

SEED_ELDERS = 60


@pytest.fixture(scope="session")
def postgres() -> Iterator[TempPostgres]:
    if find_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    with TempPostgres() as server:
        yield server


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'services.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database("services_api")
    seed(url, SEED_ELDERS, 12349, report=lambda _line: None)
    return url


@pytest.fixture(scope="session")
def live(db_url) -> Iterator[SimpleNamespace]:
    records = LiveServer(create_records_app(db_url, API_CLIENTS)).start()
    dispatch = LiveServer(create_dispatch_app(db_url, API_CLIENTS)).start()
    yield SimpleNamespace(records=records.url, dispatch=dispatch.url, db_url=db_url)
    records.stop()
    dispatch.stop()


def _client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, headers=AUTH, timeout=30) as client:
        yield client


@pytest.fixture
def records(live) -> Iterator[httpx.Client]:
    yield from _client(live.records + "/records/v1")


@pytest.fixture
def dispatch(live) -> Iterator[httpx.Client]:
    yield from _client(live.dispatch + "/dispatch/v1")
