"""How pausecheck agrees with the frozen blind test split's human labels.

Usage: python benchmarks/blind_quality.py [--split 1|2|3|4|5|6|7 | --file DRAFTS.jsonl [--misses CATEGORY]]
                                        [--preview] [--model NAME] [--write-ratchet]

The split (batch 1: tests/blind/drafts.jsonl; batch 2: tests/blind/drafts-2.jsonl) was written and labelled by someone who never read the
rules. Prints, per category, recall (labelled drafts where a finding of that category fired)
and findings of a category on drafts not labelled with it; then verdict agreement, clean
drafts held back (false alarms) and risky drafts passed. ``--write-ratchet`` records the
default checker's figures in the batch's ratchet (tests/blind/ratchet.json, ratchet-2.json), which CI holds as a floor (recall) and
a ceiling (false alarms): they may only improve.

``--file`` scores any drafts file in the split's format instead, such as the development set
``training/dev/gap-drafts.jsonl`` (written blind to the rules like the split, but the rules'
authors tune on it); only there does ``--misses CATEGORY`` print the drafts of that category
the checker missed, and the clean drafts it held back, with the model's scores.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "blind"))


def main(argv: list[str] | None = None) -> None:
    from blind import SPLITS, load_drafts, score

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="1", choices=tuple(SPLITS), help="which batch of the split (default 1)")
    ap.add_argument("--file", type=Path, help="a drafts file in the split's format (e.g. the development set)")
    ap.add_argument("--misses", metavar="CATEGORY", help="with --file: print the misses of CATEGORY ('clean': the "
                    "clean drafts held back)")
    ap.add_argument("--preview", action="store_true", help="also run preview rules")
    ap.add_argument("--model", help="shipped model for classifier rules that name none")
    ap.add_argument("--write-ratchet", action="store_true", help="record the figures as the CI ratchet")
    args = ap.parse_args(argv)
    from pausecheck import Checker

    if args.misses and not args.file:
        ap.error("--misses reads the drafts' texts: only with --file, never on the blind split")
    if args.file and args.write_ratchet:
        ap.error("--write-ratchet is for the blind split's batches")
    checker = Checker(preview=args.preview, model=args.model)
    drafts = load_drafts(args.split) if not args.file else [
        json.loads(line) for line in args.file.read_text("utf-8").splitlines() if line.strip()]
    fig = score(drafts, lambda posts: [checker.check(p) for p in posts])
    mode = "with preview rules" if args.preview else "stable rules"
    title = f"Blind test split, batch {args.split}" if not args.file else f"Drafts in {args.file.name}"
    print(f"### {title} ({fig.n} drafts, {mode})\n")
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
    if args.misses:
        misses(checker, drafts, args.misses)
    if args.write_ratchet:
        if args.preview or args.model:
            ap.error("the ratchet records the default checker: drop --preview and --model")
        ratchet = SPLITS[args.split][1]
        ratchet.write_text(json.dumps(fig.as_ratchet(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"\nwrote {ratchet.relative_to(ROOT)}")


def misses(checker: Any, drafts: list[dict[str, Any]], category: str) -> None:
    """Each missed draft of ``category`` (or each clean draft held back) with the default
    model's head scores and the findings it did get."""
    from blind import draft_post

    model = checker.resources.model()
    print(f"\n### Misses: {category}\n")
    for d in drafts:
        report = checker.check(draft_post(d))
        found = {f.category for f in report.findings}
        if category == "clean":
            if d["verdict"] != "publish" or report.verdict.value == "publish":
                continue
        elif category not in d["categories"] or category in found:
            continue
        heads = dict(zip(model.heads, model.predict([d["text"]])[0], strict=True))
        scores = " ".join(f"{h}={p:.2f}" for h, p in heads.items())
        got = ", ".join(f"{f.code} '{f.match}'" for f in report.findings) or "nothing"
        print(f"- {d['id']} [{d['verdict']}] {d['text']!r}\n  {scores}; got {got}")


if __name__ == "__main__":
    main()
