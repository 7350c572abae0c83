"""The store's documented defaults, importable without SQLAlchemy (the CLI's parser reads them)."""

from __future__ import annotations

__all__ = ["RETENTION_DAYS", "ROLES"]

#: Drafts can hold personal data (a resident's name, a case), so checks are kept for this many
#: days and then deleted; ``pausecheck desk --retention-days N`` changes it.
RETENTION_DAYS = 90
#: Who a user is: a ``member`` sees only their own drafts; the ``monitoring-officer`` sees the
#: oversight counts and the catalogue, never a draft.
ROLES = ("member", "monitoring-officer")
