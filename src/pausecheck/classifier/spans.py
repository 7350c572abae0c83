"""Toxic-span tagger: which words of a post are the abusive ones.

A logistic-regression word tagger trained on the SemEval-2021 Toxic Spans data (CC0), plus clean
posts with no span so that it learns to leave clean text alone; numpy only at run time. Each word
of the text gets a probability of being part of a toxic span; words at or above the cut (chosen
on the SemEval trial split) become spans, and neighbouring toxic words separated only by
whitespace are merged into one span that includes the space between them.

Words are runs of word characters, with ``* $ @`` allowed inside (so masked words such as
``f**k`` or ``a$$`` stay one word) and apostrophes between word parts (``don't``). Offsets are
code-point offsets into the text as given (no preparation is applied to it).

Features of a word (all lower-cased):

- ``w:`` the word; ``p:``/``s:`` its first and last three characters; ``c:`` its character 2- to
  5-grams, padded with ``<`` and ``>``; ``sh:`` its shape (``Xxxx``, ``x*x``, ``dd``);
- ``w-2:``, ``w-1:``, ``w+1:``, ``w+2:`` the two words either side, ``b-1:`` and ``b+1:`` the
  word bigrams it is part of;
- from the shipped linear model (``linear-v1``): the word's attribution to each head's logit
  (:meth:`LinearModel.attribute_all`), the post-level probability of each head, their products,
  and binned versions of both (``ab:`` / ``pb:``), and ``rk:`` the word's rank in the post by
  its largest attribution.

A second stage re-scores each word from the first stage's logits of the word, its neighbours and
the whole post (:func:`stage2_features`): a word between two toxic words, or the strongest word
of a post, is more likely toxic than its own features say. It is trained on out-of-fold
first-stage logits, so it sees the first stage as it behaves on unseen posts.

The tagger depends on the exact linear model it was trained with: its manifest records the
sha256 of that model's weights and loading refuses any other.

Model files (``models/spans-v1/``), verified by sha256 against ``manifest.json`` at load:
``tagger.npz`` holds ``vocab`` (feature strings joined with ``\\n``, UTF-8 bytes), ``coef``
(float32 per feature), ``num_names`` (numeric feature names, joined likewise), ``num_coef``,
``num_mean``, ``num_scale`` (float32; numeric features are standardised) and ``intercept``; and
the second stage's ``s2_coef``, ``s2_mean``, ``s2_scale`` and ``s2_intercept``.
"""

from __future__ import annotations

import bisect
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from pausecheck.text.tokenise import SPAN_WORDS

if TYPE_CHECKING:
    from pausecheck.classifier.linear import LinearModel

__all__ = ["DEFAULT_SPAN_MODEL", "SpanTagger", "load_span_tagger", "toxic_spans", "words"]

DEFAULT_SPAN_MODEL = "spans-v1"
TAGGER_FILE = "tagger.npz"
KIND = "spans"

_WORD = SPAN_WORDS  # the scheme this model's weights were trained with
_HAS_WORD_CHAR = re.compile(r"\w")
_GAP = re.compile(r"\s*")
CHAR_NGRAMS = (2, 5)
# Bins for the numeric features, used as categorical features too (lets a linear model bend).
_ATT_BINS = (-1.0, -0.5, -0.25, -0.1, 0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
_PROB_BINS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
_RANK_MAX = 5
STAGE2_FEATURES = ("z", "z-1", "z+1", "z-2", "z+2", "zmax", "z-zmax", "z2nd", "top", "rank", "n_over",
                   "log_n", "zmax_nb", "zmin_nb", "relu_z")
_PAD_LOGIT = -6.0  # first-stage logit of the words "beyond" either end of the post


def words(text: str) -> list[tuple[int, int]]:
    """The words of ``text`` as ``(start, end)`` code-point offsets."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if _HAS_WORD_CHAR.search(m.group(0))]


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if len(out) >= 2 and out[-1] == c and out[-2] == c:
            continue
        out.append(c)
    return "".join(out)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def string_features(text: str, spans: Sequence[tuple[int, int]]) -> list[list[str]]:
    """The categorical features of each word (see the module docstring)."""
    low = [_norm(text[s:e]) for s, e in spans]
    n = len(low)
    pad = ["<s2>", "<s1>", *low, "</s1>", "</s2>"]
    lo, hi = CHAR_NGRAMS
    out: list[list[str]] = []
    for i, w in enumerate(low):
        f = ["w:" + w, "p:" + w[:3], "s:" + w[-3:], "sh:" + _shape(text[spans[i][0]:spans[i][1]])]
        padded = "<" + w + ">"
        for k in range(lo, hi + 1):
            for j in range(len(padded) - k + 1):
                f.append("c:" + padded[j:j + k])
        j = i + 2
        f += ["w-2:" + pad[j - 2], "w-1:" + pad[j - 1], "w+1:" + pad[j + 1], "w+2:" + pad[j + 2],
              "b-1:" + pad[j - 1] + " " + w, "b+1:" + w + " " + pad[j + 1]]
        if i == 0:
            f.append("first")
        if i == n - 1:
            f.append("last")
        out.append(f)
    return out


def _bin(value: float, edges: Sequence[float]) -> int:
    return bisect.bisect_right(edges, value)


def linear_features(
    linear: LinearModel | None, text: str, spans: Sequence[tuple[int, int]]
) -> tuple[list[str], np.ndarray, list[list[str]]]:
    """Numeric features from the linear model: names, array (words × names), binned features."""
    heads = linear.heads if linear is not None else ()
    names = [f"att:{h}" for h in heads] + [f"prob:{h}" for h in heads] + [f"attxprob:{h}" for h in heads]
    names += ["att:max", "att:max-1", "att:max+1"]
    n = len(spans)
    if linear is None:
        return [], np.zeros((n, 0)), [[] for _ in range(n)]
    if n == 0:
        return names, np.zeros((0, len(names))), []
    att = np.zeros((n, len(heads)))
    starts = [s for s, _e in spans]
    attr = linear.attribute_all(text)
    for j, head in enumerate(heads):
        for s, e, w in attr[head]:
            k = bisect.bisect_right(starts, e - 1) - 1  # last word starting before e
            while k >= 0 and spans[k][1] > s:
                att[k, j] += w  # a link or mention is one span there, several words here
                k -= 1
    prob = linear.predict([text])[0].astype(np.float64)
    amax = att.max(axis=1)
    prev = np.concatenate([[0.0], amax[:-1]])
    nxt = np.concatenate([amax[1:], [0.0]])
    x = np.hstack([att, np.broadcast_to(prob, (n, len(heads))), att * prob,
                   amax[:, None], prev[:, None], nxt[:, None]])
    order = np.argsort(-amax, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    binned: list[list[str]] = []
    pbins = [f"pb:{h}:{_bin(float(p), _PROB_BINS)}" for h, p in zip(heads, prob, strict=True)]
    for i in range(n):
        f = [f"ab:{h}:{_bin(float(att[i, j]), _ATT_BINS)}" for j, h in enumerate(heads)]
        f.append(f"rk:{min(int(rank[i]), _RANK_MAX)}")
        f.append(f"rk:{min(int(rank[i]), _RANK_MAX)}:ab:{_bin(float(amax[i]), _ATT_BINS)}")
        binned.append(f + pbins)
    return names, x, binned


def featurize(
    linear: LinearModel | None, text: str
) -> tuple[list[tuple[int, int]], list[list[str]], list[str], np.ndarray]:
    """``(word spans, categorical features per word, numeric feature names, numeric array)``."""
    spans = words(text)
    cats = string_features(text, spans)
    names, x, binned = linear_features(linear, text, spans)
    for c, b in zip(cats, binned, strict=True):
        c.extend(b)
    return spans, cats, names, x


def merge(text: str, tagged: Sequence[tuple[int, int, float]], cut: float) -> list[tuple[int, int, float]]:
    """Words with probability ≥ ``cut``, neighbours separated only by whitespace merged into one
    span (the whitespace included); a merged span's score is the largest of its words'."""
    out: list[tuple[int, int, float]] = []
    last_kept = -2
    for i, (s, e, p) in enumerate(tagged):
        if p < cut:
            continue
        if out and last_kept == i - 1 and _GAP.fullmatch(text, out[-1][1], s):
            ps, _pe, pp = out[-1]
            out[-1] = (ps, e, max(pp, p))
        else:
            out.append((s, e, p))
        last_kept = i
    return out


def stage2_features(z: np.ndarray) -> np.ndarray:
    """Second-stage features of each word from the first stage's logits ``z`` of the whole post:
    its own logit, its neighbours' (two either side), the post's largest and second-largest logit,
    the word's rank in the post, and how many words the first stage puts over 0.5."""
    n = len(z)
    if n == 0:
        return np.zeros((0, len(STAGE2_FEATURES)))
    zp = np.concatenate([[_PAD_LOGIT] * 2, z, [_PAD_LOGIT] * 2])
    top = np.sort(z)[::-1]
    zmax, second = float(top[0]), float(top[1]) if n > 1 else _PAD_LOGIT
    rank = np.empty(n)
    rank[np.argsort(-z, kind="stable")] = np.arange(n)
    over = float(np.sum(z > 0.0))
    prev, nxt = zp[1:n + 1], zp[3:n + 3]
    cols = [z, prev, nxt, zp[0:n], zp[4:n + 4], np.full(n, zmax), z - zmax, np.full(n, second),
            (rank == 0).astype(np.float64), np.minimum(rank, _RANK_MAX), np.full(n, over),
            np.full(n, math.log(n)), np.maximum(prev, nxt), np.minimum(prev, nxt), np.maximum(z, 0.0)]
    return np.stack(cols, axis=1)


class SpanTagger:
    """Two-stage word tagger: logistic regression over :func:`featurize` features, then a small
    logistic regression over each word's and its neighbours' first-stage logits
    (:func:`stage2_features`), stacked on out-of-fold predictions at training time. numpy only."""

    kind = KIND

    def __init__(self, name: str, arrays: dict[str, np.ndarray], cut: float,
                 linear: LinearModel | None, extra: dict[str, Any] | None = None) -> None:
        self.name = name
        vocab = bytes(arrays["vocab"]).decode("utf-8").split("\n")
        self.index = dict(zip(vocab, range(len(vocab)), strict=True))  # faster to build than a comprehension
        self.coef = np.asarray(arrays["coef"], dtype=np.float64)
        self.num_names = [n for n in bytes(arrays["num_names"]).decode("utf-8").split("\n") if n]
        self.num_coef = np.asarray(arrays["num_coef"], dtype=np.float64)
        self.num_mean = np.asarray(arrays["num_mean"], dtype=np.float64)
        self.num_scale = np.asarray(arrays["num_scale"], dtype=np.float64)
        self.intercept = float(arrays["intercept"])
        self.s2_coef = np.asarray(arrays["s2_coef"], dtype=np.float64)
        self.s2_mean = np.asarray(arrays["s2_mean"], dtype=np.float64)
        self.s2_scale = np.asarray(arrays["s2_scale"], dtype=np.float64)
        self.s2_intercept = float(arrays["s2_intercept"])
        self.cut = float(cut)
        self.linear = linear
        self.extra = dict(extra or {})
        if self.coef.shape != (len(self.index),):
            raise ValueError(f"coef shape {self.coef.shape} does not match {len(self.index)} features")
        if not (self.num_coef.shape == self.num_mean.shape == self.num_scale.shape == (len(self.num_names),)):
            raise ValueError("numeric feature arrays do not match num_names")
        if not (self.s2_coef.shape == self.s2_mean.shape == self.s2_scale.shape == (len(STAGE2_FEATURES),)):
            raise ValueError("second-stage arrays do not match its features")

    @classmethod
    def from_manifest(cls, manifest: Any, linear: LinearModel | None, files: Mapping[str, bytes]) -> SpanTagger:
        """``files``: the tagger's listed files as :func:`~pausecheck.classifier.verify` read them."""
        from pausecheck.classifier import ModelError, listed_file

        tagger = listed_file(manifest, files, TAGGER_FILE)
        try:
            with np.load(io.BytesIO(tagger), allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            return cls(manifest.name, arrays, manifest.thresholds["toxic"], linear, manifest.extra)
        except (OSError, KeyError, ValueError, UnicodeDecodeError) as e:
            raise ModelError(f"model {manifest.name}: cannot read {TAGGER_FILE} ({e})") from None

    def stage1_logits(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Word spans of ``text`` and the first stage's logit for each."""
        spans, cats, names, x = featurize(self.linear, text)
        if not spans:
            return [], np.zeros(0)
        if names != self.num_names:
            raise ValueError("numeric features do not match the model's")
        index, coef = self.index, self.coef
        z = np.full(len(spans), self.intercept)
        for i, feats in enumerate(cats):
            z[i] += sum(coef[j] for j in {index.get(f) for f in feats} if j is not None)
        if names:
            z += ((x - self.num_mean) / self.num_scale) @ self.num_coef
        return spans, z

    def word_probs(self, text: str) -> list[tuple[int, int, float]]:
        """Every word of ``text`` with its probability of being toxic: ``(start, end, p)``."""
        if not isinstance(text, str):
            raise TypeError("word_probs() takes a string")
        spans, z1 = self.stage1_logits(text)
        if not spans:
            return []
        z = ((stage2_features(z1) - self.s2_mean) / self.s2_scale) @ self.s2_coef + self.s2_intercept
        p = 1.0 / (1.0 + np.exp(-z))
        return [(s, e, float(v)) for (s, e), v in zip(spans, p, strict=True)]

    def toxic_spans(self, text: str, cut: float | None = None) -> list[tuple[int, int, float]]:
        """Toxic spans of ``text``: ``(start, end, score)``, code-point offsets, sorted."""
        return merge(text, self.word_probs(text), self.cut if cut is None else cut)


def tagger_arrays(
    vocab: Sequence[str], coef: np.ndarray, num_names: Sequence[str], num_coef: np.ndarray,
    num_mean: np.ndarray, num_scale: np.ndarray, intercept: float,
    s2_coef: np.ndarray, s2_mean: np.ndarray, s2_scale: np.ndarray, s2_intercept: float,
) -> dict[str, np.ndarray]:
    """The arrays stored in ``tagger.npz``."""
    if any("\n" in f for f in [*vocab, *num_names]):
        raise ValueError("a feature name contains a newline")
    f32 = np.float32
    return {
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "coef": np.asarray(coef, dtype=f32),
        "num_names": np.frombuffer("\n".join(num_names).encode("utf-8"), dtype=np.uint8),
        "num_coef": np.asarray(num_coef, dtype=f32),
        "num_mean": np.asarray(num_mean, dtype=f32),
        "num_scale": np.asarray(num_scale, dtype=f32),
        "intercept": np.asarray(intercept, dtype=f32),
        "s2_coef": np.asarray(s2_coef, dtype=f32),
        "s2_mean": np.asarray(s2_mean, dtype=f32),
        "s2_scale": np.asarray(s2_scale, dtype=f32),
        "s2_intercept": np.asarray(s2_intercept, dtype=f32),
    }


def load_span_tagger(name: str = DEFAULT_SPAN_MODEL, loader: Callable[[str], Any] | None = None) -> SpanTagger:
    """Load and verify the shipped span tagger and the linear model it uses (``loader`` loads
    that model; :class:`~pausecheck.resources.Resources` passes its own so it is shared)."""
    from pausecheck.classifier import MODELS_DIR, ModelError, load_model, read_manifest, verify

    folder = Path(name) if Path(name).is_dir() else MODELS_DIR / name
    manifest = read_manifest(folder)
    files = verify(manifest)
    if manifest.kind != KIND:
        raise ModelError(f"model {manifest.name}: kind {manifest.kind!r}, expected {KIND!r}")
    if "toxic" not in manifest.thresholds or not math.isfinite(manifest.thresholds["toxic"]):
        raise ModelError(f"model {manifest.name}: no 'toxic' threshold in the manifest")
    dep = manifest.extra.get("linear_model")
    linear = None
    if dep:
        dep_folder = MODELS_DIR / dep["name"]
        dep_manifest = read_manifest(dep_folder)
        if dep_manifest.files != dep["files"]:
            raise ModelError(f"model {manifest.name}: trained on a different {dep['name']} than the one "
                             "shipped (its file hashes differ); retrain with training/train_spans.py")
        linear = cast("LinearModel", (loader or load_model)(dep["name"]))  # verifies its files
    return SpanTagger.from_manifest(manifest, linear, files)


def toxic_spans(text: str) -> list[tuple[int, int, float]]:
    """Toxic spans of ``text`` from the shipped tagger: ``(start, end, score)``, code-point offsets.

    Loads the tagger for this one call; keep a :class:`SpanTagger` (or a Resources) to reuse it.
    """
    return load_span_tagger().toxic_spans(text)
