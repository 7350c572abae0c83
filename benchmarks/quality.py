"""Side-by-side quality benchmark of the learned detectors, on the same test data in one run.

Usage: python benchmarks/quality.py [--model linear-v1 [--model other ...]] [--checker] [--json FILE]
                                   [--card MODEL_CARD.md] [--skip-speed] [--limit N]

``--limit N`` is a smoke run (every N-th row of each test set, at most N of them): the tables'
numbers then mean nothing, but every code path runs; the test suite uses it.

Needs the ``[train]`` extra (scikit-learn, alt-profanity-check) for the comparison systems; a
missing one is reported and skipped. Data: ``$PAUSECHECK_DATA`` or ``../shared/data``.

Systems:

- **pausecheck**: each model named by ``--model`` (default ``linear-v1``), each head at its
  calibrated threshold: a shipped name, or the folder of an archived model such as
  ``training/models/ensemble-v1`` (labelled by its name);
- **alt-profanity-check 1.9.1**: ``predict_prob ≥ 0.5`` = offensive (one score for every head);
- **profanex 1.0.0**: any lexicon match = offensive (default ``Filter()``);
- **pausecheck checker** (``--checker``): the whole product, stable and preview rules, with
  the first ``--model`` behind its classifier rules: lexicons, patterns, reported-speech and
  target logic included. A post counts as flagged for a task when a finding of the task's
  categories (``CHECKER_CATEGORIES``) would change the verdict (revise or block);
- **TF-IDF+LR baseline**: word 1–2-gram + char_wb 2–5-gram TF-IDF and logistic regression
  (scikit-learn defaults, C=1), trained here on TweetEval offensive train (for ``offensive``)
  and TweetEval hate train (for ``hate``), the baseline of the issue. Probability ≥ 0.5.

How predictions are mapped to each test set:

- TweetEval offensive test: ``offensive`` head. Baselines: their offensive score.
- TweetEval hate test and ETHOS: ``identity_attack`` head. Baselines: profanity-check and
  profanex use their offensive flag; TF-IDF+LR its hate model.
- OLID level B (240 offensive tweets, TIN vs UNT): UNT if ``obscene`` reaches its threshold and
  its ratio ``p / threshold`` is above those of ``insult``, ``identity_attack`` and ``threat``
  (``obscene`` learnt OLID's UNT), else TIN. Level C (213 TIN tweets): IND if ``insult`` reaches
  its threshold, else GRP (no head separates OTH). Both mappings were chosen on the OLID tweets
  of TweetEval's val split, not on test. Single-score systems cannot make these distinctions;
  the majority-class row is given instead.
- HateCheck: a case counts as predicted hateful if ``identity_attack`` ≥ its threshold, or, for
  the threat functionalities (``threat_dir_h``, ``threat_norm_h``), if ``threat`` ≥ its
  threshold. A second column ("any head") uses ``identity_attack or threat`` for every case,
  without looking at the functionality. profanity-check and profanex: their offensive flag.
  TF-IDF+LR: its hate model or its offensive model ≥ 0.5.
- ThreatGram held-out channels: ``threat`` head vs label 2 (violent). Baselines: offensive flag.
- toxic-spans test: a character is predicted toxic if it lies in a word whose attribution
  (``attribute``) to ``insult``, ``threat``, ``identity_attack`` or ``obscene`` is ≥ a cut; the
  cut (and whether to require the head to be flagged) is chosen on the trial split. profanex: its
  match spans. profanity-check: each word scored on its own, ≥ 0.5. Span F1 as in SemEval-2021
  (mean per-post F1 over character offsets; 1 when both sets are empty).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "src"))

import data  # noqa: E402

# Records and figures from the issue, printed beside ours.
RECORDS = {
    "tweeteval-offensive": "0.829 (OffensEval 2019 winner, NULI, BERT); cardiffnlp roberta-base-offensive 0.804",
    "tweeteval-hate": "0.651 (HatEval 2019 winner, Fermi: USE + RBF SVM)",
    "hatecheck": "≈ 77 % (Perspective API, Röttger et al. 2021)",
    "toxic-spans": "≈ 0.708 (SemEval-2021 Task 5 winner)",
}
ISSUE_FIGURES = {  # system → (TE-off macro-F1, TE-hate macro-F1, HateCheck acc, HateCheck threats caught)
    "alt-profanity-check 1.9.1": ("0.732", "0.509", "43.6 %", "27.8 %"),
    "profanex 1.0.0": ("0.645", "0.510", "33.1 %", "2.6 %"),
    "TF-IDF+LR baseline": ("0.743", "0.541", "62.8 %", "75.1 %"),
}
THREAT_FUNCS = ("threat_dir_h", "threat_norm_h")
FOCUS_FUNCS = ("counter_quote_nh", "counter_ref_nh", "negate_neg_nh", "slur_reclaimed_nh")
SPAN_HEADS = ("insult", "threat", "identity_attack", "obscene")
PC, PX, BL = "alt-profanity-check 1.9.1", "profanex 1.0.0", "TF-IDF+LR baseline"
#: Finding categories that count as a flag, per task, for the whole checker.
CHECKER_CATEGORIES = {
    "offensive": frozenset({"insult", "discrimination", "threat", "obscenity"}),
    "hate": frozenset({"discrimination"}),
    "hatecheck": frozenset({"discrimination", "threat"}),
    "threat": frozenset({"threat"}),
}


#: Rows per test set in a smoke run (``--limit``); None for the full sets.
LIMIT: int | None = None


def _cut(rows: Sequence) -> list:
    """Every k-th row, at most LIMIT of them (all rows when LIMIT is None), spread over the set."""
    rows = list(rows)
    if LIMIT is None or len(rows) <= LIMIT:
        return rows
    return rows[:: len(rows) // LIMIT][:LIMIT]


# ------------------------------------------------------------------------------------------
# Metrics


def f1_binary(y: Sequence[int], p: Sequence[int], positive: int = 1) -> float:
    tp = sum(1 for a, b in zip(y, p, strict=True) if a == positive and b == positive)
    fp = sum(1 for a, b in zip(y, p, strict=True) if a != positive and b == positive)
    fn = sum(1 for a, b in zip(y, p, strict=True) if a == positive and b != positive)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(y: Sequence, p: Sequence) -> float:
    labels = sorted(set(y))
    return sum(f1_binary(y, p, positive=c) for c in labels) / len(labels)


def accuracy(y: Sequence, p: Sequence) -> float:
    return sum(1 for a, b in zip(y, p, strict=True) if a == b) / len(y) if y else float("nan")


def span_f1(pred: set[int], gold: set[int]) -> float:
    if not gold:
        return 1.0 if not pred else 0.0
    if not pred:
        return 0.0
    tp = len(pred & gold)
    if not tp:
        return 0.0
    prec, rec = tp / len(pred), tp / len(gold)
    return 2 * prec * rec / (prec + rec)


def table(headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    def fmt(v: object) -> str:
        if isinstance(v, float):
            return "–" if v != v else f"{v:.3f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def pct(v: float) -> str:
    return "–" if v != v else f"{100 * v:.1f} %"


# ------------------------------------------------------------------------------------------
# Systems


class Ours:
    def __init__(self, name: str) -> None:
        from pausecheck.classifier import load_model

        self.model = load_model(name)
        self.name = self.model.name  # a model given by folder is labelled by its name
        self.heads = list(self.model.heads)
        self.t = self.model.thresholds
        self._cache: dict[str, np.ndarray] = {}

    def probs(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for t, row in zip(missing, self.model.predict(missing), strict=True):
                self._cache[t] = row
        return np.array([self._cache[t] for t in texts])

    def flag(self, texts: Sequence[str], head: str) -> list[int]:
        j = self.heads.index(head)
        return [int(v) for v in self.probs(texts)[:, j] >= self.t[head]]


class WholeChecker:
    """The whole checker, stable and preview rules, as a per-task flagger (see the docstring)."""

    def __init__(self, model: str, preview: bool = True) -> None:
        from pausecheck import Checker

        self.name = f"pausecheck checker ({Path(model).name}, {'preview rules on' if preview else 'stable rules'})"
        self.checker = Checker(preview=preview, model=model)
        self._cache: dict[str, frozenset[str]] = {}

    def categories(self, text: str) -> frozenset[str]:
        """Categories of the findings that would change the verdict (revise or block)."""
        from pausecheck import InputError, Post

        if text not in self._cache:
            try:
                report = self.checker.check(Post(text, account="personal"))
                cats = frozenset(f.category for f in report.findings if f.severity != "advise")
            except InputError:  # an empty test row: nothing to flag
                cats = frozenset()
            self._cache[text] = cats
        return self._cache[text]

    def flag(self, texts: Sequence[str], task: str) -> list[int]:
        wanted = CHECKER_CATEGORIES[task]
        return [int(bool(self.categories(t) & wanted)) for t in texts]


def load_profanity_check() -> Callable[[Sequence[str]], np.ndarray] | None:
    try:
        from profanity_check import predict_prob
    except ImportError as e:
        print(f"> alt-profanity-check not available ({e}); install the [train] extra.\n")
        return None
    return lambda texts: np.asarray(predict_prob(list(texts)), dtype=float)


def load_profanex():
    try:
        import profanex
    except ImportError as e:
        print(f"> profanex not available ({e}).\n")
        return None
    return profanex.Filter()


def train_baseline() -> dict[str, object] | None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
    except ImportError as e:
        print(f"> scikit-learn not available ({e}); TF-IDF+LR baseline skipped.\n")
        return None
    models = {}
    for task, loader in (("offensive", data.tweeteval_offensive), ("hate", data.tweeteval_hate)):
        c = loader("train")
        y = c.labels["offensive" if task == "offensive" else "identity_attack"]
        pipe = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
            ),
            LogisticRegression(C=1.0, solver="liblinear", max_iter=1000, random_state=0),
        )
        pipe.fit(c.texts, y)
        models[task] = pipe
    return models


# ------------------------------------------------------------------------------------------
# Benchmarks


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append",
                    help="shipped model name or model folder to evaluate (repeatable; default linear-v1)")
    ap.add_argument("--json", help="also write all figures to this JSON file")
    ap.add_argument("--card", help="write the summary into this model card, between the test-results markers")
    ap.add_argument("--checker", action="store_true",
                    help="also evaluate the whole checker (preview rules on, the first --model)")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--limit", type=int, metavar="N", help="smoke run: at most N rows of each test set")
    args = ap.parse_args()
    global LIMIT
    LIMIT = args.limit
    if LIMIT:
        print(f"> Smoke run: at most {LIMIT} rows of each test set; the figures below are not results.\n")
    model_names = args.model or ["linear-v1"]
    t_start = time.perf_counter()
    results: dict[str, object] = {"models": model_names}

    ours = {f"pausecheck {o.name}": o for o in (Ours(n) for n in model_names)}
    pc = load_profanity_check()
    px = load_profanex()
    t = time.perf_counter()
    bl = train_baseline()
    print(f"_Baseline trained in {time.perf_counter() - t:.0f} s. Models under test: "
          + "; ".join(f"`{n}` thresholds {json.dumps({h: round(v, 3) for h, v in o.t.items()})}" for n, o in ours.items())
          + "._\n")

    systems: dict[str, Callable[[Sequence[str], str], list]] = {}
    for name, o in ours.items():
        systems[name] = lambda texts, task, o=o: _ours_task(o, texts, task)
    if args.checker:
        whole = WholeChecker(model_names[0])
        systems[whole.name] = lambda texts, task: whole.flag(texts, "hatecheck" if task == "hatecheck-any" else task)
    if pc:
        systems[PC] = lambda texts, task: [int(v >= 0.5) for v in pc(texts)]
    if px:
        systems[PX] = lambda texts, task: [int(v) for v in px.contains_many(list(texts))]
    if bl:
        def bl_predict(texts: Sequence[str], task: str) -> list[int]:
            if task == "offensive":
                return [int(v >= 0.5) for v in bl["offensive"].predict_proba(list(texts))[:, 1]]
            if task == "hatecheck":
                a = bl["offensive"].predict_proba(list(texts))[:, 1]
                b = bl["hate"].predict_proba(list(texts))[:, 1]
                return [int(x >= 0.5 or z >= 0.5) for x, z in zip(a, b, strict=True)]
            return [int(v >= 0.5) for v in bl["hate"].predict_proba(list(texts))[:, 1]]
        systems[BL] = bl_predict
    names = list(systems)

    # --- TweetEval offensive / hate -----------------------------------------------------
    summary: dict[str, dict[str, str]] = defaultdict(dict)
    for key, loader, task, title in (
        ("tweeteval-offensive", data.tweeteval_offensive_test, "offensive", "TweetEval offensive test (860; = OLID level A test)"),
        ("tweeteval-hate", data.tweeteval_hate_test, "hate", "TweetEval hate test (2,970; = HatEval 2019 English test)"),
    ):
        texts, y = loader()
        texts, y = _cut(texts), _cut(y)
        rows = []
        for name, fn in systems.items():
            p = fn(texts, task)
            m = macro_f1(y, p)
            fig = ISSUE_FIGURES.get(name)
            rows.append([name, m, f1_binary(y, p), accuracy(y, p), fig[0 if task == "offensive" else 1] if fig else "–"])
            summary[name][key] = f"{m:.3f}"
            results.setdefault(key, {})[name] = {"macro_f1": m, "f1_pos": f1_binary(y, p), "accuracy": accuracy(y, p)}
        rows.append(["record", RECORDS[key], "", "", ""])
        print(f"### {title}\n")
        print(table(["system", "macro-F1", "F1 (positive)", "accuracy", "issue's figure"], rows) + "\n")

    # --- OLID B and C ---------------------------------------------------------------------
    for level, title, maj_label in (("b", "OLID level B test (240 offensive tweets: TIN targeted vs UNT untargeted)", "TIN"),
                                    ("c", "OLID level C test (213 targeted tweets: IND / GRP / OTH)", "IND")):
        texts, y = data.olid_test(level)
        texts, y = _cut(texts), _cut(y)
        rows = []
        for name, o in ours.items():
            p = _ours_task(o, texts, f"olid-{level}")
            per_class = {c: f1_binary(y, p, c) for c in sorted(set(y))}
            rows.append([name, macro_f1(y, p), accuracy(y, p), ", ".join(f"{c} {v:.3f}" for c, v in per_class.items())])
            results.setdefault(f"olid-{level}", {})[name] = {"macro_f1": macro_f1(y, p), "accuracy": accuracy(y, p), "per_class_f1": per_class}
        maj = [maj_label] * len(y)
        rows.append([f"majority class ({maj_label})", macro_f1(y, maj), accuracy(y, maj), ""])
        rows += [[n, "n/a (one score)" if n in (PC, PX, BL) else "n/a (no such finding)", "", ""] for n in names if n not in ours]
        print(f"### {title}\n")
        print(table(["system", "macro-F1", "accuracy", "F1 per class"], rows) + "\n")

    # --- HateCheck --------------------------------------------------------------------------
    cases = _cut(data.hatecheck())
    texts = [c.text for c in cases]
    gold = [int(c.hateful) for c in cases]
    preds = {name: fn(texts, "hatecheck") for name, fn in systems.items()}
    for name, o in ours.items():
        preds[f"{name} (any head)"] = _ours_task(o, texts, "hatecheck-any")
    cols = [c for n in names for c in ([n, f"{n} (any head)"] if n in ours else [n])]
    funcs = sorted({c.functionality for c in cases})
    by_func: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        by_func[c.functionality].append(i)

    def acc_on(name: str, idx: Sequence[int]) -> float:
        return accuracy([gold[i] for i in idx], [preds[name][i] for i in idx])

    rows = [[f, len(by_func[f])] + [pct(acc_on(c, by_func[f])) for c in cols] for f in funcs]
    rows.append(["**overall**", len(cases)] + [f"**{pct(accuracy(gold, preds[c]))}**" for c in cols])
    print("### HateCheck (3,728 cases): accuracy per functionality\n")
    print("pausecheck: `identity_attack`, or `threat` on the threat functionalities; \"(any head)\": "
          "`identity_attack` or `threat` on every case.\n")
    print(table(["functionality", "n"] + cols, rows) + "\n")
    thr_idx = [i for f in THREAT_FUNCS for i in by_func[f]]
    sum_rows = []
    for c in cols:
        fig = ISSUE_FIGURES.get(c)
        sum_rows.append([c, pct(accuracy(gold, preds[c])), pct(acc_on(c, thr_idx))]
                        + [pct(acc_on(c, by_func[f])) for f in FOCUS_FUNCS]
                        + [f"{fig[2]} / {fig[3]}" if fig else "–"])
        if c in systems:
            summary[c]["hatecheck"] = pct(accuracy(gold, preds[c]))
            summary[c]["hatecheck-threats"] = pct(acc_on(c, thr_idx))
    sum_rows.append(["record / target", "≈ 77 % (Perspective) / ≥ 85 %", "75 % / ≥ 90 %"] + ["12–44 % / ≥ 80 %"] * len(FOCUS_FUNCS) + [""])
    print("HateCheck summary (threats = `threat_dir_h` + `threat_norm_h`):\n")
    print(table(["system", "overall", "threats caught"] + [f"`{f}`" for f in FOCUS_FUNCS] + ["issue's figure (overall / threats)"], sum_rows) + "\n")
    results["hatecheck"] = {
        "overall": {c: accuracy(gold, preds[c]) for c in cols},
        "threats": {c: acc_on(c, thr_idx) for c in cols},
        "per_functionality": {f: {c: acc_on(c, by_func[f]) for c in cols} for f in funcs},
    }

    # --- ThreatGram held-out channels ---------------------------------------------------
    tg = data.threatgram("test")
    tg_texts, y = _cut(tg.texts), _cut(tg.labels["threat"])
    rows = []
    for name, fn in systems.items():
        p = fn(tg_texts, "threat")
        rows.append([name, macro_f1(y, p), f1_binary(y, p), accuracy(y, p)])
        results.setdefault("threatgram", {})[name] = {"macro_f1": macro_f1(y, p), "f1_violent": f1_binary(y, p)}
        summary[name]["threatgram"] = f"{macro_f1(y, p):.3f}"
    print(f"### ThreatGram 101, held-out channels ({len(tg_texts)} replies; {sum(y)} violent threats; "
          f"channels {', '.join(sorted(data.THREATGRAM_TEST_CHANNELS))})\n")
    print("Positive = label 2 (violent threat); labels 0 and 1 (judicial) are negative. pausecheck: `threat` head. "
          "Baselines: their offensive flag.\n")
    print(table(["system", "macro-F1", "F1 (violent)", "accuracy"], rows) + "\n")

    # --- ETHOS --------------------------------------------------------------------------
    et, ey = data.ethos()
    et, ey = _cut(et), _cut(ey)
    emt, eml = data.ethos_multilabel()
    emt, eml = _cut(emt), {k: _cut(v) for k, v in eml.items()}
    rows = []
    for name, fn in systems.items():
        p = fn(et, "hate")
        rows.append([name, macro_f1(ey, p), f1_binary(ey, p), accuracy(ey, p)])
        results.setdefault("ethos", {})[name] = {"macro_f1": macro_f1(ey, p)}
        summary[name]["ethos"] = f"{macro_f1(ey, p):.3f}"
    print(f"### ETHOS binary ({len(et)} comments, hate = isHate ≥ 0.5; GPL-3.0, evaluation only)\n")
    print("pausecheck: `identity_attack` head.\n")
    print(table(["system", "macro-F1", "F1 (hate)", "accuracy"], rows) + "\n")
    viol = eml["violence"]
    for name, o in ours.items():
        pv = o.flag(emt, "threat")
        results.setdefault("ethos-violence", {})[name] = {"macro_f1": macro_f1(viol, pv), "f1": f1_binary(viol, pv)}
        print(f"ETHOS multi-label `violence` (433 hateful comments, {sum(viol)} inciting violence), {name} `threat` head: "
              f"macro-F1 {macro_f1(viol, pv):.3f}, F1 (violence) {f1_binary(viol, pv):.3f}.\n")

    # --- toxic spans ----------------------------------------------------------------------
    print("### Toxic spans, SemEval-2021 test (2,000 posts): span F1\n")
    rows = []
    baselines_done = False
    for name, o in ours.items():
        sr = toxic_spans(o, None if baselines_done else pc, None if baselines_done else px)
        baselines_done = True
        results.setdefault("toxic-spans", {})[name] = sr
        print(f"{name}: cut chosen on the trial split: {sr['cut']}.\n")
        for n, v in sr["test"].items():
            rows.append([n, v])
            summary[n]["toxic-spans"] = f"{v:.3f}"
    rows.append(["record", RECORDS["toxic-spans"]])
    print(table(["system", "span F1"], rows) + "\n")

    # --- summary ---------------------------------------------------------------------------
    keys = ["tweeteval-offensive", "tweeteval-hate", "hatecheck", "hatecheck-threats", "threatgram", "ethos", "toxic-spans"]
    summary_md = table(
        ["system", "TE-offensive macro-F1", "TE-hate macro-F1", "HateCheck acc.", "HateCheck threats",
         "ThreatGram macro-F1", "ETHOS macro-F1", "toxic-spans F1"],
        [[n] + [summary[n].get(c, "–") for c in keys] for n in summary]
        + [["record", "0.829", "0.651", "≈ 77 %", "–", "–", "–", "≈ 0.708"],
           ["target", "≥ 0.83", "≥ 0.66", "≥ 85 %", "≥ 90 %", "–", "–", "≥ 0.70"]])
    print("### Summary\n")
    print(summary_md + "\n")

    # --- speed ----------------------------------------------------------------------------
    speed_md = ""
    if not args.skip_speed:
        speed_rows = []
        jobs = [("pausecheck", n) for n in model_names] + [("profanity-check", ""), ("profanex", "")]
        for sysname, model in jobs:
            r = measure_speed(sysname, model)
            if r:
                speed_rows.append([r["system"], f"{r['cold_s']:.2f} s", f"{r['p50_ms']:.2f}", f"{r['p95_ms']:.2f}",
                                   f"{r['attr_p50_ms']:.2f}" if "attr_p50_ms" in r else "–",
                                   f"{r['batch_per_s']:.0f}", f"{r['rss_mb']:.0f}"])
                results.setdefault("speed", {})[r["system"]] = r
        speed_md = table(["system", "cold start", "p50 ms/post", "p95 ms/post", "attribute p50 ms (all heads)",
                          "batched posts/s", "peak RSS MB"], speed_rows)
        print(f"### Speed ({os.cpu_count()} CPUs, shared machine: ±30 % between runs)\n")
        print("Each system alone in a fresh process (the classifier only, not the whole checker). Cold start: "
              "import + model load + first prediction. Latency: one TweetEval-hate test tweet per call, warm, 600 calls. "
              "Batched: all 2,970 in one call. Peak RSS: that process's high-water mark.\n")
        print(speed_md + "\n")

    print(f"_Total benchmark time {time.perf_counter() - t_start:.0f} s._")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=float) + "\n", "utf-8")
    if args.card:
        write_card(Path(args.card), summary_md, speed_md, results)


CARD_START, CARD_END = "<!-- test-results:start -->", "<!-- test-results:end -->"


def write_card(card: Path, summary_md: str, speed_md: str, results: dict) -> None:
    """Replace the test-results block of a model card with this run's figures."""
    text = card.read_text("utf-8")
    if CARD_START not in text or CARD_END not in text:
        print(f"> {card}: no test-results markers; card not updated")
        return
    olid = "; ".join(f"{n.removeprefix('pausecheck ')} level {lv.upper()} macro-F1 {v['macro_f1']:.3f}" for lv in "bc"
                     for n, v in results.get(f"olid-{lv}", {}).items() if n.startswith("pausecheck"))
    block = (f"{CARD_START}\nFrom `benchmarks/quality.py` (test splits; never used for training or thresholds):\n\n"
             f"{summary_md}\n\nOLID test: {olid}.\n\n" + (f"Speed of the classifier alone:\n\n{speed_md}\n" if speed_md else "")
             + CARD_END)
    head, rest = text.split(CARD_START, 1)
    _old, tail = rest.split(CARD_END, 1)
    card.write_text(head + block + tail, "utf-8")
    print(f"_Updated {card}._")


def _ours_task(ours: Ours, texts: Sequence[str], task: str) -> list[int]:
    if task == "offensive":
        return ours.flag(texts, "offensive")
    if task == "hate":
        return ours.flag(texts, "identity_attack")
    if task == "threat":
        return ours.flag(texts, "threat")
    p = ours.probs(texts)
    r = {h: p[:, ours.heads.index(h)] / ours.t[h] for h in ("insult", "identity_attack", "threat")}
    if task == "olid-b":
        ob = p[:, ours.heads.index("obscene")] / ours.t["obscene"]
        return ["UNT" if ob[i] >= 1 and ob[i] > max(r["insult"][i], r["identity_attack"][i], r["threat"][i]) else "TIN"
                for i in range(len(texts))]
    if task == "olid-c":
        return ["IND" if r["insult"][i] >= 1 else "GRP" for i in range(len(texts))]
    if task == "hatecheck":
        cases = {c.text: c.functionality for c in data.hatecheck()}
        return [int(r["identity_attack"][i] >= 1 or (cases.get(t) in THREAT_FUNCS and r["threat"][i] >= 1))
                for i, t in enumerate(texts)]
    if task == "hatecheck-any":
        return [int(r["identity_attack"][i] >= 1 or r["threat"][i] >= 1) for i in range(len(texts))]
    raise ValueError(task)


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def toxic_spans(ours: Ours, pc, px) -> dict[str, object]:
    from pausecheck.classifier.linear import salient_spans

    trial, test = data.toxic_spans_semeval("trial"), data.toxic_spans_test()
    trial = data.SpanSet(trial.name, _cut(trial.texts), _cut(trial.spans))
    test = data.SpanSet(test.name, _cut(test.texts), _cut(test.spans))
    model = ours.model

    def word_weights(s: data.SpanSet) -> list[dict[str, list]]:
        return [model.attribute_all(text) for text in s.texts]

    def predict(texts: Sequence[str], attrs, cut: float, gate: bool) -> list[set[int]]:
        probs = ours.probs(texts)
        preds = []
        for i, (text, attr) in enumerate(zip(texts, attrs, strict=True)):
            chars: set[int] = set()
            for h in SPAN_HEADS:
                if gate and probs[i, ours.heads.index(h)] < ours.t[h]:
                    continue
                for s, e, _w in salient_spans(text, attr[h], cut):
                    chars.update(range(s, e))
            preds.append(chars)
        return preds

    trial_attr = word_weights(trial)
    best = (-1.0, 0.0, False)
    for gate in (False, True):
        for cut in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0):
            pr = predict(trial.texts, trial_attr, cut, gate)
            f = statistics.mean(span_f1(p, g) for p, g in zip(pr, trial.spans, strict=True))
            if f > best[0]:
                best = (f, cut, gate)
    _f, cut, gate = best
    test_attr = word_weights(test)
    pr = predict(test.texts, test_attr, cut, gate)
    res: dict[str, float] = {f"pausecheck {ours.name}": statistics.mean(span_f1(p, g) for p, g in zip(pr, test.spans, strict=True))}
    if px:
        pxs = [{i for m in px.find(t) for i in range(m.start, m.end)} for t in test.texts]
        res[PX] = statistics.mean(span_f1(p, g) for p, g in zip(pxs, test.spans, strict=True))
    if pc:
        words = [[(m.start(), m.end()) for m in _WORD.finditer(t)] for t in test.texts]
        flat = [t[s:e] for t, ws in zip(test.texts, words, strict=True) for s, e in ws]
        scores = iter(pc(flat))
        pcs = []
        for ws in words:
            chars: set[int] = set()
            for s, e in ws:
                if next(scores) >= 0.5:
                    chars.update(range(s, e))
            pcs.append(chars)
        res[PC + " (per word)"] = statistics.mean(span_f1(p, g) for p, g in zip(pcs, test.spans, strict=True))
    return {"cut": f"weight ≥ {cut}, {'only heads over threshold' if gate else 'every head'} (trial span F1 {best[0]:.3f})",
            "test": res}


SPEED = r"""
import json, resource, statistics, sys, time
t0 = time.perf_counter()
system, model_name, texts = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
attr = None
if system == "pausecheck":
    from pausecheck.classifier import load_model
    m = load_model(model_name)
    one = lambda t: m.predict([t])
    many = lambda ts: m.predict(ts)
    attr = m.attribute_all
    label = "pausecheck " + m.name
elif system == "profanity-check":
    from profanity_check import predict_prob
    one = lambda t: predict_prob([t])
    many = lambda ts: predict_prob(ts)
    label = "alt-profanity-check 1.9.1"
else:
    import profanex
    f = profanex.Filter()
    one = lambda t: f.contains(t)
    many = lambda ts: f.contains_many(ts)
    label = "profanex 1.0.0"
one(texts[0])
cold = time.perf_counter() - t0
for t in texts[:50]:
    one(t)
lat = []
for t in texts[:600]:
    s = time.perf_counter(); one(t); lat.append((time.perf_counter() - s) * 1000)
lat.sort()
s = time.perf_counter(); many(texts); batch = len(texts) / (time.perf_counter() - s)
out = {"system": label, "cold_s": cold, "p50_ms": lat[len(lat) // 2], "p95_ms": lat[int(0.95 * (len(lat) - 1))], "batch_per_s": batch}
if attr:
    al = []
    for t in texts[:300]:
        s = time.perf_counter(); attr(t); al.append((time.perf_counter() - s) * 1000)
    al.sort(); out["attr_p50_ms"] = al[len(al) // 2]
# ru_maxrss survives exec (it would report the parent's peak); VmHWM is this process's own.
try:
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
    out["rss_mb"] = int(hwm.split()[1]) / 1024
except (OSError, IndexError):
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def measure_speed(system: str, model: str) -> dict | None:
    import tempfile

    texts, _y = data.tweeteval_hate_test()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(texts, f)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        out = subprocess.run([sys.executable, "-c", SPEED, system, model, f.name], capture_output=True, text=True,
                             env=env, timeout=300, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, ValueError) as e:
        print(f"> speed of {system} not measured: {getattr(e, 'stderr', '') or e}\n")
        return None
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    main()
