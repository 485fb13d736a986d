"""Turns that used to run past two sentences, a line inside a form that only the policy knowledge base
understands, and a person offered only where one can take the call — as the caller hears them.

Each turn is rendered from the responses the actions chose (as Rasa's NLG fills them, variation by
slot) and held to the spoken-form rules (assistant/spoken_form.py): at most two sentences.
"""
from __future__ import annotations

import dataclasses

import pytest

from actions import common
from actions.allowances import tell_allowances
from actions.conversation import Handover
from actions.identity import AfterIdentity
from actions.meals import ValidateMealForm
from actions.policy import AnswerPolicy
from assistant.spoken_form import sentences, turn_problems
from tests.actions.conftest import make_tracker, rendered, said, texts, user_event
from tests.actions.test_form_turns import answer
from tests.actions.test_policy_fallback import FOUND, FakePolicy

WARNED = {**FOUND, "warning": "这份文件已经废止，以现行规定为准。"}


def turn(dispatcher):
    return [{"text": rendered(m)} for m in dispatcher.messages if m.get("response") or m.get("text")]


def two_sentences_at_most(dispatcher):
    heard = turn(dispatcher)
    assert heard and not [p for p in turn_problems(heard) if p.kind == "sentences"], [m["text"] for m in heard]


@pytest.mark.asyncio
@pytest.mark.parametrize("outcome", ["failed", "locked"])
async def test_a_failed_identity_check_and_the_call_back_offer_are_one_short_turn(dispatcher, outcome):
    slots = {"channel": "widget", "operator_line": False, "elder_id": "1", "id_last4": outcome}
    events = await AfterIdentity().run(dispatcher, make_tracker(slots, [user_event("1234", "inform")]), {})
    two_sentences_at_most(dispatcher)
    assert {"event": "slot", "name": "offered_callback", "value": True, "timestamp": None} in events


@pytest.mark.asyncio
async def test_two_allowances_are_read_in_two_sentences(dispatcher, monkeypatch):
    class Records:
        async def allowances(self, elder_id):
            return [{"kind": "高龄津贴", "status": "active", "amount_yuan": 2100, "next_payment_date": "2026-12-03"},
                    {"kind": "护理补贴", "status": "suspended", "amount_yuan": 300},
                    {"kind": "服务补贴", "status": "pending", "amount_yuan": 200}]
    monkeypatch.setattr(common, "records", Records)
    await tell_allowances(dispatcher, make_tracker({"elder_id": "1"}, [user_event("我的补贴", "query_allowance")]))
    two_sentences_at_most(dispatcher)
    heard = texts(dispatcher)
    assert "2100" in heard and "12月3号" in heard and "300" in heard and "200" not in heard


@pytest.mark.asyncio
@pytest.mark.parametrize("result", [FOUND, WARNED])
async def test_a_policy_answer_inside_a_form_leaves_room_for_the_form_question(dispatcher, monkeypatch, result):
    monkeypatch.setattr(common, "policy", lambda: FakePolicy(result=result))
    tracker = make_tracker({"channel": "phone"}, [user_event("八十岁的高龄津贴一个月多少钱", "ask_policy")], "meal_form")
    await AnswerPolicy().run(dispatcher, tracker, {})
    assert len(sentences(texts(dispatcher))) == 1  # the form's question is the second
    outside = make_tracker({"channel": "phone"}, [user_event("八十岁的高龄津贴一个月多少钱", "ask_policy")])
    dispatcher.messages.clear()
    await AnswerPolicy().run(dispatcher, outside, {})
    two_sentences_at_most(dispatcher)
    assert ("废止" in texts(dispatcher)) == bool(result.get("warning"))


@pytest.mark.asyncio
async def test_a_line_the_form_cannot_place_is_answered_by_the_policy_knowledge_base(monkeypatch):
    """An unplaced line inside the meal form that the knowledge base answers is a question answered,
    not a failed answer: the answer is said, nothing is filled, the failure count stays, the form goes on."""
    monkeypatch.setattr(common, "policy", lambda: FakePolicy(result=FOUND))
    slots = {"elder_id": "1", "date": "2026-11-24", "meal": "午餐"}
    after, dispatcher, rejected = await answer(ValidateMealForm, slots, "portions", "新盖的小区养老用房得给多大地方",
                                               "nlu_fallback")
    assert "20平方米" in texts(dispatcher) and not rejected
    assert after.get("portions") is None and not after.get("failed_count") and after["requested_slot"] == "portions"


@pytest.mark.asyncio
async def test_an_unplaced_line_the_knowledge_base_refuses_still_counts_as_a_failure(monkeypatch):
    monkeypatch.setattr(common, "policy", lambda: FakePolicy(result={"found": False, "answer": ""}))
    slots = {"elder_id": "1", "date": "2026-11-24", "meal": "午餐"}
    after, dispatcher, _ = await answer(ValidateMealForm, slots, "portions", "那个那个俺也说不好是咋回事", "nlu_fallback")
    assert after["failed_count"] == 1.0 and said(dispatcher) == ["utter_not_understood"]


@pytest.mark.asyncio
@pytest.mark.parametrize("operator_free, person", [(True, "转人工"), (False, "回电话")])
async def test_a_person_is_offered_only_where_one_can_take_the_call(dispatcher, monkeypatch, operator_free, person):
    """On the hotline with an operator configured: 转人工; once the gateway says none is free
    (operator_unavailable), a call-back — and later offers in the conversation say so too."""
    monkeypatch.setattr(common, "settings", dataclasses.replace(common.settings, sip_operator_uri="sip:op@127.0.0.1"))
    turn_ = user_event("转人工", "request_human")
    if not operator_free:
        turn_["metadata"] = {"operator_unavailable": True}
    tracker = make_tracker({"channel": "phone", "operator_line": True}, [turn_])
    events = await Handover().run(dispatcher, tracker, {})
    cleared = {"event": "slot", "name": "operator_line", "value": False, "timestamp": None} in events
    assert cleared != operator_free
    later = CollectingSlots(events, {"channel": "phone", "operator_line": True})
    dispatcher.messages.clear()
    common.offer_human(dispatcher, make_tracker(later, [user_event("查不到吗", "inform")]), "utter_unavailable")
    assert person in texts(dispatcher)


def CollectingSlots(events, slots):  # noqa: N802 - reads as the tracker's slots after the events
    after = dict(slots)
    for event in events:
        if event.get("event") == "slot":
            after[event["name"]] = event["value"]
    return after
