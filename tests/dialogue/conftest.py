"""The dialogue tests talk to the whole assistant running on loopback."""
from tests.support.fixtures import stack  # noqa: F401 - the session-wide assistant stack

# Demo elders the seed command always creates (services/README.md).
DEMO_PHONE = "13800138000"
DEMO_DEVICE = "speaker-0001"
DEMO_LOGIN = "demo"
