"""Hand-over by channel (actions/handover.py): a transfer only where an operator can take the caller,
elsewhere one sentence and a call-back; the callback order carries reason, transcript and slots."""
from __future__ import annotations

import dataclasses

import pytest

from actions import common, handover
from actions.conversation import Handover
from tests.actions.conftest import make_tracker, said, user_event


def asked_for_a_person(channel: str, **metadata):
    turn = user_event("我要跟人说话", "request_human")
    turn["metadata"] = metadata
    return make_tracker({"channel": channel, "meal": "午餐", "date": "2026-11-24"}, [turn], "meal_form")


@pytest.fixture
def operator(monkeypatch):
    monkeypatch.setattr(common, "settings", dataclasses.replace(common.settings,
                                                             sip_operator_uri="sip:operator@10.0.0.5:5060"))


@pytest.mark.asyncio
async def test_the_hotline_with_an_operator_transfers(dispatcher, operator):
    events = await Handover().run(dispatcher, asked_for_a_person("phone"), {})
    payload = next(m["custom"] for m in dispatcher.messages if m.get("custom"))
    assert payload == {"handover": True, "reason": "asked_human"} and said(dispatcher) == ["utter_transfer"]
    assert {"event": "active_loop", "name": None} in [{"event": e["event"], "name": e.get("name")} for e in events]


@pytest.mark.asyncio
@pytest.mark.parametrize("channel", ["widget", "speaker", "rest"])
async def test_channels_without_a_line_offer_a_call_back_even_with_an_operator_configured(dispatcher, operator,
                                                                                         channel):
    events = await Handover().run(dispatcher, asked_for_a_person(channel), {})
    assert said(dispatcher) == ["utter_offer_callback"]
    assert not any((m.get("custom") or {}).get("handover") for m in dispatcher.messages)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["offered_callback"] is True and slots["handover_slots"] == {"meal": "午餐", "date": "2026-11-24"}


@pytest.mark.asyncio
async def test_a_failed_transfer_on_the_hotline_offers_a_call_back(dispatcher, operator):
    await Handover().run(dispatcher, asked_for_a_person("phone", operator_unavailable=True), {})
    assert said(dispatcher) == ["utter_offer_callback"]


@pytest.mark.asyncio
async def test_the_hotline_without_an_operator_offers_a_call_back(dispatcher, monkeypatch):
    monkeypatch.setattr(common, "settings", dataclasses.replace(common.settings, sip_operator_uri=""))
    await Handover().run(dispatcher, asked_for_a_person("phone"), {})
    assert said(dispatcher) == ["utter_offer_callback"]


def test_the_transcript_is_bounded_and_says_who_spoke():
    turns = [user_event("好" * 1000, "inform") for _ in range(30)]
    bot = [{"event": "bot", "text": "要几份？"}]
    lines = handover.transcript(make_tracker({}, turns, bot=bot))
    assert len(lines) == handover.TRANSCRIPT_TURNS and all(len(t["text"]) <= handover.TRANSCRIPT_CHARS for t in lines)
    assert {t["who"] for t in handover.transcript(make_tracker({}, turns[:2], bot=bot))} == {"caller", "bot"}


def test_the_number_to_call_back_is_a_real_phone_number_or_none():
    assert handover.caller_phone(make_tracker({"session_started_metadata": {"caller_id": "+86 138-0013-8000"}}, [])) \
        == "13800138000"
    assert handover.caller_phone(make_tracker({"session_started_metadata": {"caller_id": "anonymous"}}, [])) is None


def offered_then(text: str, intent: str):
    """要不要安排工作人员给您回电话？ was asked; the caller's next turn is ``text``."""
    offer = {"event": "slot", "name": "offered_callback", "value": True, "timestamp": 1.0}
    withdrawn = {"event": "slot", "name": "offered_callback", "value": False, "timestamp": 1.0}
    turn = user_event(text, intent)
    tracker = make_tracker({"channel": "speaker", "offered_callback": False}, [turn])
    tracker.events = [offer, turn, withdrawn]  # the intent's slot mapping withdrew the offer
    return tracker


@pytest.mark.asyncio
async def test_thanks_with_a_no_to_the_call_back_declines_it(dispatcher):
    from actions.conversation import Thank

    events = await Thank().run(dispatcher, offered_then("不用了，谢谢你", "thank"), {})
    assert said(dispatcher) == ["utter_anything_else"] and not any(e.get("name") == "order_id" for e in events)


@pytest.mark.asyncio
async def test_thanks_alone_is_only_thanks(dispatcher):
    from actions.conversation import Thank

    await Thank().run(dispatcher, make_tracker({}, [user_event("谢谢你啊", "thank")]), {})
    assert said(dispatcher) == ["utter_thank"]
