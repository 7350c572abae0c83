"""The incremental audit: results kept in SQLite through the store, reused while nothing changed.

A post's result is kept under its platform, its id there and the digest of everything the
checker reads of it (:func:`~pausecheck.audit.result.content_digest`), tagged with the
:func:`checker_digest`: the pack's content digest, the checker's settings (preview rules, the
model) and pausecheck's version. A re-run with the same checker reuses every result it finds; after
a pack change none match, so every post is checked again (and its kept result replaced). The
run saves each chunk's new results (one commit a chunk) before writing them, so an audit stopped
half-way resumes where it stopped.

The cache file holds what the findings quote from the posts; it lives in the user's data folder
(``audit-cache.sqlite3``) unless ``--cache FILE`` puts it elsewhere, and ``--no-cache`` does
without it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pausecheck._version import __version__
from pausecheck.audit.result import RESULT_FORMAT, CheckResult, content_digest
from pausecheck.importers import ImportedPost

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.engine import Checker

__all__ = ["CACHE_NAME", "AuditCache", "checker_digest", "default_cache_path"]

CACHE_NAME = "audit-cache.sqlite3"


def default_cache_path() -> Path:
    """``audit-cache.sqlite3`` in the user's data folder (platformdirs), beside the desk's file."""
    from platformdirs import user_data_path

    return user_data_path("pausecheck", appauthor=False) / CACHE_NAME


def checker_digest(checker: Checker) -> str:
    """What a result depends on besides the post: the pack (its content digest, parents
    included), the checker's settings, pausecheck's version and the result's format."""
    config = checker.config
    fields = [checker.pack.digest, config.preview, config.model, __version__, RESULT_FORMAT]
    return hashlib.sha256(json.dumps(fields).encode()).hexdigest()


def _key(post: ImportedPost) -> tuple[str, str, str]:
    return post.platform, post.platform_id, content_digest(post.post)


class AuditCache:
    """Results kept in the SQLite file at ``path`` (created, and migrated, on opening) for one
    checker (``digest``: :func:`checker_digest`)."""

    def __init__(self, path: str | os.PathLike[str], digest: str) -> None:
        from pausecheck.store import Store

        self.path = Path(path)
        self.digest = digest
        self._store = Store(f"sqlite:///{self.path}")

    @classmethod
    def for_checker(cls, path: str | os.PathLike[str], checker: Checker) -> AuditCache:
        return cls(path, checker_digest(checker))

    def lookup(self, posts: Sequence[ImportedPost]) -> dict[int, CheckResult | str]:
        """The kept outcome (a result, or why the post could not be checked) of each post that
        has one from this checker, by the post's index in ``posts``."""
        from pausecheck.store import audit_results

        keys = [_key(p) for p in posts]
        with self._store.sessions() as session:
            found = audit_results.lookup(session, keys, self.digest)
        out: dict[int, CheckResult | str] = {}
        for i, (post, key) in enumerate(zip(posts, keys, strict=True)):
            data = found.get(key)
            if data is None:
                continue
            try:
                out[i] = (str(data["error"]) if "error" in data
                          else CheckResult.from_json(data, imported_text=post.text))
            except (ValueError, KeyError, TypeError):
                continue  # a result of another format: check the post again
        return out

    def save(self, outcomes: Sequence[tuple[ImportedPost, CheckResult | str]]) -> None:
        """Keep these outcomes (one transaction, committed before returning)."""
        from pausecheck.store import audit_results

        rows = [(_key(post), {"v": RESULT_FORMAT, "error": outcome} if isinstance(outcome, str)
                 else outcome.to_json(imported_text=post.text))
                for post, outcome in outcomes]
        with self._store.sessions.begin() as session:
            audit_results.save(session, rows, self.digest)

    def count(self) -> int:
        """How many results this checker gave are kept."""
        from pausecheck.store import audit_results

        with self._store.sessions() as session:
            return audit_results.count(session, self.digest)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> AuditCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
