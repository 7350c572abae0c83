"""Coverage-guided fuzzing (atheris, i.e. libFuzzer for Python) of the three doors untrusted input comes in by.

Targets (``--target``):

``check``
    :meth:`Checker.check` on any text. The first byte picks the account and how the rest becomes
    text: UTF-8 with invalid bytes kept as lone surrogates (so seeds are plain text), or atheris's
    ``ConsumeUnicode`` / ``ConsumeUnicodeNoSurrogates``. Allowed: a Report, or an
    :class:`~pausecheck.InputError`. A bug: any other exception, a finding whose span is outside the
    text or whose ``match`` is not ``report.text[start:end]``, more than 20 findings for one rule,
    or a check slower than ``--timeout`` seconds (libFuzzer reports it as a timeout).
``records``
    :func:`pausecheck.records.read_records` on any text (UTF-8, invalid bytes as lone surrogates).
    Allowed: GoodRecord and BadRecord, one per non-blank ``\\n``-separated line. A bug: anything raised.
``pack``
    :func:`pausecheck.load_pack` on a temporary one-rule copy of the bundled pack (its
    ``pack.yaml``, its vocab lists and one rule file) in which one file is replaced by the rest of
    the input: the first byte picks ``pack.yaml``, one of the bundled rules (seeded with its own
    text) or a vocab list. Allowed: a Pack, or :class:`~pausecheck.PackError`. A bug: anything else.
    ``--build-checker`` also builds a Checker from a pack that loads and checks one post with it.

Usage::

    python benchmarks/fuzz.py --target check|records|pack --seconds N [--max-len BYTES] [--timeout S]
                              [--corpus DIR] [--artifacts DIR] [--build-checker] [-- LIBFUZZER_FLAGS…]
    python benchmarks/fuzz.py --target check crash-0123abcd…      # replay one input (a crash file)

The run starts from a seed corpus written by this script (the shapes of ``benchmarks/scaling.py``,
real-looking posts, records and the bundled pack's own files), kept in ``--corpus`` when given
(new interesting inputs are added there), else in a temporary folder. A crash stops the run:
libFuzzer prints the Python traceback and writes the input to ``crash-<sha1>`` (``timeout-…``
for a slow one) in ``--artifacts`` (default: the current folder). Not run in CI.

atheris is a benchmark-only tool: it is not a dependency of pausecheck and is not in
pyproject.toml or the lock. Install it into the project's virtual environment with::

    .venv/bin/python -m pip install --no-deps atheris

(atheris 3.0.0 has a manylinux x86-64 wheel for CPython 3.11; elsewhere pip builds it from source,
which needs clang with libFuzzer.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

try:
    import atheris
except ImportError:  # pragma: no cover - the message is the point
    sys.exit("atheris is not installed: .venv/bin/python -m pip install --no-deps atheris (see this file's docstring)")

TARGETS = ("check", "records", "pack")
ACCOUNTS = ("councillor", "personal", "party", "council")
#: The bundled rule a pack-target input runs with when it replaces the manifest or a vocab list.
BASE_RULE = "obscene-language.yaml"

CHECK_SEEDS = (
    "Cllr Smith is a liar and an idiot!",
    "Call me on 07700 900123 or email jo.bloggs@example.co.uk about the bins at 12 Hill Rd, LS6 2AB.",
    "Read this bit.ly/x3Yz and https://example.com/news?a=1#top before the meeting",
    "What a sh1t decision. f u c k this. F*ck. s.h.i.t",
    "Great turnout at the surgery today 👍 #Leeds @LeedsCC",
    "I've already made up my mind on the planning application, whatever they say at committee.",
    "Residents of Flat 3 told me about their council tax arrears; Mrs Jones at 4 Park St is struggling.",
    "\ufdfa \ufdfa \ufdfa \uff46\uff55\uff43\uff4b \u0455\u04bbt fuuuuuck"  # NFKC, homoglyphs, stretching,
    "f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f",
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!****####\"\"\"\"''''’’’’",
)

RECORD_SEEDS = (
    '{"id": 1, "text": "Cllr Smith is a liar"}\n{"id": "b", "text": "Thanks all", "account": "personal"}\n',
    '{"text": "a\u2028b\u2029c\u0085d", "at": "2026-05-04T23:30:00", "platform": "x", '
    '"images": ["a.jpg"], "in_meeting": true}\r\n\n  \n{"text": 5}\n[1, 2]\nnot json\n',
    '{"id": 123456789012345678901234567890, "text": "x"}\n{"text": "x", "account": "robot"}\n'
    '{"text": "x", "at": "yesterday"}\n{"text": "x", "images": "a.jpg"}\n{"text": "x", "in_meeting": 1}\n',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]\n'
    '{"text": "\\ud800 lone", "id": "\\u0000"}\n{"text": "x", "id": 1e400}\n',
)


#: libFuzzer dictionary entries per target: tokens a mutation is unlikely to spell by chance
#: (U+DC80–U+DCFF stand for the raw bytes 0x80–0xFF).
DICTIONARY = {
    "check": ("Cllr ", "Councillor ", " is a liar", " idiot", "07700 900123", "LS6 2AB", "@example.com", "bit.ly/",
              "https://", "www.", "sh1t", "f*ck", "f u c k", "#", "@", "!!!!!!!!", "\ufdfa", "\u200b", "\u0301",
              "\u2028", "\U0001f44d", "f.f.f.f.", "\udcf0\udc9f", "\udced\udca0\udc80"),  # a cut emoji; a surrogate in UTF-8
    "records": ('"text"', '"id"', '"account"', '"at"', '"platform"', '"images"', '"in_meeting"', '"councillor"',
                '"personal"', "true", "null", "1e400", "\\ud800", "\\u0000", "\u2028", "\u2029", "\u0085", "\r\n",
                "2026-05-04T09:00:00+01:00", "[[[[[[[[", "{\"a\":"),
    "pack": ("code: ", "name: ", "detectors:", "kind: ", "pattern: ", "regex", "lexicon", "words:", "vocab:",
             "threshold: ", "calibrated", "clause:", "ref: ", "status: ", "preview", "when:", "severity: ", "---\n",
             "&a ", "*a", "<<: ", "!!python/object", "!!binary", "? ", "- ", "{", "[", "|\n", ">-\n", "~", "0x1F",
             ".inf", "'\\u", '"\\x', "\t", "\ufeff"),
}


def write_dictionary(entries: tuple[str, ...], folder: Path) -> Path:
    """A libFuzzer ``-dict`` file: one quoted token a line, bytes outside printable ASCII as \\xNN."""
    lines = []
    for token in entries:
        raw = token.encode("utf-8", "surrogateescape")  # U+DC80–U+DCFF: that raw byte
        body = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02X}" for b in raw)
        lines.append(f'"{body}"')
    path = folder / "fuzz.dict"
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


def decode(data: bytes) -> str:
    """UTF-8, invalid bytes kept as lone surrogates (U+DC80–U+DCFF), so every byte string is some text."""
    return data.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------------------------


def check_target(args: argparse.Namespace) -> tuple[Any, list[bytes]]:
    with atheris.instrument_imports(include=["pausecheck"]):
        from pausecheck import Checker, InputError, Post, Report
        from pausecheck.engine import MAX_FINDINGS_PER_RULE
    from scaling import SHAPES, build

    checker = Checker()
    checker.check("Thanks to everyone who came to the surgery")  # load spaCy and the models before fuzzing

    def one(data: bytes) -> None:
        if not data:
            return
        mode, rest = data[0], data[1:]
        if mode & 1:
            fdp = atheris.FuzzedDataProvider(rest)
            n = fdp.remaining_bytes()
            text = fdp.ConsumeUnicode(n) if mode & 2 else fdp.ConsumeUnicodeNoSurrogates(n)
        else:
            text = decode(rest)
        try:
            report = checker.check(Post(text, ACCOUNTS[(mode >> 2) % len(ACCOUNTS)], in_meeting=bool(mode & 16)))
        except InputError:
            return
        if not isinstance(report, Report):
            raise AssertionError(f"check returned {type(report).__name__}")
        if len(report.text) != len(text):
            raise AssertionError(f"report text is {len(report.text)} characters, the post {len(text)}")
        for f in report.findings:
            if not 0 <= f.start <= f.end <= len(report.text):
                raise AssertionError(f"{f.code}: span {f.start}:{f.end} outside a text of {len(report.text)}")
            if report.text[f.start:f.end] != f.match:
                raise AssertionError(f"{f.code}: match {f.match!r} is not the text at {f.start}:{f.end}")
        for code, n in Counter(f.code for f in report.findings).items():
            if n > MAX_FINDINGS_PER_RULE:
                raise AssertionError(f"{code}: {n} findings, more than {MAX_FINDINGS_PER_RULE}")

    seeds = [b"\x00" + s.encode() for s in CHECK_SEEDS]
    seeds += [b"\x00" + build(unit, 400).encode() for _, unit in SHAPES]
    seeds += [bytes([1]) + "\uff46\uff55\uff43\uff4b".encode("utf-32-le"), bytes([3]) + b"\x00\xd8\x00\xdc"]
    return one, seeds


# ---------------------------------------------------------------------------------------------
# records
# ---------------------------------------------------------------------------------------------


def records_target(args: argparse.Namespace) -> tuple[Any, list[bytes]]:
    with atheris.instrument_imports(include=["pausecheck"]):
        from pausecheck.records import BadRecord, GoodRecord, read_records

    def one(data: bytes) -> None:
        text = decode(data)
        got = list(read_records(text))
        wanted = [n for n, line in enumerate(text.split("\n"), start=1) if line.removesuffix("\r").strip()]
        if [r.line for r in got] != wanted:
            raise AssertionError(f"records on lines {[r.line for r in got]}, non-blank lines {wanted}")
        for r in got:
            if not isinstance(r, GoodRecord | BadRecord):
                raise AssertionError(f"read_records yielded {type(r).__name__}")
            if isinstance(r, GoodRecord) and not isinstance(r.post.text, str):
                raise AssertionError(f"line {r.line}: post text is {type(r.post.text).__name__}")

    seeds = [s.encode("utf-8", "surrogatepass") for s in RECORD_SEEDS]
    seeds.append(json.dumps({"text": "x" * 300, "id": "y" * 250}).encode())
    return one, seeds


# ---------------------------------------------------------------------------------------------
# pack
# ---------------------------------------------------------------------------------------------


def pack_target(args: argparse.Namespace) -> tuple[Any, list[bytes]]:
    with atheris.instrument_imports(include=["pausecheck", "yaml"]):
        from pausecheck import Checker, InputError, PackError, Resources, load_pack
        from pausecheck.policy.loader import DEFAULT_PACK, PACKS_DIR

    # A one-rule copy of the bundled pack: its manifest, its vocab lists and rules/rule.yaml. Each
    # input replaces one of them (a rule's text goes in rule.yaml; otherwise rule.yaml holds BASE_RULE).
    # One rule, not all 40, keeps an execution fast and lets each seed reach its own coverage.
    source = PACKS_DIR / DEFAULT_PACK
    root = Path(tempfile.mkdtemp(prefix="pausecheck-fuzz-pack-")) / DEFAULT_PACK
    (root / "rules").mkdir(parents=True)
    shutil.copytree(source / "vocab", root / "vocab")
    shutil.copy2(source / "pack.yaml", root / "pack.yaml")
    rule_file = root / "rules" / "rule.yaml"
    rules = sorted((source / "rules").rglob("*.yaml"))
    base = (source / "rules" / BASE_RULE).read_bytes()
    # (where the input goes, what is there otherwise); a rule's "otherwise" is its own original text.
    slots: list[tuple[Path, bytes]] = [(root / "pack.yaml", (source / "pack.yaml").read_bytes())]
    slots += [(rule_file, r.read_bytes()) for r in rules]
    slots += [(root / "vocab" / v.name, v.read_bytes()) for v in sorted((source / "vocab").glob("*.txt"))]
    slots = slots[:256]
    for path, original in slots:  # every seed loads as it is
        rule_file.write_bytes(original if path == rule_file else base)
        load_pack(root)
    resources = Resources() if args.build_checker else None

    def one(data: bytes) -> None:
        if not data:
            return
        path, original = slots[data[0] % len(slots)]
        if path != rule_file:
            rule_file.write_bytes(base)
        path.write_bytes(data[1:])
        try:
            try:
                pack = load_pack(root)
            except PackError:
                return
            if resources is not None:
                try:
                    checker = Checker(pack, resources=resources)
                except PackError:
                    return
                try:
                    checker.check("Cllr Smith is a liar: call 07700 900123, see bit.ly/x at 11pm")
                except InputError:
                    return
        finally:
            path.write_bytes(original)

    seeds = [bytes([i]) + original for i, (_, original) in enumerate(slots)]
    return one, seeds


# ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 epilog="Arguments after the options (or after --) go to libFuzzer: "
                                        "a file replays one input; -flag=value sets a libFuzzer flag.")
    ap.add_argument("--target", choices=TARGETS, required=True)
    ap.add_argument("--seconds", type=int, default=60, help="total fuzzing time (libFuzzer -max_total_time)")
    ap.add_argument("--max-len", type=int, default=0,
                    help="longest input in bytes (default: 4096 for check and records, 16384 for pack)")
    ap.add_argument("--timeout", type=int, default=10, help="seconds one input may take before it counts as a bug")
    ap.add_argument("--corpus", type=Path, help="corpus folder to seed and grow (default: a temporary folder)")
    ap.add_argument("--artifacts", type=Path, default=Path("."), help="where crash and timeout inputs are written")
    ap.add_argument("--build-checker", action="store_true", help="pack: also build a Checker and check a post")
    ap.add_argument("--rss-limit-mb", type=int, default=4096, help="libFuzzer's memory limit (spaCy needs ~1 GB)")
    args, rest = ap.parse_known_args()
    rest = [a for a in rest if a != "--"]

    one, seeds = {"check": check_target, "records": records_target, "pack": pack_target}[args.target](args)
    replay = [a for a in rest if not a.startswith("-")]
    flags = [a for a in rest if a.startswith("-")]
    argv = [sys.argv[0], *flags]
    if not replay:
        corpus = args.corpus or Path(tempfile.mkdtemp(prefix=f"pausecheck-fuzz-{args.target}-"))
        corpus.mkdir(parents=True, exist_ok=True)
        if not any(corpus.iterdir()):
            for i, seed in enumerate(seeds):
                (corpus / f"seed-{i:03d}").write_bytes(seed)
        args.artifacts.mkdir(parents=True, exist_ok=True)
        dictionary = write_dictionary(DICTIONARY[args.target], Path(tempfile.mkdtemp(prefix="pausecheck-fuzz-dict-")))
        argv.append(f"-dict={dictionary}")
        max_len = args.max_len or (16_384 if args.target == "pack" else 4_096)
        argv += [f"-max_total_time={args.seconds}", f"-max_len={max_len}", f"-timeout={args.timeout}",
                 f"-rss_limit_mb={args.rss_limit_mb}", f"-artifact_prefix={str(args.artifacts).rstrip('/')}/",
                 "-print_final_stats=1", str(corpus)]
        print(f"fuzzing {args.target} for {args.seconds} s; corpus {corpus} ({len(seeds)} seeds)", flush=True)
    else:
        argv += [f"-timeout={args.timeout}", f"-rss_limit_mb={args.rss_limit_mb}", *replay]
    atheris.Setup(argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
