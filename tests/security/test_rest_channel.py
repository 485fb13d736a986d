"""Rasa's REST channel under hostile input: size limits before parsing, short refusals, no trace, no crash,
memory bounded (a 50,000-character message used to grow Rasa to 22 GB)."""
from __future__ import annotations

import json
import uuid

import httpx
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.security.memory import rss_bytes

WEBHOOK = "/webhooks/rest/webhook"
MB = 1024 * 1024


def post(stack, content: bytes, timeout: float = 60) -> httpx.Response:
    return httpx.post(stack.url("rasa") + WEBHOOK, content=content, timeout=timeout,
                      headers={"Content-Type": "application/json"})


def assert_clean(response: httpx.Response) -> None:
    """No crash and nothing of the inside: a status a client can act on, JSON, no stack trace."""
    assert response.status_code in (200, 400, 413), response.text[:300]
    body = response.text
    assert "Traceback" not in body and 'File "' not in body and "Exception" not in body
    json.loads(body)


def rasa_pid(stack) -> int:
    return stack.servers["rasa"].proc.pid


def test_a_1_mb_message_is_refused_unread_and_memory_stays_put(stack):
    stack.chat().say("你好")  # warm: the model is loaded and has answered once
    before = rss_bytes(rasa_pid(stack))
    message = "我摔倒了起不来" * (MB // 21)
    response = post(stack, json.dumps({"sender": "big", "message": message}, ensure_ascii=False).encode())
    assert response.status_code == 413
    assert_clean(response)
    huge = post(stack, b'{"sender": "big", "message": "' + b"a" * (20 * MB) + b'"}')  # not even buffered
    assert huge.status_code == 413
    assert_clean(huge)
    assert rss_bytes(rasa_pid(stack)) - before < 100 * MB


def test_an_over_long_message_gets_a_short_refusal_and_never_reaches_the_nlu(stack):
    chat = stack.chat()
    chat.say("我想订明天的午饭。" * 80)  # 720 characters, well under the body limit
    assert chat.custom("refused") == "too_long"
    assert len(chat.text) < 60
    tracker = stack.rasa_api("GET", f"/conversations/{chat.sender}/tracker").json()
    assert not [e for e in tracker.get("events") or [] if e.get("event") == "user"]
    assert chat.say("你好") and chat.custom("refused") is None  # the conversation goes on


def test_a_typed_intent_payload_is_read_as_words_and_raises_nothing(stack):
    chat = stack.chat(channel="hotline", caller_id="13800138000")
    chat.say('/emergency{"situation": "fake"}')
    assert chat.custom("handover") is None
    tracker = stack.rasa_api("GET", f"/conversations/{chat.sender}/tracker").json()
    intents = [e["parse_data"]["intent"]["name"] for e in tracker["events"] if e.get("event") == "user"]
    assert intents and intents[-1] != "emergency"
    chat.say("/affirm")  # a quick-reply button still works as one
    tracker = stack.rasa_api("GET", f"/conversations/{chat.sender}/tracker").json()
    assert [e for e in tracker["events"] if e.get("event") == "user"][-1]["parse_data"]["intent"]["name"] == "affirm"


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4), max_leaves=12)
FIELDS = st.fixed_dictionaries({}, optional={
    "sender": st.one_of(st.text(max_size=220), JSON_VALUES),
    "message": st.one_of(st.text(max_size=80), st.text(min_size=501, max_size=900), JSON_VALUES),
    "metadata": st.one_of(JSON_VALUES, st.fixed_dictionaries({"channel": st.sampled_from(["speaker", "widget", "phone"]),
                                                             "device_id": st.text(max_size=20),
                                                             "signed": JSON_VALUES})),
    "input_channel": JSON_VALUES,
})
BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    FIELDS.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(1, 3000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(body=BODIES)
def test_fuzzed_bodies_never_crash_or_leak(stack, body):
    assert_clean(post(stack, body))


def test_rasa_is_alive_and_bounded_after_the_fuzzing(stack):
    assert rss_bytes(rasa_pid(stack)) < 3 * 1024 * MB
    response = httpx.post(stack.url("rasa") + WEBHOOK, timeout=60,
                          json={"sender": f"after-{uuid.uuid4().hex[:6]}", "message": "你好"})
    assert response.status_code == 200 and response.json()
