"""The interface both voices implement."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterator

import numpy as np


class TtsUnavailable(RuntimeError):
    """The voice's package, library or model files are missing."""


class Voice(ABC):
    name = "voice"
    sample_rate = 16000

    @abstractmethod
    def render(self, text: str, slowdown: float = 1.0) -> np.ndarray:
        """One short sentence as mono float32 at ``sample_rate``; ``slowdown`` > 1 stretches it."""

    def render_stream(self, text: str, slowdown: float = 1.0) -> Iterator[np.ndarray]:
        """The same audio as ``render`` in pieces, the first as early as the voice can give it (a long
        sentence then starts playing before all of it is rendered). A voice that cannot stream gives
        one piece."""
        yield self.render(text, slowdown)
