"""G.711 μ-law and A-law at 8 kHz as numpy lookup tables (audioop is deprecated and gone in 3.13)."""
from __future__ import annotations

import numpy as np


def _ulaw_decode_byte(byte: int) -> int:
    u = ~byte & 0xFF
    sign, exponent, mantissa = u & 0x80, (u >> 4) & 0x07, u & 0x0F
    magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return -magnitude if sign else magnitude


def _alaw_decode_byte(byte: int) -> int:
    a = byte ^ 0x55
    sign, exponent, mantissa = a & 0x80, (a >> 4) & 0x07, a & 0x0F
    magnitude = (mantissa << 4) + 8 if exponent == 0 else ((mantissa << 4) + 0x108) << (exponent - 1)
    return magnitude if sign else -magnitude


def _ulaw_encode_sample(sample: int) -> int:
    BIAS, CLIP = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    magnitude = min(CLIP, -sample if sample < 0 else sample) + BIAS
    exponent = max(0, magnitude.bit_length() - 8)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def _alaw_encode_sample(sample: int) -> int:
    sign = 0x80 if sample >= 0 else 0
    magnitude = min(32767, -sample - 1 if sample < 0 else sample) >> 3  # 13-bit magnitude
    if magnitude < 32:
        code = magnitude >> 1
    else:
        exponent = magnitude.bit_length() - 5
        code = (exponent << 4) | ((magnitude >> exponent) & 0x0F)
    return (sign | code) ^ 0x55


# byte → int16 (256 entries) and int16 (offset by 32768) → byte (65536 entries), built once
ULAW_DECODE = np.array([_ulaw_decode_byte(b) for b in range(256)], np.int16)
ALAW_DECODE = np.array([_alaw_decode_byte(b) for b in range(256)], np.int16)
ULAW_ENCODE = np.array([_ulaw_encode_sample(s) for s in range(-32768, 32768)], np.uint8)
ALAW_ENCODE = np.array([_alaw_encode_sample(s) for s in range(-32768, 32768)], np.uint8)

PCMU, PCMA = 0, 8  # static RTP payload types (RFC 3551)
NAMES = {PCMU: "PCMU", PCMA: "PCMA"}


def decode(payload: bytes, payload_type: int) -> np.ndarray:
    """G.711 bytes → float32 samples in [-1, 1)."""
    table = ULAW_DECODE if payload_type == PCMU else ALAW_DECODE
    return table[np.frombuffer(payload, np.uint8)].astype(np.float32) / 32768.0


def encode(samples: np.ndarray, payload_type: int) -> bytes:
    """float32 samples in [-1, 1] → G.711 bytes."""
    pcm = np.clip(np.round(np.asarray(samples, np.float32) * 32768.0), -32768, 32767).astype(np.int32)
    table = ULAW_ENCODE if payload_type == PCMU else ALAW_ENCODE
    return table[pcm + 32768].tobytes()


def silence(n: int, payload_type: int) -> bytes:
    return encode(np.zeros(n, np.float32), payload_type)
