"""Train the linear model (approach a) and write it to ``src/pausecheck/models/linear-v1/``.

    python training/train_linear.py [--out DIR] [--min-df 2] [--C 2.0]

Steps (deterministic: fixed seeds, no randomness beyond liblinear's seeded shuffling):

1. Load the combined multi-head training and validation sets (``training/data.py``).
2. Count features with the run-time analyzer (``pausecheck.classifier.linear.analyze``) handed to
   scikit-learn's ``CountVectorizer`` as ``analyzer=``; keep features seen in ``min_df``
   training texts; sublinear TF-IDF with L2 norm (``TfidfTransformer``).
3. Fit one ``LogisticRegression`` (liblinear, L2) per head on the rows where that head is
   labelled, with per-source sample weights (:data:`SOURCE_WEIGHTS`).
4. Optionally keep only the ``--top-k`` features with the largest standardised coefficient in any
   head, and refit on those (the shipped model keeps everything that passes ``min_df``).
5. Write ``weights.npz`` (vocabulary, float32 idf, float16 coefficients; a zip with fixed
   timestamps, so identical training gives identical bytes), reload it through the run-time
   ``LinearModel``, and calibrate each head's threshold on the validation set: the threshold
   with the best F1, where every source counts equally (each row weighted 1 / rows of its
   source for that head; sources with only one class for the head are left out). Test splits are never used here.
6. Write ``manifest.json`` (sha256 of the weights, thresholds, validation metrics, training
   settings) and ``MODEL_CARD.md``.

Needs the ``[train]`` extra (scikit-learn 1.9.1). Run with ``OMP_NUM_THREADS=1``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import platform
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "src"))

import data  # noqa: E402
from pausecheck.classifier import HEADS, load_model  # noqa: E402
from pausecheck.classifier.linear import CHAR_NGRAMS, WEIGHTS_FILE, WORD_NGRAMS, analyze  # noqa: E402

SEED = 20240607
NAME = "linear-v1"
VERSION = "1.0.0"
# Davidson is 19.8k tweets, 83 % "offensive", labelled largely by slur and profanity lexicon
# (and biased against AAVE: Davidson et al. 2019), so it is down-weighted against the others.
# The clean-tweet weak negatives (40k rows) are halved so that they do not swamp the labelled
# negatives of the other sources.
SOURCE_WEIGHTS = {"davidson": 0.3, "sentiment-clean": 0.5}


def fit(args: argparse.Namespace) -> None:
    import sklearn
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    t0 = time.perf_counter()
    train, val = data.training_set(), data.validation_set()
    print(f"data: {len(train)} train, {len(val)} val texts ({time.perf_counter() - t0:.0f}s)", flush=True)

    counter = CountVectorizer(analyzer=analyze, min_df=args.min_df, dtype=np.float32)
    x_train = counter.fit_transform(train.texts).tocsr()
    vocab = list(counter.get_feature_names_out())
    print(f"features: {len(vocab)} (min_df={args.min_df}) ({time.perf_counter() - t0:.0f}s)", flush=True)

    y = train.matrix()
    weights = np.array([SOURCE_WEIGHTS.get(s, 1.0) for s in train.sources])

    def train_heads(x_counts: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
        x = tfidf.fit_transform(x_counts).tocsr()
        coef = np.zeros((x.shape[1], len(HEADS)), dtype=np.float64)
        intercept = np.zeros(len(HEADS))
        for j, head in enumerate(HEADS):
            rows = ~np.isnan(y[:, j])
            lr = LogisticRegression(C=args.C, solver="liblinear", max_iter=500, random_state=SEED)
            lr.fit(x[rows], y[rows, j], sample_weight=weights[rows])
            coef[:, j] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
            print(f"  {head}: {int(rows.sum())} rows, {int(y[rows, j].sum())} positive "
                  f"({time.perf_counter() - t0:.0f}s)", flush=True)
        return tfidf.idf_.astype(np.float32), coef, intercept

    idf, coef, intercept = train_heads(x_train)
    if args.top_k and args.top_k < len(vocab):
        score = np.max(np.abs(coef) / (coef.std(axis=0, keepdims=True) + 1e-12), axis=1)
        keep = np.sort(np.argsort(-score, kind="stable")[: args.top_k])
        vocab = [vocab[i] for i in keep]
        print(f"pruned to {len(vocab)} features; refitting", flush=True)
        idf, coef, intercept = train_heads(x_train[:, keep])
    train_seconds = time.perf_counter() - t0

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    blob = linear_weights_npz(vocab, idf, coef, intercept)
    (out / WEIGHTS_FILE).write_bytes(blob)
    sha = hashlib.sha256(blob).hexdigest()

    # Reference probabilities from scikit-learn, to check the run-time model against.
    tfidf_ref = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    tfidf_ref.idf_ = idf.astype(np.float64)
    x_val_ref = tfidf_ref.transform(CountVectorizer(analyzer=analyze, vocabulary=vocab, dtype=np.float32)
                                    .fit_transform(val.texts[:500]))
    ref = 1 / (1 + np.exp(-(x_val_ref @ coef + intercept)))

    manifest = {
        "name": NAME, "kind": "linear", "version": VERSION, "heads": list(HEADS),
        "thresholds": dict.fromkeys(HEADS, 0.5), "files": {WEIGHTS_FILE: sha},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    model = load_model(str(out))
    probs = model.predict(val.texts)
    parity = float(np.max(np.abs(probs[:500] - ref)))
    print(f"run-time vs scikit-learn probabilities, max |diff| on 500 val texts: {parity:.2e}", flush=True)

    y_val = val.matrix()
    thresholds, metrics = {}, {}
    for j, head in enumerate(HEADS):
        rows = ~np.isnan(y_val[:, j])
        srcs = np.array(val.sources)[rows]
        n_by = Counter(srcs)
        w = source_balanced_weights(y_val[rows, j], srcs)
        thr, f1 = best_threshold(y_val[rows, j], probs[rows, j], w)
        thresholds[head] = round(thr, 4)
        metrics[head] = {
            "val_rows": int(rows.sum()), "val_positive": int(y_val[rows, j].sum()),
            "threshold": round(thr, 4), "balanced_f1_at_threshold": round(f1, 4),
            "average_precision": round(average_precision(y_val[rows, j], probs[rows, j]), 4),
            "by_source": {},
        }
        for s in sorted(n_by):
            m = srcs == s
            ys, ps = y_val[rows, j][m], probs[rows, j][m]
            if len(set(ys.tolist())) < 2:
                key = "recall" if ys[0] == 1 else "false_positive_rate"
                metrics[head]["by_source"][s] = {"rows": int(m.sum()), key: round(float(np.mean(ps >= thr)), 4)}
                continue
            metrics[head]["by_source"][s] = {
                "rows": int(m.sum()), "positive": int(ys.sum()),
                "f1": round(f1_at(ys, ps, thr), 4),
                "macro_f1": round((f1_at(ys, ps, thr) + f1_at(1 - ys, 1 - ps, 1 - thr, strict=True)) / 2, 4),
                "average_precision": round(average_precision(ys, ps), 4),
            }
        print(f"  {head:16s} threshold {thr:.3f}  balanced F1 {f1:.3f}  AP {metrics[head]['average_precision']:.3f}")

    size = len(blob)
    manifest.update({
        "thresholds": thresholds,
        "metrics": {"validation": metrics, "runtime_parity_max_abs_diff": float(f"{parity:.3g}")},
        "features": {"count": len(vocab), "word_ngrams": list(WORD_NGRAMS), "char_wb_ngrams": list(CHAR_NGRAMS),
                     "min_df": args.min_df, "top_k": args.top_k, "tf": "sublinear", "norm": "l2"},
        "training": {
            "seed": SEED, "C": args.C, "solver": "liblinear", "source_weights": SOURCE_WEIGHTS,
            "scikit_learn": sklearn.__version__, "python": platform.python_version(),
            "rows": {"train": len(train), "val": len(val)},
            "train_rows_by_source": dict(Counter(train.sources)),
            "val_rows_by_source": dict(Counter(val.sources)),
        },
        "data": {h: train.summary()[h] for h in HEADS},
        "size_bytes": size,
    })
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    (out / "MODEL_CARD.md").write_text(model_card(manifest), "utf-8")
    print(f"wrote {out} ({size / 1e6:.1f} MB weights); fit {train_seconds:.0f}s, total {time.perf_counter() - t0:.0f}s")


def deterministic_npz(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` (zip of ``.npy``) with fixed timestamps, so the same arrays give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            npy = io.BytesIO()
            np.lib.format.write_array(npy, arr, allow_pickle=False)
            z.writestr(info, npy.getvalue())
    return buf.getvalue()


def linear_weights_npz(vocab: list[str], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> bytes:
    """The linear model's arrays: vocabulary as UTF-8, float32 idf, float16 coefficients."""
    if any("\n" in f for f in vocab):
        raise ValueError("a feature contains a newline")
    return deterministic_npz({
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "idf": np.asarray(idf, dtype=np.float32),
        "coef": np.asarray(coef, dtype=np.float16),
        "intercept": np.asarray(intercept, dtype=np.float32),
    })


def source_balanced_weights(y: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Weights that make every validation source with both classes count equally.

    A one-class source (ThreatGram for ``offensive`` has only positives) would just pull the
    threshold down, so it gets no say.
    """
    n_by = Counter(sources.tolist())
    two_class = {s for s in n_by if len(set(y[sources == s].tolist())) == 2}
    return np.array([1.0 / n_by[s] if s in two_class else 0.0 for s in sources.tolist()])


def f1_at(y: np.ndarray, p: np.ndarray, t: float, w: np.ndarray | None = None, strict: bool = False) -> float:
    w = np.ones_like(y) if w is None else w
    pred = p > t if strict else p >= t
    tp = float(np.sum(w * (pred & (y == 1))))
    fp = float(np.sum(w * (pred & (y == 0))))
    fn = float(np.sum(w * (~pred & (y == 1))))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_threshold(y: np.ndarray, p: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    candidates = np.unique(np.round(np.quantile(p, np.linspace(0.0, 1.0, 801)), 4))
    best = (0.0, 0.5)
    for t in candidates:
        f = f1_at(y, p, float(t), w)
        if f > best[0]:
            best = (f, float(t))
    return best[1], best[0]


def average_precision(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(-p, kind="stable")
    y = y[order]
    tp = np.cumsum(y)
    precision = tp / np.arange(1, len(y) + 1)
    return float(np.sum(precision * y) / max(1.0, y.sum()))


def model_card(m: dict) -> str:
    t = m["training"]
    val = m["metrics"]["validation"]
    rows = "\n".join(
        f"| {h} | {val[h]['threshold']:.3f} | {val[h]['val_positive']} / {val[h]['val_rows']} | "
        f"{val[h]['balanced_f1_at_threshold']:.3f} | {val[h]['average_precision']:.3f} | "
        + "; ".join(f"{s} {d['macro_f1']:.3f}" for s, d in val[h]["by_source"].items() if "macro_f1" in d) + " | "
        + "; ".join(f"{s} {k.replace('_', ' ')} {d[k]:.3f}" for s, d in val[h]["by_source"].items()
                    for k in ("recall", "false_positive_rate") if k in d) + " |"
        for h in m["heads"]
    )
    data_rows = "\n".join(f"| {h} | {d['pos']} | {d['neg']} | {d['none']} |" for h, d in m["data"].items())
    src = ", ".join(f"{k} {v}" for k, v in t["train_rows_by_source"].items())
    return f"""# Model card: {m['name']} (kind `linear`, version {m['version']})

Generated by `training/train_linear.py` (`make model`); do not edit by hand.

## What it is
Word 1–2-gram and character (`char_wb`) 2–5-gram TF-IDF features ({m['features']['count']:,} features
seen in at least {m['features']['min_df']} training texts; sublinear TF, L2 norm) with one L2-regularised
logistic regression per head: {', '.join(m['heads'])}. Stored as vocabulary, idf and float16
coefficients in `weights.npz` ({m['size_bytes'] / 1e6:.1f} MB, no pickle), verified by SHA-256 at load.
Run time needs numpy only. Training: scikit-learn {t['scikit_learn']}, liblinear, C={t['C']},
seed {t['seed']}; about two minutes on the project's 2-core machine. Retraining gives the same
`weights.npz`, byte for byte.

## Intended use
A signal for `pausecheck`'s `classifier` detector: to suggest that a councillor *pause and
re-read* a draft that looks abusive, insulting, hateful, threatening or obscene, with the words
responsible highlighted (`attribute`). It is not a judge of whether a post breaches a code of
conduct, and it must not be used to make decisions about people automatically.

## Data
Training rows by source: {src}. Validation (threshold calibration): TweetEval's val part of the
OLID training file, TweetEval-hate val, our Davidson val split, ConvAbuse valid, ThreatGram
held-out channels (val), toxic-spans per-annotator posts whose text is in the SemEval trial
split. Evaluation-only (never trained or calibrated on): TweetEval test splits (= OLID test and
HatEval test), OLID test files, HateCheck, ETHOS (GPL-3.0), ConvAbuse test, toxic-spans test,
ThreatGram test channels, Davidson test split. Training rows whose normalised text appears in any
evaluation set were dropped. How each dataset's labels map to the heads is documented in
`training/data.py`. Source weights: {json.dumps(t['source_weights'])} (others 1.0).

| head | positive | negative | unlabelled (not used for the head) |
|---|---|---|---|
{data_rows}

## Metrics (validation; thresholds chosen here)
Each threshold maximises F1 on the validation rows labelled for that head, every source with
both classes for that head counting equally (one-class sources get no say). "balanced F1" is that F1; AP is average precision over all validation rows of the head;
then macro-F1 per source at the head's threshold, and for sources with one class only, the
recall (all positive) or false-positive rate (all negative; `sentiment-clean` is held-out clean
tweets).

| head | threshold | val positive / rows | balanced F1 | AP | macro-F1 by source | one-class sources |
|---|---|---|---|---|---|---|
{rows}

## Test results
Test-set results (TweetEval, OLID B/C, HateCheck, ThreatGram held-out channels, ETHOS,
toxic-spans) are produced by `benchmarks/quality.py --card <this file>` (run by `make model`)
and recorded in `benchmarks/RESULTS.md`.

<!-- test-results:start -->
(not yet measured: run `benchmarks/quality.py --model {m['name']} --card src/pausecheck/models/{m['name']}/MODEL_CARD.md`)
<!-- test-results:end -->

## Limits
- A bag of n-grams: it does not understand negation, quotation or who is speaking. Its high
  HateCheck scores on counter-speech and negation (`counter_quote_nh`, `counter_ref_nh`,
  `negate_neg_nh`) come from low `identity_attack` recall (it catches about one hateful HateCheck
  case in five), not from understanding: the `offensive` head flags about 9 in 10 of the quoted
  counter-speech cases. Rules or a context model must handle quoted and reported abuse.
- Robust criticism of a policy is often scored as `insult` ("This policy is stupid",
  "this ridiculous scheme"): the insult labels it learnt from mark insulting words whoever or
  whatever they are aimed at.
- Civil-worded personal attacks and allegations, the commonest breaches by councillors, are
  under-represented in the training data (tweets, Telegram replies, news comments, chatbot
  chats; mostly US). Expect low recall on them.
- `identity_attack` learnt mostly HatEval's targets (immigrants, women) and Davidson's slur-based
  labels; other protected groups, and UK-specific terms, are weaker. Davidson is known to encode
  racial (AAVE) bias; it is down-weighted but still present.
- `threat` learnt mostly from US far-right Telegram replies (ThreatGram) and is sensitive to
  violent vocabulary ("kill", "hang") whether or not it is a threat.
- `obscene` has few positives ({m['data']['obscene']['pos']}) and is the least reliable head.
- Thresholds are compromises across sources with different label definitions.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "src" / "pausecheck" / "models" / NAME))
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--C", type=float, default=2.0)
    ap.add_argument("--top-k", type=int, default=0, help="keep only this many features (0: all)")
    fit(ap.parse_args())


if __name__ == "__main__":
    main()
