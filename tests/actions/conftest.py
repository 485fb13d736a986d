"""Tracker fixtures for action tests: build the tracker a real turn would give."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import common

TODAY = date(2026, 11, 23)  # a Monday


def user_event(text: str, intent: str, entities: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    return {"event": "user", "text": text, "timestamp": 1.0,
            "parse_data": {"intent": {"name": intent, "confidence": 0.99}, "entities": entities or [], "text": text}}


def make_tracker(slots: Dict[str, Any], turns: List[Dict[str, Any]], active_loop: Optional[str] = None,
                 sender: str = "test-sender", bot: Optional[List[Dict[str, Any]]] = None) -> Tracker:
    """A tracker whose events are ``bot`` and user ``turns`` (the last is the latest message)."""
    events = list(bot or []) + turns
    latest = turns[-1] if turns else {}
    return Tracker(sender, slots, {**latest.get("parse_data", {}), "text": latest.get("text")}, events,
                   False, None, {"name": active_loop} if active_loop else {}, "action_listen")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(common, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def texts(dispatcher: CollectingDispatcher) -> str:
    return "".join(m.get("text") or "" for m in dispatcher.messages)
