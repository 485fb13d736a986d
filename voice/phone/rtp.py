"""RTP (RFC 3550) for one call: G.711 in and out in 20 ms packets, keypad events in.

Outgoing packets are paced by the clock, one every 20 ms, carrying silence when there is
nothing to say, so the caller's jitter buffer and NAT bindings stay alive.
"""
from __future__ import annotations

import logging
import random
import socket
import struct
import threading
import time
from typing import Callable

import numpy as np

from . import g711
from .dtmf import DtmfReceiver

log = logging.getLogger(__name__)
PTIME_S = 0.02
SAMPLES = 160  # 20 ms at 8 kHz
MAX_LAG_S = 0.2  # further behind than this (a stalled process), restart the clock rather than burst


def pack(payload_type: int, seq: int, timestamp: int, ssrc: int, payload: bytes, marker: bool = False) -> bytes:
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | payload_type, seq & 0xFFFF,
                       timestamp & 0xFFFFFFFF, ssrc) + payload


def unpack(data: bytes) -> tuple[int, int, int, bytes] | None:
    """(payload_type, seq, timestamp, payload), or None for what is not RTP version 2."""
    if len(data) < 12 or data[0] >> 6 != 2:
        return None
    csrc, has_ext, padded = data[0] & 0x0F, data[0] & 0x10, data[0] & 0x20
    pt, seq, ts = data[1] & 0x7F, *struct.unpack("!HI", data[2:8])
    offset = 12 + 4 * csrc
    if has_ext and len(data) >= offset + 4:
        offset += 4 + 4 * struct.unpack("!H", data[offset + 2:offset + 4])[0]
    end = len(data) - (data[-1] if padded and data[-1] else 0)
    return (pt, seq, ts, data[offset:end]) if offset <= end else None


def bind_port(host: str, low: int, high: int) -> socket.socket:
    """A UDP socket on a free even port of [low, high] (odd ones are RTCP's by convention)."""
    ports = list(range(low + low % 2, high + 1, 2))
    random.shuffle(ports)
    for port in ports:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind((host, port))
            return sock
        except OSError:
            sock.close()
    raise OSError(f"no free RTP port in {low}-{high}")


class RtpStream:
    def __init__(self, sock: socket.socket, remote: tuple[str, int], codec: int, dtmf_pt: int | None,
                 source: Callable[[int], np.ndarray], on_audio: Callable[[np.ndarray], None],
                 on_digit: Callable[[str], None]):
        self.sock, self.remote, self.codec, self.dtmf_pt = sock, remote, codec, dtmf_pt
        self.source, self.on_audio, self.on_digit = source, on_audio, on_digit
        self.ssrc, self.seq, self.ts = random.getrandbits(32), random.getrandbits(16), random.getrandbits(32)
        self.dtmf = DtmfReceiver()
        self.packets_in = self.packets_out = 0
        self._running = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def start(self) -> None:
        self._running.set()
        self.sock.settimeout(0.2)
        for target, name in ((self._receive, "rtp-in"), (self._send, "rtp-out")):
            thread = threading.Thread(target=target, name=f"{name}-{self.port}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._running.clear()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2)
        self.sock.close()

    def _receive(self) -> None:
        while self._running.is_set():
            try:
                data, _addr = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            packet = unpack(data)
            if packet is None:
                continue
            pt, _seq, ts, payload = packet
            self.packets_in += 1
            try:
                if pt == self.codec:
                    self.on_audio(g711.decode(payload, pt))
                elif pt == self.dtmf_pt:
                    digit = self.dtmf.packet(ts, payload)
                    if digit:
                        self.on_digit(digit)
            except Exception:  # one bad packet or handler error must not end the call's audio
                log.exception("RTP packet handling failed")

    def _send(self) -> None:
        next_at, first = time.monotonic(), True
        while self._running.is_set():
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif delay < -MAX_LAG_S:
                next_at = time.monotonic()
            payload = g711.encode(self.source(SAMPLES), self.codec)
            try:
                self.sock.sendto(pack(self.codec, self.seq, self.ts, self.ssrc, payload, first), self.remote)
            except OSError:
                if not self._running.is_set():
                    return
            self.packets_out += 1
            first = False
            self.seq, self.ts = self.seq + 1, self.ts + SAMPLES
            next_at += PTIME_S
