"""The SIP parser (voice/phone/sip.py) on whatever arrives on UDP: a readable message or SipError, never
another exception (the gateway's receive loop only catches SipError); and the caller ID is bounded."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from voice.phone import callers, sip

INVITE = (b"INVITE sip:12349@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
          b"From: <sip:13800138000@127.0.0.1>;tag=a\r\nTo: <sip:12349@127.0.0.1>\r\nCall-ID: c1\r\n"
          b"CSeq: 1 INVITE\r\nContent-Length: 3\r\n\r\nabc")


def parse_or_refuse(data: bytes) -> None:
    try:
        message = sip.parse(data)
    except sip.SipError:
        return
    message.encode()  # what the gateway does with it next: answer, read the caller
    callers.caller_id(sip.user_of(message.get("from")))
    try:
        message.cseq
    except sip.SipError:
        pass


@settings(max_examples=400, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes(data):
    parse_or_refuse(data)


LINES = st.lists(st.sampled_from([b"Via: SIP/2.0/UDP x;branch=z9", b"From: <sip:\xe2\x80\x8b@x>", b"f: a", b"To: b",
                                  b"Call-ID: c", b"i: c", b"CSeq: 1 INVITE", b"CSeq: x", b"Content-Length: 5",
                                  b"Content-Length: \xc2\xb2", b"l: 99999999999999999999", b" folded", b"\t", b":",
                                  b"Content-Length: " + b"9" * 5000, b"\xff\xfe"]), max_size=12)


@settings(max_examples=400, deadline=None)
@given(first=st.sampled_from([b"INVITE sip:12349@h SIP/2.0", b"SIP/2.0 200 OK", b"SIP/2.0 x", b"BYE  SIP/2.0", b""]),
       lines=LINES, body=st.binary(max_size=100), sep=st.sampled_from([b"\r\n", b"\n"]))
def test_mangled_messages(first, lines, body, sep):
    parse_or_refuse(sep.join([first, *lines]) + sep + sep + body)


@given(cut=st.integers(0, len(INVITE)))
def test_truncated_invites(cut):
    parse_or_refuse(INVITE[:cut])


def test_the_caller_id_passed_on_is_a_short_plain_token():
    assert callers.caller_id("13800138000") == "13800138000"
    assert callers.caller_id("+8613800138000") == "+8613800138000"
    for hostile in ("1" * 100, "<script>", "138 0013 8000", "a\nb", ""):
        assert callers.caller_id(hostile) == ""
