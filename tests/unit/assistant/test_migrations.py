"""The ORM models and the Alembic migrations describe the same schema, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assistant.db import current_revision, head_revision, make_engine
from assistant.models import Base


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_migration_runs_once_and_is_idempotent(db_url: str) -> None:
    first = make_engine(db_url)
    second = make_engine(db_url, auto_migrate=True)
    assert current_revision(second) == head_revision(second)
    first.dispose()
    second.dispose()
