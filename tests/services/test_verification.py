"""Last-four verification: checked server-side only, 3 wrong answers lock the elder for the
window (even the right answer is refused, 429 + Retry-After), a per-client rate limit, and
the state is shared by every worker on the database."""
from __future__ import annotations

import dataclasses
import time

import httpx
import pytest
from sqlalchemy import create_engine, select

from assistant.settings import settings
from services.models import Elder
from services.records.app import create_records_app
from services.tools.live_server import LiveServer
from tests.services.helpers import API_CLIENTS, auth

WINDOW_S = 10  # long enough that a loaded machine (CI: 2 cores) keeps one test's answers inside it


def last4(db_url: str, elder_id: str) -> str:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(Elder.id_number).where(Elder.elder_id == elder_id))[-4:]
    finally:
        engine.dispose()


def wrong(answer: str) -> str:
    return "0000" if answer != "0000" else "1111"


@pytest.fixture(scope="module")
def workers(db_url):
    """Two records workers on one database, a short lock window, 12 checks a minute per client."""
    config = dataclasses.replace(settings, verify_window_s=WINDOW_S, verify_client_per_minute=12)
    servers = [LiveServer(create_records_app(db_url, API_CLIENTS, config)).start() for _ in range(2)]
    yield [f"{s.url}/records/v1" for s in servers]
    for server in servers:
        server.stop()


def verify(base: str, elder_id: str, answer: str, client: str = "actions") -> httpx.Response:
    return httpx.post(f"{base}/elders/{elder_id}/verify", json={"id_last4": answer}, headers=auth(client))


def test_three_wrong_answers_lock_the_elder_on_every_worker(db_url, workers):
    elder, right = "20000011", last4(db_url, "20000011")
    first, second = workers
    answers = [verify(first, elder, wrong(right)), verify(second, elder, wrong(right)),
               verify(first, elder, wrong(right))]
    assert [r.json() for r in answers] == [{"verified": False, "tries_left": n} for n in (2, 1, 0)]
    for base in (first, second):  # the right answer after the lock is refused too, on both workers
        locked = verify(base, elder, right)
        assert locked.status_code == 429 and "verified" not in locked.json()
        assert 1 <= int(locked.headers["retry-after"]) <= WINDOW_S
        assert "locked" in locked.json()["detail"]
    assert verify(first, "20000012", last4(db_url, "20000012")).json()["verified"] is True  # others are not locked
    time.sleep(WINDOW_S + 0.5)
    assert verify(second, elder, right).json() == {"verified": True, "tries_left": 3}


def test_a_right_answer_does_not_reset_the_count(db_url, workers):
    elder, right = "20000013", last4(db_url, "20000013")
    base = workers[0]
    assert verify(base, elder, wrong(right)).json()["tries_left"] == 2
    assert verify(base, elder, right).json() == {"verified": True, "tries_left": 2}
    verify(base, elder, wrong(right))
    verify(base, elder, wrong(right))
    assert verify(base, elder, right).status_code == 429


def test_each_client_has_a_rate_limit(db_url, workers):
    time.sleep(WINDOW_S + 0.5)  # earlier tests' wrong answers out of the window
    statuses = [verify(workers[i % 2], f"200000{20 + i}", last4(db_url, f"200000{20 + i}"), "admin").status_code
                for i in range(14)]
    assert statuses.count(200) <= 12 and statuses[-1] == 429
    limited = verify(workers[0], "20000040", "1234", "admin")
    assert limited.status_code == 429 and "client" in limited.json()["detail"]
    assert int(limited.headers["retry-after"]) <= 60
    # another client is not held up by this one
    assert verify(workers[1], "20000041", last4(db_url, "20000041"), "actions").json()["verified"] is True


def test_probing_unknown_ids_counts_against_the_client(db_url):
    config = dataclasses.replace(settings, verify_client_per_minute=3)
    probe = "probe-token records:verify"  # a client of its own: no earlier test's counts
    with LiveServer(create_records_app(db_url, (*API_CLIENTS, f"probe={probe}"), config)) as server:
        base = f"{server.url}/records/v1"
        assert verify(base, "90000001", "1234", "desk").status_code == 403  # the desk may not verify at all
        statuses = [httpx.post(f"{base}/elders/9{i:07d}/verify", json={"id_last4": "1234"},
                               headers={"Authorization": "Bearer probe-token"}).status_code for i in range(4)]
    assert statuses == [404, 404, 404, 429]
