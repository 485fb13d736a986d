"""Nobody is taken for an elder on their word: unsigned, mis-signed, expired or client-written identity
claims leave the conversation anonymous (no allowance read out); the real thing still works."""
from __future__ import annotations

import time
import uuid

import httpx
import pytest

from assistant.channels import signing
from tests.support.stack import KEYS, SPEAKER_SECRETS

ASK = "我的补贴发了没有"  # (我那个护理补贴每个月给多少钱啊 is not understood yet: NLU, not identity)
LI_PHONE, LI_LAST4 = "13800138001", "2464"  # 李秀英 (speaker-0002, login demo2): 护理补贴 400 元 a month


def reads_li_allowance(text: str) -> bool:
    return "400" in text or "四百" in text


def say(stack, metadata: dict, text: str = ASK, sender: str | None = None) -> list:
    sender = sender or f"spoof-{uuid.uuid4().hex[:10]}"
    response = httpx.post(stack.url("rasa") + "/webhooks/rest/webhook", timeout=60,
                          json={"sender": sender, "message": text, "metadata": metadata})
    assert response.status_code == 200
    return response.json()


def text_of(messages: list) -> str:
    return "".join(m.get("text") or "" for m in messages)


def test_the_speakers_own_signature_reads_out_its_elders_allowance(stack):
    chat = stack.chat(channel="speaker", device_id="speaker-0002")
    assert reads_li_allowance(chat.say(ASK))  # the control: the check below can fail


@pytest.mark.parametrize("how", ["unsigned", "another speaker's secret", "expired", "written as verified"])
def test_a_spoofed_speaker_id_reads_out_nothing(stack, how):
    sender = f"spoof-{uuid.uuid4().hex[:10]}"
    claim = {"channel": "speaker", "device_id": "speaker-0002"}
    metadata = {
        "unsigned": claim,
        "another speaker's secret": signing.sign(claim, sender, SPEAKER_SECRETS["speaker-0001"]),
        "expired": signing.sign(claim, sender, SPEAKER_SECRETS["speaker-0002"], now=time.time() - 3600),
        "written as verified": {**claim, "identity": {"device_id": "speaker-0002"}},
    }[how]
    assert not reads_li_allowance(text_of(say(stack, metadata, sender=sender)))


def test_a_caller_id_not_signed_by_the_sip_gateway_reads_out_nothing(stack):
    chat = stack.chat(signed=False, channel="hotline", caller_id=LI_PHONE)
    assert not reads_li_allowance(chat.say(ASK))
    assert not reads_li_allowance(chat.say(LI_LAST4[:2] + "00"))


def test_a_widget_login_sent_by_the_page_is_ignored(stack, widget):
    body = {"sender": uuid.uuid4().hex[:16], "client_id": uuid.uuid4().hex[:16], "text": ASK, "login": "demo2"}
    response = httpx.post(widget.url + "/api/message", json=body, timeout=90,
                          headers={"X-Login": "demo2", "X-Remote-User": "demo2"},
                          cookies={"e12349_session": "demo2"})
    assert response.status_code == 200
    assert not reads_li_allowance("".join(m["text"] for m in response.json()["messages"][1:]))


def test_a_widget_login_with_the_right_password_is_trusted_and_a_wrong_one_is_not(widget):
    from tests.security.conftest import WIDGET_PASSWORD, WIDGET_USER

    with httpx.Client(base_url=widget.url, timeout=90) as browser:
        assert browser.post("/api/login", json={"login": WIDGET_USER, "password": "123456"}).status_code == 401
        assert browser.get("/api/me").json()["login"] is None
        login = browser.post("/api/login", json={"login": WIDGET_USER, "password": WIDGET_PASSWORD})
        assert login.status_code == 200
        cookie = login.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        body = {"sender": uuid.uuid4().hex[:16], "client_id": uuid.uuid4().hex[:16], "text": "我的补贴发了没有"}
        answer = "".join(m["text"] for m in browser.post("/api/message", json=body).json()["messages"][1:])
        assert "200" in answer  # 张建国's 服务补贴, 200 元 a month


def test_tracker_api_refuses_without_the_token(stack):
    chat = stack.chat()
    chat.say("你好")
    path = f"/conversations/{chat.sender}/tracker"
    for token in (None, "wrong-token"):
        assert stack.rasa_api("GET", path, token=token).status_code in (401, 403)
        events = [{"event": "slot", "name": "verified_elder", "value": "10000002"},
                  {"event": "slot", "name": "elder_id", "value": "10000002"}]
        assert stack.rasa_api("POST", path + "/events", token=token, json=events).status_code in (401, 403)
    assert not reads_li_allowance(chat.say(ASK))
    assert stack.rasa_api("GET", path).status_code == 200  # with the token it answers: the check can fail
