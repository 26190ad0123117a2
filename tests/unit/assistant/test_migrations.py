"""The ORM models and the Alembic migrations describe the same schema, on both databases."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assistant.db import current_revision, head_revision, make_engine
from assistant.models import Base
from retrieval.lexical import is_lexical_table


def _not_lexical(name: str | None, type_: str, _parents: object) -> bool:
    # retrieval/lexical.py owns the full-text tables (not ORM models; migration 0002 makes them).
    return not (type_ == "table" and is_lexical_table(name))


def test_models_and_migrations_agree(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": _not_lexical}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def test_migration_runs_once_and_is_idempotent(empty_db_url: str) -> None:
    first = make_engine(empty_db_url)
    second = make_engine(empty_db_url, auto_migrate=True)
    assert current_revision(second) == head_revision(second)
    first.dispose()
    second.dispose()


def test_processes_starting_together_on_a_new_postgres_database_all_come_up(
    empty_pg_url: str,
) -> None:
    # `cadence serve --workers 2` and two `cadence worker`s started at once on an empty database:
    # one migrates, the others wait for it (an advisory lock) instead of crashing on its tables.
    code = f"from assistant.db import make_engine; make_engine({empty_pg_url!r}).dispose()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE) for _ in range(4)
    ]
    errors = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, "\n".join(errors)
    engine = make_engine(empty_pg_url)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()
