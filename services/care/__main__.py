"""python -m services.care [--port 8104] — migrate, then serve the care API (/care/v1).

The scheduler workers run where the calls are placed (they need a Dialer: the SIP gateway's
outbound side); this process serves plans, findings, visit results and figures.
"""
from __future__ import annotations

import argparse

from assistant.settings import settings
from services.care.app import create_care_app
from services.common.app import serve

parser = argparse.ArgumentParser(prog="python -m services.care", description=__doc__.splitlines()[0])
parser.add_argument("--port", type=int, default=settings.care_port)
serve(create_care_app, parser.parse_args().port)
