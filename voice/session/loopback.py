"""Run a session on in-memory audio, input and output in lockstep as a sound card would.

Used by voice notes, tests and the bench where no sound card is involved.
"""
from __future__ import annotations

import numpy as np

from ..audio import FRAME_S
from .session import VoiceSession


def run(session: VoiceSession, audio: np.ndarray, tail_s: float = 0.0,
        until=None) -> np.ndarray:
    """Feed ``audio`` (at the session's input rate) then ``tail_s`` of silence; returns what the
    session played (at its output rate). ``until(session)`` may end the tail early."""
    step_in, step_out = int(session.in_rate * FRAME_S), int(session.out_rate * FRAME_S)
    silence = np.zeros(int(tail_s * session.in_rate), np.float32)
    x = np.concatenate([np.asarray(audio, np.float32).reshape(len(audio), -1).mean(axis=1), silence])
    out = []
    for start in range(0, len(x), step_in):
        session.feed(x[start:start + step_in])
        out.append(session.player.read(step_out))
        if start >= len(audio) and until is not None and until(session):
            break
    return np.concatenate(out) if out else np.zeros(0, np.float32)
