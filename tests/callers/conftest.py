"""The caller-script suite runs every collected script once, in parallel, against one stack;
each test then judges its own script's result."""
from typing import Dict

import pytest

from tests.callers.engine import Result, Suite
from tests.callers.scripts import load_all
from tests.support.fixtures import stack  # noqa: F401 - the session-wide assistant stack

WORKERS = 4  # conversations at once: Rasa answers several senders while the action server waits


@pytest.fixture(scope="session")
def caller_results(stack, request) -> Dict[str, Result]:  # noqa: F811 - the fixture imported above
    wanted = {item.callspec.params["script_id"] for item in request.session.items
              if hasattr(item, "callspec") and "script_id" in item.callspec.params}
    return Suite(stack, load_all()).run(only=wanted or None, workers=WORKERS)
