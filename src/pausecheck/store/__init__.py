"""The desk's store: checks, users, sessions, the sign-in audit log and practice answers.

SQLAlchemy 2 models (:mod:`.models`), Alembic migrations shipped in the package and run when a
:class:`Store` opens, and one module per job: :mod:`.history` (a member's checks, retention,
forget everything), :mod:`.accounts` (users, sessions, audit log), :mod:`.practice`,
:mod:`.oversight` (counts without text). The store keeps reports as the JSON report gives them
and never imports the engine or the detectors.
"""

from pausecheck.store.database import Store, connect, default_url, upgrade
from pausecheck.store.history import RETENTION_DAYS
from pausecheck.store.oversight import SUPPRESS_BELOW

__all__ = ["RETENTION_DAYS", "SUPPRESS_BELOW", "Store", "connect", "default_url", "upgrade"]
