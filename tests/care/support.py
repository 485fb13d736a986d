"""Shared by the care scheduler tests and bench (imported, not a conftest: tests/care spans
environments): a seeded database (SQLite, or a throw-away PostgreSQL), a city whose check-ins are all
due, and a scripted dialer that answers as each elder of a cohort would."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from sqlalchemy import update

from services.care.outcomes import CallResult
from services.care.seed import seed_plans
from services.care.worker import OutboundCall
from services.common.db import Database
from services.models import CarePlan
from services.seed.__main__ import seed
from tests.services.conftest import postgres  # noqa: F401 (fixture, re-exported for the care tests)


@dataclass
class Placed:
    at: datetime
    call: OutboundCall
    outcome: str


@dataclass
class ScriptedDialer:
    """Each elder's answers in order (the last one repeats); unknown elders answer."""

    clock: object
    script: dict[str, list[CallResult | str]] = field(default_factory=dict)
    placed: list[Placed] = field(default_factory=list)
    during: Callable[[OutboundCall], None] | None = None  # e.g. the conversation reporting findings

    def dial(self, call: OutboundCall) -> CallResult:
        answers = self.script.get(call.elder_id, ["answered"])
        answer = answers[min(sum(p.call.elder_id == call.elder_id for p in self.placed), len(answers) - 1)]
        result = answer if isinstance(answer, CallResult) else CallResult(answer, call.channel)
        if self.during is not None:
            self.during(call)
        self.placed.append(Placed(self.clock.now(), call, result.outcome))
        return result

    def calls_to(self, elder_id: str) -> list[Placed]:
        return [p for p in self.placed if p.call.elder_id == elder_id]


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory) -> Iterator[Database]:
    """One seeded database per test module (a module's tests read one scripted run)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('care') / 'care.db'}"
    seed(url, 20, 12349, report=lambda _line: None)
    db = Database(url)
    yield db
    db.dispose()


def all_due(url: str, elders: int, start: datetime) -> None:
    """A seeded city whose every elder's check-in is due at ``start`` (09:30 windows)."""
    seed(url, elders, 12349, report=lambda _line: None)
    db = Database(url)
    try:
        with db.write() as session:
            seed_plans(session, start)
            session.execute(update(CarePlan).values(call_time="09:30", next_due_at=start))
            session.commit()
    finally:
        db.dispose()
