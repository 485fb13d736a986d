"""Canaries for what voice/asr relies on inside faster-whisper and CTranslate2: they fail loudly when an
upgrade changes it, instead of the recogniser silently slowing down or mis-scoring answers."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from voice.asr import fw_window

REQUIREMENTS = Path(__file__).resolve().parents[2] / "voice" / "requirements.txt"


@pytest.mark.fast
def test_faster_whisper_is_the_version_the_window_patch_was_written_for():
    import faster_whisper

    pinned = re.search(r"^faster-whisper==(\S+)", REQUIREMENTS.read_text(), re.M).group(1)
    assert faster_whisper.__version__ == pinned == fw_window.PINNED


@pytest.mark.fast
def test_segments_are_still_padded_through_the_module_global_pad_or_trim():
    import faster_whisper.transcribe as transcribe

    assert callable(transcribe.pad_or_trim)
    assert "pad_or_trim(segment)" in inspect.getsource(transcribe.WhisperModel.generate_segments)


def test_the_encoder_gets_the_short_window_and_only_inside_the_block(whisper):
    fw_window.install()
    seen = []
    encode = whisper.model.encode

    def spy(features):
        seen.append(features.shape[-1])
        return encode(features)

    whisper.model.encode = spy
    try:
        audio = np.zeros(16000, np.float32)
        with fw_window.short_window(301):
            list(whisper.model.transcribe(audio, language="zh", without_timestamps=True)[0])
        list(whisper.model.transcribe(audio, language="zh", without_timestamps=True)[0])
    finally:
        del whisper.model.encode
    assert seen == [301, 3000]


@pytest.mark.parametrize("text", ["对", "两份", "我想订明天的午饭", "请帮我叫个上门打扫卫生的阿姨好不好"])
def test_forced_scoring_gets_a_log_probability_for_every_token(whisper, text):
    """CTranslate2 returns the logits of forced prompt steps with return_logits_vocab; expected-answer
    scoring needs one row per token plus end of text, for any length."""
    from voice.expect import Expect

    scorer = whisper.scorer
    enc = scorer.encode(np.zeros(16000, np.float32))
    (score,) = scorer.forced(enc, scorer.prefix_for(Expect("yes_no")), [scorer.tokens(text)])
    assert np.isfinite(score) and score < 0
