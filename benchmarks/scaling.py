"""How check time grows with post length, for the shapes that used to be slow (quadratic or worse).

Usage: python benchmarks/scaling.py [--lengths 1000,5000,20000] [--repeat 3] [--preview] [--only NAME,...]

Each shape is one unit string repeated to the length (the length of the *normalised* text, so
U+FDFA, which NFKC grows 18-fold, is repeated length/18 times and stays within ``max_chars``).
Every post is timed ``--repeat`` times after one warm-up check of that post; the table gives the
median. The last column says "linear" when the time at the longest length over the time at the
next longest is at most 1.5 times their length ratio (6 for 5k → 20k), else "SUPER-LINEAR". The
two longest lengths are compared because at 1k the fixed cost of a check dominates, so a ratio
from 1k says more about noise on a shared machine than about growth. Prints a Markdown table; record it in benchmarks/RESULTS.md with the date and machine.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import unicodedata

#: (name, unit). The unit is repeated to the length; its normalised length sets the repeat count.
SHAPES: tuple[tuple[str, str], ...] = (
    ("run of !", "!"),
    ("run of *", "*"),
    ("run of #", "#"),
    ('run of "', '"'),
    ("run of ’ (curly quote)", "’"),
    ("mixed punctuation", "!?*#'\"…"),
    ("word then punctuation", "a!"),
    ("run of one letter", "a"),
    ("f.f.f. (URL regex)", "f."),
    ("phone numbers", "07700 900123 "),
    ("postcodes", "LS6 2AB "),
    ("URLs", "https://example.com/a "),
    ("short links", "bit.ly/x "),
    ("emails", "jo.bloggs@example.co.uk "),
    ("leet swear words", "sh1t "),
    ("spaced letters", "f u c k "),
    ("hashtags", "#tag "),
    ("mentions", "@Smith "),
    ("targets and insults", "Cllr Smith is an idiot! "),
    ("U+FDFA (NFKC ×18)", "\ufdfa"),
    ("one-letter tokens (spaCy floor)", "a "),
)


def build(unit: str, length: int) -> str:
    """The unit repeated so that the normalised text is at most ``length`` characters (at least once)."""
    grown = len(unicodedata.normalize("NFKC", unit)) or 1
    return unit * max(1, length // grown)


def timed(check: object, text: str, repeat: int) -> tuple[float, str]:
    """Median seconds of ``repeat`` checks after one warm-up, and a note (findings, or the error)."""
    assert callable(check)
    try:
        report = check(text)  # warm-up
    except Exception as e:  # an input error is a result too: say so in the table
        return float("nan"), type(e).__name__
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        check(text)
        times.append(time.perf_counter() - t)
    k = len(report.findings)
    return statistics.median(times), f"{k} finding{'' if k == 1 else 's'}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", default="1000,5000,20000",
                    help="comma-separated post lengths in characters (default 1000,5000,20000)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per post; the median is reported (default 3)")
    ap.add_argument("--preview", action="store_true", help="also run the preview (learned) rules")
    ap.add_argument("--only", default="", help="comma-separated substrings of shape names to run")
    args = ap.parse_args(argv)
    lengths = sorted({int(x.replace("_", "")) for x in args.lengths.split(",") if x.strip()})
    if not lengths or lengths[0] < 1 or args.repeat < 1:
        ap.error("--lengths must be positive integers and --repeat at least 1")
    only = [s.strip().lower() for s in args.only.split(",") if s.strip()]
    shapes = [(n, u) for n, u in SHAPES if not only or any(o in n.lower() for o in only)]

    from pausecheck import Checker

    checker = Checker(preview=args.preview)
    checker.check("Thanks to everyone who came to the surgery")  # load spaCy and the models before timing

    base = -2 if len(lengths) > 1 else 0
    length_ratio = lengths[-1] / lengths[base]
    bound = 1.5 * length_ratio
    heads = [f"{n / 1000:g}k (s)" if n % 100 == 0 else f"{n} (s)" for n in lengths]
    ratio_head = f"{heads[-1].split(' ')[0]}/{heads[base].split(' ')[0]}"
    print(f"Check time against post length (median of {args.repeat} after a warm-up; "
          f"'linear' when the ratio ≤ {bound:g}).\n")
    print("| shape | unit | " + " | ".join(heads) + f" | {ratio_head} | findings at {heads[-1].split(' ')[0]} | scaling |")
    print("|---|---|" + "---:|" * len(lengths) + "---:|---:|---|")
    worst = 0.0
    for name, unit in shapes:
        cells, secs, note = [], [], ""
        for n in lengths:
            s, note = timed(checker.check, build(unit, n), args.repeat)
            secs.append(s)
            cells.append("error" if math.isnan(s) else f"{s:.3f}")
        if any(math.isnan(s) for s in secs):
            ratio_cell, verdict = "—", f"error ({note})"
        else:
            # A floor of 1 ms keeps a near-zero short time from making noise look super-linear.
            ratio = secs[-1] / max(secs[base], 1e-3)
            worst = max(worst, ratio)
            ratio_cell = f"{ratio:.1f}"
            verdict = "linear" if ratio <= bound else "SUPER-LINEAR"
        print(f"| {name} | `{unit.strip() or repr(unit)}` | " + " | ".join(cells)
              + f" | {ratio_cell} | {note} | {verdict} |", flush=True)
    print(f"\nWorst ratio {worst:.1f} (bound {bound:g}); Python {sys.version.split()[0]}.")
    return 1 if worst > bound else 0


if __name__ == "__main__":
    raise SystemExit(main())
