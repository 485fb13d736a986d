"""Hostile input and identity spoofing against the real assistant (.venv-voice: the widget gateway and the
SIP parser live there; Rasa, the actions and the services run as subprocesses from tests/support/stack.py)."""
from __future__ import annotations

import pytest

from tests.support.fixtures import stack  # noqa: F401 - the session-wide assistant stack
from tests.web.gateway import Gateway

WIDGET_USER, WIDGET_PASSWORD = "demo", "lao-zhang-2026"  # the seeded elder 张建国's login
# bcrypt hash of WIDGET_PASSWORD at cost 4 (tests only: fast); web.login.hash_password makes real ones
WIDGET_USERS = f"{WIDGET_USER}:$2b$04$YkAycd2UI1PbgeLAuhwG2uuFN25wDQXnWvlIK6kKI4cTZKVZNCWfu"


@pytest.fixture(scope="session")
def widget(stack, tmp_path_factory):
    """The widget gateway as deployed: no demo login switch, real logins with passwords."""
    env = dict(stack.env, E12349_WIDGET_USERS=WIDGET_USERS)
    with Gateway(env, tmp_path_factory.mktemp("widget"), login="") as running:
        yield running
