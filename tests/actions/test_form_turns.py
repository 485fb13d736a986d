"""Answers inside booking forms (actions/form_turns.py), run through the real validation actions.

What is asserted is what the form does next: which slot holds what, whether the form goes on,
asks 要取消这次预订吗？, hands over, or books — never the wording.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from actions.elder_card import ValidateElderCardForm
from actions.home_care import AskCareConfirmed, ValidateHomeCareForm
from actions.meals import ValidateMealForm
from actions.orders import ValidateComplaintForm
from actions.questions import AskQuestion
from actions.slots import digits_in
from tests.actions.conftest import buttons, make_tracker, said, texts, user_event
from tests.actions.test_negation import domain

ELDER = {"elder_id": "10000001", "channel": "speaker"}
BEFORE_DIET = {**ELDER, "date": "2026-11-24", "meal": "午餐", "portions": 2.0, "dining_mode": "送餐"}
READY = {**BEFORE_DIET, "diet": "普通"}


def asked(slot: str) -> Dict[str, Any]:
    return {"event": "slot", "name": "requested_slot", "value": slot, "timestamp": 1.0}


def candidate(slot: str, value: Any) -> Dict[str, Any]:
    """What Rasa's slot mappings put into a slot from the turn, before the validation action runs."""
    return {"event": "slot", "name": slot, "value": value, "timestamp": 1.0}


async def answer(form, slots: Dict[str, Any], requested: str, text: str, intent: str,
                 entities: Optional[List[Dict[str, Any]]] = None, candidates: Optional[Dict[str, Any]] = None,
                 earlier: Optional[List[Dict[str, Any]]] = None):
    """The caller answers the form's question ``requested``: (slots after the turn, dispatcher)."""
    dispatcher = CollectingDispatcher()
    turn = user_event(text, intent, entities)
    events = (earlier or []) + [asked(requested), turn] + [candidate(k, v) for k, v in (candidates or {}).items()]
    tracker = make_tracker({**slots, **(candidates or {}), "requested_slot": requested}, [], None)
    tracker.events = events
    tracker.latest_message = {**turn["parse_data"], "text": text}
    tracker.active_loop = {"name": form().form_name()}
    result = await form().run(dispatcher, tracker, domain())
    after = dict(slots, requested_slot=requested)
    for event in result:
        if event.get("event") == "slot":
            after[event["name"]] = event["value"]
    rejected = any(e.get("event") == "action_execution_rejected" for e in result)
    return after, dispatcher, rejected


# --- a 不 / 没有 answers the question; only an explicit stop, confirmed, stops -------------------------

@pytest.mark.asyncio
@pytest.mark.parametrize("text, intent", [("没啥要求", "deny"), ("俺啥都能吃", "inform"), ("不用了不用了", "deny"),
                                          ("随便弄点就行", "inform"), ("不要啥特别的菜", "inform"),
                                          ("冇乜讲究嘅", "nlu_fallback"), ("都中都中", "affirm"),
                                          ("俺啥都不忌口", "inform")])
async def test_no_diet_requirement_is_an_ordinary_meal_and_the_read_back_follows(text, intent):
    after, _, rejected = await answer(ValidateMealForm, BEFORE_DIET, "diet", text, intent)
    assert after["diet"] == "普通" and after["requested_slot"] == "meal_confirmed"
    assert not rejected and not after.get("form_exit") and not after.get("stop_pending")


@pytest.mark.asyncio
async def test_a_bare_no_to_the_date_asks_the_date_again_and_keeps_the_booking():
    slots = {**ELDER, "meal": "午餐"}
    after, _, rejected = await answer(ValidateMealForm, slots, "date", "不是那天", "deny")
    assert after["requested_slot"] == "date" and after["meal"] == "午餐"
    assert not rejected and not after.get("form_exit")


@pytest.mark.asyncio
@pytest.mark.parametrize("text", ["哎算了算了", "那就不订了吧", "取消吧"])
async def test_an_explicit_stop_is_asked_about_first(text):
    after, _, _ = await answer(ValidateMealForm, BEFORE_DIET, "diet", text, "deny")
    assert after["stop_pending"] is True and after["requested_slot"] == "form_stop"
    assert after["diet"] is None if "diet" in after else True  # nothing was filled from the stop


@pytest.mark.asyncio
async def test_wanting_a_meal_is_no_stop():
    assert not answers.wants_stop("想订顿饭")
    after, _, _ = await answer(ValidateMealForm, {**ELDER}, "date", "俺就想订顿饭", "cancel_meal")
    assert not after.get("stop_pending") and not after.get("form_exit")


@pytest.mark.asyncio
async def test_yes_to_the_stop_question_ends_the_form_and_no_goes_on():
    pending = {**BEFORE_DIET, "stop_pending": True}
    after, _, _ = await answer(ValidateMealForm, pending, "form_stop", "对，不要了", "affirm")
    assert after["form_exit"] == "stop" and after["requested_slot"] is None
    after, _, _ = await answer(ValidateMealForm, pending, "form_stop", "不不不，接着订", "deny")
    assert not after.get("form_exit") and after["stop_pending"] is False and after["requested_slot"] == "diet"


# --- every slot checked when it is said ----------------------------------------------------------

@pytest.mark.asyncio
async def test_a_date_beyond_the_booking_window_is_refused_at_once(fixed_today):
    slots = {**ELDER}
    after, dispatcher, _ = await answer(ValidateMealForm, slots, "date", "明年三月五号吧", "inform",
                                        [{"entity": "date", "value": "明年三月五号"}], {"date": "明年三月五号"})
    assert after["date"] is None and after["requested_slot"] == "date"
    assert "utter_date_too_far" in said(dispatcher)


@pytest.mark.asyncio
async def test_a_date_inside_the_window_is_taken(fixed_today):
    after, _, _ = await answer(ValidateMealForm, {**ELDER}, "date", "后天", "inform",
                               [{"entity": "date", "value": "后天"}], {"date": "后天"})
    assert after["date"] == "2026-11-25"


@pytest.mark.asyncio
async def test_twelve_portions_are_refused_at_once():
    slots = {**ELDER, "date": "2026-11-24", "meal": "午餐"}
    after, dispatcher, _ = await answer(ValidateMealForm, slots, "portions", "十二份", "inform",
                                        [{"entity": "portions", "value": "十二份"}], {"portions": "十二份"})
    assert after["portions"] is None and "utter_portions_range" in said(dispatcher)


@pytest.mark.asyncio
async def test_an_unknown_service_is_asked_again():
    after, dispatcher, _ = await answer(ValidateHomeCareForm, {**ELDER}, "service_type", "帮我遛狗", "inform",
                                        [{"entity": "service_type", "value": "遛狗"}], {"service_type": "遛狗"})
    assert after["service_type"] is None and after["requested_slot"] == "service_type"


def test_a_phone_number_said_in_groups_is_one_number():
    assert digits_in("幺三八，零零幺三，八零零零") == "13800138000"
    assert digits_in("一八六 二七 一二 三四 五六") == "18627123456"


# --- the read-back: a clear yes books, noise never does, failures are counted -------------------

@pytest.mark.asyncio
@pytest.mark.parametrize("text, intent", [("对了对了", "deny"), ("中", "inform"), ("要得要得", "affirm"),
                                          ("对，谢谢你啊", "thank"), ("行，就这么订吧", "affirm"),
                                          ("那行吧", "nlu_fallback"), ("对头对头", "inform"), ("系啊", "nlu_fallback"),
                                          ("冇问题", "nlu_fallback"), ("管，就这样", "nlu_fallback")])
async def test_a_clear_yes_books(text, intent):
    after, _, _ = await answer(ValidateMealForm, READY, "meal_confirmed", text, intent)
    assert after["meal_confirmed"] is True and after["requested_slot"] is None


@pytest.mark.asyncio
@pytest.mark.parametrize("text, intent", [("嗯啊哦哎呀嘛呢", "affirm"), ("谢谢啊", "thank"), ("那个那个", "nlu_fallback")])
async def test_anything_unclear_at_the_read_back_is_no_booking_and_counts(text, intent):
    after, _, rejected = await answer(ValidateMealForm, READY, "meal_confirmed", text, intent)
    assert after.get("meal_confirmed") is None and after["requested_slot"] == "meal_confirmed" and not rejected
    assert after["failed_slot"] == "meal_confirmed" and after["failed_count"] == 1


@pytest.mark.asyncio
async def test_the_third_failed_answer_to_one_question_ends_the_form_in_a_hand_over():
    slots = {**READY, "failed_slot": "meal_confirmed", "failed_count": 2.0}
    after, _, _ = await answer(ValidateMealForm, slots, "meal_confirmed", "呃呃呃", "nlu_fallback")
    assert after["form_exit"] == "handover" and after["requested_slot"] is None
    assert after.get("meal_confirmed") is None


@pytest.mark.asyncio
async def test_an_answer_that_fills_the_question_resets_the_count():
    slots = {**BEFORE_DIET, "failed_slot": "diet", "failed_count": 2.0}
    after, _, _ = await answer(ValidateMealForm, slots, "diet", "低盐的", "inform",
                               [{"entity": "diet", "value": "低盐"}], {"diet": "低盐"})
    assert after["diet"] == "低盐" and not after["failed_count"] and after["requested_slot"] == "meal_confirmed"


@pytest.mark.asyncio
async def test_no_with_a_new_value_corrects_and_reads_back_again():
    after, _, _ = await answer(ValidateMealForm, READY, "meal_confirmed", "不对，要三份", "deny",
                               [{"entity": "portions", "value": "三份"}], {"portions": "三份"})
    assert after["portions"] == 3.0 and after.get("meal_confirmed") is None
    assert after["requested_slot"] == "meal_confirmed" and not after.get("failed_count")


@pytest.mark.asyncio
async def test_keypad_one_is_yes_after_the_keys_were_offered():
    slots = {**READY, "failed_slot": "meal_confirmed", "failed_count": 2.0, "channel": "phone"}
    after, _, _ = await answer(ValidateMealForm, slots, "meal_confirmed", "1", "nlu_fallback")
    assert after["meal_confirmed"] is True


@pytest.mark.asyncio
async def test_a_policy_question_inside_the_form_is_left_to_the_rules_and_fills_nothing():
    slots = {"channel": "phone"}  # unknown caller: the form asks the phone first, filled from any text
    after, _, rejected = await answer(ValidateMealForm, slots, "phone", "八十岁的高龄津贴一个月多少钱", "ask_policy",
                                      candidates={"phone": "八十岁的高龄津贴一个月多少钱"})
    assert rejected and after["phone"] is None


# --- what the caller is asked after two failures -------------------------------------------------

@pytest.mark.asyncio
@pytest.mark.parametrize("channel, offers", [("phone", "keys"), ("widget", "buttons"), ("speaker", "words")])
async def test_after_two_failures_the_question_comes_with_keys_or_buttons_and_a_person(channel, offers, dispatcher):
    ask = type("AskMeal", (AskQuestion,), {"action_name": "action_ask_meal"})
    slots = {"channel": channel, "operator_line": False, "failed_slot": "meal", "failed_count": 2.0,
             "requested_slot": "meal"}  # as action_session_start leaves them (no operator configured)
    await ask().run(dispatcher, make_tracker(slots, [user_event("啊？", "nlu_fallback")], "meal_form"), domain())
    shown = buttons(dispatcher)
    if offers == "keys":
        assert "按1" in texts(dispatcher) and "按0" in texts(dispatcher) and not shown
    elif offers == "buttons":
        assert len(shown) == 4 and "/request_human" in [b["payload"] for b in shown]
    else:
        assert not shown and "按" not in texts(dispatcher)
    assert "12349" not in texts(dispatcher)


@pytest.mark.asyncio
async def test_the_home_care_read_back_names_each_service_once(dispatcher, fixed_today):
    slots = {"service_type": "维修", "date": "2026-11-24", "time_of_day": "上午"}
    await AskCareConfirmed().run(dispatcher, make_tracker(slots, [user_event("上午", "inform")], "home_care_form"), {})
    assert "上门上门" not in texts(dispatcher) and "维修" in texts(dispatcher)


@pytest.mark.asyncio
async def test_a_complaint_without_content_is_asked_what_it_is_about():
    after, dispatcher, _ = await answer(ValidateComplaintForm, {**ELDER}, "complaint_text", "俺有个事要投诉一下",
                                        "complaint", candidates={"complaint_text": "俺有个事要投诉一下"})
    assert after["complaint_text"] is None and after["requested_slot"] == "complaint_text"
    after, _, _ = await answer(ValidateComplaintForm, {**ELDER}, "complaint_text", "送来的饭菜都是凉的", "inform",
                               candidates={"complaint_text": "送来的饭菜都是凉的"})
    assert after["complaint_text"] == "送来的饭菜都是凉的" and after["requested_slot"] is None


@pytest.mark.asyncio
async def test_elder_card_read_back_noise_is_no_application():
    slots = {**ELDER, "applicant_name": "王秀英", "id_number": "420102195003041238", "district": "江岸区",
             "phone": "13800138000"}
    after, _, _ = await answer(ValidateElderCardForm, slots, "card_confirmed", "嗯啊哦哎呀嘛呢", "affirm")
    assert after.get("card_confirmed") is None and after["failed_count"] == 1
