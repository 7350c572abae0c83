"""Batch audits of a member's past posts: platform archives in, a findings report out.

:func:`audit` streams every archive's posts through the checker and yields one
:class:`AuditRow` per post, in archive order; :class:`AuditWriter` turns the rows into
``findings.jsonl``, ``findings.csv``, ``posts.jsonl`` and a self-contained ``report.html``.
"""

from __future__ import annotations

from pausecheck.audit.run import NO_TEXT_REASON, NOT_CHECKED, AuditRow, audit
from pausecheck.audit.write import AuditSummary, AuditWriter, write_audit

__all__ = ["NOT_CHECKED", "NO_TEXT_REASON", "AuditRow", "AuditSummary", "AuditWriter", "audit", "write_audit"]
