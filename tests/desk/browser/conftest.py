"""Desk pages in Debian's chromium (Playwright, never a downloaded browser), against the desk and a
dispatch service of their own; tests/desk/browser/test_takeover.py adds the whole assistant."""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import sync_playwright

from assistant.processes import free_port
from tests.desk.browser import servers
from tests.web.conftest import screenshots  # noqa: F401 - results/screenshots, as the widget's tests

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (listed in .ci/apt-packages.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def desk(tmp_path_factory):
    """Seeded database, dispatch and the desk (escalation after 3 s) — no Rasa."""
    var = tmp_path_factory.mktemp("desk")
    port = free_port()
    env = servers.services_env(var, port, E12349_DESK_ALARM_ESCALATE_S="3", E12349_DESK_FEED_POLL_S="0.2")
    servers.seed(env)
    dispatch = servers.start_dispatch(env, var)
    desk = servers.start_desk(env, var)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}", dispatch=env["E12349_DISPATCH_URL"], env=env, var=var)
    desk.stop()
    dispatch.stop()
