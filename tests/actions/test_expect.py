"""Every question the assistant asks says what answer it expects (the ``expect`` payload, docs/CONTRACT.md):
the voice layer recognises that answer and maps the keypad to it.

Each requested slot of each form is asked the way Rasa asks it (action_ask_<form>_<slot>,
action_ask_<slot>, utter_ask_<form>_<slot>, utter_ask_<slot>); an action is run, a response read
from the domain, and what went out must carry ``{"expect": {"kind", "options"?, "slot"?}}``.
"""
from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

import actions.conversation  # noqa: F401 - registers the actions below
import actions.elder_card  # noqa: F401
import actions.emergency  # noqa: F401
import actions.home_care  # noqa: F401
import actions.identity  # noqa: F401
import actions.institutions  # noqa: F401
import actions.meals  # noqa: F401
import actions.orders  # noqa: F401
from actions import common, questions
from tests.actions.conftest import make_tracker, user_event, variation

DOMAIN = Path(__file__).resolve().parents[2] / "assistant" / "domain"
KINDS = ("yes_no", "count", "date", "meal", "options", "phone", "id_last4", "id_number", "free")
# The form's own questions every form may ask (actions/form_turns.py): stop, after 算了.
STOP_QUESTIONS = ("utter_ask_form_stop", "utter_ask_identity_form_form_stop")
FILLED = {"date": "2026-11-24", "meal": "午餐", "portions": 2.0, "dining_mode": "送餐", "diet": "低盐",
          "service_type": "维修", "time_of_day": "上午", "applicant_name": "张桂兰",
          "id_number": "420102195001011234", "district": "江岸区", "phone": "13800138000", "elder_id": "1"}


def domain() -> Dict[str, Any]:
    merged: Dict[str, Any] = {"forms": {}, "responses": {}, "actions": [], "slots": {}}
    for path in sorted(DOMAIN.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("forms", "responses", "slots"):
            merged[key].update(data.get(key) or {})
        merged["actions"] += data.get("actions") or []
    return merged


def registered_actions() -> Dict[str, Action]:
    found = {}
    pending = list(Action.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if not inspect.isabstract(cls) and cls.__module__.startswith("actions."):
            try:
                found[cls().name()] = cls()
            except Exception:  # noqa: BLE001 - mixins without a name
                continue
    for cls in questions.QUESTION_ACTIONS:
        found[cls().name()] = cls()
    return found


def asked_slots():
    forms = domain()["forms"]
    return [(form, slot) for form, spec in sorted(forms.items()) for slot in spec.get("required_slots") or []]


def check(expect: Any, slot: str) -> None:
    assert isinstance(expect, dict) and expect.get("kind") in KINDS, expect
    assert expect.get("slot") in (None, slot), expect
    assert len(expect.get("options") or []) <= 3, expect
    if expect["kind"] in ("options", "meal"):
        assert expect.get("options"), f"{slot}: a choice question names its options"


class FakeDispatch:
    async def orders(self, elder_id):
        return [{"order_id": "20261123", "type": "meal", "status": "created",
                 "details": {"date": "2026-11-24", "meal": "午餐"}}]


@pytest.mark.asyncio
@pytest.mark.parametrize("form, slot", asked_slots())
async def test_every_question_of_every_form_says_what_it_expects(form, slot, monkeypatch):
    monkeypatch.setattr(common, "dispatch", FakeDispatch)
    data, actions_ = domain(), registered_actions()
    asking = next(name for name in (f"action_ask_{form}_{slot}", f"action_ask_{slot}", f"utter_ask_{form}_{slot}",
                                    f"utter_ask_{slot}") if name in actions_ or name in data["responses"])
    if asking.startswith("utter_"):
        for variant in data["responses"][asking]:
            check((variant.get("custom") or {}).get("expect"), slot)
        return
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({**FILLED, "requested_slot": slot, slot: None}, [user_event("好的", "inform")], form)
    await actions_[asking].run(dispatcher, tracker, data)
    payloads = [m["custom"]["expect"] for m in dispatcher.messages if "expect" in (m.get("custom") or {})]
    assert payloads, f"{asking} asks without an expect payload: {dispatcher.messages}"
    check(payloads[-1], slot)


@pytest.mark.asyncio
@pytest.mark.parametrize("channel", ["phone", "widget", "speaker"])
@pytest.mark.parametrize("slot", ["meal", "dining_mode", "phone", "applicant_name"])
async def test_the_question_again_after_two_failures_still_says_what_it_expects(slot, channel):
    """请按键：按1是早餐… — keypad key N is options[N-1], in the order the keys are said."""
    asking = next(a for a in registered_actions().values() if getattr(a, "action_name", "").endswith(slot)
                  and isinstance(a, questions.AskQuestion))
    dispatcher = CollectingDispatcher()
    slots = {"channel": channel, "operator_line": False, "failed_slot": slot, "failed_count": 2.0,
             "requested_slot": slot}
    await asking.run(dispatcher, make_tracker(slots, [user_event("啊", "nlu_fallback")], "meal_form"), domain())
    expect = next(m["custom"]["expect"] for m in dispatcher.messages if "expect" in (m.get("custom") or {}))
    check(expect, slot)
    labels = [label for label, _ in questions.OPTIONS.get(slot, ())]
    assert expect.get("options", []) == labels[:3] or expect["kind"] not in ("options", "meal")
    said = next(m for m in dispatcher.messages if "expect" in (m.get("custom") or {}))
    if channel == "phone" and labels:
        text = variation(said["response"], slots)["text"]
        assert all(f"按{n}是{{option{n}}}" in text for n in range(1, len(labels) + 1))
        assert [said[f"option{n}"] for n in range(1, len(labels) + 1)] == labels


def test_the_stop_and_check_questions_say_what_they_expect():
    responses = domain()["responses"]
    for name, slot in (("utter_ask_form_stop", "form_stop"), ("utter_ask_identity_form_form_stop", "form_stop"),
                       ("utter_ask_unwell_answer", "unwell_answer")):
        for variant in responses[name]:
            check((variant.get("custom") or {}).get("expect"), slot)
            assert variant["custom"]["expect"]["kind"] == "yes_no"


@pytest.mark.asyncio
async def test_offers_of_a_person_or_a_call_back_expect_a_yes_or_no():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"channel": "widget"}, [user_event("你们管不管修电视", "out_of_scope")])
    await actions.conversation.Fallback().run(dispatcher, tracker, domain())
    events: List[Dict[str, Any]] = common.offer_human(dispatcher, tracker, "utter_unavailable")
    expects = [m["custom"]["expect"] for m in dispatcher.messages if "expect" in (m.get("custom") or {})]
    assert expects and all(e["kind"] == "yes_no" for e in expects)
    assert {"event": "slot", "name": "offered_human", "value": True, "timestamp": None} in events
