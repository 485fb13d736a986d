"""Answers given inside booking forms, through the whole running assistant.

What a caller would notice: the order that ends up in dispatch (or none), the question that is
still open, a hand-over; never the wording. The caller lines are how elders and their relatives
talk on the phone, and none of them is in nlu_data/.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from actions.dates import today_in_china
from tests.dialogue.conftest import DEMO_DEVICE, DEMO_PHONE


def demo_elder_id(stack) -> str:
    return stack.api("records", "GET", "/records/v1/elders", params={"phone": DEMO_PHONE}).json()["items"][0]["elder_id"]


def orders(stack, kind: str) -> list:
    return stack.api("dispatch", "GET", "/dispatch/v1/orders",
                     params={"elder_id": demo_elder_id(stack), "type": kind}).json()["items"]


def slots(stack, chat) -> dict:
    tracker = stack.rasa_api("GET", f"/conversations/{chat.sender}/tracker").json()
    return {**tracker["slots"], "active_loop": (tracker.get("active_loop") or {}).get("name")}


def speaker(stack):
    return stack.chat(channel="speaker", device_id=DEMO_DEVICE)


def booked(stack, chat) -> dict:
    order_id = chat.custom("order_id")
    assert order_id, chat.last
    return stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}").json()


def in_days(days: int) -> str:
    return (today_in_china() + timedelta(days=days)).isoformat()


# --- a 不 / 没有 inside a form answers the question and the booking goes on -----------------------

@pytest.mark.parametrize("no_requirement", ["没啥要求", "不用不用，俺啥都吃", "没有，正常的就行"])
def test_no_to_the_diet_question_books_an_ordinary_meal(stack, no_requirement):
    chat = speaker(stack)
    chat.say("帮俺订个后天的午饭")
    chat.say("就要一份")
    chat.say("给送到家里来吧")
    chat.say(no_requirement)
    assert slots(stack, chat)["requested_slot"] == "meal_confirmed", chat.text  # the read-back, not a cancel
    chat.say("嗯对，就这么订")
    order = booked(stack, chat)
    assert order["type"] == "meal" and order["elder_id"] == demo_elder_id(stack)
    assert order["details"]["diet"] == ["普通"] and order["details"]["portions"] == 1
    assert order["details"]["date"] == in_days(2) and order["details"]["mode"] == "送餐"


def test_not_that_day_asks_the_day_again_and_the_booking_goes_on(stack):
    chat = speaker(stack)
    chat.say("俺想订顿晚饭")
    chat.say("明天吧")
    chat.say("哎不是明天，是大后天")
    state = slots(stack, chat)
    assert state["active_loop"] == "meal_form" and state["date"] == in_days(3), chat.text
    for said in ("两个人吃，两份", "我们自己去饭堂吃", "要清淡点，少放盐", "对对对，没错"):
        chat.say(said)
    order = booked(stack, chat)
    assert order["details"]["date"] == in_days(3) and order["details"]["meal"] == "晚餐"
    assert order["details"]["portions"] == 2 and order["details"]["mode"] == "堂食"


def test_a_no_inside_the_home_care_form_keeps_the_visit(stack):
    chat = speaker(stack)
    chat.say("想请人上门帮俺打扫打扫屋子")
    chat.say("不是明天，后天来")
    chat.say("下午吧")
    assert slots(stack, chat)["requested_slot"] == "care_confirmed", chat.text
    assert "上门上门" not in chat.text
    chat.say("中，没问题")
    order = booked(stack, chat)
    assert order["type"] == "home_care" and order["details"]["service"] == "助洁"
    assert order["details"]["date"] == in_days(2) and order["details"]["slot"] == "下午"


# --- stopping needs an explicit stop and a yes -----------------------------------------------------

def test_stopping_is_asked_about_and_a_no_carries_on_to_the_order(stack):
    chat = speaker(stack)
    chat.say("帮俺订个明天的早饭")
    chat.say("哎呀算了算了")
    state = slots(stack, chat)
    assert state["active_loop"] == "meal_form" and state["requested_slot"] == "form_stop", chat.text
    chat.say("不是，接着订吧")
    assert slots(stack, chat)["active_loop"] == "meal_form"
    for said in ("一份就够", "给俺送过来", "软和一点的", "是的是的，订吧"):
        chat.say(said)
    order = booked(stack, chat)
    assert order["details"]["meal"] == "早餐" and order["details"]["diet"] == ["软食"]


def test_a_confirmed_stop_books_nothing(stack):
    before = len(orders(stack, "meal"))
    chat = speaker(stack)
    chat.say("帮俺订个明天的早饭")
    chat.say("要两份吧")
    chat.say("不订了不订了")
    assert slots(stack, chat)["requested_slot"] == "form_stop"
    chat.say("对，不要了")
    state = slots(stack, chat)
    assert state["active_loop"] is None and not chat.custom("order_id")
    assert len(orders(stack, "meal")) == before


# --- values refused when they are said ---------------------------------------------------------------

def test_a_date_next_year_is_refused_at_once_and_another_day_is_booked(stack):
    chat = speaker(stack)
    chat.say("俺要订明年三月五号的午饭")
    state = slots(stack, chat)
    assert state["active_loop"] == "meal_form" and state["date"] is None, chat.text
    assert state["requested_slot"] == "date"  # asked again at once, not after the read-back
    for said in ("那就后天", "一份就够了", "给送家里去", "没啥讲究", "好嘞好嘞"):
        chat.say(said)
    assert booked(stack, chat)["details"]["date"] == in_days(2)


def test_a_dozen_portions_are_refused_at_once(stack):
    chat = speaker(stack)
    chat.say("帮我订明天的午饭")
    chat.say("来十二份")
    state = slots(stack, chat)
    assert state["portions"] is None and state["requested_slot"] == "portions", chat.text


# --- the read-back: only a clear yes books; nothing loops -----------------------------------------

def read_back(stack):
    chat = speaker(stack)
    chat.say("帮俺订个后天的晚饭，一份，送到家，没啥要求")
    assert slots(stack, chat)["requested_slot"] == "meal_confirmed", chat.text
    return chat


@pytest.mark.parametrize("yes", ["对了对了，就这样", "中，就这么订", "要得，就这么办"])
def test_a_clear_yes_in_any_words_books(stack, yes):
    chat = read_back(stack)
    chat.say(yes)
    assert booked(stack, chat)["details"]["date"] == in_days(2)


def test_thanks_at_the_read_back_is_asked_again_and_books_nothing(stack):
    before = len(orders(stack, "meal"))
    chat = read_back(stack)
    chat.say("谢谢你啊闺女")
    state = slots(stack, chat)
    assert state["requested_slot"] == "meal_confirmed" and not chat.custom("order_id")
    assert len(orders(stack, "meal")) == before


def test_gibberish_at_the_read_back_never_books_and_hands_over_after_three(stack):
    before = len(orders(stack, "meal"))
    chat = read_back(stack)
    chat.say("嗯啊哦哎呀嘛呢")
    chat.say("呃……那个……啥")
    assert slots(stack, chat)["active_loop"] == "meal_form" and not chat.custom("order_id")
    chat.say("哦哦哦嗯嗯啊")
    state = slots(stack, chat)
    assert state["active_loop"] is None and state["offered_callback"] is True, chat.text  # speaker: no human
    assert len(orders(stack, "meal")) == before
    chat.say("好，让他们给我回个电话")
    callback = booked(stack, chat)
    assert callback["type"] == "callback" and callback["details"]["reason"] == "failed_turns"
    assert callback["details"]["slots"]["meal"] == "晚餐" and callback["details"]["slots"]["date"] == in_days(2)
    said = [line["text"] for line in callback["details"]["transcript"] if line["who"] == "caller"]
    assert "嗯啊哦哎呀嘛呢" in said and any(line["who"] == "bot" for line in callback["details"]["transcript"])


def test_a_phone_number_said_in_groups_identifies_the_caller_without_looping(stack):
    chat = stack.chat()  # nobody known: the booking asks for the registered phone first
    chat.say("我想给我妈订个明天的午饭")
    assert slots(stack, chat)["requested_slot"] == "phone", chat.text
    chat.say("幺三八，零零幺三，八零零零")
    state = slots(stack, chat)
    assert state["elder_id"] == demo_elder_id(stack) and state["requested_slot"] != "phone", chat.text


def test_an_unparseable_number_is_asked_at_most_three_times(stack):
    chat = stack.chat()
    chat.say("我想给我妈订个明天的午饭")
    asked = 0
    for said in ("幺三八，零零", "八零零零", "记不清了，好像是幺三八"):
        chat.say(said)
        asked += slots(stack, chat)["requested_slot"] == "phone"
    state = slots(stack, chat)
    assert asked <= 2 and state["active_loop"] is None and state["offered_callback"] is True, chat.text


# --- digressions and complaints ---------------------------------------------------------------------

def test_a_complaint_with_no_content_is_asked_about_before_it_is_filed(stack):
    before = len(orders(stack, "complaint"))
    chat = speaker(stack)
    chat.say("俺有个事要投诉一下")
    assert slots(stack, chat)["active_loop"] == "complaint_form" and len(orders(stack, "complaint")) == before
    chat.say("前天送来的饭都是凉的，还少了一个菜")
    order = booked(stack, chat)
    assert order["type"] == "complaint" and "凉" in order["details"]["text"]
