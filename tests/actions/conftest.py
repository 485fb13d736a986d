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


_LATEST: Dict[str, Any] = {}  # the slots of the tracker built last: what Rasa's NLG fills responses from


def make_tracker(slots: Dict[str, Any], turns: List[Dict[str, Any]], active_loop: Optional[str] = None,
                 sender: str = "test-sender", bot: Optional[List[Dict[str, Any]]] = None) -> Tracker:
    """A tracker whose events are ``bot`` and user ``turns`` (the last is the latest message)."""
    events = list(bot or []) + turns
    latest = turns[-1] if turns else {}
    _LATEST["slots"] = slots
    return Tracker(sender, slots, {**latest.get("parse_data", {}), "text": latest.get("text")}, events,
                   False, None, {"name": active_loop} if active_loop else {}, "action_listen")


@pytest.fixture(autouse=True)
def fresh_slots():
    """No test renders with the slots of another test's tracker."""
    _LATEST.clear()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(common, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@lru_cache(maxsize=1)
def domain_files() -> Dict[str, Any]:
    """Every domain file's responses and slots, merged."""
    found: Dict[str, Any] = {"responses": {}, "slots": {}}
    for path in sorted((REPO_ROOT / "assistant" / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found["responses"].update(data.get("responses") or {})
        found["slots"].update(data.get("slots") or {})
    return found


def responses() -> Dict[str, str]:
    """The first text of every domain response."""
    return {name: variants[0].get("text") or "" for name, variants in domain_files()["responses"].items()}


def variation(name: str, slots: Dict[str, Any]) -> Dict[str, Any]:
    """The variation Rasa's NLG says for these slots: one whose conditions all hold, else one without."""
    variants = domain_files()["responses"][name]
    held = [v for v in variants if v.get("condition")
            and all(slots.get(c["name"]) == c["value"] for c in v["condition"])]
    return (held or [v for v in variants if not v.get("condition")] or variants)[0]


def slot_values(slots: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The slots as the tracker has them: initial values, then those set."""
    initial = {name: spec.get("initial_value") for name, spec in domain_files()["slots"].items()}
    return {**initial, **((_LATEST.get("slots") or {}) if slots is None else slots)}


def rendered(message: Dict[str, Any], slots: Optional[Dict[str, Any]] = None) -> str:
    """A dispatched message's words: its text, or its response filled in as Rasa's NLG does, from the
    values sent with it and the slots (of the tracker built last, unless given)."""
    if message.get("text"):
        return message["text"]
    name = message.get("response")
    if not name:
        return ""
    values = {**slot_values(slots), **{k: v for k, v in message.items() if v is not None}}
    text = variation(name, slot_values(slots)).get("text") or ""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def buttons(dispatcher: CollectingDispatcher) -> List[Dict[str, Any]]:
    """The quick replies shown, as Rasa sends them: the response variation's, then those the action added."""
    found: List[Dict[str, Any]] = []
    for message in dispatcher.messages:
        if message.get("response"):
            found += variation(message["response"], slot_values()).get("buttons") or []
        found += message.get("buttons") or []
    return found


def texts(dispatcher: CollectingDispatcher) -> str:
    return "".join(rendered(m) for m in dispatcher.messages)


def said(dispatcher: CollectingDispatcher) -> List[str]:
    """The names of the responses the actions chose, in order."""
    return [m.get("response") or "" for m in dispatcher.messages]


@pytest.fixture(autouse=True)
def no_desk_operator(monkeypatch):
    """No operator on the desk unless a test says so: a desk running on this machine never takes a test's hand-over."""
    from actions.clients import desk

    async def offline(channel: str) -> bool:
        return False

    monkeypatch.setattr(desk, "desk_online", offline)
