"""Answers that fit nothing: outside a form the caller is asked what they want; inside a form a misheard
answer is said to be not understood, and a second one in a row hands over instead of looping."""
from __future__ import annotations

import pytest

from actions.conversation import InformWithoutContext
from tests.actions.conftest import make_tracker, texts, user_event

ASKED = {"event": "bot", "text": "是到长者饭堂吃，还是送到家里？"}


def misheard_again(answers: int) -> list:
    """The caller answers the dining-mode question ``answers`` times with a misheard 宋到家里."""
    events = []
    for i in range(answers):
        events.append(user_event("宋到家里", "inform"))
        if i < answers - 1:
            events += [{"event": "bot", "text": "不好意思，我没听明白。"}, ASKED]
    return events


@pytest.mark.asyncio
async def test_with_no_form_open_the_caller_is_asked_what_they_want(dispatcher):
    await InformWithoutContext().run(dispatcher, make_tracker({}, [user_event("明天", "inform")]), {})
    assert "请问您想办什么事" in texts(dispatcher)


@pytest.mark.asyncio
async def test_inside_a_form_a_first_answer_that_fills_nothing_is_not_understood(dispatcher):
    tracker = make_tracker({"requested_slot": "dining_mode"}, misheard_again(1), "meal_form", bot=[ASKED])
    events = await InformWithoutContext().run(dispatcher, tracker, {})
    assert texts(dispatcher) == "不好意思，我没听明白。" and events == []  # the form asks again


@pytest.mark.asyncio
async def test_inside_a_form_a_second_one_in_a_row_hands_over(dispatcher):
    tracker = make_tracker({"requested_slot": "dining_mode"}, misheard_again(2), "meal_form", bot=[ASKED])
    await InformWithoutContext().run(dispatcher, tracker, {})
    assert "转接人工" in texts(dispatcher)
    assert any((m.get("custom") or {}).get("handover") for m in dispatcher.messages)


@pytest.mark.asyncio
async def test_an_understood_answer_in_between_starts_the_count_again(dispatcher):
    turns = [user_event("宋到家里", "inform"), user_event("我只要一份", "inform")] + misheard_again(1)
    bot_between = [{"event": "bot", "text": "不好意思，我没听明白。"}, {"event": "bot", "text": "要几份？"}]
    events = turns[:1] + bot_between + turns[1:2] + [ASKED] + turns[2:]
    tracker = make_tracker({"requested_slot": "dining_mode"}, events, "meal_form")
    await InformWithoutContext().run(dispatcher, tracker, {})
    assert texts(dispatcher) == "不好意思，我没听明白。"
