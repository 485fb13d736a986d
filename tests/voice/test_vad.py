"""Voice activity: a bare 对 opens and closes an utterance, household noise alone never does, and speech
under that noise is one utterance from its first syllable to its last (silero-vad behind Endpointer)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from voice.audio import ASR_RATE, FRAME_S, resample
from voice.vad import Endpointer, SileroDetector, SpeechDetector, make_detector

sys.path.insert(0, str(Path(__file__).parent))
from perturb import household_noise, phone_line  # noqa: E402

TRAILING_S = 0.5


def points(x: np.ndarray, **kwargs) -> list[tuple[str, float]]:
    ep, size, out = Endpointer(TRAILING_S, 20.0, **kwargs), int(ASR_RATE * FRAME_S), []
    for i in range(0, len(x) - size + 1, size):
        p = ep.feed(x[i:i + size])
        if p:
            out.append((p.kind, (i + size) / ASR_RATE))
    return out


def framed(speech: np.ndarray, lead_s: float = 1.0, tail_s: float = 1.5) -> np.ndarray:
    return np.concatenate([np.zeros(int(lead_s * ASR_RATE), np.float32), speech,
                           np.zeros(int(tail_s * ASR_RATE), np.float32)])


def speech_span(speech: np.ndarray, lead_s: float = 1.0) -> tuple[float, float]:
    loud = np.nonzero(np.abs(speech) > 0.02 * np.max(np.abs(speech)))[0]
    return lead_s + loud[0] / ASR_RATE, lead_s + loud[-1] / ASR_RATE


def test_the_default_detector_is_silero():
    assert isinstance(make_detector(), SileroDetector)
    assert isinstance(make_detector("energy"), SpeechDetector)


@pytest.mark.parametrize("band", ["16k", "g711"])
def test_a_bare_dui_is_an_utterance(tts, band):
    said = tts.synthesize("对", ASR_RATE)
    x = framed(said)
    if band == "g711":
        x = resample(phone_line(x), 8000, ASR_RATE)
    start, end = speech_span(said)
    got = points(x)
    assert [k for k, _ in got] == ["start", "end"], got
    assert got[0][1] <= start + 0.3  # the 0.3 s pre-roll still holds the first syllable
    assert end + TRAILING_S <= got[1][1] <= end + TRAILING_S + 0.3


def test_household_noise_alone_opens_nothing_and_speech_under_it_is_one_utterance(tts):
    said = tts.synthesize("我想订明天的午饭", ASR_RATE)
    level = np.sqrt(np.mean(said[np.abs(said) > 0.02 * np.max(np.abs(said))] ** 2))
    noise = household_noise(int(12 * ASR_RATE), seed=3) * level / np.sqrt(10)  # 10 dB below the speech
    assert points(noise[: 8 * ASR_RATE]) == []
    x = framed(said)
    x = np.clip(x + noise[: len(x)], -1, 1)
    start, end = speech_span(said)
    got = points(x)
    assert [k for k, _ in got] == ["start", "end"], got
    assert got[0][1] <= start + 0.3 and got[1][1] >= end + TRAILING_S
