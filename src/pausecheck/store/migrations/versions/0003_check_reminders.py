"""A member may ask to be reminded to re-read a late-night draft in the morning.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checks") as batch:
        batch.add_column(sa.Column("remind_at", sa.DateTime(), nullable=True))
        batch.create_index("ix_checks_remind_at", ["remind_at"])


def downgrade() -> None:
    with op.batch_alter_table("checks") as batch:
        batch.drop_index("ix_checks_remind_at")
        batch.drop_column("remind_at")
