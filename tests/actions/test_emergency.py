"""action_emergency and the check question, against a fake dispatch: what goes out, what the caller hears."""
from __future__ import annotations

import asyncio

import pytest

from actions import common, emergency
from actions.clients import ApiError, OrderReceipt
from tests.actions.conftest import make_tracker, user_event


class FakeDispatch:
    def __init__(self, queued=False, fail=False):
        self.bodies, self.notes, self.queued, self.fail = [], [], queued, fail

    async def create_order(self, body, key):
        if self.fail:
            raise ApiError(422, "refused")
        self.bodies.append(body)
        return OrderReceipt("90000001" if self.queued else "20261201", self.queued)

    async def add_note(self, order_id, text):
        self.notes.append((order_id, text))
        return {}


@pytest.fixture
def fake(monkeypatch):
    fake = FakeDispatch()
    monkeypatch.setattr(common, "dispatch", lambda: fake)
    return fake


def followed_by(events, name):
    return any(e.get("event") == "followup" and e.get("name") == name for e in events)


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def responses_of(dispatcher):
    return [m.get("response") for m in dispatcher.messages if m.get("response")]


def payload(dispatcher, key):
    return next((m["custom"][key] for m in dispatcher.messages if key in (m.get("custom") or {})), None)


def test_an_anonymous_emergency_says_no_contact_was_told_and_is_marked_unverified(fake, dispatcher):
    tracker = make_tracker({"channel": "rest"}, [user_event("俺家老头子栽地上了 起不来", "emergency")])
    events = run(emergency.Emergency(), dispatcher, tracker)
    body = fake.bodies[0]
    assert body["priority"] == "P0" and body["elder_id"] is None and body["details"]["identity_verified"] is False
    assert "栽地上" in body["details"]["situation"]
    assert responses_of(dispatcher) == ["utter_emergency_sent"]
    assert payload(dispatcher, "handover") is True and payload(dispatcher, "keep_line") is True
    assert payload(dispatcher, "order_id") == "20261201"
    assert followed_by(events, "emergency_followup_form")


def test_a_claimed_but_unverified_elder_is_not_told_the_contact_was_notified(fake, dispatcher):
    tracker = make_tracker({"channel": "rest", "elder_id": "1001", "verified": False},
                           [user_event("救命 我喘不上气", "emergency")])
    run(emergency.Emergency(), dispatcher, tracker)
    assert fake.bodies[0]["details"]["identity_verified"] is False
    assert responses_of(dispatcher) == ["utter_emergency_sent"]


def test_a_verified_elder_hears_the_contact_was_notified(fake, dispatcher):
    tracker = make_tracker({"channel": "speaker", "elder_id": "1001", "verified_elder": "1001"},
                           [user_event("我摔倒了起不来", "emergency")])
    run(emergency.Emergency(), dispatcher, tracker)
    assert fake.bodies[0]["details"]["identity_verified"] is True
    assert responses_of(dispatcher) == ["utter_emergency_sent_contact"]


def test_a_refused_order_still_tells_the_caller_what_to_do_and_hands_over(monkeypatch, dispatcher):
    monkeypatch.setattr(common, "dispatch", lambda: FakeDispatch(fail=True))
    tracker = make_tracker({"channel": "rest"}, [user_event("救命", "emergency")])
    run(emergency.Emergency(), dispatcher, tracker)
    assert responses_of(dispatcher) == ["utter_emergency_failed"]
    assert payload(dispatcher, "handover") is True and payload(dispatcher, "order_id") is None


def test_the_check_answer_raises_on_yes_or_silence_and_not_on_no():
    def said(text, intent):
        return emergency.answer_raises(make_tracker({}, [user_event(text, intent)]))

    assert said("要 快叫人", "affirm") and said("嗯", "affirm") and said("/emergency", "emergency")
    assert said("摔了 起不来了", "inform")
    assert not said("不用 没事", "affirm")  # 没事 wins over a misheard yes
    assert not said("不用了", "deny") and not said("两份", "inform")


def test_the_situation_is_the_complaint_and_the_answer_to_the_check():
    tracker = make_tracker({}, [user_event("订个午饭", "book_meal"), user_event("俺头有点晕", "feel_unwell"),
                                user_event("要", "affirm")])
    assert emergency.situation(tracker, after_check=True) == "俺头有点晕 / 要"
    silence = make_tracker({}, [user_event("俺头有点晕", "feel_unwell"), user_event("/emergency", "emergency")])
    assert emergency.situation(silence, after_check=True) == "俺头有点晕"
    direct = make_tracker({}, [user_event("订个午饭", "book_meal"), user_event("救命 我摔了", "emergency")])
    assert emergency.situation(direct) == "救命 我摔了"


def test_a_no_to_the_check_resumes_the_paused_form(dispatcher):
    loops = [{"event": "active_loop", "name": "meal_form"}, {"event": "active_loop", "name": "emergency_check_form"},
             {"event": "active_loop", "name": None}]
    tracker = make_tracker({}, [user_event("不用", "deny")], bot=loops)
    events = run(emergency.EmergencyCheckDone(), dispatcher, tracker)
    assert followed_by(events, "meal_form") and not dispatcher.messages


def test_later_words_go_to_the_order_as_notes(fake, dispatcher):
    tracker = make_tracker({"emergency_order": "20261201", "emergency_order_queued": False},
                           [user_event("在二楼卧室 老伴陪着", "inform")], active_loop="emergency_followup_form")
    slots = asyncio.run(emergency.ValidateEmergencyFollowupForm().validate_emergency_words(
        "在二楼卧室 老伴陪着", dispatcher, tracker, {}))
    assert fake.notes == [("20261201", "在二楼卧室 老伴陪着")]
    assert slots == {"emergency_words": None}  # asked again: the caller stays on the line
    assert payload(dispatcher, "emergency_note")["text"] == "在二楼卧室 老伴陪着"
