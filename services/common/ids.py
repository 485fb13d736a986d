"""8-digit public ids (orders, applications, calls): short enough to read out
digit by digit, random so they cannot be guessed from one another."""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

_LOW, _HIGH = 10_000_000, 99_999_999


def random_id() -> str:
    return str(_LOW + secrets.randbelow(_HIGH - _LOW + 1))


def new_id(session: Session, column) -> str:
    """A random id not yet used in ``column`` (a collision is ~1e-8 per row)."""
    while True:
        candidate = random_id()
        if session.scalar(select(column).where(column == candidate)) is None:
            return candidate
