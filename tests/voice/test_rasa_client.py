"""The one Rasa client (assistant/rasa_client.py): typed replies, signing, a clear error when Rasa is away."""
from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from assistant.channels import signing
from assistant.rasa_client import RasaClient, RasaUnavailable

pytestmark = pytest.mark.fast


def rasa(answer, status=200, seen=None):
    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, json=answer)
    return httpx.MockTransport(handle)


def test_reply_reads_texts_and_every_custom_payload():
    messages = [{"text": "好的，再说一遍。"}, {"custom": {"speech_rate": "slow"}},
                {"custom": {"expect": {"kind": "yes_no", "slot": "confirm"}}},
                {"text": "马上为您转接。"}, {"custom": {"handover": True, "reason": "emergency", "order_id": "20260001"}},
                {"custom": {"on_silence": "/emergency"}}, {"text": "", "buttons": [{"title": "是", "payload": "/affirm"}]}]
    reply = RasaClient("http://rasa", transport=rasa(messages)).send("s", "再说一遍")
    assert reply.texts == ["好的，再说一遍。", "马上为您转接。"]
    assert reply.speech_rate == "slow" and reply.on_silence == "/emergency"
    assert reply.expect == {"kind": "yes_no", "slot": "confirm"}
    assert reply.hand_over and reply.hand_over_reason == "emergency" and reply.keep_line
    assert reply.order_ids == ["20260001"] and not reply.callback
    assert reply.buttons == [{"title": "是", "payload": "/affirm"}]


def test_old_keypad_expect_reads_as_options_and_unknown_kinds_are_ignored():
    client = RasaClient("http://rasa", transport=rasa([{"custom": {"expect": "key"}}]))
    assert client.send("s", "x").expect["kind"] == "options"
    client = RasaClient("http://rasa", transport=rasa([{"custom": {"expect": {"kind": "telepathy"}}}]))
    assert client.send("s", "x").expect is None


@pytest.mark.parametrize("transport", [
    rasa({"error": "x"}), rasa([], status=500), rasa([], status=404),
    httpx.MockTransport(lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused")))])
def test_anything_but_a_message_list_is_unavailable(transport):
    client = RasaClient("http://rasa", transport=transport)
    with pytest.raises(RasaUnavailable):
        client.send("s", "你好")
    with pytest.raises(RasaUnavailable):
        asyncio.run(client.send_async("s", "你好"))


def test_nothing_listening_is_unavailable():
    with pytest.raises(RasaUnavailable):
        RasaClient("http://127.0.0.1:9", timeout_s=1).send("s", "你好")


def test_identity_is_signed_only_with_the_secret_this_front_end_holds():
    seen: list[httpx.Request] = []
    client = RasaClient("http://rasa", secrets={"caller_id": "k"}, transport=rasa([], seen=seen))
    client.send("phone-1", "你好", {"channel": "phone", "caller_id": "13800138000"})
    client.send("speaker-1", "你好", {"channel": "speaker", "device_id": "d1"})
    phone, speaker = (json.loads(r.content)["metadata"] for r in seen)
    assert signing.SIGNATURE in phone and signing.SIGNATURE not in speaker


def test_http_api_carries_the_token_and_fails_soft():
    seen: list[httpx.Request] = []
    intent = {"intent": {"name": "book_meal", "confidence": 0.97}}
    client = RasaClient("http://rasa", token="t0k", transport=rasa(intent, seen=seen))
    assert client.understood("订饭", 0.9) and not client.understood("订饭", 0.99)
    assert asyncio.run(client.parse_async("订饭")) == intent
    assert all(r.url.params.get("token") == "t0k" for r in seen)
    down = RasaClient("http://rasa", transport=rasa([], status=401))
    assert down.parse("订饭") is None and down.tracker("a/b") is None and not down.understood("订饭", 0.1)
