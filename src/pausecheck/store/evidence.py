"""The harassment log: an append-only, hash-chained record of what a member received and did.

Each entry (:class:`~pausecheck.store.models.EvidenceEntry`) is one event: a ``message``
received (verbatim, with its platform, ids, URL, sender and attachments' SHA-256), a ``note``, a
``correction`` (entries are never edited: a correction is a new entry that refers to the old
one), an ``action`` (reported to the platform with its reference, to the police with the crime
reference, to the Monitoring Officer; blocked; muted; a moderation decision) or a ``merge`` of a
sender's alias into another handle.

**The chain.** Entry *n*'s ``entry_hash`` is the SHA-256 (lower-case hex) of the canonical
encoding of :func:`chain_fields`: the entry's fields, its sequence number and ``prev``, the
previous entry's ``entry_hash`` (:data:`GENESIS`, 64 zeros, for the first). The canonical
encoding (:func:`canonical_json`) is JSON with keys sorted, no insignificant whitespace
(separators ``,`` and ``:``), non-ASCII characters written as themselves and the whole encoded
as UTF-8; NaN and infinities are refused; times are UTC in ISO 8601 with microseconds and a
``Z``. Anyone can re-compute the chain from an export with a few lines of any language.

What the chain catches: an entry edited, deleted, moved or inserted anywhere before the last
one. What it cannot catch alone: the newest entries deleted, or entries appended by someone who
re-computes hashes. For those, keep the head hash somewhere else (it is printed by ``pausecheck
evidence verify`` and written into every export) and give it back with ``--head``.

The database refuses UPDATE and DELETE on the table (triggers made by the migration), and a
unique index on ``prev_hash`` stops two writers from forking the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from pausecheck.store.models import EvidenceEntry, utcnow

__all__ = ["ACTIONS", "COURSE_OF_CONDUCT", "GENESIS", "KINDS", "Attachment", "Chain", "SenderSummary",
           "Verification", "append", "canonical_json", "chain_fields", "dedupe_key", "entries", "entry_hash",
           "handle_key", "known_keys", "last_entry", "merge_alias", "senders", "verify"]

GENESIS = "0" * 64
KINDS = ("message", "note", "correction", "action", "merge")
ACTIONS = ("reported_platform", "reported_police", "reported_mo", "blocked", "muted", "removed", "kept", "escalated")
#: A course of conduct under the Protection from Harassment Act 1997 (s.7) is conduct on at
#: least two occasions.
COURSE_OF_CONDUCT = 2


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    sha256: str


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8, no NaN: the bytes the chain hashes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def chain_fields(e: EvidenceEntry) -> dict[str, Any]:
    """What an entry's hash covers: every column but the hash itself."""
    return {
        "seq": e.id, "kind": e.kind, "action": e.action, "owner": e.owner,
        "captured_at": _utc(e.captured_at), "captured_local": e.captured_local, "timezone": e.timezone,
        "received_at": _utc(e.received_at), "platform": e.platform, "platform_id": e.platform_id, "url": e.url,
        "sender": e.sender, "content": e.content, "content_sha256": e.content_sha256,
        "attachments": e.attachments, "refers_to": e.refers_to, "reference": e.reference, "data": e.data,
        "dedupe_key": e.dedupe_key, "prev": e.prev_hash,
    }


def entry_hash(e: EvidenceEntry) -> str:
    return hashlib.sha256(canonical_json(chain_fields(e))).hexdigest()


def dedupe_key(platform: str, platform_id: str | None, sender: str | None, received_at: datetime | None,
               content: str) -> str:
    """A message's identity for idempotent imports: its platform id where it has one, else the
    hash of its sender, time and text."""
    if platform_id:
        basis: dict[str, Any] = {"platform": platform, "id": platform_id}
    else:
        basis = {"platform": platform, "sender": sender, "at": _utc(received_at), "content": content}
    return hashlib.sha256(canonical_json(basis)).hexdigest()


def known_keys(session: Session, keys: Iterable[str], chunk: int = 500) -> set[str]:
    """Which of ``keys`` the log holds already: one query per ``chunk`` keys, not one a key."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for i in range(0, len(wanted), chunk):
        part = wanted[i:i + chunk]
        found.update(k for k in session.scalars(select(EvidenceEntry.dedupe_key).where(
            EvidenceEntry.dedupe_key.in_(part))) if k is not None)
    return found


def last_entry(session: Session) -> EvidenceEntry | None:
    """The newest entry: the one the next appended entry chains to."""
    return session.scalar(select(EvidenceEntry).order_by(EvidenceEntry.id.desc()).limit(1))


def append(session: Session, *, kind: str, content: str, owner: str = "local", timezone: str = "Europe/London",
           action: str | None = None, received_at: datetime | None = None, platform: str | None = None,
           platform_id: str | None = None, url: str | None = None, sender: str | None = None,
           attachments: Iterable[Attachment] = (), refers_to: int | None = None, reference: str | None = None,
           data: dict[str, Any] | None = None, key: str | None = None, at: datetime | None = None,
           after: EvidenceEntry | Literal["read"] | None = "read") -> EvidenceEntry:
    """Add one entry at the end of the chain (the caller commits). Handles are kept as given, but
    compared without a leading ``@`` and in lower case (:func:`handle_key`).

    ``after`` is the entry this one follows (None: the log is empty). By default it is read from
    the log and the new entry is flushed at once; a caller appending many entries in one
    transaction passes each the one appended before it, and they are written together, in
    one batch, when the session flushes. A wrong ``after`` breaks the chain (``verify`` names the
    entry) or collides with an existing entry's number, so it cannot go unnoticed."""
    if kind not in KINDS:
        raise ValueError(f"unknown evidence kind {kind!r} (expected one of {', '.join(KINDS)})")
    if kind == "action" and action not in ACTIONS:
        raise ValueError(f"unknown action {action!r} (expected one of {', '.join(ACTIONS)})")
    if kind != "action" and action is not None:
        raise ValueError("only an action entry has an action")
    if received_at is not None and received_at.tzinfo is None:
        raise ValueError("received_at must be an aware time")
    captured = (at or utcnow()).astimezone(UTC)
    last = last_entry(session) if after == "read" else after
    entry = EvidenceEntry(
        id=(last.id + 1) if last is not None else 1, kind=kind, action=action, owner=owner,
        captured_at=captured, captured_local=captured.astimezone(ZoneInfo(timezone)).isoformat(timespec="microseconds"),
        timezone=timezone, received_at=None if received_at is None else received_at.astimezone(UTC),
        platform=platform, platform_id=platform_id, url=url, sender=sender, content=content,
        content_sha256=hashlib.sha256(content.encode()).hexdigest(),
        attachments=[{"name": a.name, "sha256": a.sha256} for a in attachments], refers_to=refers_to,
        reference=reference, data=dict(data or {}), dedupe_key=key,
        prev_hash=last.entry_hash if last is not None else GENESIS, entry_hash="",
    )
    entry.entry_hash = entry_hash(entry)
    session.add(entry)
    if after == "read":
        session.flush()
    return entry


def entries(session: Session, *, owner: str | None = None) -> Sequence[EvidenceEntry]:
    stmt = select(EvidenceEntry).order_by(EvidenceEntry.id)
    if owner is not None:
        stmt = stmt.where(EvidenceEntry.owner == owner)
    return session.scalars(stmt).all()


@dataclass(frozen=True, slots=True)
class Verification:
    """The chain re-computed: ``ok``, how many entries, the head hash, and where it first broke."""

    ok: bool
    count: int
    head: str
    bad_entry: int | None = None
    reason: str = ""


def verify(session: Session, *, head: str | None = None) -> Verification:
    """Re-compute the chain from the first entry and name the first entry that does not hold:
    a sequence number out of place (a row deleted or moved), a ``prev_hash`` that is not the
    previous entry's hash (a row deleted, moved or inserted), a hash that does not match the
    entry's fields (a row edited), or a content hash that does not match the content. With
    ``head``, the chain must also contain that hash (newest entries deleted otherwise)."""
    prev, count, expected_seq = GENESIS, 0, 1
    seen_head = head is None
    for e in session.scalars(select(EvidenceEntry).order_by(EvidenceEntry.id)):
        count += 1
        if e.id != expected_seq:
            return Verification(False, count, prev, e.id, f"entry {e.id} is where entry {expected_seq} should be "
                                "(an entry was deleted, moved or inserted)")
        if e.prev_hash != prev:
            return Verification(False, count, prev, e.id, f"entry {e.id} does not chain from entry {e.id - 1} "
                                "(its prev_hash is not that entry's hash)")
        if hashlib.sha256(e.content.encode()).hexdigest() != e.content_sha256:
            return Verification(False, count, prev, e.id, f"entry {e.id}'s content does not match its SHA-256")
        if entry_hash(e) != e.entry_hash:
            return Verification(False, count, prev, e.id, f"entry {e.id}'s fields do not match its hash (edited)")
        prev, expected_seq = e.entry_hash, expected_seq + 1
        seen_head = seen_head or e.entry_hash == head
    if not seen_head:
        return Verification(False, count, prev, None, f"the head {head} you kept is not in the log "
                            "(newer entries were deleted, or the log was replaced)")
    return Verification(True, count, prev)


def handle_key(platform: str | None, handle: str | None) -> tuple[str, str]:
    return ((platform or "").strip().lower(), (handle or "").strip().lstrip("@").lower())


class Chain:
    """Aliases merged by hand: each ``merge`` entry says a (platform, handle) is the same
    person as another; :meth:`root` follows the merges (union-find, earliest merge first)."""

    def __init__(self, merges: Iterable[EvidenceEntry]) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}
        for m in merges:
            alias = handle_key(m.data["alias"]["platform"], m.data["alias"]["handle"])
            into = handle_key(m.data["into"]["platform"], m.data["into"]["handle"])
            a, b = self.root(alias), self.root(into)
            if a != b:
                self.parent[a] = b

    def root(self, key: tuple[str, str]) -> tuple[str, str]:
        while key in self.parent:
            key = self.parent[key]
        return key


def merge_alias(session: Session, *, alias: tuple[str, str], into: tuple[str, str], reason: str,
                owner: str = "local", timezone: str = "Europe/London", at: datetime | None = None) -> EvidenceEntry:
    """Record, as an event, that the sender ``alias`` (platform, handle) is ``into``."""
    return append(session, kind="merge", content=reason, owner=owner, timezone=timezone, at=at,
                  data={"alias": {"platform": alias[0], "handle": alias[1]},
                        "into": {"platform": into[0], "handle": into[1]}})


@dataclass(frozen=True, slots=True)
class SenderSummary:
    """One sender (after merges): their handles, incidents (messages with at least one category
    of abuse received) and whether that is a possible course of conduct (two or more)."""

    platform: str
    handle: str
    aliases: tuple[tuple[str, str], ...]
    messages: int
    incidents: int
    entry_ids: tuple[int, ...]

    @property
    def course_of_conduct(self) -> bool:
        return self.incidents >= COURSE_OF_CONDUCT


def senders(session: Session, *, owner: str | None = None) -> list[SenderSummary]:
    """Every sender of a message in the log, aliases merged, most incidents first."""
    rows = entries(session, owner=owner)
    chain = Chain(e for e in rows if e.kind == "merge")
    groups: dict[tuple[str, str], list[EvidenceEntry]] = {}
    aliases: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for e in rows:
        if e.kind != "message" or not e.sender:
            continue
        key = handle_key(e.platform, e.sender)
        root = chain.root(key)
        groups.setdefault(root, []).append(e)
        aliases.setdefault(root, set()).add(key)
    out = [SenderSummary(platform=root[0], handle=root[1], aliases=tuple(sorted(aliases[root] - {root})),
                         messages=len(msgs), incidents=sum(1 for m in msgs if m.data.get("categories")),
                         entry_ids=tuple(m.id for m in msgs))
           for root, msgs in groups.items()]
    return sorted(out, key=lambda s: (-s.incidents, -s.messages, s.platform, s.handle))
