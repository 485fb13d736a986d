"""Test tiers, registered here rather than in pyproject.toml (bin/setup rebuilds every
environment when pyproject.toml changes).

``fast``: needs no trained model, no running assistant, no audio device or browser; a test
module says so with ``pytestmark = pytest.mark.fast``. Every other test is ``e2e``, so
``-m fast`` and ``-m e2e`` split the suite in two (bin/test fast runs the first).
Loaded in every environment: standard library and pytest only.
"""
from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# Fast as a whole, or not yet carrying the marker themselves (their owners add pytestmark,
# then the entry goes): the fast tier as it was chosen by file before markers.
FAST_PATHS = ("actions", "services", "policy", "nlu/test_spoken_form.py", "nlu/test_priority_intents.py",
              "nlu/test_emergency_words.py", "nlu/test_entity_values.py", "security/test_signing.py",
              "security/test_sip_fuzz.py", "voice/test_tts_text.py")


MARKERS = ("fast: needs no trained model, no running assistant, no audio device or browser (bin/test fast)",
           "e2e: every test not marked fast (set here): models, servers, audio, browser")


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)


def _listed_fast(path: Path) -> bool:
    relative = path.resolve().relative_to(TESTS).as_posix()
    return any(relative == entry or relative.startswith(entry + "/") for entry in FAST_PATHS)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("fast") is None and _listed_fast(Path(str(getattr(item, "path", None) or item.fspath))):
            item.add_marker(pytest.mark.fast)
        if item.get_closest_marker("fast") is None and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)
