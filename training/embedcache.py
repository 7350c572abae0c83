"""Compute MiniLM sentence vectors once: a content-addressed cache under ``training/cache/``.

Keys are the SHA-1 of the *prepared* text (``textprep.prepare``, as the run-time model
applies it) together with the encoder's ONNX and tokenizer hashes, so a changed encoder
never reuses stale vectors. The cache is a folder of shards (``.npy`` vectors plus a ``.keys`` list),
only ever appended to. Bulk embedding runs on one onnxruntime thread (the machine is shared).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("PAUSECHECK_ORT_THREADS", "1")

from pausecheck.classifier.embedding import encoder  # noqa: E402
from pausecheck.classifier.textprep import prepare  # noqa: E402

CACHE_DIR = Path(__file__).resolve().parent / "cache" / "minilm"


class EmbeddingCache:
    def __init__(self, folder: Path = CACHE_DIR) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.enc = encoder()
        spec = self.enc.spec
        self.salt = (spec["onnx_sha256"] + spec["tokenizer_sha256"] + str(spec["max_tokens"])).encode()
        self.index: dict[str, int] = {}
        parts: list[np.ndarray] = []
        n = 0
        for keys_file in sorted(folder.glob("shard-*.keys")):
            vec_file = keys_file.with_suffix(".npy")
            if not vec_file.exists():
                continue
            keys = keys_file.read_text("ascii").split()
            vecs = np.load(vec_file)
            if len(keys) != len(vecs):
                continue
            for i, k in enumerate(keys):
                self.index.setdefault(k, n + i)
            parts.append(vecs)
            n += len(vecs)
        self.vecs = np.concatenate(parts) if parts else np.zeros((0, self.enc.dim), dtype=np.float32)

    def key(self, prepared: str) -> str:
        return hashlib.sha1(self.salt + prepared.encode("utf-8")).hexdigest()

    def get(self, texts: Sequence[str], *, label: str = "", chunk: int = 2048) -> np.ndarray:
        """Vectors (n, 384) for ``texts`` (prepared here), computing only the missing ones."""
        prepared = [prepare(t) for t in texts]
        keys = [self.key(p) for p in prepared]
        missing: dict[str, str] = {}
        for k, p in zip(keys, prepared, strict=True):
            if k not in self.index and k not in missing:
                missing[k] = p
        if missing:
            todo = list(missing.items())
            t0 = time.perf_counter()
            for lo in range(0, len(todo), chunk):
                part = todo[lo : lo + chunk]
                v = self.enc.encode([p for _, p in part])
                self._append([k for k, _ in part], v)
                done = lo + len(part)
                rate = done / (time.perf_counter() - t0)
                print(f"  embed {label}: {done}/{len(todo)} new ({rate:.0f}/s)", file=sys.stderr, flush=True)
        return self.vecs[[self.index[k] for k in keys]]

    def _append(self, keys: list[str], vecs: np.ndarray) -> None:
        start = len(self.vecs)
        vecs = vecs.astype(np.float32)
        self.vecs = np.concatenate([self.vecs, vecs])
        for i, k in enumerate(keys):
            self.index[k] = start + i
        shard = self.folder / f"shard-{time.time_ns():020d}"
        np.save(shard.with_suffix(".npy"), vecs)  # vectors first: keys mark the shard complete
        shard.with_suffix(".keys").write_text("\n".join(keys) + "\n", "ascii")


_CACHE: EmbeddingCache | None = None


def cache() -> EmbeddingCache:
    global _CACHE
    if _CACHE is None:
        _CACHE = EmbeddingCache()
    return _CACHE
