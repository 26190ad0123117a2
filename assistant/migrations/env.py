"""Alembic environment: the engine comes from Cadence (``config.attributes['engine']``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from assistant.models import Base
from retrieval.lexical import is_lexical_table

# Any fixed number: the key of the PostgreSQL advisory lock that migrations take.
MIGRATION_LOCK = 0x0CADE2CE

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        # Several processes may start on a new database at once (`cadence serve --workers N`,
        # `cadence worker`s): one migrates while the others wait here, then find the schema at
        # head. Without it they all create the same tables and all but one crash. The lock is
        # released when this transaction ends. (SQLite serialises writers on its own.)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The lexical search tables are owned by retrieval/lexical.py, not the ORM.
        include_name=lambda name, type_, _parents: (
            not (type_ == "table" and is_lexical_table(name))
        ),
    )
    with context.begin_transaction():
        context.run_migrations()
