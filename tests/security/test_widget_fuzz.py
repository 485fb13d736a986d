"""The widget gateway's API under hostile input (in process, Rasa away: the apology path): no 500, no trace,
size limits before reading, no identity from the page."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st

from assistant.settings import Settings
from tests.security.conftest import WIDGET_PASSWORD, WIDGET_USER, WIDGET_USERS
from web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    config = Settings(var_dir=tmp_path_factory.mktemp("widget"), rasa_url="http://127.0.0.1:9", rasa_timeout_s=0.5,
                      widget_users=(WIDGET_USERS,), asr_engine="none", tts_voice="none")
    with TestClient(create_app(config), raise_server_exceptions=False) as running:
        yield running


def assert_clean(response) -> None:
    assert response.status_code != 500, response.text[:300]  # 503: no speech engine here, said so
    assert response.headers["content-type"].startswith(("application/json", "audio/wav"))
    assert "Traceback" not in response.text and 'File "' not in response.text


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=10)
MESSAGE = st.fixed_dictionaries({}, optional={
    "sender": st.one_of(st.from_regex(r"[A-Za-z0-9-]{8,64}", fullmatch=True), JSON),
    "client_id": st.one_of(st.from_regex(r"[A-Za-z0-9-]{8,64}", fullmatch=True), JSON),
    "text": st.one_of(st.text(max_size=40), st.text(min_size=501, max_size=700), JSON),
    "payload": st.one_of(st.text(max_size=40), JSON),
    "login": st.just("demo2"),
})
BODIES = st.one_of(st.binary(max_size=200), JSON.map(lambda v: json.dumps(v).encode()),
                   MESSAGE.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
                   st.integers(1, 6000).map(lambda n: b"[" * n + b"]" * n))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(body=BODIES, path=st.sampled_from(["/api/message", "/api/login", "/api/voice?sender=abcdefgh&client_id=abcdefgh"]))
def test_fuzzed_posts_never_crash(client, body, path):
    assert_clean(client.post(path, content=body, headers={"Content-Type": "application/json"}))


@FUZZ
@given(sender=st.text(max_size=80), message_id=st.text(max_size=12))
def test_fuzzed_queries_never_crash(client, sender, message_id):
    assert_clean(client.get("/api/history", params={"sender": sender}))
    assert_clean(client.get("/api/tts", params={"sender": sender, "id": message_id}))


def test_bodies_over_the_limit_are_refused_before_they_are_read(client):
    assert client.post("/api/message", content=b"{" * (1024 * 1024)).status_code == 413
    assert client.post("/api/voice?sender=abcdefgh&client_id=abcdefgh",
                       content=b"\0" * (30 * 1024 * 1024)).status_code == 413


def test_a_body_of_unknown_length_is_refused(client):
    def chunks():
        yield b'{"sender": "abcdefgh", '
        yield b'"client_id": "abcdefgh", "text": "hi"}'
    assert client.post("/api/message", content=chunks()).status_code == 411


def test_the_page_cannot_say_who_the_user_is(client):
    forged = client.get("/api/me", headers={"X-Login": "demo"}, cookies={"e12349_session": "demo"})
    assert forged.json()["login"] is None


def test_passwords_are_locked_after_five_wrong_ones(client):
    for _ in range(5):
        assert client.post("/api/login", json={"login": "demo3", "password": "000000"}).status_code == 401
    assert client.post("/api/login", json={"login": "demo3", "password": "000000"}).status_code == 429
    # another login is not locked by it
    assert client.post("/api/login", json={"login": WIDGET_USER, "password": WIDGET_PASSWORD}).status_code == 200


@pytest.mark.parametrize("path", ["/api/message", "/api/login"])
def test_json_nested_thousands_deep_is_refused_not_a_crash(client, path):
    deep = b"[" * 3000 + b"]" * 3000
    assert_clean(client.post(path, content=deep, headers={"Content-Type": "application/json"}))
