"""An audio chunk that carries its own format, as Wyoming's audio-chunk event does (rate, width, channels)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..audio import to_mono_float


@dataclass(frozen=True)
class AudioChunk:
    audio: bytes | np.ndarray  # PCM bytes (little-endian, ``width`` bytes a sample) or samples
    rate: int
    width: int = 2
    channels: int = 1

    def samples(self) -> np.ndarray:
        """Mono float32 in [-1, 1]."""
        if isinstance(self.audio, (bytes, bytearray, memoryview)):
            dtype = {1: np.int8, 2: np.int16, 4: np.int32}[self.width]
            x = np.frombuffer(bytes(self.audio), dtype=dtype)
            if self.channels > 1:
                x = x[: len(x) // self.channels * self.channels].reshape(-1, self.channels)
            return to_mono_float(x)
        return to_mono_float(self.audio)
