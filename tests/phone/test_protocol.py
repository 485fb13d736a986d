"""The wire formats on their own: G.711, RTP, RFC 4733 events, SIP messages and SDP offers."""
from __future__ import annotations

import numpy as np
import pytest

from voice.phone import g711, rtp, sdp, sip
from voice.phone.callers import phone_number
from voice.phone.dtmf import DtmfReceiver, encode_event

pytestmark = pytest.mark.fast

INVITE = (
    "INVITE sip:12349@127.0.0.1:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport\r\n"
    "Max-Forwards: 70\r\n"
    'From: "Zhang" <sip:13800138000@127.0.0.1>;tag=caller1\r\n'
    "To: <sip:12349@127.0.0.1>\r\n"
    "Call-ID: call-1@127.0.0.1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:13800138000@127.0.0.1:5070>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: {length}\r\n\r\n{body}")
OFFER = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
         "m=audio 40000 RTP/AVP {pts}\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
         "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n")


def invite(pts: str = "0 8 101") -> bytes:
    body = OFFER.format(pts=pts)
    return INVITE.format(length=len(body.encode()), body=body).encode()


@pytest.mark.parametrize("pt", [g711.PCMU, g711.PCMA])
def test_g711_round_trip_keeps_speech_clear(pt):
    t = np.arange(8000) / 8000
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    coded = g711.encode(tone, pt)
    assert len(coded) == 8000  # one byte a sample
    back = g711.decode(coded, pt)
    snr = 10 * np.log10(np.sum(tone ** 2) / np.sum((tone - back) ** 2))
    assert snr > 30  # G.711's companding noise is ~38 dB below a loud tone
    assert g711.decode(g711.silence(160, pt), pt).max() < 0.001


def test_g711_known_code_points():
    # ITU-T G.711: μ-law 0xFF is zero and 0x00 the most negative; A-law 0xD5 is +8, 0x55 is -8
    assert g711.ULAW_DECODE[0xFF] == 0 and g711.ULAW_DECODE[0x00] == -32124
    assert g711.ALAW_DECODE[0xD5] == 8 and g711.ALAW_DECODE[0x55] == -8
    assert g711.encode(np.zeros(1), g711.PCMU) == b"\xff" and g711.encode(np.zeros(1), g711.PCMA) == b"\xd5"


def test_rtp_packet_round_trip_and_foreign_packets_are_ignored():
    packet = rtp.pack(8, 65535, 2 ** 32 - 1, 1234, b"\x01\x02", marker=True)
    assert rtp.unpack(packet) == (8, 65535, 2 ** 32 - 1, b"\x01\x02")
    assert rtp.unpack(b"\x00" * 20) is None  # not version 2
    assert rtp.unpack(b"\x80") is None


def test_a_long_keypress_with_retransmitted_end_packets_is_one_digit():
    receiver = DtmfReceiver()
    heard = [receiver.packet(8000, encode_event("5", False, d)) for d in (160, 320, 480)]
    heard += [receiver.packet(8000, encode_event("5", True, 640)) for _ in range(3)]
    heard += [receiver.packet(9600, encode_event("#", True, 400))]  # the next press: a new timestamp
    assert [d for d in heard if d] == ["5", "#"]


def test_sip_invite_is_parsed_and_answered_with_the_dialog_headers():
    msg = sip.parse(invite())
    assert msg.method == "INVITE" and msg.cseq == (1, "INVITE") and msg.branch == "z9hG4bKabc"
    assert sip.user_of(msg.get("from")) == "13800138000" and sip.tag(msg.get("from")) == "caller1"
    assert sip.host_port(msg.get("contact")) == ("127.0.0.1", 5070)
    ok = sip.parse(sip.response(msg, 200, to_tag="gw1").encode())
    assert ok.status == 200 and sip.tag(ok.get("to")) == "gw1" and ok.call_id == msg.call_id
    assert ok.get("via") == msg.get("via") and ok.get("cseq") == "1 INVITE"


def test_sip_compact_headers_and_garbage():
    compact = b"BYE sip:x@h SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:a@h>;tag=1\r\n" \
              b"t: <sip:b@h>;tag=2\r\ni: c1\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n"
    assert sip.parse(compact).call_id == "c1"
    with pytest.raises(sip.SipError):
        sip.parse(b"hello world\r\n\r\n")
    with pytest.raises(sip.SipError):
        sip.parse(b"OPTIONS sip:x@h SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n")  # no Call-ID, From, To, Via


def test_sdp_answer_takes_the_callers_preferred_g711_and_telephone_events():
    offer = sdp.parse_offer(OFFER.format(pts="8 0 101").encode())
    assert (offer.address, offer.port, offer.codec, offer.dtmf_payload) == ("127.0.0.1", 40000, 8, 101)
    answer = sdp.answer(offer, "127.0.0.1", 20000).decode()
    assert "m=audio 20000 RTP/AVP 8 101" in answer and "a=rtpmap:8 PCMA/8000" in answer
    assert sdp.parse_offer(OFFER.format(pts="0 8").encode()).codec == 0
    with pytest.raises(sdp.SdpError):
        sdp.parse_offer(OFFER.format(pts="9 101").encode()).codec  # G.722 only
    with pytest.raises(sdp.SdpError):
        sdp.parse_offer(b"v=0\r\ns=-\r\n")


def test_caller_numbers_become_phone_numbers():
    assert phone_number("+86 138-0013-8000") == "13800138000"
    assert phone_number("13800138000") == "13800138000"
    assert phone_number("anonymous") == ""
