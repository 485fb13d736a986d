"""Insert the demo city, skipping rows whose primary key already exists, so a
re-run adds nothing and keeps whatever the services changed since."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

BATCH = 500


def insert_missing(session: Session, rows: Sequence, label: str, report: Callable[[str], None]) -> int:
    """Add the rows not yet present (by primary key); commit per batch; return how many were added."""
    if not rows:
        return 0
    model = type(rows[0])
    key_column = inspect(model).primary_key[0]
    existing = set(session.scalars(select(key_column)))
    missing = [row for row in rows if getattr(row, key_column.key) not in existing]
    for start in range(0, len(missing), BATCH):
        session.add_all(missing[start:start + BATCH])
        session.commit()
        if len(missing) > BATCH:
            report(f"  {label}: {min(start + BATCH, len(missing))}/{len(missing)}")
    report(f"{label}: {len(missing)} added, {len(rows) - len(missing)} already present")
    return len(missing)
