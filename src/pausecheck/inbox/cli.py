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


def add_arguments(sub: Any) -> None:
    """Add ``inbox`` and ``evidence`` to the top-level parser's subcommands."""
    ev = sub.add_parser("evidence", help="the harassment log: verify its chain, list it, export an evidence pack")
    ev_sub = ev.add_subparsers(dest="evidence_command", required=True, parser_class=type(ev))
    ver = ev_sub.add_parser("verify", help="re-compute the hash chain and name the first bad entry")
    _database(ver)
    ver.add_argument("--head", help="a head hash you kept (from an earlier verify or export): it must be in the log")
    log = ev_sub.add_parser("log", help="list the log's entries, or its senders with --senders")
    _database(log)
    log.add_argument("--senders", action="store_true", help="one line per sender (aliases merged): incidents and "
                     "whether that is a possible course of conduct")


def run(args: argparse.Namespace) -> int:
    if args.command == "evidence":
        return {"verify": _verify, "log": _log}[args.evidence_command](args)
    raise AssertionError(args.command)


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
