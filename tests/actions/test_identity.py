"""Whose request is it: bookings ask the phone first for unknown callers; trust depends on the channel."""
from actions import common
from actions.identity import pending_request, who_first
from tests.actions.conftest import make_tracker, user_event

MEAL = ["date", "meal", "portions", "dining_mode", "diet", "meal_confirmed"]


def test_unknown_caller_is_asked_the_phone_first():
    assert who_first(make_tracker({}, []), MEAL) == ["phone"] + MEAL


def test_known_caller_goes_straight_to_the_booking():
    assert who_first(make_tracker({"elder_id": "10000001"}, []), MEAL) == MEAL


def test_login_and_device_are_trusted_caller_id_needs_verification():
    assert common.identified(make_tracker({"elder_id": "1", "channel": "widget"}, []))
    assert common.identified(make_tracker({"elder_id": "1", "channel": "speaker"}, []))
    assert not common.identified(make_tracker({"elder_id": "1", "channel": "hotline"}, []))
    assert common.identified(make_tracker({"elder_id": "1", "channel": "hotline", "verified": True}, []))


def test_the_request_waiting_for_identity_is_remembered():
    turns = [user_event("我的补贴发了没", "query_allowance"), user_event("幺二三三", "inform")]
    assert pending_request(make_tracker({}, turns)) == "query_allowance"
