"""Per-head thresholds at a target precision on a fine-tuned model's validation data.

The model card's thresholds maximise F1 on validation data, which suits a head used as one
signal among many. A rule in the default verdict needs few false alarms first: ``threshold:
precise`` in a rule reads the card's ``precise_thresholds``, the lowest threshold whose
validation precision reaches ``PRECISE_TARGET`` (0.8). ``finetune_minilm.py`` writes them; this
script prints them at other targets too and, with ``--write``, adds them to an existing model's
manifest (the manifest's hashes cover the weights only). The validation set is the one the
model was calibrated on (``--no-gap`` for a model trained without ``--gap``).

Usage: python training/precision_thresholds.py MODEL_DIR [--target 0.7 ...] [--no-gap] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from finetune_minilm import calibration_set  # noqa: E402
from pausecheck._types import HEADS  # noqa: E402
from pausecheck.classifier import load_model, model_folder  # noqa: E402
from train_embeddings import PRECISE_TARGET, precise_threshold  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model", help="model folder or shipped name")
    ap.add_argument("--target", type=float, action="append", help="precision target (repeatable)")
    ap.add_argument("--no-gap", action="store_true", help="the model was calibrated without the gap sets")
    ap.add_argument("--write", action="store_true", help=f"write precise_thresholds ({PRECISE_TARGET}) to the manifest")
    args = ap.parse_args(argv)
    targets = sorted(set((args.target or [0.7, 0.9]) + [PRECISE_TARGET]))
    val = calibration_set(gap=not args.no_gap)
    model = load_model(args.model)
    probs = model.predict(val.texts)
    yv = val.matrix()
    print("| head | val rows (pos) | calibrated | " + " | ".join(f"precision ≥ {t}: threshold (recall)" for t in targets) + " |")
    print("|---|---|---|" + "---|" * len(targets))
    precise: dict[str, float] = {}
    for j, h in enumerate(HEADS):
        known = yv[:, j] == yv[:, j]
        y, p = yv[known, j].astype(int), probs[known, list(model.heads).index(h)]
        cells = []
        for t in targets:
            cut, rec = precise_threshold(y, p, t)
            cells.append(f"{cut:.3f} ({rec:.2f})")
            if t == PRECISE_TARGET:
                precise[h] = cut
        print(f"| {h} | {int(known.sum())} ({int(y.sum())}) | {model.thresholds[h]:.3f} | " + " | ".join(cells) + " |")
    if args.write:
        path = model_folder(args.model) / "manifest.json"
        manifest = json.loads(path.read_text("utf-8"))
        manifest["precise_thresholds"] = precise
        manifest["precise_target"] = PRECISE_TARGET
        path.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        print(f"wrote precise_thresholds to {path}")


if __name__ == "__main__":
    main()
