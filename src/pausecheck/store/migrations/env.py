"""Alembic's environment: always given a connection by pausecheck.store.database.upgrade."""

from __future__ import annotations

from alembic import context

from pausecheck.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI by hand
    raise RuntimeError("run the migrations through pausecheck.store.database.upgrade(engine)")
# render_as_batch: SQLite changes a table by copying it, which later migrations will need.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
