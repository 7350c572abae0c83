"""Would a logistic probe on a fine-tuned MiniLM's pooled embedding catch allegations? (No, not yet.)

    .venv-train/bin/python training/allegation_probe.py [--base training/models/minilm-ft-v4] [--c 1.0] [--public 3000]

None of the public sets labels defamation, and the five heads see an allegation of dishonesty
("funny how the contract went to his brother-in-law") as mild. This experiment fits a probe on
the embedding the heads already read (``/encoder/Div_output_0`` of the int8 graph, exposed as an
extra output) from our own pairs (``training/synthetic/allegations/pairs.jsonl``: an allegation
beside a look-alike that criticises the same decision, asks for an inquiry, reports a proven fact
or rebuts a rumour, written blind to the rules and every test split), our other training drafts
and OLID training tweets as negatives. It prints the held-out pairs' figures, then the
development set's and the corpus's, the ones that decide whether such a head could ship.

Measured 2026-12-05 (benchmarks/RESULTS.md): held-out pairs AP 0.92, but on the development set
the probe flagged 7–12 of 110 fine drafts and on the corpus 12–20 of 192 fine posts (4 of 53
robust political criticism): the frozen embedding does not separate an allegation from anger in
general. The pairs are kept for fine-tuning a sixth head end to end when a GPU is lent.

Needs ``onnx``, ``onnxruntime``, ``tokenizers``, ``scikit-learn`` (``.venv-train``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pausecheck.classifier.textprep import prepare  # noqa: E402

POOLED = "/encoder/Div_output_0"
HEAD = "allegation"
SYNTHETIC = ROOT / "training" / "synthetic"
PAIRS = SYNTHETIC / "allegations" / "pairs.jsonl"
SEED = 13
HELD_OUT = 0.15


#: Our other training drafts: risky and clean, but none of them an allegation (label 0 here).
OTHER_DRAFTS = ("negatives.jsonl", "putdowns.jsonl", "groups.jsonl", "threats.jsonl", "mixed.jsonl")


def _rows(public: int = 0) -> list[dict]:
    """The allegation pairs, our other drafts as negatives, and ``public`` tweets from the OLID
    training file (TweetEval-offensive train; its test split is never read) as more negatives:
    angry, rude and everyday posts that accuse nobody of anything, in the main."""
    rows = []
    for path in (PAIRS, *(SYNTHETIC / name for name in OTHER_DRAFTS)):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append({"id": row["id"], "text": row["text"], "pair": row.get("pair"),
                             "label": int(row["label"]) if path == PAIRS else 0})
    if public:
        sys.path.insert(0, str(ROOT / "training"))
        from data import tweeteval_offensive

        texts = sorted(set(tweeteval_offensive("train").texts))
        random.Random(SEED).shuffle(texts)
        rows += [{"id": f"olid-{i}", "text": t, "pair": None, "label": 0} for i, t in enumerate(texts[:public])]
    return rows


def _label(row: dict) -> int:
    return int(row["label"])


def _split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Pairs stay together: a pair's two texts are both held out or both trained on."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        key = min(r["id"], r.get("pair") or r["id"])
        groups.setdefault(key, []).append(r)
    keys = sorted(groups)
    random.Random(SEED).shuffle(keys)
    cut = int(len(keys) * HELD_OUT)
    held = set(keys[:cut])
    train = [r for k in keys if k not in held for r in groups[k]]
    val = [r for k in keys if k in held for r in groups[k]]
    return train, val


def _with_pooled_output(base_onnx: bytes) -> bytes:
    import onnx

    model = onnx.load_from_string(base_onnx)
    model.graph.output.append(onnx.helper.make_tensor_value_info(POOLED, onnx.TensorProto.FLOAT, None))
    return model.SerializeToString()


class Encoder:
    """The base graph's pooled embedding and logits, one post per call as the shipped model runs."""

    def __init__(self, base: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        spec = json.loads((ROOT / "src/pausecheck/models/minilm/encoder.json").read_text("utf-8"))
        self.tok = Tokenizer.from_file(str(ROOT / "src/pausecheck/models/minilm" / spec["tokenizer"]))
        self.tok.no_padding()
        manifest = json.loads((base / "manifest.json").read_text("utf-8"))
        self.tok.enable_truncation(max_length=int(manifest.get("max_tokens", 128)))
        graph = _with_pooled_output((base / "model.onnx").read_bytes())
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        self.session = ort.InferenceSession(graph, sess_options=options, providers=["CPUExecutionProvider"])

    def run(self, texts: list[str], session=None) -> tuple[np.ndarray, np.ndarray]:
        session = session or self.session
        pooled, logits = [], []
        for t in texts:
            ids = np.array([self.tok.encode(prepare(t)).ids], dtype=np.int64)
            out = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            logits.append(out[0][0])
            if len(out) > 1:
                pooled.append(out[1][0])
        return (np.array(pooled) if pooled else np.zeros((0,))), np.array(logits)


def _thresholds(p: np.ndarray, y: np.ndarray, target: float) -> tuple[float, float | None]:
    best, best_f1 = 0.5, -1.0
    precise = None
    for t in np.unique(np.round(p, 4)):
        pred = p >= t
        tp = float(np.sum(pred & (y == 1)))
        fp = float(np.sum(pred & (y == 0)))
        fn = float(np.sum(~pred & (y == 1)))
        f1 = 2 * tp / max(1.0, 2 * tp + fp + fn)
        if f1 > best_f1:
            best, best_f1 = float(t), f1
        if precise is None and tp > 0 and tp / (tp + fp) >= target:
            precise = float(t)
    return best, precise


def _report_elsewhere(enc: Encoder, probe) -> None:
    """The development set and the corpus: defamation caught, fine posts flagged, per threshold."""
    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    from corpus import load_cases

    dev = [json.loads(line) for line in (ROOT / "training/dev/gap-drafts.jsonl").read_text("utf-8").splitlines()
           if line.strip()]
    corpus = [(c["text"], c["label"]["categories"], c["label"]["verdict"], stem)
              for stem, cases in load_cases().items() for c in cases]
    p_dev = probe.predict_proba(enc.run([d["text"] for d in dev])[0])[:, 1]
    p_cor = probe.predict_proba(enc.run([c[0] for c in corpus])[0])[:, 1]
    print("\n| threshold | dev defamation caught | dev fine drafts flagged | corpus defamation caught "
          "| corpus fine posts flagged | of them political criticism |\n|---|---|---|---|---|---|")
    for t in (0.5, 0.6, 0.7, 0.8):
        caught = sum(p >= t for d, p in zip(dev, p_dev, strict=True) if "defamation" in d["categories"])
        fine = sum(p >= t for d, p in zip(dev, p_dev, strict=True) if d["verdict"] == "publish")
        c_caught = sum(p >= t for c, p in zip(corpus, p_cor, strict=True) if "defamation" in c[1])
        c_fine = sum(p >= t for c, p in zip(corpus, p_cor, strict=True) if c[2] == "publish")
        political = sum(p >= t for c, p in zip(corpus, p_cor, strict=True) if c[2] == "publish" and c[3] == "political-criticism")
        print(f"| {t} | {caught}/{sum('defamation' in d['categories'] for d in dev)} "
              f"| {fine}/{sum(d['verdict'] == 'publish' for d in dev)} "
              f"| {c_caught}/{sum('defamation' in c[1] for c in corpus)} "
              f"| {c_fine}/{sum(c[2] == 'publish' for c in corpus)} | {political} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, default=ROOT / "training/models/minilm-ft-v4")
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the logistic probe")
    ap.add_argument("--public", type=int, default=3000, help="OLID training tweets added as negatives")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    rows = _rows(args.public)
    train, val = _split(rows)
    enc = Encoder(args.base)
    xt, _ = enc.run([r["text"] for r in train])
    xv, _ = enc.run([r["text"] for r in val])
    yt = np.array([_label(r) for r in train])
    yv = np.array([_label(r) for r in val])
    probe = LogisticRegression(C=args.c, max_iter=2000, class_weight="balanced").fit(xt, yt)
    pv = probe.predict_proba(xv)[:, 1]
    base_manifest = json.loads((args.base / "manifest.json").read_text("utf-8"))
    target = float(base_manifest.get("precise_target", 0.85))
    best, precise = _thresholds(pv, yv, target)
    from sklearn.metrics import average_precision_score

    print(f"train {len(train)} ({int(yt.sum())} allegations), held out {len(val)} ({int(yv.sum())})")
    print(f"held-out AP {average_precision_score(yv, pv):.3f}; best-F1 threshold {best:.4f}; "
          f"precise ({target}) {precise}")
    for t in (best, precise):
        if t is None:
            continue
        pred = pv >= t
        print(f"  at {t:.4f}: recall {np.sum(pred & (yv == 1)) / max(1, np.sum(yv == 1)):.3f}, "
              f"false alarms {np.sum(pred & (yv == 0))}/{np.sum(yv == 0)}")
    _report_elsewhere(enc, probe)


if __name__ == "__main__":
    main()

