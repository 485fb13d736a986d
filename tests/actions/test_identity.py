"""Whose data may be read out: only the elder the caller is verified as, never a name a client sends."""
import dataclasses

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from actions.clients.http import ApiError
from actions.identity import AfterIdentity, SessionStart, ValidateIdentityForm, on_behalf, pending_request, who_first
from tests.actions.conftest import make_tracker, said, texts, user_event
from tests.actions.test_form_turns import answer

MEAL = ["date", "meal", "portions", "dining_mode", "diet", "meal_confirmed"]
ELDER = {"elder_id": "10000001", "name": "张建国"}


class FakeRecords:
    """The records service as the identity actions see it: lookups and the server-side last-four check."""

    def __init__(self, right="123X", status=None):
        self.right, self.status, self.lookups, self.checks = right, status, [], []

    async def find_elder(self, **lookup):
        self.lookups.append(lookup)
        return dict(ELDER)

    async def verify(self, elder_id, last4):
        self.checks.append((elder_id, last4))
        if self.status:
            raise ApiError(self.status, "locked")
        return last4 == self.right


@pytest.fixture
def records(monkeypatch):
    fake = FakeRecords()
    monkeypatch.setattr(common, "records", lambda: fake)
    return fake


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_unknown_caller_is_asked_the_phone_first():
    assert who_first(make_tracker({}, []), MEAL) == ["phone"] + MEAL


def test_known_caller_goes_straight_to_the_booking():
    assert who_first(make_tracker({"elder_id": "10000001"}, []), MEAL) == MEAL


def test_only_the_verified_elder_is_identified_whatever_the_channel_says():
    assert common.identified(make_tracker({"elder_id": "1", "verified_elder": "1"}, []))
    assert not common.identified(make_tracker({"elder_id": "1", "channel": "widget"}, []))
    assert not common.identified(make_tracker({"elder_id": "1", "channel": "speaker", "verified": True}, []))
    # verified for one elder, then the conversation turned to another: not identified for that one
    assert not common.identified(make_tracker({"elder_id": "2", "verified_elder": "1", "verified": True}, []))


def test_the_request_waiting_for_identity_is_remembered():
    turns = [user_event("我的补贴发了没", "query_allowance"), user_event("幺二三三", "inform")]
    assert pending_request(make_tracker({}, turns)) == "query_allowance"


async def session_start(metadata, dispatcher):
    return await SessionStart().run(dispatcher, make_tracker({"session_started_metadata": metadata}, []), {})


@pytest.mark.parametrize("metadata", [
    {"channel": "speaker", "device_id": "speaker-0002"},  # unsigned: the channel removed nothing yet
    {"channel": "widget", "login": "demo"},
    {"channel": "widget", "identity": "demo"},  # not a verified identity object
])
async def test_claims_outside_the_verified_identity_are_not_looked_up(metadata, records, dispatcher):
    events = await session_start(metadata, dispatcher)
    assert records.lookups == [] and "elder_id" not in slots_of(events)


@pytest.mark.parametrize("claim", [{"device_id": "speaker-0001"}, {"login": "demo"}])
async def test_a_verified_device_or_login_identifies_the_elder(claim, records, dispatcher):
    events = await session_start({"channel": "speaker", "identity": claim}, dispatcher)
    assert slots_of(events)["elder_id"] == slots_of(events)["verified_elder"] == "10000001"


async def test_a_verified_caller_id_names_the_elder_but_still_needs_the_last_four(records, dispatcher):
    events = await session_start({"channel": "phone", "identity": {"caller_id": "13800138000"}}, dispatcher)
    assert records.lookups == [{"phone": "13800138000"}]
    assert slots_of(events)["elder_id"] == "10000001" and "verified_elder" not in slots_of(events)


async def last4(tracker_slots, said, dispatcher):
    tracker = make_tracker(tracker_slots, [user_event(said, "inform")], active_loop="identity_form")
    return await ValidateIdentityForm().validate_id_last4(said, dispatcher, tracker, {})


async def test_right_last_four_verifies_that_elder(records, dispatcher):
    result = await last4({"elder_id": "10000001"}, "幺二三X", dispatcher)
    assert result["verified_elder"] == "10000001"


async def test_third_wrong_last_four_ends_the_check_and_a_fourth_is_never_asked(records, dispatcher):
    slots = {"elder_id": "10000001"}
    for attempt in (1, 2):
        result = await last4(slots, "5678", dispatcher)
        assert result["id_last4"] is None and result["id_tries"] == attempt
        slots["id_tries"] = result["id_tries"]
    result = await last4(slots, "9999", dispatcher)
    assert result["id_last4"] == "failed" and "verified_elder" not in result
    slots["id_tries"] = result["id_tries"]
    checks = len(records.checks)
    result = await last4(slots, "123X", dispatcher)  # right, but too late: not even asked of records
    assert result == {"id_last4": "failed"} and len(records.checks) == checks


@pytest.mark.parametrize("status", [429, 423])
async def test_records_locking_the_elder_ends_the_check(status, records, dispatcher):
    records.status = status
    assert (await last4({"elder_id": "10000001"}, "123X", dispatcher))["id_last4"] == "locked"


def with_operator(monkeypatch, uri):
    monkeypatch.setattr(common, "settings", dataclasses.replace(common.settings, sip_operator_uri=uri))


def custom_of(dispatcher):
    return [m["custom"] for m in dispatcher.messages if m.get("custom")]


@pytest.mark.parametrize("outcome", ["failed", "locked"])
async def test_a_failed_check_on_the_hotline_with_an_operator_transfers_with_its_reason(outcome, monkeypatch,
                                                                                        dispatcher):
    with_operator(monkeypatch, "sip:operator@127.0.0.1:5070")
    tracker = make_tracker({"channel": "phone", "elder_id": "10000001", "id_last4": outcome},
                           [user_event("五六七八", "inform")])
    await AfterIdentity().run(dispatcher, tracker, {})
    assert custom_of(dispatcher) == [{"handover": True, "reason": "identity_failed"}]
    assert "元" not in texts(dispatcher)


@pytest.mark.parametrize("channel", ["widget", "speaker", "phone"])  # the phone here without an operator
@pytest.mark.parametrize("outcome", ["failed", "locked"])
async def test_a_failed_check_without_a_person_offers_a_call_back_and_promises_no_transfer(outcome, channel,
                                                                                           monkeypatch, dispatcher):
    with_operator(monkeypatch, "")
    tracker = make_tracker({"channel": channel, "elder_id": "10000001", "id_last4": outcome},
                           [user_event("九九九九", "inform")])
    events = slots_of(await AfterIdentity().run(dispatcher, tracker, {}))
    assert not any(c.get("handover") for c in custom_of(dispatcher))
    assert events["offered_callback"] is True and events["handover_reason"] == "identity_failed"
    assert "转人工" not in texts(dispatcher) and "转接" not in texts(dispatcher)
    assert events["id_last4"] is None  # the next request checks afresh (three tries stay counted)


# --- answers inside identity_form: a no answers the question, only 算了 / 不查了 stops ---------------

@pytest.mark.parametrize("asked, text", [("phone", "不是"), ("phone", "没有，俺记不清"), ("id_last4", "不是这个")])
async def test_a_no_inside_the_identity_check_does_not_cancel_it(asked, text, records):
    slots = {"elder_id": "10000001"} if asked == "id_last4" else {}
    after, dispatcher, rejected = await answer(ValidateIdentityForm, {"channel": "widget", **slots}, asked, text,
                                               "deny")
    assert not rejected and not after.get("form_exit") and not after.get("stop_pending")
    assert after["requested_slot"] == asked and after["failed_count"] == 1
    assert records.checks == [] and "verified_elder" not in after


@pytest.mark.parametrize("text", ["算了，不查了", "哎呀算了"])
async def test_an_explicit_stop_inside_the_identity_check_is_asked_about_then_ends_it(text, records):
    after, _, _ = await answer(ValidateIdentityForm, {"channel": "speaker"}, "phone", text, "deny")
    assert after["stop_pending"] is True and after["requested_slot"] == "form_stop"
    after, _, _ = await answer(ValidateIdentityForm, after, "form_stop", "对", "affirm")
    assert after["form_exit"] == "stop" and after["requested_slot"] is None
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(after, [user_event("对", "affirm"), user_event("我的补贴发了没", "query_allowance")])
    events = slots_of(await AfterIdentity().run(dispatcher, tracker, {}))
    assert said(dispatcher) == ["utter_identity_stopped"] and not custom_of(dispatcher)
    assert events["form_exit"] is None and "offered_callback" not in events and records.lookups == []


async def test_a_wrong_last_four_counts_as_a_try_not_as_a_misunderstanding(records):
    after, _, _ = await answer(ValidateIdentityForm, {"channel": "widget", "elder_id": "10000001"}, "id_last4",
                               "五六七八", "inform", candidates={"id_last4": "五六七八"})
    assert after["id_tries"] == 1 and not after.get("failed_count") and after["requested_slot"] == "id_last4"


@pytest.mark.parametrize("said", ["我妈的补贴发了没有", "帮我父亲查一下补贴", "我替我老伴问问补贴", "俺娘的高龄津贴到了没"])
def test_asking_for_someone_else_is_recognised(said):
    assert on_behalf(said)


@pytest.mark.parametrize("said", ["我的补贴发了没有", "帮我查一下补贴", "俺的高龄津贴到了没"])
def test_asking_for_oneself_is_not_taken_for_someone_else(said):
    assert not on_behalf(said)


async def test_a_relative_on_the_elders_own_device_must_verify_the_other_elder(records, dispatcher):
    tracker = make_tracker({"elder_id": "10000001", "elder_name": "张建国", "verified_elder": "10000001",
                            "verified": True}, [user_event("帮我妈查一下她的补贴", "query_allowance")])
    domain = {"forms": {"identity_form": {"required_slots": ["phone", "id_last4"]}}, "slots": {}}
    events = await ValidateIdentityForm().run(dispatcher, tracker, domain)
    slots = slots_of(events)
    assert slots["elder_id"] is None and slots["verified_elder"] is None
    tracker.add_slots(events)  # whose data: the form asks that elder's phone, then her last four
    form = ValidateIdentityForm()
    assert await form.required_slots(["phone", "id_last4"], dispatcher, tracker, domain) == ["phone", "id_last4"]
    assert tracker.get_slot("phone") is None
    assert dispatcher.messages and "张建国" not in texts(dispatcher)


async def test_data_asked_for_someone_else_waits_for_their_verification_even_if_the_form_broke(dispatcher):
    """The caller's own device is verified; the request names his mother; nothing verified her yet."""
    slots = {"elder_id": "10000001", "verified_elder": "10000001"}
    tracker = make_tracker(slots, [user_event("帮我妈查一下她的补贴", "query_allowance")])
    events = await AfterIdentity().run(dispatcher, tracker, {})
    assert slots_of(events).get("handover_reason") == "identity_failed" and "元" not in texts(dispatcher)


# --- whose emergency it is: the signed caller's elder, never one whose phone was merely said ----------

def session_began(elder_id=None):
    """The events SessionStart leaves before the caller's first turn (elder_id from a signed identity)."""
    events = [{"event": "session_started", "timestamp": 1.0}]
    if elder_id:
        events.append({"event": "slot", "name": "elder_id", "value": elder_id, "timestamp": 1.0})
    return events + [{"event": "action", "name": "action_listen", "timestamp": 1.0}]


def slot_said(name, value):
    return {"event": "slot", "name": name, "value": value, "timestamp": 2.0}


async def emergency_order(monkeypatch, slots, events, dispatcher):
    from actions import emergency
    from tests.actions.test_emergency import FakeDispatch
    fake = FakeDispatch()
    monkeypatch.setattr(common, "dispatch", lambda: fake)
    tracker = make_tracker({"channel": "phone", **slots}, [])
    tracker.events = events
    tracker.latest_message = events[-1]["parse_data"]
    await emergency.Emergency().run(dispatcher, tracker, {})
    return fake.bodies[0]


async def test_an_emergency_from_a_signed_caller_id_is_filed_on_that_elder_unverified(monkeypatch, dispatcher):
    events = session_began("10000001") + [user_event("快来人啊 俺老伴倒地上了", "emergency")]
    body = await emergency_order(monkeypatch, {"elder_id": "10000001"}, events, dispatcher)
    assert body["elder_id"] == "10000001" and body["details"]["identity_verified"] is False


async def test_a_phone_said_by_an_anonymous_caller_does_not_attach_the_emergency(monkeypatch, dispatcher):
    # the caller said 13800138000 in the identity check (that elder's slots were filled), then 救命
    events = session_began() + [user_event("幺三八零零幺三八零零零", "inform"), slot_said("elder_id", "10000001"),
                                user_event("救命 俺喘不上气了", "emergency")]
    body = await emergency_order(monkeypatch, {"elder_id": "10000001", "phone": "13800138000"}, events, dispatcher)
    assert body["elder_id"] is None and body["details"]["identity_verified"] is False


async def test_an_emergency_after_the_last_four_is_filed_on_the_verified_elder(monkeypatch, dispatcher):
    events = session_began() + [user_event("幺二三X", "inform"), slot_said("elder_id", "10000002"),
                                slot_said("verified_elder", "10000002"), user_event("我摔倒了起不来", "emergency")]
    body = await emergency_order(monkeypatch, {"elder_id": "10000002", "verified_elder": "10000002"}, events,
                                 dispatcher)
    assert body["elder_id"] == "10000002" and body["details"]["identity_verified"] is True
