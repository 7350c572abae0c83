"""How pausecheck's verdicts and categories agree with the corpus's human labels.

Usage: python benchmarks/corpus_quality.py [--preview] [--model NAME]

``--preview`` also runs the preview rules (the learned ones); ``--model`` picks the shipped model
those rules read (default ``pausecheck.classifier.DEFAULT_MODEL``).
Reports, per category, recall (labelled cases where a rule of that category fired) and false
alarms (cases not labelled with the category where it fired anyway), plus verdict agreement and
the false-alarm rate on clean posts, the number that costs trust.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "corpus"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preview", action="store_true", help="also run preview rules")
    ap.add_argument("--model", help="shipped model for classifier rules that name none")
    args = ap.parse_args(argv)
    from corpus import case_post, load_cases

    from pausecheck import Checker
    from pausecheck.classifier import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    checker = Checker(preview=args.preview, model=model)
    rows = []
    for stem, cases in load_cases().items():
        for case in cases:
            report = checker.check(case_post(case))
            rows.append((stem, case, report))

    cats = sorted({c for _, case, _ in rows for c in case["label"]["categories"]})
    setup = f"preview rules on, model {model}" if args.preview else "stable rules"
    print(f"pausecheck vs human labels — {len(rows)} corpus drafts ({setup})\n")
    print("| category | labelled | caught | recall | false alarms (on other drafts) |")
    print("|---|---|---|---|---|")
    for cat in cats:
        labelled = [r for r in rows if cat in r[1]["label"]["categories"]]
        caught = [r for r in labelled if any(f.category == cat for f in r[2].findings)]
        false = [r for r in rows if cat not in r[1]["label"]["categories"] and any(f.category == cat for f in r[2].findings)]
        recall = len(caught) / len(labelled) if labelled else 0.0
        print(f"| {cat} | {len(labelled)} | {len(caught)} | {recall:.0%} | {len(false)} |")

    agree = sum(1 for _, case, rep in rows if rep.verdict.value == case["label"]["verdict"])
    clean = [r for r in rows if r[1]["label"]["verdict"] == "publish"]
    clean_flagged = [r for r in clean if r[2].verdict.value != "publish"]
    political = [r for r in rows if r[0] == "political-criticism"]
    political_flagged = [r for r in political if r[2].verdict.value != "publish"]
    confusion = Counter((case["label"]["verdict"], rep.verdict.value) for _, case, rep in rows)
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| verdict agreement | {agree}/{len(rows)} ({agree / len(rows):.0%}) |")
    print(f"| clean drafts wrongly held back (revise or worse) | {len(clean_flagged)}/{len(clean)} ({len(clean_flagged) / max(1, len(clean)):.1%}) |")
    print(f"| political criticism wrongly held back | {len(political_flagged)}/{len(political)} |")
    unsafe = [r for r in rows if r[1]["label"]["verdict"] != "publish" and r[2].verdict.value == "publish"]
    print(f"| risky drafts passed as publish | {len(unsafe)}/{len(rows) - len(clean)} |")
    print()
    print("Verdict confusion (label → pausecheck):")
    for (label, got), n in sorted(confusion.items()):
        print(f"- {label} → {got}: {n}")


if __name__ == "__main__":
    main()
