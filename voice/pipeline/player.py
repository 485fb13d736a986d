"""Outgoing audio: a queue the channel's output side drains frame by frame; stoppable for barge-in."""
from __future__ import annotations

import threading
import time
from collections import deque

import numpy as np


class Player:
    def __init__(self):
        self._chunks: deque[np.ndarray] = deque()
        self._lock = threading.Lock()
        self.first_sample_at: float | None = None  # wall clock, for latency measurement

    def enqueue(self, audio: np.ndarray) -> None:
        with self._lock:
            if not self._chunks:
                self.first_sample_at = None
            self._chunks.append(audio.astype(np.float32, copy=False))

    def stop(self) -> None:
        with self._lock:
            self._chunks.clear()

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._chunks)

    def read(self, n: int) -> np.ndarray:
        out = np.zeros(n, np.float32)
        filled = 0
        with self._lock:
            while filled < n and self._chunks:
                chunk = self._chunks[0]
                take = min(n - filled, len(chunk))
                out[filled:filled + take] = chunk[:take]
                filled += take
                if take == len(chunk):
                    self._chunks.popleft()
                else:
                    self._chunks[0] = chunk[take:]
            if filled and self.first_sample_at is None:
                self.first_sample_at = time.perf_counter()
        return out
