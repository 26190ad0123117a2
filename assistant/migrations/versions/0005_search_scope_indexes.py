"""search_documents: indexes for the access filter's visibility and team conditions

The vector leg reads a scope's candidates with the access filter as a SQL ``WHERE``
(retrieval/exact.py) in two parts (retrieval/search.py): the organisation-wide public clause
(``visibility = 'public'``) and the pinned clauses (by subject, author or team). Without an index
on visibility the public part scanned the whole table for every query, and without one on team_id
a team clause made the whole OR of the pinned clauses a scan. The visibility index also holds the
two columns the candidate query reads, so the public part never visits the table's rows (whose
text makes them large).

Revision ID: 0005_search_scope_indexes
Revises: 0004_data_version
Create Date: 2026-11-30 16:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_search_scope_indexes"
down_revision: str | None = "0004_data_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_search_documents_visibility",
        "search_documents",
        ["visibility", "doc_id", "fingerprint"],
    )
    op.create_index("ix_search_documents_team", "search_documents", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_search_documents_team", table_name="search_documents")
    op.drop_index("ix_search_documents_visibility", table_name="search_documents")
