"""PCM helpers: decoding, channel mixing, resampling, framing.

Everything inside voice/ works on mono float32 in [-1, 1]; channels convert at
the edges (int16 bytes for sound cards and RTP, WAV files for voice notes).
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

ASR_RATE = 16000
FRAME_S = 0.02  # 20 ms frames: the unit of VAD, endpointing and the session clock


class AudioError(ValueError):
    """Audio that cannot be used; ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def to_mono_float(samples: np.ndarray) -> np.ndarray:
    x = np.asarray(samples)
    if x.dtype == np.int16:
        x = x.astype(np.float32) / 32768.0
    elif x.dtype.kind == "i":
        x = x.astype(np.float32) / float(np.iinfo(x.dtype).max)
    x = x.astype(np.float32, copy=False)
    if x.ndim == 2:
        x = x.mean(axis=1)
    return x


def resample(x: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """High-quality band-limited resampling (libsoxr): 8 kHz phone audio up to Whisper's 16 kHz keeps
    its band without imaging, 48 kHz sound cards come down without aliasing."""
    if src_rate == dst_rate or len(x) == 0:
        return x.astype(np.float32, copy=False)
    return soxr.resample(x.astype(np.float32, copy=False), src_rate, dst_rate, quality="HQ").astype(np.float32)


class StreamResampler:
    """``resample`` for audio that arrives in pieces: the joined output equals resampling the whole at
    once (no clicks at the joins); soxr holds back its filter's delay until ``flush()``."""

    def __init__(self, src_rate: int, dst_rate: int):
        self.src, self.dst = src_rate, dst_rate
        self._stream = None if src_rate == dst_rate else soxr.ResampleStream(src_rate, dst_rate, 1, "float32", "HQ")

    def feed(self, x: np.ndarray) -> np.ndarray:
        x = x.astype(np.float32, copy=False)
        return x if self._stream is None else self._stream.resample_chunk(x)

    def flush(self) -> np.ndarray:
        if self._stream is None:
            return np.zeros(0, np.float32)
        return self._stream.resample_chunk(np.zeros(0, np.float32), last=True)


def to_pcm16(x: np.ndarray) -> bytes:
    return (np.clip(x, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def from_pcm16(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def read_audio(source: str | Path | bytes, max_seconds: float | None = None) -> tuple[np.ndarray, int]:
    """Decode a sound file to mono float32; checks the length from the header first
    so that an over-long recording is refused without decoding it."""
    handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    try:
        with sf.SoundFile(handle) as f:
            rate, frames = f.samplerate, f.frames
            if max_seconds is not None and frames > max_seconds * rate:
                raise AudioError("too_long", f"{frames / rate:.0f} s > {max_seconds:.0f} s")
            data = f.read(dtype="float32", always_2d=True)
    except AudioError:
        raise
    except (RuntimeError, sf.LibsndfileError, EOFError) as exc:
        raise AudioError("unreadable", str(exc)) from exc
    if len(data) == 0:
        raise AudioError("empty")
    return to_mono_float(data), rate


def frames(x: np.ndarray, rate: int, frame_s: float = FRAME_S):
    """Yield consecutive frames (the last one zero-padded)."""
    size = int(rate * frame_s)
    for start in range(0, len(x), size):
        chunk = x[start:start + size]
        if len(chunk) < size:
            chunk = np.pad(chunk, (0, size - len(chunk)))
        yield chunk
