"""The real-distribution table: each learned head and the whole checker on the gap data sets.

Usage: python benchmarks/gap_quality.py [--model minilm-ft-v1 [--model DIR ...]] [--cap N]
                                        [--no-checker] [--preview]

For every data set the issue "Catch what real councillors post" names, on its *test* split
(never trained on; the evaluation-only sets are never trained on at all), and for each model:

- **per head**: recall on the rows labelled 1 and the false-alarm rate on the rows labelled 0,
  at the head's calibrated threshold (the model card's);
- **whole checker**: the share of positive rows given a finding of the matching categories that
  changes the verdict (revise or block), and the share of negative rows given one. It runs the
  stable rules (``--preview`` adds the preview ones) with that model behind every learned rule,
  so it shows what a councillor would see, gates and word lists included.

Heads map to checker categories as: identity_attack → discrimination; insult → insult;
threat → threat; offensive → insult, discrimination, threat, obscenity. A model with a
``group_attack`` head (minilm-ft-v7) gets a second row on every set with group-hate labels: that
head against the same labels (its checker cell is the row above's).

Each set is capped at ``--cap`` rows (default 1500: every k-th row, the same rows for every
model), so the figures are comparable between models within a run; the numbers are estimates with
a few points of sampling error on the smaller sets. Data: ``$PAUSECHECK_DATA`` or ``../shared/data``.
Needs the training code on the path (``training/``); it imports no training-only package.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

#: The branch head that reads group attacks, measured on the sets' group-hate labels.
GROUP_HEAD = "group_attack"
CATEGORIES = {
    "identity_attack": frozenset({"discrimination"}),
    "insult": frozenset({"insult"}),
    "threat": frozenset({"threat"}),
    "offensive": frozenset({"insult", "discrimination", "threat", "obscenity"}),
}


def _sets() -> list[tuple[str, Callable[[], tuple[list[str], dict[str, list[int | None]]]]]]:
    """(name, loader) for every test set; a loader returns texts and labels per head."""
    import data_gap

    def corpus(fn: Callable[[str], object]) -> Callable[[], tuple[list[str], dict[str, list[int | None]]]]:
        def load() -> tuple[list[str], dict[str, list[int | None]]]:
            c = fn("test")
            return c.texts, {h: v for h, v in c.labels.items() if any(x is not None for x in v)}  # type: ignore[attr-defined]
        return load

    def ucc() -> tuple[list[str], dict[str, list[int | None]]]:
        texts, attrs = data_gap.unhealthy_comments("test")
        uncivil = [int(any(attrs[a][i] for a in ("antagonize", "condescending", "dismissive", "hostile")))
                   for i in range(len(texts))]
        return texts, {"insult": list(uncivil), "offensive": list(uncivil)}

    def congress() -> tuple[list[str], dict[str, list[int | None]]]:
        texts, y = data_gap.congress_incivility()
        return texts, {"insult": list(y), "offensive": list(y)}

    def abuseval() -> tuple[list[str], dict[str, list[int | None]]]:
        texts, y = data_gap.abuseval_test()
        ab = [int(v != "NOTABU") for v in y]
        return texts, {"offensive": list(ab), "insult": list(ab)}

    def own_drafts() -> tuple[list[str], dict[str, list[int | None]]]:
        import drafts

        c = drafts.synthetic_drafts("val")
        return c.texts, {h: v for h, v in c.labels.items() if any(x is not None for x in v)}

    out = [(name, corpus(fn)) for name, fn in data_gap.GAP_TRAIN_SOURCES.items()]
    # The pairs of our own training drafts held out of training (training/synthetic/): the same
    # writers as the trained side, so an optimistic in-domain check, never a test split.
    out.append(("our drafts, held-out pairs", own_drafts))
    out += [("unhealthy-comments (eval only)", ucc), ("incivility-congress (eval only)", congress),
            ("abuseval (eval only)", abuseval)]
    return out


def _cap(n: int, cap: int) -> list[int]:
    if n <= cap:
        return list(range(n))
    step = n / cap
    return [int(i * step) for i in range(cap)]


def _rate(flags: Sequence[bool], labels: Sequence[int | None], want: int) -> tuple[float, int]:
    picked = [f for f, y in zip(flags, labels, strict=True) if y == want]
    return (sum(picked) / len(picked) if picked else float("nan")), len(picked)


def pct(v: float) -> str:
    return "–" if v != v else f"{100 * v:.1f} %"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", action="append", help="shipped model name or folder (repeatable)")
    ap.add_argument("--cap", type=int, default=1500, help="rows per test set (default 1500)")
    ap.add_argument("--no-checker", action="store_true", help="heads only, not the whole checker")
    ap.add_argument("--preview", action="store_true", help="the checker also runs preview rules")
    args = ap.parse_args(argv)

    from pausecheck import Checker, Post
    from pausecheck.classifier import DEFAULT_MODEL, load_model

    names = args.model or [DEFAULT_MODEL]
    models = [load_model(n) for n in names]
    checkers = {} if args.no_checker else {n: Checker(preview=args.preview, model=n) for n in names}
    label = {n: m.name for n, m in zip(names, models, strict=True)}

    print(f"### Gap data sets, test splits (at most {args.cap} rows each; checker: "
          f"{'stable + preview' if args.preview else 'stable'} rules)\n")
    print("| data set | head | pos / neg | " + " | ".join(
        f"{label[n]} head recall / false alarms" + ("" if args.no_checker else f" | {label[n]} checker recall / false alarms")
        for n in names) + " |")
    print("|---|---|---|" + "---|" * (len(names) * (1 if args.no_checker else 2)))
    started = time.perf_counter()
    for set_name, load in _sets():
        texts, labels = load()
        keep = _cap(len(texts), args.cap)
        texts = [texts[i] for i in keep]
        labels = {h: [v[i] for i in keep] for h, v in labels.items()}
        probs = {n: m.predict(texts) for n, m in zip(names, models, strict=True)}
        cats: dict[str, list[frozenset[str]]] = {}
        for n, checker in checkers.items():
            reports = checker.check_many([Post(t) for t in texts])
            cats[n] = [frozenset(f.category for f in r.findings if f.severity != "advise") for r in reports]
        rows = [(head, head, y) for head, y in labels.items() if head in CATEGORIES]
        # The branch's group-attack head (minilm-ft-v7) read against the same group-hate labels.
        rows += [(GROUP_HEAD, "identity_attack", labels["identity_attack"])] if "identity_attack" in labels else []
        for head, category_head, y in rows:
            pos = sum(1 for v in y if v == 1)
            neg = sum(1 for v in y if v == 0)
            if not pos:
                continue
            cells = []
            for n, m in zip(names, models, strict=True):
                if head not in m.heads:
                    cells.append("–")
                else:
                    col = list(m.heads).index(head)
                    flags = [bool(p[col] >= m.thresholds[head]) for p in probs[n]]
                    r, _ = _rate(flags, y, 1)
                    fa, _ = _rate(flags, y, 0)
                    cells.append(f"{pct(r)} / {pct(fa)}")
                if n in cats:
                    if head != category_head:
                        cells.append("(row above)")
                        continue
                    cflags = [bool(c & CATEGORIES[head]) for c in cats[n]]
                    r, _ = _rate(cflags, y, 1)
                    fa, _ = _rate(cflags, y, 0)
                    cells.append(f"{pct(r)} / {pct(fa)}")
            print(f"| {set_name} | {head} | {pos} / {neg} | " + " | ".join(cells) + " |", flush=True)
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
