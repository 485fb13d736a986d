"""The short rising two-note chime that says "I'm listening" after the wake word."""
from __future__ import annotations

import numpy as np


def earcon(sample_rate: int, volume: float = 0.3) -> np.ndarray:
    notes = []
    for freq in (660.0, 880.0):
        t = np.arange(int(0.12 * sample_rate)) / sample_rate
        envelope = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)  # 10 ms fades: no clicks
        notes.append(volume * envelope * np.sin(2 * np.pi * freq * t))
    return np.concatenate(notes).astype(np.float32)
