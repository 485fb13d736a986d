"""要不要转人工？ (on a channel without an operator: 要不要请工作人员回电话？) is answered by the caller's
next turn only: a later 对 meant for something else never hands the caller over.

Against the real stack: the hand-over payload, and the meal order a later read-back's 对 books.
"""
from __future__ import annotations

from tests.dialogue.conftest import DEMO_DEVICE, DEMO_PHONE

OUT_OF_SCOPE = "黄金多少钱一克"


def offered_a_human(stack):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say(OUT_OF_SCOPE)
    assert "帮不上" in chat.text and chat.text.endswith("回电话？"), chat.text  # the speaker has no human
    return chat


def callback_booked(stack, chat) -> bool:
    order_id = chat.custom("order_id")
    return bool(order_id) and stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}").json()["type"] == "callback"


def test_yes_right_after_the_offer_books_the_call_back(stack):
    chat = offered_a_human(stack)
    chat.say("对")
    assert chat.custom("handover") is None and callback_booked(stack, chat), chat.last


def test_yes_after_the_offer_was_repeated_books_the_call_back(stack):
    chat = offered_a_human(stack)
    offer = chat.text
    chat.say("再说一遍")
    assert offer in chat.text
    chat.say("对")
    assert callback_booked(stack, chat), chat.last


def test_a_meal_booking_after_the_offer_books_at_the_read_back_and_never_hands_over(stack):
    elder_id = stack.api("records", "GET", "/records/v1/elders",
                         params={"phone": DEMO_PHONE}).json()["items"][0]["elder_id"]
    chat = offered_a_human(stack)
    chat.say("我想订明天的午饭")
    assert "几份" in chat.text and chat.custom("handover") is None, chat.text
    chat.say("两份")
    chat.say("送到家里")
    chat.say("低盐的")
    assert "对吗" in chat.text, chat.text
    chat.say("对")
    order_id = chat.custom("order_id")
    assert order_id and chat.custom("handover") is None, chat.last
    order = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}").json()
    assert order["elder_id"] == elder_id and order["type"] == "meal" and order["details"]["portions"] == 2
    chat.say("对")  # the booking is done: the old offer is not waiting for this yes either
    assert chat.custom("handover") is None and not chat.custom("order_id") and "请问您想办什么事" in chat.text, chat.last


def test_thanks_after_the_offer_withdraws_it_so_a_later_yes_asks_what_is_wanted(stack):
    chat = offered_a_human(stack)
    chat.say("谢谢")
    assert "不客气" in chat.text
    chat.say("对")
    assert chat.custom("handover") is None and not chat.custom("order_id"), chat.last
    assert "请问您想办什么事" in chat.text, chat.text  # yes with nothing asked
