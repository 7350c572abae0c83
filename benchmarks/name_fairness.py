"""Does a verdict turn on whose name is in the post? Fine template posts naming a councillor,
each filled with every surname of the UK personal-data set's ten origins (English, Welsh,
Scottish, Irish, South Asian, Polish, Caribbean, West African, Chinese, other), through the whole
checker. A post held back is a false alarm the name alone caused: the templates are the same
for every name.

    python benchmarks/name_fairness.py [--examples N]

Prints a table per origin (posts held back / posts) and the first N posts held back.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "pii"))

from uk_pii_set import _NAMES  # noqa: E402  (the UK set's names by origin)

from pausecheck import Checker, Post  # noqa: E402

#: Fine posts of the kinds a councillor writes about a colleague: thanks, a report of a
#: meeting, agreement, an event, a surgery. {S} is the surname, {F} a first name.
TEMPLATES = (
    "Lovely to see Cllr {S} at the fun day",
    "Cllr {S} at full council again",
    "Thanks to Cllr {S} for opening the new play park on Town Street.",
    "Cllr {S} will hold a ward surgery at Armley library on Saturday from 10am.",
    "Great turnout at the litter pick with Cllr {S} this morning!",
    "Congratulations to Cllr {S} on being elected chair of the licensing committee.",
    "{F} {S} has been selected as our candidate for Headingley.",
    "Cllr {S} says the bus cuts are wrong and I agree with her.",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=10)
    args = ap.parse_args()
    items = []
    for origin, (female, male, surnames) in _NAMES.items():
        firsts = female + male
        for i, surname in enumerate(surnames):
            for t in TEMPLATES:
                items.append((origin, t.format(S=surname, F=firsts[i % len(firsts)])))
    checker = Checker()
    held, total, shown = Counter(), Counter(), []
    for (origin, text), report in zip(items, checker.check_many([Post(t, "councillor") for _, t in items]),
                                      strict=True):
        total[origin] += 1
        if report.verdict.value != "publish":
            held[origin] += 1
            shown.append(f"- {report.verdict.value}: {text!r} ({', '.join(f.code for f in report.findings)})")
    print("| origin | held back / posts |")
    print("|---|---:|")
    for origin in total:
        print(f"| {origin} | {held[origin]}/{total[origin]} |")
    print(f"| **all** | **{sum(held.values())}/{sum(total.values())}** |")
    if shown:
        print()
        print("\n".join(shown[: args.examples]))


if __name__ == "__main__":
    main()
