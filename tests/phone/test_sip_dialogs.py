"""The gateway's SIP behaviour seen by a bare UDP client: answers, refusals, media and hang-ups.

A fake Rasa stands in for the dialogue; records and dispatch are down, so call records wait on
disk (they are delivered once dispatch is back: see test_hotline.py)."""
from __future__ import annotations

import json
import socket
import time

import numpy as np
import pytest

from phone_helpers import of, wait_for
from voice.phone import g711, rtp, sip
from voice.phone.dtmf import encode_event
from voice.pipeline import EventType
from voice.pipeline import prompts

pytestmark = pytest.mark.e2e

OFFER = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
         "m=audio {port} RTP/AVP {pts}\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
         "a=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\n")


class UdpPhone:
    """Just enough of a SIP phone to speak the protocol by hand."""

    def __init__(self, gateway):
        self.gateway = gateway.address
        self.sip = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sip.bind(("127.0.0.1", 0))
        self.sip.settimeout(5)
        self.media = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.media.bind(("127.0.0.1", 0))
        self.media.settimeout(5)
        self.port = self.sip.getsockname()[1]

    def request(self, method: str, call_id: str, cseq: int = 1, to_tag: str = "", body: str = "",
                branch: str | None = None) -> bytes:
        to = f"<sip:12349@127.0.0.1:{self.gateway[1]}>" + (f";tag={to_tag}" if to_tag else "")
        lines = [f"{method} sip:12349@127.0.0.1:{self.gateway[1]} SIP/2.0",
                 f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch={branch or sip.new_branch()}",
                 "Max-Forwards: 70", f"From: <sip:13600000000@127.0.0.1:{self.port}>;tag=ph1", f"To: {to}",
                 f"Call-ID: {call_id}", f"CSeq: {cseq} {method}", f"Contact: <sip:13600000000@127.0.0.1:{self.port}>"]
        if body:
            lines.append("Content-Type: application/sdp")
        data = ("\r\n".join(lines + [f"Content-Length: {len(body.encode())}", "", ""]) + body).encode()
        self.sip.sendto(data, self.gateway)
        return data

    def invite(self, call_id: str, pts: str = "0 8 101", **kwargs) -> bytes:
        return self.request("INVITE", call_id, body=OFFER.format(port=self.media.getsockname()[1], pts=pts), **kwargs)

    def receive(self) -> sip.Message:
        return sip.parse(self.sip.recvfrom(65535)[0])

    def final(self) -> sip.Message:
        while True:
            message = self.receive()
            if message.is_request or message.status >= 200:
                return message

    def close(self):
        self.sip.close()
        self.media.close()


@pytest.fixture
def gateway(make_gateway):
    return make_gateway(offline=True, sip_max_calls=1)


@pytest.fixture
def phone(gateway):
    client = UdpPhone(gateway)
    yield client
    client.close()


def test_options_lists_what_the_gateway_takes(phone):
    phone.request("OPTIONS", "opt-1")
    answer = phone.final()
    assert answer.status == 200 and "INVITE" in answer.get("allow") and "BYE" in answer.get("allow")


def test_call_answered_in_the_preferred_codec_greets_and_ends_with_a_spooled_record(gateway, phone):
    phone.invite("call-a", pts="8 0 101")
    assert phone.receive().status == 100
    ok = phone.final()
    assert ok.status == 200 and "RTP/AVP 8 101" in ok.body.decode()
    assert phone.invite("call-a", branch=ok.branch) and phone.final().get("to") == ok.get("to")  # resent
    phone.request("ACK", "call-a", to_tag=sip.tag(ok.get("to")))
    packets = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(packets) < 150:  # 3 s of greeting
        packet = rtp.unpack(phone.media.recvfrom(2048)[0])
        packets.append(packet)
    assert {p[0] for p in packets} == {8}  # PCMA as answered
    seqs = [p[1] for p in packets]
    assert all((b - a) % 65536 == 1 for a, b in zip(seqs, seqs[1:]))
    audio = np.concatenate([g711.decode(p[3], 8) for p in packets])
    assert np.sqrt(np.mean(audio ** 2)) > 0.01  # the greeting, not silence
    call = gateway.calls["call-a"]
    phone.request("BYE", "call-a", cseq=2, to_tag=sip.tag(ok.get("to")))
    assert phone.final().status == 200
    wait_for(lambda: call in gateway.finished, 10, "the call to end")
    assert call.ended_by == "caller" and call.outcome() == "abandoned"  # hung up before asking anything
    spooled = gateway.shared.call_log.pending()
    assert len(spooled) == 1  # dispatch is down: the record waits on disk
    record = json.loads(spooled[0].read_text())
    assert record["caller"] == "13600000000" and record["outcome"] == "abandoned" and record["channel"] == "phone"


def test_refusals_busy_codec_unknown_dialog_and_reinvite(gateway, phone):
    phone.invite("only-g722", pts="9")
    assert phone.final().status == 488
    phone.invite("first")
    first = phone.final()
    assert first.status == 200
    phone.request("ACK", "first", to_tag=sip.tag(first.get("to")))
    phone.invite("second")
    assert phone.final().status == 486  # sip_max_calls=1
    phone.invite("first", cseq=2, to_tag=sip.tag(first.get("to")))
    assert phone.final().status == 488  # re-INVITE: the call goes on unchanged
    assert "first" in gateway.calls
    phone.request("BYE", "nobody-knows")
    assert phone.final().status == 481
    phone.request("BYE", "first", cseq=3, to_tag=sip.tag(first.get("to")))
    assert phone.final().status == 200


def test_keypad_zero_in_rtp_without_an_operator_asks_for_a_person_and_keeps_the_call(gateway, phone):
    phone.invite("dtmf-call")
    ok = phone.final()
    phone.request("ACK", "dtmf-call", to_tag=sip.tag(ok.get("to")))
    call = gateway.calls["dtmf-call"]
    target = ("127.0.0.1", int(ok.body.decode().split("m=audio ")[1].split()[0]))
    for end, duration in ((False, 160), (False, 320), (True, 480), (True, 480), (True, 480)):
        phone.media.sendto(rtp.pack(101, 1, 1000, 7, encode_event("0", end, duration)), target)
    # no operator configured: the press goes to Rasa (which offers a call-back), once for five packets
    wait_for(lambda: of(call, EventType.INTENT_END), 10, "Rasa's answer to the key")
    assert [e["text"] for e in of(call, EventType.INTENT_START)] == [prompts.ASK_FOR_HUMAN]
    assert not of(call, EventType.HAND_OVER) and call not in gateway.finished
    # a hotline caller is never sent to the hotline (the greeting names it, nothing after it does)
    assert not any("12349" in e["text"] for e in of(call, EventType.TTS_START) if e["purpose"] != "greeting")
    phone.request("BYE", "dtmf-call", cseq=2, to_tag=sip.tag(ok.get("to")))
    assert phone.final().status == 200
    wait_for(lambda: call in gateway.finished, 10, "the call to end")


def test_rasa_down_is_recorded_as_such_not_as_served(make_gateway):
    gateway = make_gateway(offline=True, rasa_url="http://127.0.0.1:9")  # nothing listens on port 9
    phone = UdpPhone(gateway)
    try:
        phone.invite("rasa-down")
        ok = phone.final()
        phone.request("ACK", "rasa-down", to_tag=sip.tag(ok.get("to")))
        call = gateway.calls["rasa-down"]
        target = ("127.0.0.1", int(ok.body.decode().split("m=audio ")[1].split()[0]))
        seq = 0
        for i, digit in enumerate("12#"):  # a typed answer: a turn Rasa cannot take
            for end, duration in ((False, 160), (True, 480), (True, 480)):
                seq += 1
                phone.media.sendto(rtp.pack(101, seq, 1000 + 1000 * i, 7, encode_event(digit, end, duration)), target)
        wait_for(lambda: of(call, EventType.ERROR), 20, "Rasa's absence to be noticed")
        assert [e["code"] for e in of(call, EventType.ERROR)] == ["intent-unavailable"]
        phone.request("BYE", "rasa-down", cseq=2, to_tag=sip.tag(ok.get("to")))
        assert phone.final().status == 200
        wait_for(lambda: call in gateway.finished, 10, "the call to end")
        record = json.loads(gateway.shared.call_log.pending()[-1].read_text())
        assert record["outcome"] == "rasa_unavailable"
    finally:
        phone.close()
