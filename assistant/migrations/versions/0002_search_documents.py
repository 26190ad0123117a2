"""search documents: the lexical leg of retrieval (SQLite FTS5 / PostgreSQL tsvector + GIN)

Not an ORM model: retrieval/lexical.py owns the table (Core) and the sync keeps it in step with the
outbox. The migration env and the schema-compare test skip these tables (see
retrieval.lexical.is_lexical_table).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(64), nullable=False, unique=True),
        sa.Column("citation", sa.String(32), nullable=False),
        sa.Column("record_type", sa.String(20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(20), nullable=False),
        sa.Column("date", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_search_documents_record", "search_documents", ["record_type", "record_id"])
    op.create_index("ix_search_documents_subject", "search_documents", ["subject_id"])
    op.create_index("ix_search_documents_author", "search_documents", ["author_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External-content FTS5: the text is stored once (in search_documents); triggers keep the
        # full-text index in step with every insert/update/delete.
        op.execute(
            "CREATE VIRTUAL TABLE search_documents_fts USING fts5("
            "text, content='search_documents', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
            "INSERT INTO search_documents_fts(rowid, text) VALUES (new.id, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
            "INSERT INTO search_documents_fts(search_documents_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
            "INSERT INTO search_documents_fts(search_documents_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); "
            "INSERT INTO search_documents_fts(rowid, text) VALUES (new.id, new.text); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE search_documents ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
        )
        op.execute("CREATE INDEX ix_search_documents_tsv ON search_documents USING GIN (tsv)")
    else:  # pragma: no cover - Cadence supports SQLite and PostgreSQL only
        raise NotImplementedError(f"no full-text search for dialect {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("search_documents_ai", "search_documents_ad", "search_documents_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_documents_fts")
    op.drop_table("search_documents")
