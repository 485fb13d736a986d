"""Hand-over told truthfully on every channel, through the whole running assistant.

The widget and the speaker have no human, and this stack's hotline has no operator configured
(settings.sip_operator_uri is empty): asking for a person is answered with one sentence and a
call-back offer, a yes is a callback order in dispatch with the reason and the transcript, and
nothing promises a transfer or tells a hotline caller to dial the hotline.
"""
from __future__ import annotations

import pytest

from assistant.settings import settings
from tests.dialogue.conftest import DEMO_DEVICE, DEMO_LOGIN, DEMO_PHONE

ASK_FOR_A_PERSON = "你给我叫个工作人员来，跟机器说不明白"


def channels(stack):
    return {"widget": stack.chat(channel="widget", login=DEMO_LOGIN),
            "speaker": stack.chat(channel="speaker", device_id=DEMO_DEVICE),
            "phone": stack.chat(channel="phone", caller_id=DEMO_PHONE)}


@pytest.mark.parametrize("channel", ["widget", "speaker", "phone"])
def test_asking_for_a_person_where_none_can_answer_offers_a_call_back(stack, channel):
    chat = channels(stack)[channel]
    chat.say(ASK_FOR_A_PERSON)
    assert chat.custom("handover") is None, chat.last  # no transfer is promised
    assert "不要挂机" not in chat.text and settings.hotline not in chat.text and "12349" not in chat.text
    tracker = stack.rasa_api("GET", f"/conversations/{chat.sender}/tracker").json()
    assert tracker["slots"]["offered_callback"] is True, chat.text
    chat.say("行啊，那让人回个电话")
    order_id = chat.custom("order_id")
    assert order_id, chat.last
    order = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}").json()
    assert order["type"] == "callback" and order["details"]["reason"] == "asked_human"
    assert order["details"]["channel"] == channel
    transcript = order["details"]["transcript"]
    assert {"who": "caller", "text": ASK_FOR_A_PERSON} in transcript and any(t["who"] == "bot" for t in transcript)
    if channel == "phone":
        assert order["details"]["phone"] == DEMO_PHONE  # the number the call came from


def test_no_to_the_call_back_books_nothing(stack):
    chat = stack.chat(channel="widget", login=DEMO_LOGIN)
    chat.say(ASK_FOR_A_PERSON)
    chat.say("那算了，不用了")
    assert not chat.custom("order_id") and chat.custom("handover") is None, chat.last


def test_a_person_asked_for_mid_booking_gets_the_booking_so_far_with_the_call_back(stack):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say("帮俺订个后天的午饭")
    chat.say("俺要跟真人说")
    chat.say("好，麻烦你们了")
    order = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{chat.custom('order_id')}").json()
    assert order["type"] == "callback" and order["details"]["slots"]["meal"] == "午餐"


def test_a_hotline_caller_whose_request_failed_is_never_told_to_dial_the_hotline(stack):
    chat = stack.chat(channel="phone", caller_id=DEMO_PHONE)
    chat.say("你们那个黄金多少钱一克")
    assert "12349" not in chat.text and chat.custom("handover") is None, chat.last
