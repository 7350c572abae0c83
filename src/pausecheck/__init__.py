"""pausecheck: pause before publishing.

Check a councillor's draft social-media post against the council's guidance, offline::

    from pausecheck import Post, check
    report = check(Post("Cllr Smith is a liar", account="councillor"))
    report.verdict        # Verdict.DO_NOT_PUBLISH
    report.findings[0]    # what, where, which clause, why, and how to fix it
"""

from pausecheck._exceptions import (
    ArchiveError,
    AttachmentError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    PackError,
    PausecheckError,
)
from pausecheck._version import __version__
from pausecheck.api import check, score
from pausecheck.classifier import ModelError
from pausecheck.engine import Checker, CheckerConfig
from pausecheck.findings import ChecklistQuestion, Clause, Finding, Hit, Notice, Report, Suggestion, Verdict
from pausecheck.policy.loader import Pack, load_pack
from pausecheck.post import Post
from pausecheck.records import BadRecord, GoodRecord, read_records
from pausecheck.resources import Resources

__all__ = [
    "ArchiveError",
    "AttachmentError",
    "BadRecord",
    "Checker",
    "CheckerConfig",
    "ChecklistQuestion",
    "Clause",
    "EmptyInputError",
    "EncodingError",
    "Finding",
    "GoodRecord",
    "Hit",
    "InputError",
    "InputTooLargeError",
    "ModelError",
    "Notice",
    "Pack",
    "PackError",
    "PausecheckError",
    "Post",
    "Report",
    "Resources",
    "Suggestion",
    "Verdict",
    "__version__",
    "check",
    "load_pack",
    "read_records",
    "score",
]
