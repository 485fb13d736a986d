"""Bad audio: every case has a defined outcome (text, re-prompt, hand-over or a clear error), none hangs."""
from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest
import soundfile as sf

from conftest import clip_transcripts
from voice.audio import frames, read_audio, resample
from voice.notes import transcribe_note
from voice.pipeline.events import EventType
from voice.pipeline import loopback
from voice.vad import Endpointer

RNG = np.random.default_rng(12349)


@pytest.fixture(scope="module")
def speech():
    return read_audio(clip_transcripts()[1][0])  # 一二线城市虽然也处于调整中, 16 kHz


def write(tmp_path, name, audio, rate, **kw):
    path = tmp_path / name
    sf.write(path, audio, rate, **kw)
    return path


def test_pure_silence_asks_again(whisper, tmp_path):
    result = transcribe_note(whisper, write(tmp_path, "s.wav", np.zeros(48000, np.float32), 16000))
    assert (result.outcome, result.reason) == ("reprompt", "no_speech")


def test_white_noise_asks_again(whisper, tmp_path):
    noise = (0.3 * RNG.standard_normal(5 * 16000)).astype(np.float32)
    assert transcribe_note(whisper, write(tmp_path, "n.wav", noise, 16000)).outcome == "reprompt"


def test_clipped_speech_still_understood(whisper, tmp_path, speech):
    audio, rate = speech
    clipped = np.clip(audio * 20, -0.99, 0.99)
    result = transcribe_note(whisper, write(tmp_path, "c.wav", clipped, rate))
    assert result.outcome == "text" and "调整" in result.text


@pytest.mark.parametrize("rate, channels", [(8000, 1), (48000, 2)])
def test_other_rates_and_stereo(whisper, tmp_path, speech, rate, channels):
    audio, src = speech
    x = resample(audio, src, rate)
    x = np.repeat(x[:, None], channels, axis=1) if channels > 1 else x
    result = transcribe_note(whisper, write(tmp_path, f"r{rate}.wav", x, rate))
    assert result.outcome == "text" and "调整" in result.text


def test_truncated_header_is_a_clear_error(whisper, tmp_path, speech):
    path = write(tmp_path, "ok.wav", speech[0], 16000, subtype="PCM_16")
    assert transcribe_note(whisper, path.read_bytes()[:30]).reason == "unreadable"
    assert transcribe_note(whisper, b"").outcome == "error"


def test_ten_minute_recording_is_refused_quickly(whisper, tmp_path):
    path = write(tmp_path, "long.wav", np.zeros(10 * 60 * 8000, np.int16), 8000, subtype="PCM_16")
    started = time.perf_counter()
    result = transcribe_note(whisper, path, max_seconds=120)
    assert (result.outcome, result.reason) == ("error", "too_long")
    assert time.perf_counter() - started < 1.0


def test_noise_into_a_live_session_re_prompts_then_hands_over(make_session):
    session = make_session()
    noise = (0.2 * RNG.standard_normal(12 * 16000)).astype(np.float32)
    loopback.run(session, noise, tail_s=30, until=lambda s: bool(
        [e for e in s.events if e.type == EventType.HAND_OVER]) and not s.player.busy)
    assert [e["count"] for e in session.events if e.type == EventType.REPROMPT] == [1, 2]
    assert any(e.type == EventType.HAND_OVER for e in session.events)


def endless(request_audio, seconds: float) -> np.ndarray:
    """Talk that never pauses long (a radio): the voice's sentences back to back."""
    def voiced(x):  # without the voice's own leading and closing silence
        loud = np.nonzero(np.abs(x) > 0.05 * np.max(np.abs(x)))[0]
        return x[loud[0]:loud[-1] + 1]

    talk = np.concatenate([voiced(x) for x in request_audio.values()])
    return np.tile(talk, int(seconds * 16000 / len(talk)) + 1)[: int(seconds * 16000)]


def test_endless_talk_is_cut_at_max_utterance(make_session, settings, request_audio):
    """A caller (or a radio) that never pauses: the utterance is forced to end and gets an outcome."""
    talk = endless(request_audio, 8)
    ep = Endpointer(settings.trailing_silence_s, max_utterance_s=6.0)
    points = [p for p in (ep.feed(f) for f in frames(talk, 16000)) if p]
    assert [p.kind for p in points][:2] == ["start", "end"] and points[1].forced  # then it starts anew
    session = make_session(config=dataclasses.replace(settings, max_utterance_s=6.0))
    loopback.run(session, talk)
    outcome = [e for e in session.events if e.type in (EventType.STT_END, EventType.REPROMPT)]
    assert outcome and outcome[0].at_s <= 6.5
