"""Rewrites of the actual post: how many of the shipped packs' fail examples get one.

For every stable rule of every shipped pack, each ``fail`` example is checked with fixes on
(``Checker(fixes=True)``, the rule judged on its own as ``pausecheck pack check`` does). A
rewrite is counted when the rule's finding carries a replacement, which the engine gives only
after checking the rewritten post again: the rule is gone and no rule the post did not raise has
appeared. Tables: per pack, per strategy, and the rules with no fix strategy.

    PYTHONPATH=src python benchmarks/rewrites.py [--pack NAME ...] [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pausecheck import Checker
from pausecheck.authoring import example_post
from pausecheck.policy.loader import load_pack
from pausecheck.resources import Resources

PACKS = ("leeds-2019", "lga-2020", "wlga-2021", "scotland-2021")


@dataclass(frozen=True)
class Outcome:
    pack: str
    rule: str
    strategy: str  # "" when the rule has no fix
    text: str
    rewrite: str | None
    applicability: str | None


def measure(packs: tuple[str, ...] = PACKS, resources: Resources | None = None) -> list[Outcome]:
    """One outcome per fail example of every stable rule of the packs."""
    resources = resources or Resources()
    out: list[Outcome] = []
    for name in packs:
        pack = load_pack(name)
        checker = Checker(pack, resources=resources, fixes=True)
        for rule in pack.rules:
            if rule.status != "stable":
                continue
            for example in rule.examples.fail:
                post = example_post(pack, example)
                finding = checker.check_rule(post, rule.code)
                r = finding.replacement if finding else None
                out.append(Outcome(name, rule.code, rule.fix.strategy if rule.fix else "", post.text,
                                   r.text if r else None, r.applicability if r else None))
    return out


def _share(n: int, d: int) -> str:
    return f"{100 * n / d:.0f} %" if d else "–"


def table(outcomes: list[Outcome]) -> str:
    lines = ["### By pack", "",
             "| pack | fail examples | of rules with a fix | rewrite re-checks clean | safe and clean | share safe | share any |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    groups = [(p, [o for o in outcomes if o.pack == p]) for p in dict.fromkeys(o.pack for o in outcomes)]
    groups.append(("**all**", outcomes))
    for name, os_ in groups:
        fixable = sum(1 for o in os_ if o.strategy)
        clean = sum(1 for o in os_ if o.rewrite)
        safe = sum(1 for o in os_ if o.applicability == "safe")
        lines.append(f"| {name} | {len(os_)} | {fixable} | {clean} | {safe} | {_share(safe, len(os_))} | "
                     f"{_share(clean, len(os_))} |")
    lines += ["", "### By strategy (all packs)", "",
              "| strategy | fail examples | rewrite re-checks clean | safe and clean | share clean |",
              "|---|---:|---:|---:|---:|"]
    for strategy in sorted({o.strategy for o in outcomes}, key=lambda s: (s == "", s)):
        os_ = [o for o in outcomes if o.strategy == strategy]
        clean = sum(1 for o in os_ if o.rewrite)
        safe = sum(1 for o in os_ if o.applicability == "safe")
        lines.append(f"| {strategy or '(no fix)'} | {len(os_)} | {clean} | {safe} | {_share(clean, len(os_))} |")
    none = Counter(o.rule for o in outcomes if not o.strategy)
    lines += ["", "Rules with no fix strategy (fail examples, all packs): "
              + ", ".join(f"{code} {n}" for code, n in sorted(none.items())) + "."]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pack", action="append", help="a shipped pack (repeatable; default: all four)")
    ap.add_argument("--show", action="store_true", help="print every example and its rewrite")
    args = ap.parse_args()
    t0 = time.perf_counter()
    outcomes = measure(tuple(args.pack or PACKS))
    if args.show:
        for o in outcomes:
            mark = {"safe": "SAFE  ", "review": "REVIEW", None: "none  "}[o.applicability]
            print(f"{o.pack} {o.rule} [{o.strategy or '-'}] {mark} {o.text!r}\n{'':>30}-> {o.rewrite!r}")
        print()
    print(table(outcomes))
    print(f"({len(outcomes)} fail examples in {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
