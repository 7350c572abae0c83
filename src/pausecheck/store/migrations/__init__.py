"""Alembic migrations, shipped in the package and run by :func:`pausecheck.store.database.upgrade`."""
