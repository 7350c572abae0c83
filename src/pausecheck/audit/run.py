"""Stream archives' posts through the checker: one :class:`AuditRow` per imported post.

Posts are read from each archive in turn (``open_archive`` with prevalidation, so a damaged
archive raises :class:`~pausecheck.ArchiveError` before any of *its* posts), gathered in chunks
and checked with ``Checker.check_many(errors="return")``, which batches the heavy analyses.
Nothing is dropped: a post with no text, or one the checker refuses (too long once
normalised…), is a row with verdict ``"not checked"`` and the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pausecheck._exceptions import InputError
from pausecheck.findings import Report
from pausecheck.importers import ImportedPost, open_archive

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.engine import Checker

__all__ = ["CHUNK", "NOT_CHECKED", "NO_TEXT_REASON", "AuditRow", "audit", "audit_posts"]

#: The verdict of a row the checker did not (or could not) read.
NOT_CHECKED = "not checked"
NO_TEXT_REASON = "a repost with no text in the archive: look at it by hand"
#: Posts gathered before each call to ``check_many`` (bounded memory on a long archive).
CHUNK = 256


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One imported post and what the check made of it.

    Exactly one of ``report`` and ``error`` is set: ``report`` for a checked post, ``error``
    (the reason, in plain words) for one that was not checked.
    """

    imported: ImportedPost
    report: Report | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        if (self.report is None) == (self.error is None):
            raise ValueError("an AuditRow holds either a report or an error")

    @property
    def platform(self) -> str:
        return self.imported.platform

    @property
    def platform_id(self) -> str:
        return self.imported.platform_id

    @property
    def url(self) -> str | None:
        return self.imported.url

    @property
    def kind(self) -> str:
        return self.imported.kind

    @property
    def created_at(self) -> datetime:
        return self.imported.created_at

    @property
    def source(self) -> str:
        return self.imported.source

    @property
    def text(self) -> str:
        """The checked text (the report's, Unicode repaired) or the imported text."""
        return self.report.text if self.report is not None else self.imported.text

    @property
    def verdict(self) -> str:
        """``publish``, ``revise``, ``do-not-publish`` or ``not checked``."""
        return self.report.verdict.value if self.report is not None else NOT_CHECKED

    @property
    def checked(self) -> bool:
        return self.report is not None


def audit(
    paths: Iterable[str | os.PathLike[str]],
    checker: Checker,
    *,
    account: str = "councillor",
    include_dms: bool = False,
    chunk: int = CHUNK,
) -> Iterator[AuditRow]:
    """Every post of every archive in ``paths``, checked, as :class:`AuditRow` values in order.

    Raises :class:`~pausecheck.ArchiveError` for an archive that cannot be read (before that
    archive's first row; rows of earlier archives may already have been yielded).
    """
    for path in paths:
        yield from audit_posts(open_archive(path, include_dms=include_dms, account=account), checker, chunk=chunk)


def audit_posts(posts: Iterable[ImportedPost], checker: Checker, *, chunk: int = CHUNK) -> Iterator[AuditRow]:
    """Check already-imported posts; the rows come back in the posts' order."""
    pending: list[ImportedPost] = []
    for post in posts:
        pending.append(post)
        if len(pending) >= chunk:
            yield from _check_chunk(pending, checker)
            pending = []
    if pending:
        yield from _check_chunk(pending, checker)


def _check_chunk(posts: Sequence[ImportedPost], checker: Checker) -> Iterator[AuditRow]:
    with_text = [p for p in posts if p.has_text]
    outcomes = iter(checker.check_many((p.post for p in with_text), errors="return"))
    for post in posts:
        if not post.has_text:
            yield AuditRow(post, error=NO_TEXT_REASON)
            continue
        outcome = next(outcomes)
        if isinstance(outcome, InputError):
            yield AuditRow(post, error=str(outcome) or type(outcome).__name__)
        else:
            yield AuditRow(post, report=outcome)
