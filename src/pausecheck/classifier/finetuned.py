"""The ``finetuned`` model kind: MiniLM fine-tuned end to end, one int8 ONNX graph to five logits.

The graph (``model.onnx`` in the model's folder, hashed in its manifest) maps word-piece ids
and the attention mask straight to one logit per head; the manifest holds per-head Platt
scaling and thresholds fitted on validation data. The tokenizer is the shipped MiniLM one
(``models/minilm``), verified by hash like the frozen encoder's.

Attribution is word occlusion, as for the ``embedding`` kind: every one-word-removed
variant is scored in one batch and a word weighs what the head's probability loses without it
(the post itself is scored in the same batch, so the comparison is like for like).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from pausecheck.classifier import MODELS_DIR, Manifest, ModelError, listed_file, verify
from pausecheck.classifier.embedding import BATCH_SIZE, _batches, _read, _sha256, _sigmoid, occlusion
from pausecheck.classifier.session import OnnxSession
from pausecheck.classifier.textprep import name_emoji, prepare


class OnnxClassifier:
    """Raw logits (n, heads) from an ONNX graph with ``input_ids`` and ``attention_mask`` inputs.

    ``read`` returns the graph's verified bytes (again, when the session is rebuilt before a
    fork: see :mod:`pausecheck.classifier.session`); ``first`` is those bytes already read.
    """

    def __init__(self, read: Callable[[], bytes], tokenizer: Any, *, max_tokens: int,
                 threads: int | None = None, first: bytes | None = None, emoji_names: bool = False) -> None:
        self.emoji_names = emoji_names
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer = tokenizer
        self.session = OnnxSession(read, threads=threads, first=first)
        self.width = int(self.session.output_widths[0])

    def logits(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.width), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([name_emoji(t) for t in texts] if self.emoji_names else texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for idx in _batches([len(encodings[i].ids) for i in order], order, batch_size):
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            out[idx] = self.session.run({"input_ids": ids, "attention_mask": mask})
        return out


class FinetunedModel:
    """A shipped ``finetuned`` model: one ONNX graph, Platt-scaled per head."""

    def __init__(self, name: str, heads: tuple[str, ...], thresholds: dict[str, float],
                 platt: np.ndarray, net: OnnxClassifier) -> None:
        if net.width != len(heads):
            raise ModelError(f"model {name}: the graph gives {net.width} logits for {len(heads)} heads")
        self.name = name
        self.heads = heads
        self.thresholds = thresholds
        self._platt = platt  # (heads, 2): slope, intercept
        self.net = net

    @classmethod
    def from_manifest(cls, manifest: Manifest, files: Mapping[str, bytes]) -> FinetunedModel:
        """``files``: the model's listed files as :func:`~pausecheck.classifier.verify` read them."""
        from tokenizers import Tokenizer

        extra = manifest.extra
        graph = extra.get("onnx_file", "model.onnx")
        onnx_bytes = listed_file(manifest, files, graph)
        tok_dir = MODELS_DIR / extra.get("encoder", "minilm")
        spec_path = tok_dir / "encoder.json"
        try:
            import json

            spec = json.loads(spec_path.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise ModelError(f"{spec_path}: unreadable ({e})") from None
        tok_bytes = _read(tok_dir / spec["tokenizer"])
        if _sha256(tok_bytes) != spec["tokenizer_sha256"]:
            raise ModelError(f"model {manifest.name}: tokenizer {spec['tokenizer']} fails its hash check")
        try:
            platt = np.array([extra["platt"][h] for h in manifest.heads], dtype=np.float64)
        except KeyError as e:
            raise ModelError(f"model {manifest.name}: manifest has no Platt scaling for head {e}") from None
        net = OnnxClassifier(lambda: listed_file(manifest, verify(manifest), graph),
                             Tokenizer.from_str(tok_bytes.decode("utf-8")),
                             max_tokens=int(extra.get("max_tokens", 128)), first=onnx_bytes,
                             emoji_names=extra.get("emoji") == "names")
        return cls(manifest.name, manifest.heads, manifest.thresholds, platt, net)

    def _probabilities(self, prepared: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        z = self.net.logits(prepared, batch_size=batch_size).astype(np.float64)
        return _sigmoid(z * self._platt[:, 0] + self._platt[:, 1])

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """One text per graph call: int8 dynamic quantisation scales activations over the whole
        batch (padding included), so batching would make a post's score depend on its batch-mates."""
        texts = list(texts)
        out = np.zeros((len(texts), len(self.heads)))
        for i, t in enumerate(texts):
            out[i] = self._probabilities([prepare(t)], batch_size=1)[0]
        return out

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        """Word occlusion: (start, end, drop in p(head) when the word is removed), positive first."""
        if head not in self.heads:
            raise ModelError(f"model {self.name!r} has no head {head!r}")
        return self.attribute_all(text)[head]

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        """:meth:`attribute` for every head from one batch of occluded variants."""
        return occlusion(text, self._probabilities, self.heads)

    def single_threaded(self) -> None:
        """Run the graph without a thread pool from now on (before this process forks)."""
        self.net.session.single_threaded()
