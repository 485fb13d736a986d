"""The production topology with a fault proxy between the action servers and dispatch,
shared by the restart tests and the soak (one start-up, about a minute, for both)."""
from __future__ import annotations

import shutil

import pytest

from services.tools.temp_postgres import find_bindir
from tests.support.soak import faulty_production as start_faulty_production

MISSING = [tool for tool in ("redis-server", "nginx") if not shutil.which(tool)] + ([] if find_bindir() else ["postgresql"])
# A turn waits this long for Redis/PostgreSQL before the apology (production: 8 s), so
# a restart of a few seconds shows both: turns that waited it out and turns apologised for.
STORE_WAIT_S = "3"


@pytest.fixture(scope="session")
def faulty_production(tmp_path_factory):
    if MISSING:
        pytest.skip(f"not installed: {MISSING}")
    with start_faulty_production(tmp_path_factory.mktemp("faulty-production"),
                                 env_overrides={"E12349_STORE_WAIT_S": STORE_WAIT_S}) as production:
        yield production
