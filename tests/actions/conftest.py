"""Tracker fixtures for action tests: build the tracker a real turn would give."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from assistant.settings import REPO_ROOT

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


@lru_cache(maxsize=1)
def responses() -> Dict[str, str]:
    """The first text of every domain response, as Rasa's NLG would say it."""
    found: Dict[str, str] = {}
    for path in sorted((REPO_ROOT / "assistant" / "domain").glob("*.yml")):
        for name, variants in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}).items():
            found[name] = variants[0].get("text") or ""
    return found


def rendered(message: Dict[str, Any]) -> str:
    """A dispatched message's words: its text, or its response filled in with the values sent with it."""
    if message.get("text"):
        return message["text"]
    name = message.get("response")
    if not name:
        return ""
    values = {k: v for k, v in message.items() if v is not None}
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), responses()[name])


def texts(dispatcher: CollectingDispatcher) -> str:
    return "".join(rendered(m) for m in dispatcher.messages)


def said(dispatcher: CollectingDispatcher) -> List[str]:
    """The names of the responses the actions chose, in order."""
    return [m.get("response") or "" for m in dispatcher.messages]
