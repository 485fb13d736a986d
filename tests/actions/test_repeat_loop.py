"""A caller who still cannot hear after the answer was said again twice reaches a person (or a
call-back offer), instead of hearing the same sentence a fourth time."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation
from tests.actions.conftest import make_tracker, user_event

pytestmark = pytest.mark.fast

GREETING = {"event": "bot", "text": "您好", "metadata": {"utter_action": "utter_greet"}}


def _run(lines):
    turns = []
    for line in lines:  # each 再说一遍 was answered with the greeting said again
        turns += [user_event(line, "repeat"), GREETING]
    tracker = make_tracker({"channel": "speaker"}, turns[:-1], bot=[GREETING])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(conversation.Repeat().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_twice_not_heard_is_said_again_slower():
    messages, _ = _run(["喂喂，听不着", "你说个啥"])
    assert any((m.get("custom") or {}).get("speech_rate") == "slow" for m in messages)
    assert not any((m.get("custom") or {}).get("callback") or (m.get("custom") or {}).get("handover") for m in messages)


def test_the_third_time_in_a_row_hands_over_truthfully():
    messages, events = _run(["喂喂，听不着", "你说个啥", "还是听不清楚哇"])
    offered = any(e.get("event") == "slot" and e.get("name") in ("offered_callback", "offered_human") and e.get("value")
                  for e in events)
    handed = any((m.get("custom") or {}).get("handover") for m in messages)
    assert offered or handed, (messages, events)
    assert not any((m.get("custom") or {}).get("speech_rate") == "slow" for m in messages)
