"""Evaluate the ``embedding`` model on the evaluation-only sets, and time it.

The model (``--model``: a shipped name or a folder) defaults to the archived
``training/models/minilm-heads-v1``, which is not in the wheel (superseded by ``minilm-ft-v1``).

Prints TweetEval offensive and hate test macro-F1, HateCheck accuracy (overall and for the
counter-speech, negation, reclaimed-slur and threat functionalities), ETHOS macro-F1, the
latency of one short post (p50/p95), batched throughput and peak RSS.

Decision rules (fixed before looking at any test number):

- TweetEval offensive: ``offensive ≥ threshold``;
- TweetEval hate and ETHOS: ``identity_attack ≥ threshold``;
- HateCheck "hateful": ``identity_attack ≥ threshold`` or ``threat ≥ threshold``.

"shipped" rows use the model's thresholds (picked on the combined validation set). "val-tuned"
rows use a threshold picked for best macro-F1 on the same task's *validation* split
(TweetEval offensive val, TweetEval hate val): still no test data involved.
Quality numbers use the cached vectors (``training/cache/``), which are computed by the same
encoder; timings run the real model end to end.

    python training/eval_embeddings.py [--model training/models/minilm-heads-v1] [--write] [--no-timing]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import data  # noqa: E402

from pausecheck.classifier import load_model, model_folder  # noqa: E402

MODEL = HERE / "models" / "minilm-heads-v1"  # archived: not in the wheel

FOCUS = ("counter_quote_nh", "counter_ref_nh", "negate_neg_nh", "slur_reclaimed_nh", "threat_dir_h", "threat_norm_h")
SHORT_POST = "Cllr Jones has no idea what she is talking about and should resign before she does more damage."


def macro_f1(y, pred) -> float:
    y = np.asarray(y, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    out = []
    for cls in (True, False):
        tp = np.sum((pred == cls) & (y == cls))
        fp = np.sum((pred == cls) & (y != cls))
        fn = np.sum((pred != cls) & (y == cls))
        out.append(2 * tp / max(2 * tp + fp + fn, 1))
    return float(np.mean(out))


def best_macro_threshold(y, p) -> float:
    grid = np.unique(np.round(p, 3))
    scores = [(macro_f1(y, p >= t), t) for t in grid]
    return float(max(scores)[1])


def probs(model, texts: list[str], vectors) -> np.ndarray:
    return model.predict_vectors(vectors.get(texts)) if vectors else model.predict(texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(MODEL), help="shipped model name or folder (default: the archived heads)")
    ap.add_argument("--write", action="store_true", help="record the results in the model's manifest")
    ap.add_argument("--no-cache", action="store_true", help="embed through the model instead of the cache")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--timing-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.timing_only:  # a clean process: only the model is loaded, so RSS is the model's
        t0 = time.perf_counter()
        model = load_model(args.model)
        print(json.dumps(timing(model, time.perf_counter() - t0)))
        return 0

    os.environ.setdefault("PAUSECHECK_ORT_THREADS", "1")
    model = load_model(args.model)
    H = {h: i for i, h in enumerate(model.heads)}
    thr = model.thresholds
    vectors = None
    if not args.no_cache:
        from embedcache import cache

        vectors = cache()

    res: dict[str, object] = {}
    kinds = {h: getattr(getattr(model, "_heads", {}).get(h), "kind", "logit") for h in model.heads}
    print(f"model {model.name}  heads {', '.join(f'{h}={kinds[h]}@{thr[h]:.3f}' for h in model.heads)}")

    # TweetEval offensive / hate
    rows = []
    for task, head, test, val in (
        ("offensive", "offensive", data.tweeteval_offensive_test, lambda: data.tweeteval_offensive("val")),
        ("hate", "identity_attack", data.tweeteval_hate_test, lambda: data.tweeteval_hate("val")),
    ):
        texts, y = test()
        p = probs(model, texts, vectors)[:, H[head]]
        v = val()
        yv = np.array(v.labels["identity_attack" if task == "hate" else "offensive"], dtype=float)
        pv = probs(model, v.texts, vectors)[:, H[head]]
        t_val = best_macro_threshold(yv, pv)
        f_ship = macro_f1(y, p >= thr[head])
        f_val = macro_f1(y, p >= t_val)
        res[f"tweeteval_{task}_macro_f1"] = round(f_ship, 4)
        res[f"tweeteval_{task}_macro_f1_val_tuned"] = round(f_val, 4)
        res[f"tweeteval_{task}_val_tuned_threshold"] = round(t_val, 3)
        rows.append((f"TweetEval-{task} test macro-F1 ({head})", f_ship, f_val, t_val))

    # ETHOS (binary; GPL-3.0, evaluation only)
    texts, y = data.ethos()
    p = probs(model, texts, vectors)[:, H["identity_attack"]]
    res["ethos_macro_f1"] = round(macro_f1(y, p >= thr["identity_attack"]), 4)

    # HateCheck
    cases = data.hatecheck()
    P = probs(model, [c.text for c in cases], vectors)
    hateful = (P[:, H["identity_attack"]] >= thr["identity_attack"]) | (P[:, H["threat"]] >= thr["threat"])
    hateful_ia = P[:, H["identity_attack"]] >= thr["identity_attack"]
    gold = np.array([c.hateful for c in cases])
    correct = hateful == gold
    by_f: dict[str, list[bool]] = defaultdict(list)
    by_f_ia: dict[str, list[bool]] = defaultdict(list)
    for c, ok, ok_ia in zip(cases, correct, hateful_ia == gold, strict=True):
        by_f[c.functionality].append(bool(ok))
        by_f_ia[c.functionality].append(bool(ok_ia))
    res["hatecheck_accuracy"] = round(float(correct.mean()), 4)
    res["hatecheck_accuracy_identity_head_only"] = round(float((hateful_ia == gold).mean()), 4)
    res["hatecheck_functionality"] = {f: round(float(np.mean(v)), 4) for f, v in sorted(by_f.items())}
    threats = by_f["threat_dir_h"] + by_f["threat_norm_h"]
    res["hatecheck_threats_caught"] = round(float(np.mean(threats)), 4)

    print()
    print(f"| measure | shipped thresholds | val-tuned threshold |")
    print(f"|---|---|---|")
    for name, fs, fv, tv in rows:
        print(f"| {name} | {fs:.3f} | {fv:.3f} (t={tv:.3f}) |")
    print(f"| ETHOS binary macro-F1 (identity_attack) | {res['ethos_macro_f1']:.3f} | |")
    print(f"| HateCheck accuracy (identity_attack or threat) | {100 * res['hatecheck_accuracy']:.1f} % | |")
    print(f"| HateCheck accuracy (identity_attack only) | {100 * res['hatecheck_accuracy_identity_head_only']:.1f} % | |")
    print(f"| HateCheck threats caught (threat_dir_h + threat_norm_h) | {100 * res['hatecheck_threats_caught']:.1f} % | |")
    for f in FOCUS:
        print(f"| HateCheck {f} (n={len(by_f[f])}) | {100 * np.mean(by_f[f]):.1f} % | identity head only: {100 * np.mean(by_f_ia[f]):.1f} % |")
    print("\nHateCheck, every functionality (accuracy, n):")
    for f, v in sorted(by_f.items()):
        print(f"  {f:24s} {100 * np.mean(v):5.1f} %  {len(v)}")

    if not args.no_timing:
        out = subprocess.run([sys.executable, __file__, "--model", args.model, "--timing-only"],
                             check=True, capture_output=True, text=True).stdout
        res.update(json.loads(out.strip().splitlines()[-1]))
        print(f"\nload {res['load_s']:.2f} s (hash checks, ONNX session; a fresh process)")
        print(f"one short post ({res['short_post_tokens']} word pieces): p50 {res['single_ms_p50']:.2f} ms, "
              f"p95 {res['single_ms_p95']:.2f} ms")
        print(f"batched (32 per call, tweets): {res['batched_texts_per_s']:.0f} texts/s "
              f"({1000 / res['batched_texts_per_s']:.2f} ms per text)")
        print(f"attribute() on the short post: p50 {res['attribute_ms_p50']:.0f} ms")
        print(f"peak RSS {res['peak_rss_mb']:.0f} MB")

    if args.write:
        mpath = model_folder(args.model) / "manifest.json"
        manifest = json.loads(mpath.read_text("utf-8"))
        manifest.setdefault("metrics", {})["test"] = res
        mpath.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
        from train_embeddings import write_card

        write_card(mpath.parent)
        print(f"\nrecorded in {mpath} and MODEL_CARD.md")
    return 0


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ru_maxrss can carry the parent's peak over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timing(model, load_s: float) -> dict[str, float]:
    model.predict([SHORT_POST])  # warm
    single = []
    for _ in range(300):
        t = time.perf_counter()
        model.predict([SHORT_POST])
        single.append(1000 * (time.perf_counter() - t))
    texts, _ = data.tweeteval_hate_test()
    texts = texts[:1024]
    t = time.perf_counter()
    for lo in range(0, len(texts), 32):
        model.predict(texts[lo:lo + 32])
    rate = len(texts) / (time.perf_counter() - t)
    attr = []
    for _ in range(10):
        t = time.perf_counter()
        model.attribute(SHORT_POST, "insult")
        attr.append(1000 * (time.perf_counter() - t))
    q = statistics.quantiles(single, n=20)
    return {
        "load_s": round(load_s, 3),
        "short_post_tokens": len(model.encoder.tokenizer.encode(SHORT_POST).ids),
        "single_ms_p50": round(statistics.median(single), 3),
        "single_ms_p95": round(q[18], 3),
        "batched_texts_per_s": round(rate, 1),
        "attribute_ms_p50": round(statistics.median(attr), 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
