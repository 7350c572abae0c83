"""The group-attack head beside the public identity head, on HateCheck and TweetEval hate.

    python benchmarks/group_heads.py [--model minilm-ft-v7 [--model DIR ...]] [--checker]

For each model, HateCheck (3,728 cases, evaluation only: never trained on) and the TweetEval
hate test are read by: the ``identity_attack`` head alone (or ``threat`` on HateCheck's threat
functionalities, as ``quality.py`` reads it), the ``group_attack`` head alone (models from
minilm-ft-v7), and either of them, each at the model card's calibrated threshold. ``--checker``
adds the default checker (stable rules, the first model behind every learned rule): a case
counts as flagged when a finding of the discrimination or threat category (discrimination only
on TweetEval) would change the verdict. The HateCheck table also prints the functionalities
where the readings differ most, so that a gain on hateful cases is seen next to what it costs on
the non-hateful ones (counter-speech, neutral and positive statements about a group).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pausecheck.classifier import Model

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import THREAT_FUNCS, WholeChecker, accuracy, data, macro_f1, pct  # noqa: E402


def readings(m: Model, texts: Sequence[str], functionality: Sequence[str | None]) -> dict[str, list[int]]:
    """Per reading, a 0/1 flag per text."""
    p = m.predict(list(texts))
    ratio = {h: p[:, m.heads.index(h)] / m.thresholds[h] for h in m.heads}
    ident = (ratio["identity_attack"] >= 1) | np.array(
        [f in THREAT_FUNCS for f in functionality]) & (ratio["threat"] >= 1)
    out = {"identity_attack": ident.astype(int).tolist()}
    if "group_attack" in m.heads:
        group = ratio["group_attack"] >= 1
        out["group_attack"] = group.astype(int).tolist()
        out["either"] = (ident | group).astype(int).tolist()
    return out


def _every(rows: list, limit: int | None) -> list:
    """Every k-th row, at most ``limit`` of them (all without a limit)."""
    if not limit or len(rows) <= limit:
        return rows
    return rows[:: -(-len(rows) // limit)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", action="append", help="shipped model name or folder (repeatable; default: the default)")
    ap.add_argument("--checker", action="store_true", help="also the default checker with the first model")
    ap.add_argument("--limit", type=int, metavar="N", help="smoke run: every k-th row, at most N of each set")
    args = ap.parse_args(argv)
    from pausecheck.classifier import DEFAULT_MODEL, load_model

    names = args.model or [DEFAULT_MODEL]
    cases = _every(data.hatecheck(), args.limit)
    texts = [c.text for c in cases]
    gold = [int(c.hateful) for c in cases]
    funcs = [c.functionality for c in cases]
    hate_texts, hate_gold = (_every(list(v), args.limit) for v in data.tweeteval_hate_test())
    if args.limit:
        print(f"> Smoke run: at most {args.limit} rows of each set; the figures below are not results.\n")

    columns: dict[str, tuple[list[int], list[int]]] = {}
    for name in names:
        label, model = Path(name).name, load_model(name)
        hc = readings(model, texts, funcs)
        te = readings(model, hate_texts, [None] * len(hate_texts))
        for reading in hc:
            columns[f"{label} {reading}"] = (hc[reading], te[reading])
    if args.checker:
        whole = WholeChecker(names[0], preview=False)  # the default verdict
        columns[whole.name] = (whole.flag(texts, "hatecheck"), whole.flag(hate_texts, "hate"))

    print("### HateCheck and TweetEval hate: the group-attack head beside the identity head\n")
    print("| reading | HateCheck overall | hateful cases flagged | non-hateful cases flagged | TweetEval hate macro-F1 |")
    print("|---|---:|---:|---:|---:|")
    for col, (hc, te) in columns.items():
        hateful = [p for p, g in zip(hc, gold, strict=True) if g]
        fine = [p for p, g in zip(hc, gold, strict=True) if not g]
        print(f"| {col} | {pct(accuracy(gold, hc))} | {pct(sum(hateful) / max(1, len(hateful)))} | "
              f"{pct(sum(fine) / max(1, len(fine)))} | {macro_f1(hate_gold, te):.3f} |")

    by_func: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(funcs):
        by_func[f].append(i)
    accs = {col: {f: accuracy([gold[i] for i in idx], [hc[i] for i in idx]) for f, idx in by_func.items()}
            for col, (hc, _) in columns.items()}
    spread = sorted(by_func, key=lambda f: -(max(a[f] for a in accs.values()) - min(a[f] for a in accs.values())))
    print("\nHateCheck functionalities where the readings differ most (accuracy):\n")
    print("| functionality | n | " + " | ".join(columns) + " |")
    print("|---|---:|" + "---:|" * len(columns))
    for f in spread[:12]:
        print(f"| `{f}` | {len(by_func[f])} | " + " | ".join(pct(accs[c][f]) for c in columns) + " |")


if __name__ == "__main__":
    main()
