"""data_version: the draft cache's cheap fingerprint of the data; drafts.fast_key

Revision ID: 0004_data_version
Revises: 0003_sessions
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_data_version"
down_revision: str | None = "0003_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# assistant/data_version.py: SLOTS (a migration does not import the application).
_SLOTS = 64


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("slot"),
    )
    op.bulk_insert(table, [{"slot": slot, "n": 0} for slot in range(_SLOTS)])
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fast_key", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_drafts_fast_key"), ["fast_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drafts_fast_key"))
        batch_op.drop_column("fast_key")
    op.drop_table("data_version")
