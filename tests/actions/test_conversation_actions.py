"""Answers that fit nothing: outside a form the caller is asked what they want; inside a form (one whose
validation leaves such turns to the rules) a misheard answer is said to be not understood, counted in
slots against the question asked, and the third in a row hands over instead of looping."""
from __future__ import annotations

import pytest

from actions.conversation import InformWithoutContext
from tests.actions.conftest import make_tracker, said, user_event


def counted(events, slot):
    values = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return values.get("failed_slot"), values.get("failed_count")


@pytest.mark.asyncio
async def test_with_no_form_open_the_caller_is_asked_what_they_want(dispatcher):
    await InformWithoutContext().run(dispatcher, make_tracker({}, [user_event("明天", "inform")]), {})
    assert said(dispatcher) == ["utter_inform_without_context"]


@pytest.mark.asyncio
async def test_inside_a_form_a_first_answer_that_fills_nothing_is_counted_and_not_understood(dispatcher):
    tracker = make_tracker({"requested_slot": "phone"}, [user_event("宋到家里", "inform")], "identity_form")
    events = await InformWithoutContext().run(dispatcher, tracker, {})
    assert said(dispatcher) == ["utter_not_understood"] and counted(events, "phone") == ("phone", 1.0)


@pytest.mark.asyncio
async def test_the_third_failure_to_the_same_question_hands_over(dispatcher):
    slots = {"requested_slot": "phone", "failed_slot": "phone", "failed_count": 2.0, "channel": "speaker"}
    tracker = make_tracker(slots, [user_event("宋到家里", "inform")], "identity_form")
    events = await InformWithoutContext().run(dispatcher, tracker, {})
    # the speaker has no human: the truth and a call-back, never a transfer
    assert "utter_offer_callback" in said(dispatcher)
    assert not any((m.get("custom") or {}).get("handover") for m in dispatcher.messages)
    assert {"event": "active_loop", "name": None} in [{"event": e["event"], "name": e.get("name")}
                                                      for e in events if e["event"] == "active_loop"]


@pytest.mark.asyncio
async def test_failures_to_another_question_start_the_count_again(dispatcher):
    slots = {"requested_slot": "id_last4", "failed_slot": "phone", "failed_count": 2.0}
    tracker = make_tracker(slots, [user_event("宋到家里", "inform")], "identity_form")
    events = await InformWithoutContext().run(dispatcher, tracker, {})
    assert said(dispatcher) == ["utter_not_understood"] and counted(events, "id_last4") == ("id_last4", 1.0)
