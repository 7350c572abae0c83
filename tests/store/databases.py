"""The databases the store and desk tests run on: a SQLite file always, and PostgreSQL when
``make test`` gives a server in PAUSECHECK_TEST_PG (tests/store/pg_cluster.sh starts one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("PAUSECHECK_TEST_PG", "").strip()
DATABASES = ["sqlite", *(["postgresql"] if PG_URL else [])]


def _fresh_pg_database() -> tuple[str, str]:
    """A new, empty database on the test server: its URL and its name (to drop afterwards)."""
    name = f"pc_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False), name


def _drop_pg_database(name: str) -> None:
    admin = create_engine(make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=DATABASES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        return
    url, name = _fresh_pg_database()
    yield url
    _drop_pg_database(name)
