"""feedback_readings: the analysis stage's reading of each feedback record, kept

HR themes over a few thousand people read tens of thousands of feedback records sentence by
sentence (polarity, theme, whether a sentence addresses an AI): minutes of CPU per request when
done afresh. Each record's reading is kept, keyed by a hash of what was read and the analyser's
version, so a request reads only what is new or changed (assistant/reading_store.py). Rows go
with their record (ON DELETE CASCADE).

Revision ID: 0006_feedback_readings
Revises: 0005_search_scope_indexes
Create Date: 2026-11-30 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_feedback_readings"
down_revision: str | None = "0005_search_scope_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_readings",
        sa.Column(
            "feedback_id",
            sa.Integer(),
            sa.ForeignKey("feedback.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feedback_readings")
