"""The harassment log: an append-only, hash-chained evidence table, with triggers that refuse
UPDATE and DELETE (and TRUNCATE on PostgreSQL).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REFUSAL = "evidence_log is append-only: add a correction or a note instead"


def upgrade() -> None:
    op.create_table(
        "evidence_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("captured_at", sa.DateTime(), nullable=False),
        sa.Column("captured_local", sa.String(40), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("platform", sa.String(32), nullable=True),
        sa.Column("platform_id", sa.String(255), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("sender", sa.String(255), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("refers_to", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(255), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(64), nullable=True, unique=True),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("entry_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_evidence_log_owner", "evidence_log", ["owner"])
    op.create_index("ix_evidence_log_sender", "evidence_log", ["sender"])
    op.create_index("ix_evidence_log_refers_to", "evidence_log", ["refers_to"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION evidence_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$""")
        op.execute("""CREATE TRIGGER evidence_log_no_change BEFORE UPDATE OR DELETE ON evidence_log
                      FOR EACH ROW EXECUTE FUNCTION evidence_log_append_only()""")
        op.execute("""CREATE TRIGGER evidence_log_no_truncate BEFORE TRUNCATE ON evidence_log
                      FOR EACH STATEMENT EXECUTE FUNCTION evidence_log_append_only()""")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""CREATE TRIGGER evidence_log_no_{verb.lower()} BEFORE {verb} ON evidence_log
                           BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE evidence_log")
        op.execute("DROP FUNCTION evidence_log_append_only()")
    else:
        op.drop_table("evidence_log")
