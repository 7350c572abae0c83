"""Importing received messages into the harassment log: scored, triaged, in one transaction.

:func:`import_messages` checks every new message with the Checker's ``check_many`` (batched),
maps the report to the categories of abuse received (:mod:`.triage`), and appends one
``message`` entry per message to the store's log inside a single transaction: a message that
cannot be checked rolls the whole import back. A message already in the log (same platform id,
else same sender, time and text: :func:`pausecheck.store.evidence.dedupe_key`) is skipped, so
importing the same file twice adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from pausecheck._exceptions import InputError
from pausecheck.inbox.messages import Incoming
from pausecheck.inbox.triage import Contacts, Triage, triage
from pausecheck.post import Post

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.engine import Checker
    from pausecheck.store import Store
    from pausecheck.store.models import EvidenceEntry

__all__ = ["FORK_FROM", "PERSISTENT_COUNT", "PERSISTENT_DAYS", "Imported", "contacts_from", "import_messages", "triage_of"]

#: A sender's third message within seven days makes the messages "persistent" (the
#: Communications Act 2003 s.127(2)(c) speaks of persistent use to cause annoyance or anxiety).
PERSISTENT_COUNT = 3
PERSISTENT_DAYS = 7
#: Entries an import writes to the database at a time (one batched INSERT).
FLUSH_EVERY = 500
#: New messages below which an import checks them in this process whatever ``workers`` says.
FORK_FROM = 256


@dataclass(frozen=True, slots=True)
class Imported:
    added: tuple[int, ...]
    skipped: int
    triage: tuple[Triage, ...]

    @property
    def banner(self) -> bool:
        return any(t.banner for t in self.triage)


def triage_of(entry: EvidenceEntry) -> Triage:
    return Triage(tuple(entry.data.get("categories") or ()), entry.data.get("priority", "none"),
                  tuple(entry.data.get("rules") or ()))


def contacts_from(checker: Checker, config: dict[str, Any] | None = None) -> Contacts:
    """The council's contacts: the pack's ``settings.council``, then a config's keys on top."""
    council = checker.pack.manifest.settings.council
    base: dict[str, Any] = {}
    if council is not None:
        base = {"council": council.name, "monitoring_officer": council.monitoring_officer,
                "monitoring_officer_contact": council.contact}
    for key, value in (config or {}).items():
        if key not in Contacts.__dataclass_fields__:
            raise InputError(f"unknown contact {key!r} (expected one of {', '.join(Contacts.__dataclass_fields__)})")
        if not isinstance(value, str):
            raise InputError(f"contact {key!r} should be text")
        base[key] = value
    return Contacts(**{k: v for k, v in base.items() if v is not None})


def import_messages(store: Store, checker: Checker, messages: Sequence[Incoming], *, owner: str = "local",
                    now: datetime | None = None, progress: Callable[[], None] | None = None,
                    workers: int = 1) -> Imported:
    """Check, triage and log ``messages`` in one transaction; ``progress`` is called once per
    new message logged (a progress bar's ``advance``). ``workers`` above 1 checks them in that
    many forked processes (:meth:`~pausecheck.Checker.check_many`) while this one writes the
    log; below :data:`FORK_FROM` new messages the fork is not worth its cost."""
    from pausecheck.store import evidence
    from pausecheck.store.models import EvidenceEntry

    zone = checker.pack.manifest.settings.timezone
    keys = [evidence.dedupe_key(m.platform, m.platform_id, m.sender, m.received_at, m.text) for m in messages]
    with store.sessions.begin() as s:
        seen = evidence.known_keys(s, keys)
        new: list[tuple[Incoming, str]] = []
        for m, k in zip(messages, keys, strict=True):
            if k in seen:
                continue
            seen.add(k)
            new.append((m, k))
        posts = [Post(m.text, account="personal") for m, _ in new]
        # Lazily, a batch at a time. Forked workers only check posts: they inherit this open
        # transaction's connection but never use it, and leave without closing it (os._exit).
        reports = checker.check_many(posts, errors="return", workers=workers if len(posts) >= FORK_FROM else 1)
        window = timedelta(days=PERSISTENT_DAYS)
        earlier: dict[tuple[str, str], list[datetime]] = defaultdict(list)  # by sender: not O(n²) on import
        for e in s.scalars(select(EvidenceEntry).where(EvidenceEntry.kind == "message", EvidenceEntry.owner == owner)):
            if e.received_at is not None:
                earlier[evidence.handle_key(e.platform, e.sender)].append(e.received_at)
        added: list[int] = []
        triaged: list[Triage] = []
        # Each entry chains to the one before it in memory; the session writes them in batches.
        last = evidence.last_entry(s)
        for (m, k), report in zip(new, reports, strict=True):
            if isinstance(report, InputError):
                raise InputError(f"{m.source}: cannot be checked: {report}")
            who = evidence.handle_key(m.platform, m.sender)
            times = [t for t in earlier[who] if abs(t - m.received_at) <= window]
            extra = ("persistent",) if len(times) + 1 >= PERSISTENT_COUNT else ()
            t = triage(m.text, report, extra=extra)
            entry = evidence.append(
                s, kind="message", content=m.text, owner=owner, timezone=zone, received_at=m.received_at,
                platform=m.platform, platform_id=m.platform_id, url=m.url, sender=m.sender,
                attachments=[evidence.Attachment(n, h) for n, h in m.attachments], key=k, at=now,
                data={"categories": list(t.categories), "priority": t.priority, "rules": list(t.rules),
                      "channel": m.channel, "parent_id": m.parent_id, "verdict": report.verdict.value,
                      "source": m.source}, after=last)
            last = entry
            earlier[who].append(m.received_at)
            added.append(entry.id)
            triaged.append(t)
            if len(added) % FLUSH_EVERY == 0:
                s.flush()
            if progress is not None:
                progress()
    return Imported(tuple(added), len(messages) - len(new), tuple(triaged))
