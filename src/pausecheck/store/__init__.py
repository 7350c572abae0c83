"""The desk's store: checks, users, sessions, the sign-in audit log and practice answers.

SQLAlchemy 2 models (:mod:`.models`), Alembic migrations shipped in the package and run when a
:class:`Store` opens, and one module per job: :mod:`.history` (a member's checks, retention,
forget everything), :mod:`.accounts` (users, sessions, audit log), :mod:`.practice`,
:mod:`.oversight` (counts without text). The store keeps reports as the JSON report gives them
and never imports the engine or the detectors.

The names below load SQLAlchemy on first use only, so ``pausecheck.store.defaults`` (read by the
command line's parser) costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pausecheck.store.defaults import RETENTION_DAYS, ROLES

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.store.database import Store, connect, default_url, upgrade
    from pausecheck.store.oversight import SUPPRESS_BELOW

__all__ = ["RETENTION_DAYS", "ROLES", "SUPPRESS_BELOW", "Store", "connect", "default_url", "upgrade"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "connect", "default_url", "upgrade"):
        from pausecheck.store import database

        return getattr(database, name)
    if name == "SUPPRESS_BELOW":
        from pausecheck.store.oversight import SUPPRESS_BELOW

        return SUPPRESS_BELOW
    raise AttributeError(f"module 'pausecheck.store' has no attribute {name!r}")
