"""Learned heads on the councillor corpus: recall on labelled drafts, false alarms on clean ones.

Usage: python benchmarks/corpus_heads.py [MODEL ...]
  (default: linear-v1 training/models/minilm-heads-v1 training/models/ensemble-v1 minilm-ft-v1;
  the two archived models are not in the wheel and need the `embed` extra)

This is the in-domain check the benchmarks cannot give: the hand-labelled drafts in
tests/corpus/ (civil-worded breaches, robust political criticism, reported abuse). Each head is
read at its validation-calibrated threshold, with no target or reported-speech logic, so it
shows what the model alone contributes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

ARCHIVE = ROOT / "training" / "models"  # superseded models, kept out of the wheel
HEAD_CATEGORY = {"insult": "insult", "threat": "threat", "identity_attack": "discrimination", "obscene": "obscenity"}


def main(models: list[str]) -> None:
    from corpus import load_cases

    from pausecheck.classifier import load_model

    cases = [c for cs in load_cases().values() for c in cs]
    political = np.array([c["id"].startswith("political-criticism") for c in cases])
    clean = np.array([c["label"]["verdict"] == "publish" and not c["label"]["categories"] for c in cases])
    print(f"Learned heads on {len(cases)} corpus drafts ({clean.sum()} clean, {political.sum()} political criticism)\n")
    print("| model | head | threshold | recall on labelled drafts | clean drafts flagged | political criticism flagged |")
    print("|---|---|---|---|---|---|")
    for name in models:
        model = load_model(name)
        label = model.name  # an archived model is given by path: print its name
        probs = np.asarray(model.predict([c["text"] for c in cases]))
        for head, category in HEAD_CATEGORY.items():
            k = model.heads.index(head)
            cut = model.thresholds[head]
            flagged = probs[:, k] >= cut
            labelled = np.array([category in c["label"]["categories"] for c in cases])
            print(f"| {label} | {head} | {cut:.2f} | {flagged[labelled].sum()}/{labelled.sum()} | "
                  f"{flagged[clean].sum()}/{clean.sum()} | {flagged[political].sum()}/{political.sum()} |")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models", nargs="*", metavar="MODEL",
                    help="shipped model names or model folders (default: every head model, archived ones too)")
    args = ap.parse_args()
    main(args.models or ["linear-v1", str(ARCHIVE / "minilm-heads-v1"), str(ARCHIVE / "ensemble-v1"), "minilm-ft-v1"])
