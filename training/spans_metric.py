"""The SemEval-2021 Task 5 (Toxic Spans Detection) metric.

Per post, F1 between the predicted and the gold sets of toxic character offsets; the score is
the mean over posts. A post with no gold offsets scores 1.0 when nothing is predicted for it and
0.0 otherwise (the task's ``evaluation/semeval2021.py``:
``f1(predictions, gold)``). Offsets are code-point indices into the post.

    python training/spans_metric.py --check-linear

re-scores the linear model's attribution spans exactly as ``benchmarks/quality.py`` does (cut and
head gating chosen on the trial split, then the test split) with this module's metric, to check
that the two agree (the benchmark reported 0.610 for ``linear-v1``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "src"))


def span_f1(pred: Iterable[int], gold: Iterable[int]) -> float:
    """F1 of one post's predicted vs gold character offsets (SemEval-2021 Task 5)."""
    p, g = set(pred), set(gold)
    if not g:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    return 2 * len(p & g) / (len(p) + len(g))


def mean_span_f1(preds: Sequence[Iterable[int]], golds: Sequence[Iterable[int]]) -> float:
    """The task score: mean per-post :func:`span_f1`."""
    if len(preds) != len(golds):
        raise ValueError(f"{len(preds)} predictions for {len(golds)} posts")
    if not golds:
        raise ValueError("no posts")
    return statistics.fmean(span_f1(p, g) for p, g in zip(preds, golds, strict=True))


def offsets(spans: Iterable[tuple[int, int] | tuple[int, int, float]]) -> set[int]:
    """The character offsets covered by ``(start, end[, score])`` spans (end exclusive)."""
    out: set[int] = set()
    for span in spans:
        out.update(range(span[0], span[1]))
    return out


def linear_attribution_baseline(model_name: str = "linear-v1") -> dict[str, object]:
    """The linear model's attribution spans scored as ``benchmarks/quality.py`` does: a word is
    toxic if its attribution to ``insult``, ``threat``, ``identity_attack`` or ``obscene`` is at
    least a cut (neighbours merged by ``salient_spans``); the cut and whether to count only heads
    over their threshold are chosen on the trial split, then the test split is scored."""
    import data
    from pausecheck.classifier import load_model
    from pausecheck.classifier.linear import salient_spans

    span_heads = ("insult", "threat", "identity_attack", "obscene")  # as benchmarks/quality.py
    model = load_model(model_name)
    trial, test = data.toxic_spans_semeval("trial"), data.toxic_spans_test()

    def predict(texts: Sequence[str], cut: float, gate: bool, cache: dict) -> list[set[int]]:
        if "probs" not in cache:
            cache["probs"] = model.predict(list(texts))
            cache["attr"] = [model.attribute_all(t) for t in texts]
        preds = []
        for i, text in enumerate(texts):
            chars: set[int] = set()
            for h in span_heads:
                if gate and cache["probs"][i, model.heads.index(h)] < model.thresholds[h]:
                    continue
                chars |= offsets(salient_spans(text, cache["attr"][i][h], cut))
            preds.append(chars)
        return preds

    tc: dict = {}
    best = max(
        ((mean_span_f1(predict(trial.texts, cut, gate, tc), trial.spans), cut, gate)
         for gate in (False, True) for cut in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0)),
        key=lambda r: r[0],  # first best wins ties, as the benchmark's strict ">"
    )
    f_trial, cut, gate = best
    f_test = mean_span_f1(predict(test.texts, cut, gate, {}), test.spans)
    return {"cut": cut, "gate": gate, "trial_span_f1": round(f_trial, 4), "test_span_f1": round(f_test, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check-linear", action="store_true", help="re-score the linear attribution baseline")
    ap.add_argument("--model", default="linear-v1")
    args = ap.parse_args()
    if args.check_linear:
        r = linear_attribution_baseline(args.model)
        print(f"{args.model} attribution: cut {r['cut']}, gate {r['gate']}; "
              f"trial span F1 {r['trial_span_f1']:.4f}; test span F1 {r['test_span_f1']:.4f}")
    else:
        ap.print_help()


if __name__ == "__main__":
    main()
