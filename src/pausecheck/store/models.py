"""The store's tables as SQLAlchemy 2 typed models.

Times are UTC. A check keeps its text, its context and the report as the JSON report gives it
(``pausecheck.report/1``); its findings are also kept as rows of code, category, clause and
severity, so the oversight view counts them in SQL without reading any draft. Rows that belong
to a member go when the member does (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pausecheck.store.defaults import ROLES

__all__ = ["ROLES", "AuditEvent", "AuditResult", "Base", "Check", "CheckFinding", "EvidenceEntry", "LoginSession",
           "PracticeAnswer", "User"]



class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite (which keeps no zone) as on
    PostgreSQL. Naive values are refused: a naive time in the store would be a bug."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store keeps aware UTC times only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    #: argon2id hash; None for the single-user desk's local member, who never signs in.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32), default="member")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)

    checks: Mapped[list[Check]] = relationship(back_populates="owner", cascade="all, delete-orphan", passive_deletes=True)


class Check(Base):
    __tablename__ = "checks"
    __table_args__ = (Index("ix_checks_owner_created", "owner_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    text: Mapped[str] = mapped_column(Text)
    #: account, platform, at, in_meeting: what the post was checked with.
    context: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The JSON report (``pausecheck.report/1``) exactly as the CLI's ``--format json`` gives it.
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    verdict: Mapped[str] = mapped_column(String(32))
    pack_id: Mapped[str] = mapped_column(String(64))
    #: When the member asked to be reminded to re-read a late-night draft (UTC); None: no reminder.
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None, index=True)

    owner: Mapped[User] = relationship(back_populates="checks")
    findings: Mapped[list[CheckFinding]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class CheckFinding(Base):
    """One rule that fired in one check: what the oversight view counts (no text, no match)."""

    __tablename__ = "check_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id", ondelete="CASCADE"), index=True)
    rule_code: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(48))
    clause_ref: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))


class LoginSession(Base):
    """A signed-in browser. Only the sha256 of the cookie's token is kept, so a copy of the
    database cannot be used to sign in."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """The sign-in audit log: sign-ins (and refusals), sign-outs, accounts created, role
    changes. Append-only and hash-chained: each row's ``digest`` covers its fields and the
    previous row's digest, so an edited or deleted row shows (:meth:`Store.verify_audit`)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str | None] = mapped_column(String(64))
    remote: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(255))
    prev_digest: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))


class PracticeAnswer(Base):
    """One answer on the practice page: which example, what the member chose, whether the
    guidance agrees."""

    __tablename__ = "practice_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    scenario: Mapped[str] = mapped_column(String(96))
    chosen_verdict: Mapped[str] = mapped_column(String(32))
    chosen_clause: Mapped[str] = mapped_column(String(64))
    correct: Mapped[bool] = mapped_column(Boolean)


class AuditResult(Base):
    """One post's result in a past-posts audit, kept so a re-run checks only what changed.

    Keyed by the post (platform, its id there, the digest of everything the checker reads of
    it); ``checker_digest`` says which pack and settings gave the result, so a result from
    another pack is not used. ``result`` is the audit's JSON (or the reason the post could not
    be checked); the store does not read it.
    """

    __tablename__ = "audit_results"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    platform_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    content_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    checker_digest: Mapped[str] = mapped_column(String(64), index=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EvidenceEntry(Base):
    """One event of the harassment log (:mod:`pausecheck.store.evidence`): a message received, a
    note, a correction, an action (reported, blocked, muted, a moderation decision) or a merge of
    a sender's aliases. Append-only: database triggers refuse UPDATE and DELETE (and TRUNCATE on
    PostgreSQL), and each row's ``entry_hash`` covers its fields and the previous row's hash, so
    a row edited, deleted, reordered or forged with the triggers dropped shows up in
    :func:`pausecheck.store.evidence.verify`. Rows hold no foreign keys: nothing may cascade
    into the log."""

    __tablename__ = "evidence_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: message | note | correction | action | merge
    kind: Mapped[str] = mapped_column(String(16))
    #: For kind action: reported_platform, reported_police, reported_mo, blocked, muted, removed,
    #: kept, escalated.
    action: Mapped[str | None] = mapped_column(String(32))
    #: Whose log it is (the desk's username; "local" on the single-user desk).
    owner: Mapped[str] = mapped_column(String(64), index=True)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The capture time in the pack's time zone, ISO 8601 with its offset, and the zone's name.
    captured_local: Mapped[str] = mapped_column(String(40))
    timezone: Mapped[str] = mapped_column(String(64))
    #: When the message was sent or received, as the source gave it (UTC); None for notes.
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    platform: Mapped[str | None] = mapped_column(String(32))
    platform_id: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(String(255), index=True)
    #: The verbatim text (a message's, a note's, a correction's, an action's reason).
    content: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    #: [{"name": ..., "sha256": ...}] for attachments and screenshots.
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: The entry a note, correction or action is about.
    refers_to: Mapped[int | None] = mapped_column(Integer, index=True)
    #: The platform's, police's (crime reference) or Monitoring Officer's reference for an action.
    reference: Mapped[str | None] = mapped_column(String(255))
    #: Everything else, as JSON: categories and priority of a message, a merge's alias, ...
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Re-importing a message finds it by this key (its platform id, else its content's hash).
    dedupe_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64))
