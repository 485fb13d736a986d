"""The 12349 hotline over SIP: a user agent that answers phone calls with a VoiceSession each.

sip.py (messages) · sdp.py (offer/answer) · g711.py (μ-law/A-law) · rtp.py (packets, paced media)
· dtmf.py (RFC 4733 keypad events) · dialog.py (one SIP dialog's identifiers and requests)
· call.py (one call: media, session, hand-over, record) · call_log.py (call records to dispatch,
kept on disk while dispatch is down) · callers.py (who is calling, the greeting) · gateway.py (the
UDP user agent: transactions, many calls) · __main__.py (``python -m voice.phone``).
"""
