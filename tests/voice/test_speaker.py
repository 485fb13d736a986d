"""Smart-speaker mode on virtual sound devices (PulseAudio null sinks): mic in, speaker out."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

import pulse
from conftest import sounds_like
from voice.audio import read_audio
from voice.pipeline import EventType, State

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not pulse.available(), reason="PulseAudio tools not installed")]


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    with pulse.VirtualSoundCard(tmp_path_factory.mktemp("pulse")) as card:
        yield card


def wav(tmp_path, name, *parts):
    path = tmp_path / name
    sf.write(path, np.concatenate([np.zeros(8000, np.float32), *parts, np.zeros(8000, np.float32)]), 16000)
    return path


def wait_for(predicate, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def run_speaker(card, tmp_path, rasa_url: str, device: str, *said: np.ndarray, secret: str = "") -> str:
    """``python -m voice.speaker`` on the virtual card: ``said`` played into the microphone, the
    assistant's answer recorded from the speaker; returns the speaker's event log."""
    env = {**card.env, "PYTHONPATH": str(REPO), "E12349_RASA_URL": rasa_url, "E12349_DEVICE_ID": device, "E12349_DEVICE_SECRET": secret,
           "E12349_VOICE_CACHE_DIR": str(tmp_path / "cache"), "E12349_AUDIO_INPUT_DEVICE": "pulse",
           "E12349_AUDIO_OUTPUT_DEVICE": "pulse", "E12349_TRAILING_SILENCE_S": "0.8"}
    log_path = tmp_path / "speaker.log"
    speaker = subprocess.Popen([sys.executable, "-m", "voice.speaker", "--seconds", "90"], cwd=REPO, env=env,
                               stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    try:
        assert wait_for(lambda: "ready" in log_path.read_text(), 60), log_path.read_text()
        recorder = card.record_speaker(tmp_path / "heard.wav")
        card.play_into_mic(wav(tmp_path, "ask.wav", *said)).wait(timeout=30)
        assert wait_for(lambda: "'trigger': 'played'" in log_path.read_text(), 60), log_path.read_text()
        recorder.terminate()
        recorder.wait(timeout=10)
    finally:
        speaker.terminate()
        speaker.wait(timeout=20)
    return log_path.read_text()


def test_speaker_command_end_to_end(card, tmp_path, request_audio, fake_rasa, whisper):
    output = run_speaker(card, tmp_path, fake_rasa.url, "spk-001", request_audio["小安小安"],
                         np.zeros(20000, np.float32), request_audio["我想订明天的午饭"])
    assert "wake_word-end {'wake_word': '小安小安'}" in output
    assert fake_rasa.requests[-1]["metadata"] == {"channel": "speaker", "device_id": "spk-001"}
    heard, rate = read_audio(tmp_path / "heard.wav")
    assert "已经为您" in whisper.transcribe(heard, rate)


def test_speaker_with_the_real_assistant_asks_how_many_portions(card, tmp_path, request_audio, whisper):
    """The whole assistant behind the speaker: Rasa, actions, records, dispatch. The device is bound to
    the demo elder, so the meal form goes straight to its first question."""
    from tests.support.stack import SPEAKER_SECRETS, running_stack

    with running_stack(tmp_path / "stack") as stack:  # the speaker holds its own secret: its id is believed
        run_speaker(card, tmp_path, stack.url("rasa"), "speaker-0001", request_audio["小安小安"],
                    np.zeros(20000, np.float32), request_audio["我想订明天的午饭"],
                    secret=SPEAKER_SECRETS["speaker-0001"])
    heard, rate = read_audio(tmp_path / "heard.wav")
    text = whisper.transcribe(heard, rate)
    assert sounds_like(text, "几份"), text  # the answer is 要几份？


@pytest.fixture
def live(card, make_session):
    from voice.sound_io import SoundCardLoop  # after the card exists: PortAudio enumerates devices on import

    loops = []

    def start(**kwargs):
        session = make_session(channel="speaker", **kwargs)
        loops.append(SoundCardLoop(session, "pulse", "pulse").start())
        return session
    yield start
    for loop in loops:
        loop.stop()


def of(pipeline, kind: EventType):
    return [e for e in list(pipeline.events) if e.type == kind]


def test_barge_in_on_the_sound_card(card, live, tmp_path, request_audio, fake_rasa):
    session = live()
    card.play_into_mic(wav(tmp_path, "a.wav", request_audio["我想订明天的午饭"])).wait(timeout=30)
    assert wait_for(lambda: session.state == State.SPEAKING, 30), session.events
    time.sleep(0.5)  # the answer (about 7 s) is playing: talk over it
    card.play_into_mic(wav(tmp_path, "b.wav", request_audio["老年证怎么办"])).wait(timeout=30)
    assert wait_for(lambda: any(e["barge_in"] for e in of(session, EventType.VAD_START)), 15), session.events
    assert wait_for(lambda: "老年" in fake_rasa.requests[-1]["message"], 30), session.events


def test_silence_re_prompt_on_the_sound_card(live, settings):
    session = live()
    assert wait_for(lambda: len(of(session, EventType.REPROMPT)) >= 1, settings.silence_reprompt_s + 10)
    assert of(session, EventType.TTS_START)[0]["purpose"] == "reprompt"


def test_the_speaker_signs_its_device_id_with_its_own_secret_and_parse_carries_the_api_token():
    from assistant.channels.signing import Keys, screened
    from assistant.settings import Settings
    from assistant.rasa_client import RasaClient

    config = Settings(device_id="speaker-0002", device_secret="own-secret", rasa_api_token="api-token")
    client = RasaClient.from_settings(dataclasses.replace(config, rasa_url="http://127.0.0.1:9"))
    metadata = client.signed("speaker-speaker-0002", {"channel": "speaker", "device_id": "speaker-0002"})
    assert "token=api-token" in client.api_url("/model/parse")
    rasa_side = Keys(devices={"speaker-0002": "own-secret"})
    assert screened(metadata, "speaker-speaker-0002", rasa_side, 60)["identity"] == {"device_id": "speaker-0002"}
    assert "identity" not in screened(metadata, "speaker-speaker-0002", Keys(devices={"speaker-0002": "x"}), 60)
