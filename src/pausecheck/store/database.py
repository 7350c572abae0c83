"""Connecting to the store: a URL in, an engine and a session factory out, migrated.

The single-user desk keeps a SQLite file in the user's data folder (platformdirs); a council
gives a ``postgresql://`` URL, which is driven by psycopg 3. SQLite connections turn on foreign
keys (for the cascades) and ``secure_delete``, so deleted drafts are overwritten with zeros, not
left in free pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Store", "connect", "default_url", "upgrade"]

MIGRATIONS = Path(__file__).with_name("migrations")


def default_url() -> str:
    """The single-user desk's SQLite file under the user's data folder."""
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('pausecheck', appauthor=False) / 'desk.sqlite3'}"


def connect(url: str, *, migrate: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """An engine and a session factory for ``url``, with the migrations run first."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # One file shared by the desk's worker threads.
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(parsed, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


class Store:
    """The engine and session factory of one database, migrated on opening."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine, self.sessions = connect(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def compact(self) -> None:
        """Give deleted rows' pages back so no deleted draft stays in the file (SQLite
        ``VACUUM``; PostgreSQL's autovacuum does this for its own files)."""
        if self.dialect == "sqlite":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM")

    def close(self) -> None:
        self.engine.dispose()
