"""Two scheduler workers on one PostgreSQL: every job is dialled by exactly one of them, and a job
held by a worker process killed mid-call is retried by the other once its lease runs out."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from services.care.clock import FakeClock
from services.care.policy import DEFAULT_POLICY
from services.care.worker import Worker
from services.common.city import TZ
from services.common.db import Database
from services.models import CareJob
from tests.care.support import ScriptedDialer, all_due, postgres  # noqa: F401 (fixture)

pytestmark = pytest.mark.fast

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 12, 8, 10, 0, tzinfo=TZ)  # inside every plan's 09:30 window
POLICY = replace(DEFAULT_POLICY, max_lines=6, calls_per_minute=10_000)
ELDERS = 120


def _unfinished(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(CareJob).where(CareJob.status != "done"))


class SlowDialer(ScriptedDialer):
    def dial(self, call):
        time.sleep(0.01)  # long enough for the two workers' claims to interleave
        with self.lock:
            return super().dial(call)


def _slow(clock) -> SlowDialer:
    dialer = SlowDialer(clock)
    dialer.lock = threading.Lock()
    return dialer


def test_two_workers_never_dial_one_job_twice(postgres):  # noqa: F811 (fixture)
    url = postgres.create_database("care_two_workers")
    all_due(url, ELDERS, START)
    clock = FakeClock(START)
    dialer = _slow(clock)
    workers = [Worker(Database(url), dialer, f"w{i}", POLICY, clock) for i in (1, 2)]

    def run(worker):
        while _unfinished(worker.db):
            if not worker.tick():
                time.sleep(0.005)  # every line busy with the other worker's calls

    assert workers[0].plan() == ELDERS + 3
    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    jobs = Counter(p.call.job_id for p in dialer.placed)
    elders = Counter(p.call.elder_id for p in dialer.placed)
    assert len(jobs) == ELDERS + 3 and set(jobs.values()) == {1}
    assert set(elders.values()) == {1}
    with workers[0].db.read() as session:
        done = session.scalar(select(func.count()).select_from(CareJob).where(CareJob.status == "done"))
        shares = Counter(session.scalars(select(CareJob.worker)))
    assert done == ELDERS + 3
    assert shares["w1"] > 0 and shares["w2"] > 0  # both really worked
    for worker in workers:
        worker.db.dispose()


_DYING_WORKER = """
import sys, time
from datetime import datetime
from services.care.clock import FakeClock
from services.care.outcomes import CallResult
from services.care.policy import DEFAULT_POLICY
from services.care.worker import Worker
from services.common.db import Database
from dataclasses import replace

class Hangs:
    def dial(self, call):
        print(call.job_id, flush=True)
        time.sleep(3600)  # mid-call when it is killed

policy = replace(DEFAULT_POLICY, max_lines=3, calls_per_minute=10_000)
Worker(Database(sys.argv[1]), Hangs(), "doomed", policy, FakeClock(datetime.fromisoformat(sys.argv[2]))).tick()
"""


def test_a_killed_workers_job_is_retried_not_lost(postgres):  # noqa: F811 (fixture)
    url = postgres.create_database("care_killed_worker")
    all_due(url, ELDERS, START)
    doomed = subprocess.Popen([sys.executable, "-c", _DYING_WORKER, url, START.isoformat()], cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, text=True)
    try:
        held = {int(doomed.stdout.readline()) for _ in range(3)}  # three calls in progress
    finally:
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(10)
    db = Database(url)
    try:
        with db.read() as session:
            rows = session.scalars(select(CareJob).where(CareJob.worker == "doomed")).all()
            assert {r.id for r in rows} == held and {r.status for r in rows} == {"claimed"}
        clock = FakeClock(START + timedelta(minutes=1))
        dialer = _slow(clock)
        survivor = Worker(db, dialer, "survivor", POLICY, clock)
        while survivor.tick():
            pass
        assert not held & {p.call.job_id for p in dialer.placed}  # leases still running: not taken yet
        clock.advance(POLICY.lease)
        while survivor.tick():
            pass
        retried = [p.call.job_id for p in dialer.placed if p.call.job_id in held]
        assert sorted(retried) == sorted(held)
        with db.read() as session:
            statuses = Counter(session.scalars(select(CareJob.status)))
        assert statuses == {"done": ELDERS + 3}
    finally:
        db.dispose()
