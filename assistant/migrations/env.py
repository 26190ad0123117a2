"""Alembic environment: the engine comes from Cadence (``config.attributes['engine']``)."""

from __future__ import annotations

from alembic import context

from assistant.models import Base
from retrieval.lexical import is_lexical_table

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
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
