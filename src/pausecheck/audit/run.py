"""Stream archives' posts through the checker: one :class:`AuditRow` per imported post.

Posts are read from each archive in turn (``open_archive`` with prevalidation, so a damaged
archive raises :class:`~pausecheck.ArchiveError` before any of *its* posts), gathered in chunks
and checked with ``Checker.check_many(errors="return")``, which batches the heavy analyses.
Nothing is dropped: a post with no text, or one the checker refuses (too long once
normalised…), is a row with verdict ``"not checked"`` and the reason.

With a :class:`~pausecheck.audit.cache.AuditCache`, each chunk first looks its posts up (by
platform, id and content digest, under the checker's digest); only the misses are checked, and
their results are saved (committed) before the chunk's rows are yielded, so an audit stopped
half-way keeps what it had checked and the next run resumes from there.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pausecheck._exceptions import InputError
from pausecheck.audit.result import CheckResult
from pausecheck.importers import ImportedPost, open_archive

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.audit.cache import AuditCache
    from pausecheck.engine import Checker

__all__ = ["CHUNK", "NOT_CHECKED", "NO_TEXT_REASON", "AuditRow", "AuditStats", "audit", "audit_posts"]

#: The verdict of a row the checker did not (or could not) read.
NOT_CHECKED = "not checked"
NO_TEXT_REASON = "a repost with no text in the archive: look at it by hand"
#: Posts gathered before each call to ``check_many`` (bounded memory on a long archive).
CHUNK = 256


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One imported post and what the check made of it.

    Exactly one of ``result`` and ``error`` is set: ``result`` for a checked post, ``error``
    (the reason, in plain words) for one that was not checked.
    """

    imported: ImportedPost
    result: CheckResult | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        if (self.result is None) == (self.error is None):
            raise ValueError("an AuditRow holds either a result or an error")

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
        return self.result.text if self.result is not None else self.imported.text

    @property
    def verdict(self) -> str:
        """``publish``, ``revise``, ``do-not-publish`` or ``not checked``."""
        return self.result.verdict if self.result is not None else NOT_CHECKED

    @property
    def checked(self) -> bool:
        return self.result is not None


@dataclass
class AuditStats:
    """How many posts the checker read (``checked``) and how many results came from the cache
    (``reused``); posts without text are neither."""

    checked: int = 0
    reused: int = 0


def audit(
    paths: Iterable[str | os.PathLike[str]],
    checker: Checker,
    *,
    account: str = "councillor",
    include_dms: bool = False,
    chunk: int = CHUNK,
    cache: AuditCache | None = None,
    stats: AuditStats | None = None,
) -> Iterator[AuditRow]:
    """Every post of every archive in ``paths``, checked, as :class:`AuditRow` values in order.

    Raises :class:`~pausecheck.ArchiveError` for an archive that cannot be read (before that
    archive's first row; rows of earlier archives may already have been yielded).
    """
    for path in paths:
        yield from audit_posts(open_archive(path, include_dms=include_dms, account=account), checker, chunk=chunk,
                               cache=cache, stats=stats)


def audit_posts(posts: Iterable[ImportedPost], checker: Checker, *, chunk: int = CHUNK,
                cache: AuditCache | None = None, stats: AuditStats | None = None) -> Iterator[AuditRow]:
    """Check already-imported posts; the rows come back in the posts' order."""
    stats = stats if stats is not None else AuditStats()
    pending: list[ImportedPost] = []
    for post in posts:
        pending.append(post)
        if len(pending) >= chunk:
            yield from _check_chunk(pending, checker, cache, stats)
            pending = []
    if pending:
        yield from _check_chunk(pending, checker, cache, stats)


Outcome = CheckResult | str  # a result, or the reason the post was not checked


def _check_chunk(posts: Sequence[ImportedPost], checker: Checker, cache: AuditCache | None,
                 stats: AuditStats) -> Iterator[AuditRow]:
    with_text = [p for p in posts if p.has_text]
    known: dict[int, Outcome] = cache.lookup(with_text) if cache is not None else {}
    misses = [p for i, p in enumerate(with_text) if i not in known]
    fresh: list[Outcome] = []
    for report in checker.check_many((p.post for p in misses), errors="return"):
        if isinstance(report, InputError):
            fresh.append(str(report) or type(report).__name__)
        else:
            fresh.append(CheckResult.from_report(report))
    if cache is not None and misses:
        cache.save(list(zip(misses, fresh, strict=True)))
    stats.checked += len(misses)
    stats.reused += len(known)
    new = iter(fresh)
    outcomes = iter(known[i] if i in known else next(new) for i in range(len(with_text)))
    for post in posts:
        if not post.has_text:
            yield AuditRow(post, error=NO_TEXT_REASON)
            continue
        outcome = next(outcomes)
        if isinstance(outcome, str):
            yield AuditRow(post, error=outcome)
        else:
            yield AuditRow(post, result=outcome)
