"""Expected-answer recognition with Whisper on answers said by the project's voice: the answer is heard
(also through an 8 kHz phone line), a sentence off the list gives no answer (free decoding instead), and
a confirmation can end 0.2 s after 对 (audio time) through early_answer. The full set: bench_expect.py."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from voice.audio import ASR_RATE, resample
from voice.expect import Expect

sys.path.insert(0, str(Path(__file__).parent))
from perturb import phone_line  # noqa: E402

TRAIL = np.zeros(int(0.2 * ASR_RATE), np.float32)


@pytest.mark.parametrize("said, expect, answer", [
    ("对", Expect("yes_no"), "对"),
    ("不是", Expect("yes_no"), "不对"),
    ("两份", Expect("count"), "两份"),
    ("低盐", Expect("options", ("低盐", "低糖", "没有要求")), "低盐"),
])
def test_expected_answers_are_heard_at_16k_and_on_the_phone(whisper, tts, said, expect, answer):
    audio = tts.synthesize(said, ASR_RATE)
    assert whisper.transcribe(audio, ASR_RATE, expect=expect) == answer
    phone = phone_line(audio)
    got = whisper.transcribe(phone, 8000, expect=expect)
    assert got == answer or got not in {c for c in ("对", "不对", "一份", "两份", "三份", "低盐", "低糖")}, got


def test_a_sentence_off_the_list_is_no_answer_and_falls_back_to_what_was_said(whisper, tts):
    audio = tts.synthesize("我想问问老年证怎么办", ASR_RATE)
    scored = whisper.expected(audio, Expect("yes_no"))
    assert scored.answer is None
    heard = whisper.transcribe(audio, ASR_RATE, expect=Expect("yes_no"))
    assert heard not in ("对", "不对") and "老年" in heard


def test_a_confirmation_is_answered_within_a_fifth_of_a_second_after_dui(whisper, tts):
    said = tts.synthesize("对", ASR_RATE)
    loud = np.nonzero(np.abs(said) > 0.02 * np.max(np.abs(said)))[0]
    heard_so_far = np.concatenate([said[: loud[-1] + 1], TRAIL])  # the end of 对 + 200 ms of silence
    assert whisper.early_answer(heard_so_far, Expect("yes_no")) == "对"
    assert whisper.early_answer(heard_so_far, None) is None


def test_the_recognizer_of_a_turn_uses_the_expectation(whisper, tts):
    rec = whisper.recognizer(48000, expect=Expect("count"))
    rec.accept(resample(tts.synthesize("两份", ASR_RATE), ASR_RATE, 48000))
    assert rec.finish() == "两份"
