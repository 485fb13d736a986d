"""RFC 4733 telephone events: keypad digits carried in RTP."""
from __future__ import annotations

import struct

EVENTS = "0123456789*#ABCD"


def encode_event(digit: str, end: bool, duration: int, volume: int = 10) -> bytes:
    return struct.pack("!BBH", EVENTS.index(digit), (0x80 if end else 0) | (volume & 0x3F), duration)


class DtmfReceiver:
    """One digit per event: an event is known by its RTP timestamp, so the repeated packets of a
    long press and the three retransmitted end packets all count once."""

    def __init__(self):
        self._seen: list[int] = []  # recent event timestamps

    def packet(self, timestamp: int, payload: bytes) -> str | None:
        if len(payload) < 4:
            return None
        event = payload[0]
        if event >= len(EVENTS) or timestamp in self._seen:
            return None
        self._seen = (self._seen + [timestamp])[-16:]
        return EVENTS[event]
