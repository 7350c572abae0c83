"""Calibrate an ensemble (mean logit of its members) on validation data only.

Usage: python training/train_ensemble.py [--name ensemble-v1] [--members linear-v1,minilm-heads-v1] [--out DIR]
       python training/train_ensemble.py --name ensemble-v2 --members minilm-ft-v1,linear-v1
       python training/train_ensemble.py --name NAME --card-only
Writes <out>/manifest.json: the members, and per-head thresholds chosen for the best
source-balanced F1 on the validation set (never on test data), with the validation average
precision of each member and of the ensemble; and MODEL_CARD.md from it.

``--out`` defaults by name: a shipped model's name (a folder of src/pausecheck/models/, such
as ensemble-v2) writes there, into the wheel; any other name (such as the superseded
ensemble-v1) writes to training/models/<name>/, the archive kept out of the wheel. Members
are found as the ensemble will find them at load: a sibling folder of the output folder first
(training/models/minilm-heads-v1 for the archived ensemble), then a shipped model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from data import validation_set  # noqa: E402
from pausecheck.classifier import HEADS, MODELS_DIR, load_model  # noqa: E402
from pausecheck.classifier.ensemble import member_ref  # noqa: E402
from train_linear import average_precision, best_threshold, source_balanced_weights  # noqa: E402

MEMBERS = ("linear-v1", "minilm-heads-v1")
NAME = "ensemble-v1"
ARCHIVE = ROOT / "training" / "models"  # superseded models, kept out of the wheel


def default_out(name: str) -> Path:
    """A shipped name's folder in the package; any other name's in the archive."""
    return MODELS_DIR / name if (MODELS_DIR / name).is_dir() else ARCHIVE / name


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--name", default=NAME)
    ap.add_argument("--members", default=",".join(MEMBERS), help="comma-separated; the first gives the spans")
    ap.add_argument("--out", type=Path, help="model folder (default: src/pausecheck/models/NAME for a "
                    "shipped name, else training/models/NAME)")
    ap.add_argument("--card-only", action="store_true", help="rewrite MODEL_CARD.md from the existing manifest")
    args = ap.parse_args(argv)
    members_names, name = tuple(args.members.split(",")), args.name
    out = args.out or default_out(name)
    if args.card_only:
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        (out / "MODEL_CARD.md").write_text(model_card(manifest), encoding="utf-8")
        return
    val = validation_set()
    y = val.matrix()
    members = {n: np.asarray(load_model(member_ref(out, n)).predict(val.texts)) for n in members_names}
    manifest = {"name": name, "kind": "ensemble", "version": "1.0.0", "heads": list(HEADS),
                "files": {}, "members": list(members_names), "attribution": members_names[0]}
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps({**manifest, "thresholds": {}}, indent=1) + "\n", encoding="utf-8")
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
    (out / "MODEL_CARD.md").write_text(model_card(manifest), encoding="utf-8")
    print(f"wrote {out / 'manifest.json'} and MODEL_CARD.md")


def model_card(m: dict) -> str:
    """The card of an ensemble: what it averages, how its thresholds were chosen, what it scored."""
    members = m["members"]
    val = m["metrics"]["validation"]
    head_rows = "\n".join(
        f"| {h} | {v['threshold']:.3f} | {v['balanced_f1_at_threshold']:.3f} | {v['average_precision']['ensemble']:.3f} | "
        + " | ".join(f"{v['average_precision'][n]:.3f}" for n in members) + " |"
        for h, v in val.items())
    return f"""# Model card: {m['name']} (ensemble, version {m['version']})

**The mean of its members' logits, per head**: {', '.join(f'`{n}`' for n in members)}. It has no
weights of its own: each member verifies its own files when it loads, and their model cards say
what each was trained on. Findings point at the words `{m['attribution']}` attributes.

## Intended use
The same as its members': scores for a councillor's draft before it is published, read by pack
rules at a threshold. A prompt to pause and re-read, not a verdict, and never a decision about
a person.

## Thresholds and validation
Thresholds were chosen on the combined validation splits of `training/data.py` (never on test
data) for the best F1 with every source weighted equally, so that the largest data set does not
set the threshold for all. `python training/train_ensemble.py --name {m['name']} --members {','.join(members)}`
rebuilds this manifest (part of `make model`).

| head | threshold | source-balanced F1 | AP (ensemble) | {' | '.join(f'AP ({n})' for n in members)} |
|---|---|---|---|{'---|' * len(members)}
{head_rows}

Test figures, side by side with the other models: `benchmarks/RESULTS.md`
(`python benchmarks/quality.py --model {m['name']}`).

## Limits
Those of its members (see their cards); averaging does not remove a bias that every member
shares, and it costs the sum of the members' run times.
"""


if __name__ == "__main__":
    main()
