"""What one learned rule would add to the default checker at each threshold: drafts it would
newly hold back, risky and clean, on the development sets and (counts only) the blind split.

    python benchmarks/rule_sweep.py SMG-THR-004 [--thresholds 0.6 0.7 0.8 0.9] [--file F ...]
        [--blind] [--show 0.8]

The rule is run from a copy of the pack with its threshold set to the lowest asked for (and its
status to stable); the default checker without the rule gives every draft's verdict. A draft the
default checker passes and the rule flags at threshold t counts as newly held back at t: risky
ones caught (and of the rule's category, if the draft had no finding of it), clean ones false
alarms. ``--show T`` prints the development drafts newly held back at T (never the blind
split's texts: those are counts only).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "blind"))
#: The development sets labelled with verdicts (residents-spans.jsonl labels spans, not verdicts).
DEV = sorted(p for p in (ROOT / "training" / "dev").glob("*.jsonl") if p.name != "residents-spans.jsonl")


def swept_pack(code: str, floor: float | None, dest: Path) -> Path:
    """A copy of the bundled pack in ``dest`` whose rule ``code`` is stable at ``floor``, or
    left out when ``floor`` is None."""
    from pausecheck.policy.loader import load_pack

    src = load_pack().path
    shutil.copytree(src, dest, dirs_exist_ok=True)
    for path in (dest / "rules").glob("*.yaml"):
        text = path.read_text("utf-8")
        if regex.search(rf"(?m)^code:\s*{regex.escape(code)}\s*$", text):
            if floor is None:
                path.unlink()
                return dest
            text = regex.sub(r"(?m)^threshold:.*$", f"threshold: {floor}", text)
            text = regex.sub(r"(?m)^status:.*\n", "", text)
            path.write_text(text, "utf-8")
            return dest
    raise SystemExit(f"no rule {code} in the pack")


def sweep(drafts: list[dict[str, Any]], default: Any, swept: Any, code: str) -> list[tuple[dict, str, float, bool]]:
    """(draft, default verdict, the rule's score or -1, whether the default found the rule's
    category) per draft."""
    from blind import draft_post

    out = []
    for d in drafts:
        post = draft_post(d)
        base = default.check(post)
        hits = [f for f in swept.check(post).findings if f.code == code]
        category = hits[0].category if hits else None
        out.append((d, base.verdict.value, max((f.score for f in hits), default=-1.0),
                    category is not None and any(f.category == category for f in base.findings)))
    return out


def table(name: str, rows: list[tuple[dict, str, float, bool]], thresholds: list[float], category: str) -> None:
    risky = sum(d["verdict"] != "publish" for d, *_ in rows)
    clean = len(rows) - risky
    passed = sum(d["verdict"] != "publish" and v == "publish" for d, v, *_ in rows)
    print(f"\n### {name}: {risky} risky ({passed} passed by the default checker), {clean} clean\n")
    print(f"| threshold | risky newly held back | {category} newly caught | clean newly held back |")
    print("|---:|---:|---:|---:|")
    for t in thresholds:
        new = [(d, had) for d, v, p, had in rows if p >= t and v == "publish"]
        cat = sum(category in d["categories"] and not had for d, v, p, had in rows if p >= t)
        print(f"| {t:.2f} | {sum(d['verdict'] != 'publish' for d, _ in new)} | {cat} | "
              f"{sum(d['verdict'] == 'publish' for d, _ in new)} |")


def main(argv: list[str] | None = None) -> None:
    from blind import SPLITS, load_drafts

    from pausecheck import Checker
    from pausecheck.policy.loader import load_pack

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("code", help="the rule's code, e.g. SMG-THR-004")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9])
    ap.add_argument("--file", type=Path, nargs="*", default=DEV,
                    help="development drafts (default: training/dev/; none: --file alone)")
    ap.add_argument("--blind", action="store_true", help="also the blind split's batches (counts only)")
    ap.add_argument("--show", type=float, metavar="T", help="print the development drafts newly held back at T")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pack = load_pack(swept_pack(args.code, min(args.thresholds), Path(tmp) / "pack"))
        rule = next(r for r in pack.rules if r.code == args.code)
        default = Checker(load_pack(swept_pack(args.code, None, Path(tmp) / "without")))
        swept = Checker(pack)
        sets = [(f.name, [json.loads(line) for line in f.read_text("utf-8").splitlines() if line.strip()], True)
                for f in args.file]
        if args.blind:
            sets += [(f"blind batch {s}", load_drafts(s), False) for s in SPLITS]
        print(f"## {args.code} ({rule.category}), thresholds {args.thresholds}")
        for name, drafts, readable in sets:
            rows = sweep(drafts, default, swept, args.code)
            table(name, rows, args.thresholds, rule.category)
            if args.show is not None and readable:
                for d, v, p, _ in rows:
                    if p >= args.show and v == "publish":
                        print(f"- {d['id']} [{d['verdict']}] p={p:.2f} {d['text']!r}")


if __name__ == "__main__":
    main()
