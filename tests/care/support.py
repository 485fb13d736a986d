"""Shared by the care scheduler tests (imported, not a conftest: tests/care spans two environments): a seeded database (SQLite, or a throw-away PostgreSQL), a
scripted dialer that answers as each elder of a cohort would, and helpers to run workers."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from services.care.outcomes import CallResult
from services.care.worker import OutboundCall
from services.common.db import Database
from services.seed.__main__ import seed
from services.tools.temp_postgres import TempPostgres, find_bindir


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


@pytest.fixture(scope="session")
def postgres() -> Iterator[TempPostgres]:
    if find_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    with TempPostgres() as server:
        yield server
