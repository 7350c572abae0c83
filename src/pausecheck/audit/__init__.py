"""Batch audits of a member's past posts: platform archives in, a findings report out.

:func:`audit` streams every archive's posts through the checker and yields one
:class:`AuditRow` per post, in archive order (with an :class:`AuditCache`, results already
checked under the same pack are reused and new ones kept); :class:`AuditWriter` turns the rows
into ``findings.jsonl``, ``findings.csv``, ``posts.jsonl`` and a self-contained ``report.html``.
:mod:`pausecheck.audit.party` runs many members' archives on a Dask cluster (the ``audit`` extra).
"""

from __future__ import annotations

from pausecheck.audit.result import AuditFinding, CheckResult, FlaggedSpan, content_digest
from pausecheck.audit.run import NO_TEXT_REASON, NOT_CHECKED, AuditRow, AuditStats, audit, audit_posts
from pausecheck.audit.write import AuditSummary, AuditWriter, write_audit

__all__ = [
    "NOT_CHECKED",
    "NO_TEXT_REASON",
    "AuditFinding",
    "AuditRow",
    "AuditStats",
    "AuditSummary",
    "AuditWriter",
    "CheckResult",
    "FlaggedSpan",
    "audit",
    "audit_posts",
    "content_digest",
    "write_audit",
]
