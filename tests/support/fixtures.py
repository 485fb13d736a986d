"""Pytest fixtures shared by the suites that run against the whole assistant
(tests/dialogue in .venv-rasa, tests/phone and tests/web in .venv-voice).

A conftest imports the fixture it wants (``from tests.support.fixtures import stack``);
kept apart from stack.py so the benchmarks can use running_stack without pytest.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.support.stack import Stack, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Iterator[Stack]:
    """Records, dispatch, the action server and Rasa on loopback ports, one set per test session."""
    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running
