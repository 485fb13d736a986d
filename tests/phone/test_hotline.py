"""The hotline end to end: baresip (Debian's SIP phone) calls the gateway on loopback, with the
real records, dispatch, action server and Rasa behind it, and Whisper transcribing what the
phone heard."""
from __future__ import annotations

import json
import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from phone_helpers import answered, call_records, dialogue, of, speak_turn, the_call, wait_for
from assistant.processes import APP_PYTHON, Server, free_port
from tests.support.stack import TOKEN
from voice.phone import sip
from voice.phone.call_log import CallLog
from voice.phone.callers import greeting
from voice.pipeline import EventType

pytestmark = pytest.mark.e2e

ELDER_PHONE, ELDER_ID = "13800138000", "10000001"
TOMORROW = (datetime.now(timezone(timedelta(hours=8))) + timedelta(days=1)).date().isoformat()


# what the meal form asks → what the caller says (phrases Whisper hears well over G.711)
# (the confirmation first: its summary repeats the other answers)
# Whisper base hears a bare 一份 from the neural voice as 医生 or 以生 (the voice is deterministic: every
# time), and 送到家里 as 中到家里 / 宋到家里; in a fuller sentence it hears them right. One breath: the voice pauses ~1 s at a comma, and a
# whole clause followed by that pause is a turn of its own (我一个人吃，… is answered before 要一份)
MEAL_ANSWERS = [("对吗", "对，没错"), ("几份", "我只要一份"), ("要求", "普通的就行"), ("送到家", "给我送到家里"),
                ("没听明白", "我想订明天的午饭")]


def meal_orders(stack) -> list[dict]:
    response = stack.api("dispatch", "GET", f"/dispatch/v1/orders?elder_id={ELDER_ID}&type=meal")
    return response.json()["items"]


def test_greeting_by_name_then_a_spoken_meal_order_is_confirmed(stack, make_gateway, phones, utterances,
                                                                whisper):
    gateway = make_gateway()
    before = {o["order_id"] for o in meal_orders(stack)}
    phone = phones(ELDER_PHONE, utterances.silence)
    phone.dial(gateway.uri)
    call = the_call(gateway)
    assert phone.wait_event("CALL_ESTABLISHED", 10)
    wait_for(lambda: of(call, EventType.TTS_START) and answered(call), 30, "the greeting")
    assert of(call, EventType.TTS_START)[0]["text"] == greeting("12349", "张建国")

    # the caller answers whatever the assistant asks, the way a person would (asked again, says it again)
    reply = speak_turn(phone, call, utterances("我想订明天的午饭"))
    for _ in range(8):
        if call.order_ids:
            break
        answer = next((said for asked, said in MEAL_ANSWERS if asked in "".join(reply)), None)
        assert answer, f"an unexpected question: {dialogue(call)}"
        reply = speak_turn(phone, call, utterances(answer))
    assert call.order_ids, f"no order after eight turns: {dialogue(call)}"
    phone.hang_up()
    wait_for(lambda: call in gateway.finished, 15, "the call to end")

    heard, rate = phone.heard()
    first_words = whisper.transcribe(heard[: rate * 8], rate)
    assert "张建国" in first_words and "养老服务" in first_words, first_words  # greeted by name

    new = [o for o in meal_orders(stack) if o["order_id"] not in before]
    assert [o["order_id"] for o in new] == call.order_ids
    order = new[0]
    assert order["details"]["date"] == TOMORROW and order["details"]["meal"] == "午餐"
    assert order["details"]["mode"] == "送餐" and order["details"]["portions"] == 1
    assert order["channel"] == "phone" and order["status"] == "created"

    records = wait_for(lambda: call_records(stack, ELDER_PHONE), 10, "the call record")
    assert records[-1]["outcome"] == "served"
    assert json.loads(records[-1]["order_ids"]) == call.order_ids


def test_hanging_up_mid_form_leaves_no_order_and_an_abandoned_record(stack, make_gateway, phones, utterances):
    gateway = make_gateway()
    caller = "13800138000"
    before = {o["order_id"] for o in meal_orders(stack)}
    records_before = len(call_records(stack, caller))
    phone = phones(caller, utterances.silence)
    phone.dial(gateway.uri)
    call = the_call(gateway)
    wait_for(lambda: of(call, EventType.TTS_START) and answered(call), 30, "the greeting")
    reply = speak_turn(phone, call, utterances("我想订明天的午饭"))
    assert "几份" in "".join(reply)  # inside the meal form
    phone.hang_up()
    wait_for(lambda: call in gateway.finished, 15, "the call to end")
    assert call.ended_by == "caller"
    records = wait_for(lambda: call_records(stack, caller)[records_before:], 10, "the call record")
    assert records[-1]["outcome"] == "abandoned" and json.loads(records[-1]["order_ids"]) == []
    assert {o["order_id"] for o in meal_orders(stack)} == before


def test_keypad_zero_transfers_to_the_operator_with_refer(stack, make_gateway, phones, utterances):
    operator = phones("operator", utterances.silence, auto_answer=True)
    gateway = make_gateway(sip_operator_uri=operator.uri)
    caller = "13912345678"
    phone = phones(caller, utterances.silence)
    phone.dial(gateway.uri)
    call = the_call(gateway)
    wait_for(lambda: of(call, EventType.TTS_START), 30, "the greeting to start")
    phone.keys("0")
    wait_for(lambda: of(call, EventType.HAND_OVER), 10, "the hand-over")
    assert of(call, EventType.HAND_OVER)[0]["reason"] == "dtmf"
    # the caller's phone follows the REFER and rings the operator, who answers
    assert operator.wait_event("CALL_ESTABLISHED", 40), operator.events
    wait_for(lambda: call in gateway.finished, 30, "the gateway to leave the call")
    assert call.transferred
    records = wait_for(lambda: call_records(stack, caller), 10, "the call record")
    assert records[-1]["outcome"] == "handed_over"


def test_keypad_star_asks_rasa_to_repeat_and_digits_stand_in_for_speech(stack, make_gateway, phones, utterances):
    gateway = make_gateway()
    caller = "13700000001"  # not a registered elder
    phone = phones(caller, utterances.silence)
    phone.dial(gateway.uri)
    call = the_call(gateway)
    wait_for(lambda: of(call, EventType.TTS_START) and answered(call), 30, "the greeting")
    assert of(call, EventType.TTS_START)[0]["text"] == greeting("12349", None)  # unknown number: no name
    reply = speak_turn(phone, call, utterances("我想订明天的午饭"))
    assert "手机" in "".join(reply) or "电话" in "".join(reply), reply  # who is calling?
    # * asks Rasa to repeat: the same question again, slower, as Rasa decided
    before = len(of(call, EventType.INTENT_END))
    phone.keys("*")
    wait_for(lambda: len(of(call, EventType.INTENT_END)) > before and answered(call), 30, "the repeat")
    assert of(call, EventType.INTENT_START)[-1]["text"] == "/repeat"
    again = of(call, EventType.TTS_START)[-1]
    assert again["slower"] > 1 and ("手机" in again["text"] or "电话" in again["text"]), again.data
    before = len(of(call, EventType.INTENT_END))
    phone.keys(ELDER_PHONE + "#", gap_s=0.25)
    wait_for(lambda: len(of(call, EventType.INTENT_END)) > before, 30, "the answer to the typed number")
    assert of(call, EventType.INTENT_START)[-1]["text"] == ELDER_PHONE
    phone.hang_up()
    wait_for(lambda: call in gateway.finished, 15, "the call to end")


def test_a_call_record_kept_while_dispatch_is_down_is_delivered_when_it_returns(stack, tmp_path):
    port = free_port()
    call_log = CallLog(f"http://127.0.0.1:{port}", TOKEN, tmp_path / "spool", retry_s=0.5)
    caller = "13500000009"
    try:
        call_log.record({"caller": caller, "channel": "phone", "started_at": "2026-01-05T09:00:00",
                         "ended_at": "2026-01-05T09:02:00", "outcome": "served", "order_ids": []})
        assert len(call_log.pending()) == 1 and not call_records(stack, caller)
        dispatch = Server("dispatch-back", [str(APP_PYTHON), "-m", "services.dispatch"], port,
                          dict(stack.env, E12349_DISPATCH_PORT=str(port)), tmp_path).start()
        try:
            wait_for(lambda: not call_log.pending(), 30, "the spooled record to be delivered")
        finally:
            dispatch.stop()
    finally:
        call_log.close()
    assert [r["outcome"] for r in call_records(stack, caller)] == ["served"]  # delivered once


def test_an_emergency_makes_a_p0_order_then_goes_straight_to_the_operator(stack, make_gateway, phones, utterances):
    operator = phones("operator", utterances.silence, auto_answer=True)
    gateway = make_gateway(sip_operator_uri=operator.uri)
    phone = phones(ELDER_PHONE, utterances.silence)
    phone.dial(gateway.uri)
    call = the_call(gateway)
    wait_for(lambda: of(call, EventType.TTS_START) and answered(call), 30, "the greeting")
    phone.say(utterances("我摔倒了，起不来了"))
    wait_for(lambda: of(call, EventType.HAND_OVER), 90, lambda: f"the hand-over: {dialogue(call)}")
    assert operator.wait_event("CALL_ESTABLISHED", 60), operator.events
    wait_for(lambda: call in gateway.finished, 30, "the gateway to leave the call")
    assert call.emergency and call.transferred
    # no second hand-over notice: the answer already said the transfer is coming
    assert not [s["text"] for s in of(call, EventType.TTS_START) if s["purpose"] == "handover"]
    order = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{call.order_ids[0]}").json()
    assert order["type"] == "emergency" and order["priority"] == "P0" and order["elder_id"] == ELDER_ID
    records = wait_for(lambda: [r for r in call_records(stack, ELDER_PHONE) if call.order_ids[0] in r["order_ids"]],
                       10, "the call record")
    assert records[0]["outcome"] == "handed_over"


class BusyOperator:
    """An operator line that is busy: answers every INVITE 486 and remembers it."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.3)
        self.uri = f"sip:operator@127.0.0.1:{self.sock.getsockname()[1]}"
        self.invites: list[sip.Message] = []
        self.running = True
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while self.running:
            try:
                data, addr = self.sock.recvfrom(65535)
                message = sip.parse(data)
            except (OSError, sip.SipError):
                continue
            if message.method == "INVITE":
                self.invites.append(message)
                self.sock.sendto(sip.response(message, 486, to_tag="busy1").encode(), addr)

    def close(self):
        self.running = False
        self.sock.close()


def test_a_busy_operator_keeps_the_call_and_a_call_back_is_offered(stack, make_gateway, phones, utterances):
    operator = BusyOperator()
    try:
        gateway = make_gateway(sip_operator_uri=operator.uri)
        phone = phones("13912340000", utterances.silence)
        phone.dial(gateway.uri)
        call = the_call(gateway)
        wait_for(lambda: of(call, EventType.TTS_START), 30, "the greeting to start")
        phone.keys("0")
        wait_for(lambda: operator.invites, 40, "the caller's phone to try the operator")
        # the transfer failed: the call goes on, Rasa hears no operator is free and offers a call-back
        wait_for(lambda: any(r["custom"] == [] or r["texts"] for r in of(call, EventType.INTENT_END)), 60, "the call-back offer")
        time.sleep(2)
        assert call not in gateway.finished and not call.transferred
        assert not any("12349" in s["text"] for s in of(call, EventType.TTS_START) if s["purpose"] != "greeting")
        tracker = stack.rasa_api("GET", f"/conversations/{call.sender_id}/tracker").json()
        assert tracker["slots"]["offered_callback"] is True
    finally:
        operator.close()
