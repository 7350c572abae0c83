"""``pausecheck inbox``, ``pausecheck evidence``: the command line of the inbox and the log.

Exit codes: 0 done (``evidence verify``: the chain holds), 1 ``evidence verify`` found tampering,
64 usage, 65 bad input (a malformed import: nothing was imported).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_arguments", "run"]

EXIT_TAMPERED = 1
EXIT_USAGE = 64
EXIT_BAD_INPUT = 65


def _database(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database", help="SQLAlchemy URL (default: the desk's SQLite file under your data folder)")
    p.add_argument("--owner", default="local", help="whose log (a desk username; default: local)")


def _checking(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", help="policy pack: a bundled name or a directory (default: leeds-2019)")
    p.add_argument("--contacts", help="a JSON file of the council's contacts for the threat banner: "
                   "monitoring_officer, monitoring_officer_contact, police_liaison, legal_services, council "
                   "(default: the pack's settings.council)")


def add_arguments(sub: Any) -> None:
    """Add ``inbox`` and ``evidence`` to the top-level parser's subcommands."""
    ib = sub.add_parser("inbox", help="messages received: import them into the evidence log, scored; list them")
    ib_sub = ib.add_subparsers(dest="inbox_command", required=True, parser_class=type(ib))
    imp = ib_sub.add_parser("import", help="import messages (CSV, JSON lines, or an archive: WordPress visitors' "
                            "comments, X and Messenger direct messages received) in one transaction; re-importing "
                            "adds nothing")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--platform", help="the platform of rows that name none (x, facebook, email, …)")
    imp.add_argument("--workers", type=int, metavar="N", help="processes that check the messages (default: one "
                     "per CPU core, at most 4; 1 checks them in this process)")
    _database(imp)
    _checking(imp)
    lst = ib_sub.add_parser("list", help="the messages received, highest priority first")
    lst.add_argument("--priority", choices=("high", "medium", "low", "none"), help="only this priority")
    _database(lst)
    _checking(lst)
    mo = sub.add_parser("moderate", help="the moderation queue of flagged comments: list, remove, keep, escalate")
    mo_sub = mo.add_subparsers(dest="moderate_command", required=True, parser_class=type(mo))
    ml = mo_sub.add_parser("list", help="pending flagged messages, highest risk first, with time since you knew")
    ml.add_argument("--all", action="store_true", help="also those already decided")
    _database(ml)
    for name, what in (("remove", "you removed it from your page"), ("keep", "you keep it up (give --reason)"),
                       ("escalate", "you passed it on (Monitoring Officer, Legal Services, police)")):
        d = mo_sub.add_parser(name, help=f"record that {what}")
        d.add_argument("entry", type=int, metavar="N")
        d.add_argument("--reason", default="", help="why (required to keep)")
        _database(d)
    ev = sub.add_parser("evidence", help="the harassment log: verify its chain, list it, export an evidence pack")
    ev_sub = ev.add_subparsers(dest="evidence_command", required=True, parser_class=type(ev))
    ver = ev_sub.add_parser("verify", help="re-compute the hash chain and name the first bad entry")
    _database(ver)
    ver.add_argument("--head", help="a head hash you kept (from an earlier verify or export): it must be in the log")
    log = ev_sub.add_parser("log", help="list the log's entries, or its senders with --senders")
    _database(log)
    log.add_argument("--senders", action="store_true", help="one line per sender (aliases merged): incidents and "
                     "whether that is a possible course of conduct")
    add = ev_sub.add_parser("add", help="add a note, a correction or an action (reported, blocked, …) to the log")
    add.add_argument("kind", choices=("note", "correction", "action"))
    add.add_argument("text", help="the note, the corrected words, or what was done and why")
    add.add_argument("--about", type=int, metavar="N", help="the entry it is about (#N in 'evidence log')")
    add.add_argument("--action", choices=ACTIONS, help="with kind action: what was done")
    add.add_argument("--reference", help="the platform's report reference, the police crime reference, …")
    _database(add)
    ex = ev_sub.add_parser("export", help="write an evidence pack (zip): CSV, JSON, a timeline per sender, your "
                           "impact statement, MANIFEST.sha256")
    who = ex.add_mutually_exclusive_group(required=True)
    who.add_argument("--sender", metavar="PLATFORM:HANDLE", help="one sender (aliases merged)")
    who.add_argument("--all", action="store_true", help="the whole log")
    ex.add_argument("--out", required=True, metavar="FILE.zip")
    ex.add_argument("--impact", metavar="FILE", help="your impact statement (UTF-8 text), in your own words")
    ex.add_argument("--screenshot", nargs="+", default=[], metavar="FILE",
                    help="screenshots to show in report.pdf beside the messages whose attachments they match "
                         "(by SHA-256; PNG or JPEG up to 5 MiB)")
    _database(ex)
    mg = ev_sub.add_parser("merge", help="record that two handles are the same sender")
    mg.add_argument("alias", metavar="PLATFORM:HANDLE")
    mg.add_argument("into", metavar="PLATFORM:HANDLE")
    mg.add_argument("--reason", required=True, help="why you think they are the same person")
    _database(mg)


ACTIONS = ("reported_platform", "reported_police", "reported_mo", "blocked", "muted")
#: The guidance (Leeds, Do 9): blocking and muting are a last resort.
LAST_RESORT = ("The guidance says blocking and muting should always be a last resort: keep the evidence first "
               "(it is in this log), and consider reporting to the platform, the Monitoring Officer or the police. "
               "pausecheck blocks nothing on the platform; this records your decision and reason.")


def run(args: argparse.Namespace) -> int:
    if args.command == "evidence":
        return {"verify": _verify, "log": _log, "add": _add, "merge": _merge,
                "export": _export}[args.evidence_command](args)
    if args.command == "moderate":
        return _moderate(args)
    if args.command == "inbox":
        return {"import": _import, "list": _list}[args.inbox_command](args)
    raise AssertionError(args.command)


def _usage(message: str) -> int:
    print(f"pausecheck: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _checker_and_contacts(args: argparse.Namespace) -> tuple[Any, Any]:
    import json
    from pathlib import Path

    from pausecheck._exceptions import InputError
    from pausecheck.engine import Checker
    from pausecheck.inbox.service import contacts_from
    from pausecheck.inbox.triage import RULE_CATEGORIES

    checker = Checker(args.pack, categories=RULE_CATEGORIES)
    config = None
    if args.contacts:
        try:
            config = json.loads(Path(args.contacts).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise InputError(f"{args.contacts}: cannot read the contacts ({e})") from None
        if not isinstance(config, dict):
            raise InputError(f"{args.contacts}: expected a JSON object of contacts")
    return checker, contacts_from(checker, config)


def _import(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from pausecheck.inbox.messages import read_messages
    from pausecheck.inbox.service import import_messages
    from pausecheck.inbox.triage import advice_lines

    if args.workers is None:
        args.workers = min(os.cpu_count() or 1, 4)
    elif args.workers < 1:
        return _usage("--workers takes a number from 1")
    checker, contacts = _checker_and_contacts(args)
    messages = read_messages(Path(args.file), platform=args.platform,
                             timezone=checker.pack.manifest.settings.timezone)
    from pausecheck.report.progress import BatchProgress

    store = _store(args)
    try:
        with BatchProgress(len(messages)) as bar:
            result = import_messages(store, checker, messages, owner=args.owner, progress=bar.advance,
                                     workers=args.workers)
    finally:
        store.close()
    worst = next((t for t in result.triage if t.banner), None) or next(
        (t for t in result.triage if t.priority == "high"), None)
    if worst is not None:
        for line in advice_lines(worst, contacts):
            print(line)
        print()
    high = sum(1 for t in result.triage if t.priority == "high")
    print(f"imported {len(result.added)} message(s), {result.skipped} already in the log; "
          f"{high} high priority (threats: never dismissed automatically)")
    return 0


def _list(args: argparse.Namespace) -> int:
    from pausecheck.inbox.service import triage_of
    from pausecheck.inbox.triage import PRIORITIES, advice_lines
    from pausecheck.store import evidence

    _, contacts = _checker_and_contacts(args)
    store = _store(args)
    try:
        with store.sessions() as s:
            rows = [e for e in evidence.entries(s, owner=args.owner) if e.kind == "message"]
    finally:
        store.close()
    rows.sort(key=lambda e: (PRIORITIES.index(e.data.get("priority", "none")), -e.id))
    if args.priority:
        rows = [e for e in rows if e.data.get("priority") == args.priority]
    banner = next((triage_of(e) for e in rows if triage_of(e).banner), None)
    if banner is not None:
        for line in advice_lines(banner, contacts):
            print(line)
        print()
    for e in rows:
        t = triage_of(e)
        cats = ", ".join(t.categories) or "no category"
        when = e.received_at.isoformat() if e.received_at else "?"
        print(terminal_safe(f"#{e.id} [{t.priority}] {when} {e.platform}:{e.sender} ({cats}): {e.content}"))
        if e.url:
            print(terminal_safe(f"    {e.url}"))
    return 0


def _add(args: argparse.Namespace) -> int:
    from pausecheck.store import evidence

    if (args.kind == "action") != (args.action is not None):
        return _usage("give --action with kind action, and only then")
    if args.kind == "correction" and args.about is None:
        return _usage("a correction needs --about N, the entry it corrects")
    store = _store(args)
    try:
        with store.sessions.begin() as s:
            if args.about is not None and args.about not in {e.id for e in evidence.entries(s)}:
                return _usage(f"there is no entry #{args.about}")
            entry = evidence.append(s, kind=args.kind, action=args.action, content=args.text, owner=args.owner,
                                    refers_to=args.about, reference=args.reference)
            number = entry.id
    finally:
        store.close()
    if args.action in ("blocked", "muted"):
        print(LAST_RESORT)
    print(f"added #{number}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    from pausecheck.store import evidence

    pairs = []
    for value in (args.alias, args.into):
        platform, sep, handle = value.partition(":")
        if not sep or not platform or not handle:
            return _usage(f"{value!r}: expected PLATFORM:HANDLE, e.g. x:@someone")
        pairs.append((platform, handle))
    store = _store(args)
    try:
        with store.sessions.begin() as s:
            entry = evidence.merge_alias(s, alias=pairs[0], into=pairs[1], reason=args.reason, owner=args.owner)
            number = entry.id
    finally:
        store.close()
    print(f"added #{number}: {args.alias} is {args.into}")
    return 0


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def terminal_safe(s: str) -> str:
    """Untrusted text for one terminal line: control characters (escape sequences, newlines) and
    bidirectional overrides become U+FFFD, so a message cannot move the cursor or hide itself."""
    return "".join("\ufffd" if ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in _BIDI else c for c in s)


def _store(args: argparse.Namespace) -> Any:
    from pausecheck.store import Store

    return Store(args.database)


def _verify(args: argparse.Namespace) -> int:
    from pausecheck.store import evidence

    store = _store(args)
    try:
        with store.sessions() as s:
            result = evidence.verify(s, head=args.head)
    finally:
        store.close()
    if result.ok:
        print(f"evidence log OK: {result.count} entries, head {result.head}")
        return 0
    where = f"first bad entry: {result.bad_entry}: " if result.bad_entry is not None else ""
    print(f"evidence log TAMPERED: {where}{result.reason}", file=sys.stderr)
    return EXIT_TAMPERED


def _log(args: argparse.Namespace) -> int:
    from pausecheck.store import evidence

    store = _store(args)
    try:
        with store.sessions() as s:
            if args.senders:
                for x in evidence.senders(s, owner=args.owner):
                    flag = "  POSSIBLE COURSE OF CONDUCT (2+ incidents: Protection from Harassment Act 1997)" \
                        if x.course_of_conduct else ""
                    also = f" (also {', '.join(f'{p}:{h}' for p, h in x.aliases)})" if x.aliases else ""
                    print(terminal_safe(f"{x.platform}:{x.handle}{also}: {x.incidents} incident(s) in "
                                        f"{x.messages} message(s){flag}"))
                return 0
            for e in evidence.entries(s, owner=args.owner):
                what = e.action if e.kind == "action" else e.kind
                who = f" {e.platform}:{e.sender}" if e.sender else ""
                ref = f" ref {e.reference}" if e.reference else ""
                about = f" (about #{e.refers_to})" if e.refers_to else ""
                cats = e.data.get("categories") or []
                tags = f" [{', '.join(cats)}]" if cats else ""
                print(terminal_safe(f"#{e.id} {e.captured_local} {what}{who}{about}{ref}{tags}: {e.content}"))
    finally:
        store.close()
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pausecheck._exceptions import InputError
    from pausecheck.inbox.export import export_pack
    from pausecheck.inbox.pdf import Screenshot

    shots = []
    for name in args.screenshot:
        try:
            shots.append(Screenshot(Path(name).name, Path(name).read_bytes()))
        except OSError as e:
            raise InputError(f"{name}: cannot read the screenshot ({e})") from None
    impact = None
    if args.impact:
        try:
            impact = Path(args.impact).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{args.impact}: cannot read the impact statement ({e})") from None
    store = _store(args)
    try:
        names = export_pack(store, Path(args.out), sender=args.sender, owner=args.owner, impact=impact,
                            screenshots=shots)
    except LookupError as e:
        print(f"pausecheck: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        store.close()
    print(f"wrote {args.out}: {', '.join(names)}")
    return 0


def _moderate(args: argparse.Namespace) -> int:
    from pausecheck.inbox.moderation import decide, queue

    store = _store(args)
    try:
        if args.moderate_command == "list":
            with store.sessions() as s:
                items = queue(s, owner=args.owner, include_done=args.all)
            for q in items:
                hours = q.aware_for.total_seconds() / 3600
                cats = ", ".join(q.entry.data.get("categories") or ())
                why = f" ({q.reason})" if q.reason else ""
                print(terminal_safe(f"#{q.entry.id} [{q.entry.data.get('priority', 'none')}] {q.state}{why}, aware "
                                    f"{hours:.1f} h: {q.entry.platform}:{q.entry.sender} ({cats}): {q.entry.content}"))
            return 0
        decision = {"remove": "removed", "keep": "kept", "escalate": "escalated"}[args.moderate_command]
        try:
            with store.sessions.begin() as s:
                entry = decide(s, args.entry, decision, args.reason, owner=args.owner)
                number = entry.id
        except (LookupError, ValueError) as e:
            return _usage(str(e))
    finally:
        store.close()
    print(f"#{args.entry} {decision} (log entry #{number})")
    return 0
