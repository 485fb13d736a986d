"""The dialogue tests talk to the whole assistant running on loopback."""
import pytest

from tests.support.stack import Stack, running_stack

# Demo elders the seed command always creates (services/README.md).
DEMO_PHONE = "13800138000"
DEMO_DEVICE = "speaker-0001"
DEMO_LOGIN = "demo"


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    with running_stack(tmp_path_factory.mktemp("var")) as running:
        yield running
