"""Apply the Alembic migrations: ``python -m services.migrate`` (also run by each
service at start-up and by the seed command).

Both services may start at once, so the upgrade is serialised: an advisory
lock on PostgreSQL, a lock file beside the database on SQLite.
"""
from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from assistant.settings import settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_ID = 12349


@contextlib.contextmanager
def _sqlite_lock(url: str) -> Iterator[None]:
    db_path = make_url(url).database
    if not db_path or db_path == ":memory:":
        yield
        return
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    with open(f"{db_path}.migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _alembic_upgrade(conn: Connection) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def upgrade(url: str | None = None) -> None:
    url = url or settings.db_url
    if url.startswith("sqlite"):
        with _sqlite_lock(url):
            engine = create_engine(url)
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql("PRAGMA journal_mode=WAL")
                    _alembic_upgrade(conn)
            finally:
                engine.dispose()
        return
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            # Transaction-scoped: released when the migration commits.
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
            _alembic_upgrade(conn)
    finally:
        engine.dispose()


if __name__ == "__main__":
    upgrade()
    print(f"database at head: {make_url(settings.db_url).render_as_string(hide_password=True)}")
