"""How pausecheck agrees with the frozen blind test split's human labels.

Usage: python benchmarks/blind_quality.py [--split 1|2] [--preview] [--model NAME] [--write-ratchet]

The split (batch 1: tests/blind/drafts.jsonl; batch 2: tests/blind/drafts-2.jsonl) was written and labelled by someone who never read the
rules. Prints, per category, recall (labelled drafts where a finding of that category fired)
and findings of a category on drafts not labelled with it; then verdict agreement, clean
drafts held back (false alarms) and risky drafts passed. ``--write-ratchet`` records the
default checker's figures in the batch's ratchet (tests/blind/ratchet.json, ratchet-2.json), which CI holds as a floor (recall) and
a ceiling (false alarms): they may only improve.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "blind"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="1", choices=("1", "2", "3"), help="which batch of the split (default 1)")
    ap.add_argument("--preview", action="store_true", help="also run preview rules")
    ap.add_argument("--model", help="shipped model for classifier rules that name none")
    ap.add_argument("--write-ratchet", action="store_true", help="record the figures as the CI ratchet")
    args = ap.parse_args(argv)
    from blind import SPLITS, load_drafts, score

    from pausecheck import Checker

    checker = Checker(preview=args.preview, model=args.model)
    drafts = load_drafts(args.split)
    fig = score(drafts, lambda posts: [checker.check(p) for p in posts])
    mode = "with preview rules" if args.preview else "stable rules"
    print(f"### Blind test split, batch {args.split} ({fig.n} drafts, {mode})\n")
    print("| category | labelled | caught | recall | flagged on drafts without the label |")
    print("|---|---:|---:|---:|---:|")
    for c in sorted(set(fig.labelled) | set(fig.flagged_without_label)):
        print(f"| {c} | {fig.labelled[c]} | {fig.caught[c]} | {fig.recall(c):.0%} | {fig.flagged_without_label[c]} |")
    print()
    print("| measure | result |")
    print("|---|---|")
    print(f"| verdict agreement | {fig.verdict_agree}/{fig.n} ({fig.verdict_agree / fig.n:.0%}) |")
    print(f"| clean drafts held back (false alarms) | {fig.clean_held_back}/{fig.clean} "
          f"({fig.clean_held_back / fig.clean:.1%}) |")
    print(f"| risky drafts passed as publish | {fig.risky_passed}/{fig.risky} ({fig.risky_passed / fig.risky:.0%}) |")
    if args.write_ratchet:
        if args.preview or args.model:
            ap.error("the ratchet records the default checker: drop --preview and --model")
        ratchet = SPLITS[args.split][1]
        ratchet.write_text(json.dumps(fig.as_ratchet(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"\nwrote {ratchet.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
