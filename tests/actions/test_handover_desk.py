"""A widget hand-over while an operator is on the desk: the conversation is queued there and the bot
pauses with the form as it is (the operator hands back into it); with nobody there it is a call-back."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation
from actions.clients import desk
from tests.actions.conftest import make_tracker, user_event

pytestmark = pytest.mark.fast


def _tracker():
    return make_tracker({"channel": "widget", "meal": "午餐", "date": "2026-11-24", "requested_slot": "portions"},
                        [user_event("我要找个真人说话", "request_human")], active_loop="meal_form")


def test_operator_online_takes_the_conversation_and_keeps_the_form(monkeypatch):
    queued = []

    async def online(channel):
        return channel == "widget"

    async def open_handover(**fields):
        queued.append(fields)
        return {"handover_id": 7, "position": 1, "operators_online": 1}

    monkeypatch.setattr(desk, "desk_online", online)
    monkeypatch.setattr(desk, "open_handover", open_handover)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(conversation.Handover().run(dispatcher, _tracker(), {}))
    assert [e["event"] for e in events] == ["pause"]  # no form reset, no slot wiped
    assert queued and queued[0]["slots"].get("meal") == "午餐" and queued[0]["channel"] == "widget"
    assert any((m.get("custom") or {}).get("desk") == 7 for m in dispatcher.messages)


def test_nobody_on_the_desk_is_no_promise_of_a_person():
    dispatcher = CollectingDispatcher()
    events = asyncio.run(conversation.Handover().run(dispatcher, _tracker(), {}))
    assert not any(e["event"] == "pause" for e in events)
    assert not any((m.get("custom") or {}).get("desk") for m in dispatcher.messages)
