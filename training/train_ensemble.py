"""Calibrate the ensemble of the shipped linear and MiniLM models on validation data only.

Usage: python training/train_ensemble.py
Writes src/pausecheck/models/ensemble-v1/manifest.json: the members, and per-head thresholds
chosen for the best source-balanced F1 on the validation set (never on test data), with the
validation average precision of each member and of the ensemble.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from data import validation_set  # noqa: E402
from train_linear import average_precision, best_threshold, source_balanced_weights  # noqa: E402

from pausecheck.classifier import HEADS, MODELS_DIR, load_model  # noqa: E402

MEMBERS = ("linear-v1", "minilm-heads-v1")
NAME = "ensemble-v1"


def main() -> None:
    val = validation_set()
    y = val.matrix()
    members = {n: np.asarray(load_model(n).predict(val.texts)) for n in MEMBERS}
    manifest = {"name": NAME, "kind": "ensemble", "version": "1.0.0", "heads": list(HEADS),
                "files": {}, "members": list(MEMBERS), "attribution": MEMBERS[0]}
    out = MODELS_DIR / NAME
    out.mkdir(exist_ok=True)
    (out / "manifest.json").write_text(json.dumps({**manifest, "thresholds": {}}, indent=1) + "\n", encoding="utf-8")
    load_model.cache_clear()
    probs = np.asarray(load_model(str(out)).predict(val.texts))
    thresholds, metrics = {}, {}
    for j, head in enumerate(HEADS):
        rows = ~np.isnan(y[:, j])
        w = source_balanced_weights(y[rows, j], np.array(val.sources)[rows])
        thr, f1 = best_threshold(y[rows, j], probs[rows, j], w)
        thresholds[head] = round(thr, 4)
        metrics[head] = {
            "threshold": round(thr, 4), "balanced_f1_at_threshold": round(f1, 4),
            "average_precision": {"ensemble": round(average_precision(y[rows, j], probs[rows, j]), 4),
                                  **{n: round(average_precision(y[rows, j], p[rows, j]), 4) for n, p in members.items()}},
        }
        print(f"{head:16s} thr {thr:.3f}  F1 {f1:.3f}  AP " + json.dumps(metrics[head]["average_precision"]))
    manifest.update({"thresholds": thresholds, "metrics": {"validation": metrics}})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out / 'manifest.json'}")


if __name__ == "__main__":
    main()
