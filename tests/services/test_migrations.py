"""Alembic migrations produce exactly the ORM schema, on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from services import migrate
from services.models import Base


def test_migrations_match_models(live):
    migrate.upgrade(live.db_url)  # already at head: a no-op that must not fail
    engine = create_engine(live.db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn)
            head = ScriptDirectory(str(migrate.MIGRATIONS_DIR)).get_heads()
            assert len(head) == 1 and context.get_current_revision() == head[0]
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
