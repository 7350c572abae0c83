"""The ``pausecheck`` command.

Exit codes: 0 publish, 1 revise, 2 do-not-publish, 64 usage error, 65 bad input
(empty, too large, not UTF-8, binary, unreadable image or archive, invalid pack), 73 the audit
report could not be written, 141 the reader of standard output went away.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pausecheck._exceptions import EncodingError, InputError, InputTooLargeError, PackError
from pausecheck._version import __version__
from pausecheck.findings import Report
from pausecheck.post import ACCOUNTS, Post

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from pausecheck.audit import AuditRow
    from pausecheck.engine import Checker
    from pausecheck.records import BadRecord, GoodRecord
    from pausecheck.report.progress import BatchProgress
    from pausecheck.report.view import Tally

EXIT_USAGE = 64
EXIT_BAD_INPUT = 65
#: Files are read whole; anything bigger than this is refused before decoding.
MAX_FILE_BYTES = 8 * 1024 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"pausecheck: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pausecheck", description="Pause before publishing: check a draft post against your council's guidance.")
    p.add_argument("--version", action="version", version=f"pausecheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="check a draft post")
    c.add_argument("text", nargs="?", help="the draft text, or '-' to read standard input")
    c.add_argument("-f", "--file", help="read the draft from a UTF-8 text file")
    c.add_argument("--jsonl", help="batch: one JSON object per line {id, text, account?, at?, platform?, images?, in_meeting?}; image paths are relative to the file")
    c.add_argument("--account", choices=ACCOUNTS, default="councillor", help="the account it goes out from (default: councillor)")
    c.add_argument("--at", help="intended posting time, ISO-8601 (e.g. 2026-03-14T23:40; default: now, in the "
                   "pack's time zone)")
    c.add_argument("--platform", help="x, facebook, instagram, …")
    c.add_argument("--image", nargs="+", default=[], metavar="PATH", help="attached image file(s)")
    c.add_argument("--in-meeting", action="store_true", help="you are posting from a council meeting")
    c.add_argument("--pack", help="policy pack: a bundled name or a directory (default: leeds-2019)")
    c.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    c.add_argument("--preview", action="store_true", help="also run rules marked preview")
    c.add_argument("--model", help="shipped learned model behind classifier rules that name none "
                   "(default: the package's default model)")
    c.add_argument("--fix", action="store_true", help="print the post rewritten by its findings' safe fixes "
                   "(each checked again); the exit code is the rewritten post's verdict")
    c.add_argument("--unsafe-fixes", action="store_true", help="with --fix, also apply the rewrites that "
                   "change what the post says (marked 'needs review')")

    r = sub.add_parser("rules", help="list the rules and the clause-by-clause coverage table")
    r.add_argument("--pack")
    r.add_argument("--format", choices=("text", "json"), default="text")

    sc = sub.add_parser("score", help="per-head probabilities from the learned model")
    sc.add_argument("text", nargs="?", help="a text to score (or use --jsonl)")
    sc.add_argument("--jsonl", help="one JSON object per line {id, text}; prints {id, scores} per line")
    sc.add_argument("--model", help="shipped model name or folder (default: the default model)")

    pk = sub.add_parser("pack", help="work on a policy pack")
    pk_sub = pk.add_subparsers(dest="pack_command", required=True, parser_class=_Parser)
    pc = pk_sub.add_parser("check", help="load a pack, probe its regexes, run every rule's examples")
    pc.add_argument("dir", help="the pack folder (or a bundled pack name)")
    pn = pk_sub.add_parser("new", help="write a new pack that loads: extending a shipped pack, or blank")
    pn.add_argument("name", help="the pack's id and folder name, e.g. bradford-2024")
    base = pn.add_mutually_exclusive_group()
    base.add_argument("--from", dest="base", default="leeds-2019",
                      help="the pack to extend: a shipped name or a folder (default: leeds-2019)")
    base.add_argument("--blank", action="store_true", help="a pack of its own, with one worked example rule")
    pn.add_argument("--dir", default=".", help="the folder to write the pack in (default: here)")
    pd = pk_sub.add_parser("diff", help="rules and clauses one pack adds, removes or changes against another")
    pd.add_argument("a", help="a pack: a shipped name or a folder")
    pd.add_argument("b", help="the pack to compare with it")
    pd.add_argument("--format", choices=("text", "json"), default="text")

    au = sub.add_parser("audit", help="check every post in platform archives; write a findings report")
    au.add_argument("archives", nargs="+", metavar="ARCHIVE", help="an X, Facebook, Mastodon, Bluesky, LinkedIn or "
                    "WordPress export (zip, tar.gz, folder or file)")
    au.add_argument("--out", default="pausecheck-audit", help="the folder for the report (default: ./pausecheck-audit)")
    au.add_argument("--pack", help="policy pack: a bundled name or a directory (default: leeds-2019)")
    au.add_argument("--account", choices=ACCOUNTS, default="councillor", help="the account the posts went out from "
                    "(default: councillor)")
    au.add_argument("--include-dms", action="store_true", help="also check the direct messages the account sent")
    au.add_argument("--preview", action="store_true", help="also run rules marked preview")
    cache = au.add_mutually_exclusive_group()
    cache.add_argument("--cache", metavar="FILE", help="keep results in this SQLite file, so a re-run checks only "
                       "new or changed posts and a stopped audit resumes (default: audit-cache.sqlite3 in your "
                       "user data folder)")
    cache.add_argument("--no-cache", action="store_true", help="keep no results: check every post")
    au.add_argument("--engine", choices=("local", "dask"), default="local", help="local: this process (default); "
                    "dask: one task per archive on a Dask cluster, with a vetting summary ranking the members "
                    "(needs the 'audit' extra)")
    au.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: the scheduler's address, e.g. "
                    "tcp://10.0.0.5:8786 (default: a LocalCluster on this machine); its workers must be able to "
                    "read the archives' paths")
    au.add_argument("--workers", type=int, metavar="N", help="with --engine dask and no --scheduler: the "
                    "LocalCluster's worker processes (default: 2)")

    from pausecheck.desk.cli import add_arguments as desk_arguments  # the desk owns its options
    desk_arguments(sub.add_parser("desk", help="run the councillor's desk (a web app) on this machine"))

    from pausecheck.inbox.cli import add_arguments as inbox_arguments  # the inbox owns its commands
    inbox_arguments(sub)

    one = sub.add_parser("rule", help="print one rule's documentation")
    one.add_argument("key", help="rule code (SMG-ABU-001) or name (personal-insult)")
    one.add_argument("--pack")
    one.add_argument("--format", choices=("text", "markdown"), default="text",
                     help="text: laid out for the terminal (default); markdown: the source")
    return p


def run() -> int:
    """The ``pausecheck`` command: :func:`main`, then a quick exit.

    At exit the interpreter's last garbage collection walks every object spaCy, Presidio and the
    models created (about 0.2 s, as long as the check itself). ``gc.freeze`` moves them out of the
    collector's sight; they are still freed by reference count and standard streams are still
    flushed, so nothing is lost. Only for the process that ends here, never for ``main`` called
    in a long-lived process.
    """
    import gc

    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "score":
            return _score(args)
        if args.command == "pack":
            return {"check": _pack_check, "new": _pack_new, "diff": _pack_diff}[args.pack_command](args)
        if args.command == "audit":
            return _audit(args)
        if args.command in ("inbox", "evidence", "moderate"):
            from pausecheck.inbox.cli import run as run_inbox
            return run_inbox(args)
        if args.command == "desk":
            from pausecheck.desk.cli import run as run_desk
            return run_desk(args)
        return _rule(args)
    except PackError as e:
        print(f"pausecheck: invalid policy pack: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InputError as e:
        print(f"pausecheck: cannot check this input: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (`pausecheck check … | head`): stop quietly, as Unix tools do.
        # Point stdout at devnull so the interpreter's final flush cannot raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by the broken pipe


def decode_text(data: bytes, source: str) -> str:
    """Bytes to text, refusing binary files and invalid UTF-8 with a message that says why."""
    if len(data) > MAX_FILE_BYTES:
        raise InputTooLargeError(f"{source} is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    if b"\x00" in data[:8192]:
        raise EncodingError(f"{source} looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise EncodingError(f"{source} is not valid UTF-8 (bad byte 0x{data[e.start]:02x} at offset {e.start})") from None
    return text.removeprefix("\ufeff")


def _read_source(args: argparse.Namespace) -> str:
    given = [x for x in (args.text, args.file) if x is not None]
    if len(given) != 1:
        _usage("give the draft as TEXT, -f FILE or '-' (standard input), or use --jsonl FILE")
    if args.file is not None:
        return decode_text(_read_file(args.file), args.file)
    if args.text == "-":
        return decode_text(sys.stdin.buffer.read(MAX_FILE_BYTES + 1), "standard input")
    return str(args.text)


def _read_file(path: str) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    try:
        with p.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def _usage(message: str) -> NoReturn:
    print(f"pausecheck: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def _parse_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        _usage(f"--at {value!r} is not an ISO-8601 time (e.g. 2026-03-14T23:40)")


def _checker(args: argparse.Namespace) -> Checker:
    from pausecheck.classifier import ModelError
    from pausecheck.engine import Checker
    from pausecheck.resources import Resources

    resources = Resources()
    model = getattr(args, "model", None)
    if model:
        try:
            resources.model(model)  # a wrong name is a usage error now, not a crash mid-check
        except ModelError as e:
            _usage(f"--model {model!r}: {e}")
    return Checker(args.pack, preview=getattr(args, "preview", False), model=model, resources=resources,
                   fixes=args.command == "check")


def _check(args: argparse.Namespace) -> int:
    if args.jsonl:
        if args.text is not None or args.file is not None:
            _usage("--jsonl cannot be combined with TEXT or -f")
        return _check_batch(args)
    if args.unsafe_fixes and not args.fix:
        _usage("--unsafe-fixes needs --fix")
    if args.fix and args.format == "sarif":
        _usage("--fix prints the rewritten post as text or json, not sarif")
    text = _read_source(args)
    checker = _checker(args)
    at = _parse_at(args.at) or checker.local_now()
    post = Post(text, args.account, at, args.platform, tuple(args.image), args.in_meeting)
    if args.fix:
        return _fix(checker, [(args.file or "draft", post)], args)
    report = checker.check(post)
    _warn(args.file or "draft", report)
    _emit([(args.file or "draft", report)], args.format)
    return report.exit_code


def _fix(checker: Checker, posts: Sequence[tuple[str, Post]], args: argparse.Namespace, ids: bool = False) -> int:
    """Print each post rewritten by its findings' fixes (text: the post; json: one object with
    what was applied and the verdict when checked again); say on stderr what was left. Exit code:
    the worst verdict of the rewritten posts."""
    from pausecheck.report import SCHEMA

    worst = 0
    for name, post in posts:
        fixed = checker.fix(post, unsafe=args.unsafe_fixes)
        worst = max(worst, fixed.report.exit_code)
        if args.format == "json":
            out = {"schema": SCHEMA, **({"id": name} if ids else {}), **fixed.to_dict()}
            print(json.dumps(out, ensure_ascii=False, indent=None if ids else 2), flush=True)
        else:
            sys.stdout.write(fixed.text if fixed.text.endswith("\n") else fixed.text + "\n")
        left = fixed.report.findings
        applied = ", ".join(fixed.applied) or "none"
        print(f"pausecheck: {name}: fixes applied: {applied}; rewritten post: {fixed.report.verdict.value}"
              + (f" ({len(left)} finding{'s' if len(left) != 1 else ''} left)" if left else ""), file=sys.stderr)
    return worst


def _warn(name: str, report: Report) -> None:
    for w in report.warnings:
        print(f"pausecheck: warning: {name}: {w}", file=sys.stderr)


def _emit(reports: list[tuple[str, Report]], fmt: str, ids: bool = False) -> None:
    from pausecheck.report import terminal_width, to_json, to_sarif, to_text

    out = sys.stdout
    if fmt == "sarif":
        out.write(to_sarif(reports) + "\n")
        return
    for name, report in reports:
        if fmt == "json":
            out.write(to_json(report, indent=None if ids else 2, id=name if ids else None) + "\n")
        else:
            out.write(to_text(report, width=terminal_width(), color=out.isatty(), title=name))
            out.write("\n")


def _check_batch(args: argparse.Namespace) -> int:
    """Check every record of a JSON-lines file, streaming one result per record, in order.

    A record that cannot be checked is an error record in its place (JSON: ``{"id", "error"}``;
    SARIF: a notification; text: a line on stderr), and every other record is still checked.
    Exit code: the worst verdict of the checked records; 65 only when no record could be checked.
    """
    from pausecheck.records import Defaults, GoodRecord, read_records
    from pausecheck.report import summary_to_text, terminal_width
    from pausecheck.report.progress import BatchProgress
    from pausecheck.report.view import Tally

    data = decode_text(_read_file(args.jsonl), args.jsonl)
    defaults = Defaults(args.account, args.platform, args.in_meeting, Path(args.jsonl).resolve().parent)
    checker = _checker(args)
    records = list(read_records(data, defaults))
    good = [r for r in records if isinstance(r, GoodRecord)]
    now = checker.local_now()  # records that give no time are about to go out
    if args.unsafe_fixes and not args.fix:
        _usage("--unsafe-fixes needs --fix")
    if args.fix:
        if args.format == "sarif":
            _usage("--fix prints the rewritten posts as text or json, not sarif")
        for r in records:
            if not isinstance(r, GoodRecord):
                print(f"pausecheck: {r.id}: {r.reason}", file=sys.stderr)
        worst = _fix(checker, [(r.id, r.post if r.post.at else replace(r.post, at=now)) for r in good], args, ids=True)
        return worst if good else EXIT_BAD_INPUT
    outcomes = iter(checker.check_many((r.post if r.post.at else replace(r.post, at=now) for r in good),
                                       errors="return"))
    tally = Tally()
    with BatchProgress(len(records)) as progress:
        worst, checked, bad, sarif = _stream(args, records, outcomes, tally, progress)
    if args.format == "text" and tally.posts:
        sys.stdout.write(summary_to_text(tally.summary(bad), width=terminal_width(), color=sys.stdout.isatty()))
    if args.format == "sarif":
        from pausecheck.report import to_sarif

        sys.stdout.write(to_sarif([(i, r) for i, r in sarif if not isinstance(r, str)],
                                  errors=[(i, r) for i, r in sarif if isinstance(r, str)]) + "\n")
    if bad:
        print(f"pausecheck: {bad} of {bad + checked} records could not be checked", file=sys.stderr)
    return worst if checked else EXIT_BAD_INPUT


def _stream(args: argparse.Namespace, records: Sequence[GoodRecord | BadRecord], outcomes: Iterator[Report | InputError],
            tally: Tally, progress: BatchProgress) -> tuple[int, int, int, list[tuple[str, Report | str]]]:
    """Write each record's result as it comes, counting it for the summary."""
    from pausecheck.records import BadRecord
    from pausecheck.report import SCHEMA

    worst, checked, bad = 0, 0, 0
    sarif: list[tuple[str, Report | str]] = []
    for rec in records:
        if isinstance(rec, BadRecord):
            result: Report | str = rec.reason
        else:
            outcome = next(outcomes)
            result = f"line {rec.line}: {outcome}" if isinstance(outcome, InputError) else outcome
        ident = rec.id
        if isinstance(result, str):
            bad += 1
            print(f"pausecheck: {ident}: {result}", file=sys.stderr)
        else:
            checked += 1
            worst = max(worst, result.exit_code)
            _warn(ident, result)
            tally.add(result)
        if args.format == "sarif":
            sarif.append((ident, result))
        elif isinstance(result, str):
            if args.format == "json":
                print(json.dumps({"schema": SCHEMA, "id": ident, "error": result}, ensure_ascii=False),
                      flush=True)
        else:
            _emit([(ident, result)], args.format, ids=True)
            sys.stdout.flush()
        progress.advance()
    return worst, checked, bad, sarif


def _score(args: argparse.Namespace) -> int:
    """Per-head probabilities, one JSON line per text, streamed; bad records keep their place."""
    from pausecheck.classifier import DEFAULT_MODEL, ModelError, score
    from pausecheck.records import BadRecord, read_records
    from pausecheck.resources import Resources

    if (args.text is None) == (args.jsonl is None):
        _usage("give a TEXT or --jsonl FILE")
    try:
        model = Resources().model(args.model or DEFAULT_MODEL)
    except ModelError as e:
        print(f"pausecheck: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.text is not None:
        print(json.dumps({"id": "text", "scores": score([_scoreable(args.text)], model)[0]}, ensure_ascii=False))
        return 0
    bad = 0
    pending: list[tuple[str, str]] = []

    def flush() -> None:
        if pending:
            for (ident, _), s in zip(pending, score([t for _, t in pending], model), strict=True):
                print(json.dumps({"id": ident, "scores": s}, ensure_ascii=False), flush=True)
            pending.clear()

    for rec in read_records(decode_text(_read_file(args.jsonl), args.jsonl)):
        if isinstance(rec, BadRecord):
            flush()
            bad += 1
            print(json.dumps({"id": rec.id, "error": rec.reason}, ensure_ascii=False), flush=True)
            print(f"pausecheck: {rec.id}: {rec.reason}", file=sys.stderr)
            continue
        pending.append((rec.id, _scoreable(rec.post.text)))
        if len(pending) >= 64:
            flush()
    flush()
    return EXIT_BAD_INPUT if bad else 0


def _scoreable(text: str) -> str:
    """Lone surrogates (broken UTF-16) become U+FFFD, as ``check`` does: tokenizers refuse them."""
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def _pack_check(args: argparse.Namespace) -> int:
    """Every problem with a pack, one per line as FILE[:LINE]: MESSAGE; exit 65 when any."""
    from pausecheck.authoring import check_pack

    result = check_pack(args.dir)
    for problem in result.problems:
        print(problem)
    if result.ok:
        print(f"pack OK: {result.rules} rules, {result.patterns} patterns probed, {result.examples} examples run")
        return 0
    print(f"pausecheck: {len(result.problems)} problem(s) in the pack", file=sys.stderr)
    return EXIT_BAD_INPUT


def _pack_new(args: argparse.Namespace) -> int:
    """Write a new pack folder; say where, and what to run next."""
    from pausecheck.authoring import NewPackError, new_pack

    try:
        dest = new_pack(args.name, Path(args.dir), base=None if args.blank else args.base)
    except NewPackError as e:
        print(f"pausecheck: {e}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {dest}; add rules to {dest / 'rules'} and run: pausecheck pack check {dest}")
    return 0


def _pack_diff(args: argparse.Namespace) -> int:
    """Rules and clauses added, removed and changed (with the fields), as text or JSON."""
    from pausecheck.authoring import diff_packs

    diff = diff_packs(args.a, args.b)
    if args.format == "json":
        print(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(diff.text())
    return 0


def _audit(args: argparse.Namespace) -> int:
    """Check every post of the archives; write findings.jsonl, findings.csv, posts.jsonl and
    report.html into --out, all or nothing. Exit code: the worst verdict of the checked posts;
    65 when an archive cannot be read, 73 when the report cannot be written (nothing is
    written either way)."""
    EXIT_CANT_CREATE = 73  # sysexits EX_CANTCREAT
    from pausecheck._exceptions import ArchiveError
    from pausecheck.audit import AuditStats, audit, write_audit

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        _usage(f"--out {args.out!r} exists and is not a folder")
    if args.engine != "dask" and (args.scheduler or args.workers is not None):
        _usage("--scheduler and --workers go with --engine dask")
    if args.workers is not None and (args.workers < 1 or args.scheduler):
        _usage("--workers takes a number from 1, and only without --scheduler")
    if args.engine == "dask":
        if args.cache:
            _usage("--cache goes with the local engine: the Dask engine keeps no cache")
        return _audit_dask(args, out)
    checker = _checker(args)
    cache = None
    if not args.no_cache:
        from alembic.util.exc import CommandError
        from sqlalchemy.exc import SQLAlchemyError

        from pausecheck.audit.cache import AuditCache, default_cache_path

        try:
            cache = AuditCache.for_checker(args.cache or default_cache_path(), checker)
        except (OSError, SQLAlchemyError, CommandError) as e:  # an unusable cache file: audit without it
            print(f"pausecheck: cannot use the cache ({e.__class__.__name__}: {e}); checking every post",
                  file=sys.stderr)
    stats = AuditStats()
    rows = audit(args.archives, checker, account=args.account, include_dms=args.include_dms, cache=cache,
                 stats=stats)
    try:
        summary = write_audit(_audit_progress(rows, args), out, archives=len(args.archives))
    except ArchiveError as e:
        print(f"pausecheck: cannot read the archive: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"pausecheck: cannot write the report into {args.out}: {e}", file=sys.stderr)
        return EXIT_CANT_CREATE
    finally:
        if cache is not None:
            cache.close()
    print(summary.describe())
    if cache is not None:
        print(f"checked {stats.checked} post(s); {stats.reused} result(s) reused from {cache.path}")
    return summary.exit_code


def _audit_progress(rows: Iterator[AuditRow], args: argparse.Namespace) -> Iterator[AuditRow]:
    """The rows, advancing a progress bar with its time remaining on stderr when a person is
    watching a terminal. The total comes from a first, quick read of the archives (importing
    runs some hundred times faster than checking); an archive that fails it is left to the
    audit itself to report."""
    from pausecheck.report.progress import BatchProgress

    if not sys.stderr.isatty():
        yield from rows
        return
    from pausecheck._exceptions import ArchiveError
    from pausecheck.importers import open_archive

    total = 0
    try:
        for path in args.archives:
            total += sum(1 for _ in open_archive(path, include_dms=args.include_dms, account=args.account,
                                                 prevalidate=False))
    except ArchiveError:
        pass
    with BatchProgress(total) as progress:
        for row in rows:
            progress.advance()
            yield row


def _audit_dask(args: argparse.Namespace, out: Path) -> int:
    """``--engine dask``: see :func:`pausecheck.audit.party.audit_party`."""
    EXIT_CANT_CREATE = 73
    from pausecheck._exceptions import ArchiveError
    from pausecheck.engine import CheckerConfig

    try:
        from pausecheck.audit.party import audit_party
    except ImportError as e:
        print(f"pausecheck: --engine dask needs the 'audit' extra (pip install 'pausecheck[audit]'): {e}",
              file=sys.stderr)
        return EXIT_USAGE
    config = CheckerConfig(args.pack, getattr(args, "preview", False), getattr(args, "model", None))
    try:
        party = audit_party(args.archives, out, config, scheduler=args.scheduler, workers=args.workers or 2,
                              account=args.account, include_dms=args.include_dms)
    except ArchiveError as e:
        print(f"pausecheck: cannot read the archive: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"pausecheck: cannot write the report into {args.out}: {e}", file=sys.stderr)
        return EXIT_CANT_CREATE
    print(party.describe())
    return party.exit_code


def _rules(args: argparse.Namespace) -> int:
    from pausecheck.policy.coverage import coverage_table, render_coverage
    from pausecheck.policy.loader import load_pack

    pack = load_pack(args.pack)
    if args.format == "json":
        print(json.dumps(coverage_table(pack), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_coverage(pack, color=sys.stdout.isatty()))
    return 0


def _rule(args: argparse.Namespace) -> int:
    from pausecheck.policy.docs import rule_markdown
    from pausecheck.policy.loader import load_pack

    pack = load_pack(args.pack)
    try:
        rule = pack.rule(args.key)
    except KeyError:
        print(f"pausecheck: no rule {args.key!r} in pack {pack.id}; see 'pausecheck rules'", file=sys.stderr)
        return EXIT_USAGE
    markdown = rule_markdown(pack, rule)
    if args.format == "markdown":
        sys.stdout.write(markdown)
    else:
        from pausecheck.report import markdown_to_text, terminal_width

        sys.stdout.write(markdown_to_text(markdown, width=terminal_width(), color=sys.stdout.isatty()))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
