"""Continue fine-tuning a shipped MiniLM classifier on an accelerator, from exported token ids.

The lent GPU machine receives only the repository, so everything it needs is in two files: the
int8 ONNX model it starts from (dequantised by ``minilm_torch.state_from_int8_onnx``) and the
npz written by ``finetune_minilm.py --export-data`` (token ids, labels, validation and probe
sets). It needs torch, numpy and onnx only; it never imports pausecheck.

Each variant trains every parameter except the word embeddings (frozen, as in the CPU recipe),
in bf16 autocast, and writes its trained tensors in fp16 as ``<name>-partK.pt`` (at most 12 MB
each, so they come back from the machine). ``finetune_minilm.py --from-state PARTS --start ONNX``
then exports, quantises and calibrates exactly as after a CPU run. On a CPU this script runs too
(``--device cpu``), slowly.

Usage::

    python training/gpu_finetune.py --data DATA.npz --start MODEL.onnx --out DIR [--variant NAME:EPOCHS:LR:POSCAP]...
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import minilm_torch  # noqa: E402

SEED = 20260101
PART_BYTES = 12_000_000


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def unpack(d, split: str) -> tuple[list[np.ndarray], np.ndarray]:
    lengths = d[f"{split}_lengths"].astype(np.int64)
    flat = d[f"{split}_ids"].astype(np.int64)
    cuts = np.concatenate([[0], np.cumsum(lengths)])
    return [flat[cuts[i]:cuts[i + 1]] for i in range(len(lengths))], d[f"{split}_labels"].astype(np.float32)


def padded(ids: list[np.ndarray], rows: np.ndarray, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids[i]) for i in rows)
    x = np.zeros((len(rows), width), dtype=np.int64)
    m = np.zeros((len(rows), width), dtype=np.int64)
    for r, i in enumerate(rows):
        x[r, :len(ids[i])] = ids[i]
        m[r, :len(ids[i])] = 1
    return torch.from_numpy(x).to(device, non_blocking=True), torch.from_numpy(m).to(device, non_blocking=True)


def plan(lengths: np.ndarray, batch: int, rng: np.random.Generator) -> list[np.ndarray]:
    order = rng.permutation(len(lengths))
    out = []
    for s in range(0, len(order), batch * 50):
        part = order[s:s + batch * 50]
        part = part[np.argsort(lengths[part], kind="stable")]
        out += [part[k:k + batch] for k in range(0, len(part), batch)]
    rng.shuffle(out)
    return out


@torch.no_grad()
def probabilities(model, ids, device: str, batch: int = 512) -> np.ndarray:
    model.eval()
    order = np.argsort([len(i) for i in ids])
    out = np.zeros((len(ids), model.out.out_features), dtype=np.float32)
    for s in range(0, len(order), batch):
        rows = order[s:s + batch]
        x, m = padded(ids, rows, device)
        with torch.autocast(device_type="cuda" if device.startswith("cuda") else "cpu", dtype=torch.bfloat16):
            z = model(x, m)
        out[rows] = torch.sigmoid(z.float()).cpu().numpy()
    model.train()
    return out


def average_precision(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(-p)
    y = y[order]
    hits = np.cumsum(y)
    return float((hits / np.arange(1, len(y) + 1))[y == 1].mean()) if y.sum() else float("nan")


def report(tag: str, model, d, heads: list[str], device: str) -> None:
    ids, y = unpack(d, "val")
    p = probabilities(model, ids, device)
    aps = []
    for j, h in enumerate(heads):
        known = y[:, j] >= 0
        aps.append(f"{h} {average_precision(y[known, j], p[known, j]):.3f}")
    line = [f"{tag}: val AP " + ", ".join(aps)]
    for split in ("probe_clean", "probe_threat", "probe_attack"):
        if f"{split}_ids" in d:
            pids, _ = unpack(d, split)
            pp = probabilities(model, pids, device)
            line.append(f"{split} max-head>0.5 {float((pp[:, 1:4].max(1) > 0.5).mean()):.2f} "
                        f"(identity {float((pp[:, heads.index('identity_attack')] > 0.5).mean()):.2f}, "
                        f"threat {float((pp[:, heads.index('threat')] > 0.5).mean()):.2f})")
    log(" | ".join(line))


def train_variant(name: str, epochs: int, lr: float, pos_cap: float, d, start: dict, heads: list[str],
                  device: str, out: Path, batch: int, limit: int = 0) -> None:
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = minilm_torch.Classifier(len(heads), dropout=0.1)
    model.load_state_dict(start, strict=True)
    model.encoder.words.weight.requires_grad_(False)
    model.to(device)
    ids, y_np = unpack(d, "train")
    if limit:
        ids, y_np = ids[:limit], y_np[:limit]
    y = torch.from_numpy(y_np).to(device)
    lengths = np.array([len(i) for i in ids])
    pos = (y == 1).sum(0).float()
    neg = (y == 0).sum(0).float()
    pos_weight = torch.clamp(torch.sqrt(neg / pos.clamp(min=1)), 1.0, pos_cap)
    log(f"[{name}] {len(ids)} rows, pos_weight {[round(float(v), 2) for v in pos_weight]}")
    enc = [p for n, p in model.named_parameters() if n.startswith("encoder.") and p.requires_grad]
    head = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    opt = torch.optim.AdamW([{"params": enc, "lr": lr}, {"params": head, "lr": lr * 20}], weight_decay=0.01)
    plans = [plan(lengths, batch, rng) for _ in range(epochs)]
    total = sum(len(p) for p in plans)
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm)))
    report(f"[{name}] start", model, d, heads, device)
    model.train()
    t0, step = time.perf_counter(), 0
    for epoch, p in enumerate(plans):
        for rows in p:
            x, m = padded(ids, rows, device)
            target = y[torch.from_numpy(rows).to(device)]
            with torch.autocast(device_type="cuda" if device.startswith("cuda") else "cpu", dtype=torch.bfloat16):
                logits = model(x, m)
            loss_all = torch.nn.functional.binary_cross_entropy_with_logits(
                logits.float(), target.clamp(min=0), pos_weight=pos_weight, reduction="none")
            known = (target >= 0).float()
            loss = (loss_all * known).sum() / known.sum().clamp(min=1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
        report(f"[{name}] epoch {epoch + 1} ({time.perf_counter() - t0:.0f} s)", model, d, heads, device)
    state = {k: v.detach().to("cpu", torch.float16) for k, v in model.state_dict().items() if k != "encoder.words.weight"}
    parts: list[dict] = [{}]
    size = 0
    for k, v in state.items():
        b = v.numel() * 2
        if size + b > PART_BYTES and parts[-1]:
            parts.append({})
            size = 0
        parts[-1][k] = v
        size += b
    for i, part in enumerate(parts):
        torch.save(part, out / f"{name}-part{i}.pt")
    log(f"[{name}] wrote {len(parts)} parts")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--start", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--variant", action="append", default=[], metavar="NAME:EPOCHS:LR:POSCAP")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N rows only (a smoke test)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    d = np.load(args.data)
    heads = [str(h) for h in d["heads"]]
    start = minilm_torch.state_from_int8_onnx(str(args.start))
    log(f"device {args.device}; torch {torch.__version__}")
    for spec in args.variant or ["v3:3:3e-5:6"]:
        name, epochs, lr, pos_cap = spec.split(":")
        train_variant(name, int(epochs), float(lr), float(pos_cap), d, start, heads, args.device, args.out, args.batch,
                      args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
