"""Run a pipeline on in-memory audio, input and output in lockstep as a sound card would.

Computation takes no audio time here: after each input frame the work it started (recognition,
Rasa, synthesis) is awaited before the next frame, so runs are deterministic. Tests of what happens
*while* work is in progress drive ``feed_audio`` themselves.
"""
from __future__ import annotations

import asyncio

import numpy as np

from ..audio import FRAME_S, to_mono_float


async def play(pipeline, audio: np.ndarray, tail_s: float = 0.0, until=None) -> np.ndarray:
    """Feed ``audio`` (at the pipeline's input rate) then ``tail_s`` of silence; returns what the
    pipeline played (at its output rate). ``until(pipeline)`` may end the tail early."""
    step_in, step_out = int(pipeline.in_rate * FRAME_S), int(pipeline.out_rate * FRAME_S)
    x = np.concatenate([to_mono_float(audio), np.zeros(int(tail_s * pipeline.in_rate), np.float32)])
    out = []
    for start in range(0, len(x), step_in):
        await pipeline.feed_audio(x[start:start + step_in])
        await pipeline.settle()
        out.append(pipeline.player.read(step_out))
        if start >= len(audio) and until is not None and until(pipeline):
            break
    return np.concatenate(out) if out else np.zeros(0, np.float32)


def run(pipeline, audio: np.ndarray, tail_s: float = 0.0, until=None) -> np.ndarray:
    """``play`` for code without an event loop (tests, benches)."""
    return asyncio.run(play(pipeline, audio, tail_s, until))
