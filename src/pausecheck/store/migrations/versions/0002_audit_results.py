"""Past-posts audits keep each post's result, so a re-run checks only what changed.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_results",
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("platform_id", sa.String(255), primary_key=True),
        sa.Column("content_digest", sa.String(64), primary_key=True),
        sa.Column("checker_digest", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_audit_results_checker_digest", "audit_results", ["checker_digest"])


def downgrade() -> None:
    op.drop_table("audit_results")
