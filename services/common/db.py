"""Engine and session handling for SQLite (default) and PostgreSQL.

SQLite gets WAL (readers never block the writer), a busy timeout, and
``BEGIN IMMEDIATE`` for write sessions: a deferred transaction that reads and
then writes fails at once with SQLITE_BUSY when another writer got in first,
whatever the busy timeout says, so writers take the lock up front instead.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from assistant.settings import settings

SQLITE_BUSY_TIMEOUT_MS = 15000
_WRITE_OPTION = "e12349_write"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    if not is_sqlite(url):
        return create_engine(
            url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_pre_ping=True,
        )
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(_WRITE_OPTION) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """One engine plus a read and a write session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.read = sessionmaker(self.engine, expire_on_commit=False)
        self.write = sessionmaker(
            self.engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )

    def dispose(self) -> None:
        self.engine.dispose()


def _current(request: Request) -> Database:
    # Each app carries its own Database, so tests can run apps on any URL side by side.
    return request.app.state.db


def _read_session(db: Annotated[Database, Depends(_current)]) -> Iterator[Session]:
    with db.read() as session:
        yield session


def _write_session(db: Annotated[Database, Depends(_current)]) -> Iterator[Session]:
    with db.write() as session:
        yield session

ReadDB = Annotated[Session, Depends(_read_session)]
WriteDB = Annotated[Session, Depends(_write_session)]
