"""PCM helpers: decoding, channel mixing, resampling, framing.

Everything inside voice/ works on mono float32 in [-1, 1]; channels convert at
the edges (int16 bytes for sound cards and RTP, WAV files for voice notes).
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import soundfile as sf

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


def _lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    """Windowed-sinc low-pass (cutoff as a fraction of the sample rate) against aliasing."""
    taps = 63
    n = np.arange(taps) - (taps - 1) / 2
    kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    return np.convolve(x, kernel / kernel.sum(), mode="same").astype(np.float32)


def resample(x: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    if src_rate == dst_rate or len(x) == 0:
        return x.astype(np.float32, copy=False)
    if dst_rate < src_rate:
        x = _lowpass(x, 0.45 * dst_rate / src_rate)
    n_out = int(round(len(x) * dst_rate / src_rate))
    t_out = np.arange(n_out) * (src_rate / dst_rate)
    return np.interp(t_out, np.arange(len(x)), x).astype(np.float32)


class StreamResampler:
    """``resample`` for audio that arrives in pieces: each piece is filtered and interpolated with
    ``margin`` samples of its neighbours, so the joined output matches resampling the whole at once
    (no clicks at the joins). Output lags by ``margin`` input samples until ``flush()``."""

    def __init__(self, src_rate: int, dst_rate: int, margin: int = 300):
        self.src, self.dst = src_rate, dst_rate
        # pieces are cut on the input samples that fall on the output grid, or the joins would jitter
        self.step = src_rate // math.gcd(src_rate, dst_rate)
        self.margin = -(-margin // self.step) * self.step
        self._before = np.zeros(0, np.float32)  # already emitted: left context
        self._held = np.zeros(0, np.float32)  # not emitted yet: needs right context

    def _emit(self, data: np.ndarray, start: int, length: int) -> np.ndarray:
        out = resample(data, self.src, self.dst)
        ratio = self.dst / self.src
        return out[int(round(start * ratio)):int(round((start + length) * ratio))]

    def feed(self, x: np.ndarray) -> np.ndarray:
        if self.src == self.dst:
            return x.astype(np.float32, copy=False)
        data = np.concatenate([self._before, self._held, x.astype(np.float32, copy=False)])
        length = max(0, len(data) - len(self._before) - self.margin) // self.step * self.step
        out = self._emit(data, len(self._before), length)
        emitted_end = len(self._before) + length
        self._before = data[max(0, emitted_end - self.margin):emitted_end]
        self._held = data[emitted_end:]
        return out

    def flush(self) -> np.ndarray:
        if self.src == self.dst or not len(self._held):
            return np.zeros(0, np.float32)
        data = np.concatenate([self._before, self._held])
        out = self._emit(data, len(self._before), len(self._held))
        self._before = self._held = np.zeros(0, np.float32)
        return out


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
