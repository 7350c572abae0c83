"""Linear model kind: word and character n-gram TF-IDF with one logistic-regression head per label.

Run time needs numpy only. The model is stored as plain arrays in ``weights.npz`` (no pickle):

- ``vocab``: the feature strings, joined with ``\\n`` into one UTF-8 byte array;
- ``idf``: float32 inverse document frequency per feature;
- ``coef``: float16 (features × heads) logistic-regression weights;
- ``intercept``: float32 per head.

Features come from :func:`analyze`, which is also the ``analyzer`` callable handed to
scikit-learn's ``TfidfVectorizer`` at training time, so training and run time see exactly the
same features. The vectoriser settings it reproduces are ``sublinear_tf=True`` and ``norm="l2"``
over the features in the vocabulary.

Features (text first passed through :func:`pausecheck.classifier.textprep.prepare`, then
lower-cased):

- ``w:<token>`` and ``w:<token> <token>``: word unigrams and bigrams, where a token is a run of
  word characters (apostrophes inside a word kept, a leading ``#`` or ``@`` kept);
- ``c:<gram>``: character 2- to 5-grams inside each whitespace-delimited chunk padded with one
  space either side, as scikit-learn's ``char_wb`` analyzer makes them.

``attribute`` splits the logit of one head into per-word contributions: every n-gram occurrence
contributes ``coef × tfidf / count`` to each word it overlaps.
"""

from __future__ import annotations

import bisect
import io
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from pausecheck.classifier.textprep import prepare_with_offsets
from pausecheck.text.tokenise import MODEL_WORDS

if TYPE_CHECKING:
    from pausecheck.classifier import Manifest

WEIGHTS_FILE = "weights.npz"
CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)

_TOKEN = MODEL_WORDS  # the scheme this model's weights were trained with
_CHUNK = re.compile(r"\S+")


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters (e.g. "İ") grow when lower-cased; keep offsets one to one.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _features_with_spans(prepared: str) -> Iterator[tuple[str, int, int]]:
    """Every feature occurrence with the span (in ``prepared``) of the characters it covers."""
    low = _lower(prepared)
    tokens = [(m.group(0).replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(low)]
    for i, (tok, s, e) in enumerate(tokens):
        yield "w:" + tok, s, e
        if WORD_NGRAMS[1] >= 2 and i + 1 < len(tokens):
            nxt, _s2, e2 = tokens[i + 1]
            yield "w:" + tok + " " + nxt, s, e2
    lo, hi = CHAR_NGRAMS
    for m in _CHUNK.finditer(low):
        padded = " " + m.group(0) + " "
        base = m.start() - 1  # padded[k] is low[base + k] for 1 <= k <= len(chunk)
        last = len(padded)
        for n in range(lo, hi + 1):
            if n > last:
                break
            for k in range(last - n + 1):
                s = max(k, 1) + base
                e = min(k + n, last - 1) + base
                yield "c:" + padded[k:k + n], s, e


def analyze(text: str) -> list[str]:
    """The features of ``text`` (the analyzer used at training time and at run time)."""
    prepared, _s, _e = prepare_with_offsets(text)
    return [f for f, _a, _b in _features_with_spans(prepared)]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
    return out


class LinearModel:
    """TF-IDF (word 1–2-grams, char_wb 2–5-grams) → one logistic regression per head."""

    kind = "linear"

    def __init__(
        self,
        name: str,
        heads: Sequence[str],
        thresholds: dict[str, float],
        vocab: Sequence[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.heads = tuple(heads)
        self.thresholds = dict(thresholds)
        self.extra = dict(extra or {})
        self.index = dict(zip(vocab, range(len(vocab)), strict=True))  # faster to build than a comprehension
        self.idf = np.asarray(idf, dtype=np.float32)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        if self.coef.shape != (len(self.index), len(self.heads)):
            raise ValueError(f"coef shape {self.coef.shape} does not match {len(self.index)} features × {len(self.heads)} heads")

    # -- loading and saving ------------------------------------------------------------------

    @classmethod
    def from_manifest(cls, manifest: Manifest, files: Mapping[str, bytes]) -> LinearModel:
        """``files``: the model's listed files as :func:`~pausecheck.classifier.verify` read them."""
        from pausecheck.classifier import ModelError, listed_file

        weights = listed_file(manifest, files, WEIGHTS_FILE)
        try:
            with np.load(io.BytesIO(weights), allow_pickle=False) as z:
                vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
                return cls(manifest.name, manifest.heads, manifest.thresholds, vocab,
                           z["idf"], z["coef"], z["intercept"], manifest.extra)
        except (OSError, KeyError, ValueError) as e:
            raise ModelError(f"model {manifest.name}: cannot read {WEIGHTS_FILE} ({e})") from None

    @staticmethod
    def weights_bytes(vocab: Sequence[str], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> bytes:
        """The ``weights.npz`` content for these arrays (deterministic: no timestamps)."""
        if any("\n" in f for f in vocab):
            raise ValueError("a feature contains a newline")
        buf = io.BytesIO()
        np.savez(
            buf,
            vocab=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
            idf=np.asarray(idf, dtype=np.float32),
            coef=np.asarray(coef, dtype=np.float16),
            intercept=np.asarray(intercept, dtype=np.float32),
        )
        return buf.getvalue()

    # -- features ------------------------------------------------------------------------------

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and L2-normalised sublinear TF-IDF values of ``text``."""
        counts = Counter(analyze(text))
        index = self.index
        cols = [index[f] for f in counts if f in index]
        if not cols:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        cols_a = np.fromiter(cols, dtype=np.int64, count=len(cols))
        tf = np.fromiter((counts[f] for f in counts if f in index), dtype=np.float32, count=len(cols))
        vals = (1.0 + np.log(tf)) * self.idf[cols_a]
        norm = float(np.sqrt(np.dot(vals, vals)))
        if norm > 0:
            vals = vals / norm
        return cols_a, vals

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), len(self.heads)), dtype=np.float32)
        for i, text in enumerate(texts):
            cols, vals = self._vector(text)
            out[i] = vals @ self.coef[cols] + self.intercept if len(cols) else self.intercept
        return out

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, shape (len(texts), len(heads))."""
        if isinstance(texts, str):
            raise TypeError("predict() takes a list of texts")
        return _sigmoid(self.logits(list(texts)).astype(np.float64))

    # -- attribution ---------------------------------------------------------------------------

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        """Per-word contributions to ``head``'s logit: ``(start, end, weight)`` in ``text``.

        Every n-gram occurrence contributes ``coef × tfidf / count`` to each word it overlaps
        (a word bigram counts fully towards both of its words). Words with no contribution are
        left out; the intercept is not attributed. Spans are code-point offsets into ``text``,
        sorted by position; positive weight is evidence for the head.
        """
        if head not in self.heads:
            raise KeyError(f"unknown head {head!r}; heads are {self.heads}")
        return self.attribute_all(text)[head]

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        """:meth:`attribute` for every head at once (one pass over the features)."""
        spans, weights = self._word_weights(text)
        out: dict[str, list[tuple[int, int, float]]] = {}
        for h, head in enumerate(self.heads):
            out[head] = [(s, e, float(w)) for (s, e), w in zip(spans, weights[:, h], strict=True) if w != 0.0]
        return out

    def _word_weights(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        prepared, starts, ends = prepare_with_offsets(text)
        words = [(m.start(), m.end()) for m in _TOKEN.finditer(prepared)]
        if not words:
            return [], np.zeros((0, len(self.heads)))
        occurrences = list(_features_with_spans(prepared))
        counts = Counter(f for f, _s, _e in occurrences)
        cols, vals = self._vector(text)
        value = dict(zip(cols.tolist(), vals.tolist(), strict=True))
        word_starts = [s for s, _e in words]
        occ_word: list[int] = []
        occ_feat: list[int] = []
        occ_scale: list[float] = []
        index = self.index
        for f, s, e in occurrences:
            j = index.get(f)
            if j is None:
                continue
            scale = value[j] / counts[f]
            k = bisect.bisect_right(word_starts, e - 1) - 1  # last word starting before e
            while k >= 0 and words[k][1] > s:
                occ_word.append(k)
                occ_feat.append(j)
                occ_scale.append(scale)
                k -= 1
        weights = np.zeros((len(words), len(self.heads)), dtype=np.float64)
        if occ_word:
            contrib = self.coef[np.asarray(occ_feat)].astype(np.float64) * np.asarray(occ_scale)[:, None]
            np.add.at(weights, np.asarray(occ_word), contrib)
        # Map to the original text; a mention or link is one word there as here.
        merged: dict[tuple[int, int], np.ndarray] = {}
        for (s, e), w in zip(words, weights, strict=True):
            key = (starts[s], ends[e - 1])
            merged[key] = merged[key] + w if key in merged else w
        keys = sorted(merged)
        return keys, np.array([merged[k] for k in keys]).reshape(len(keys), len(self.heads))


def salient_spans(text: str, spans: Sequence[tuple[int, int, float]], cut: float) -> list[tuple[int, int, float]]:
    """Keep spans with weight ≥ ``cut`` and merge neighbours separated only by spaces or
    punctuation; a merged span's weight is the largest of its parts."""
    kept = sorted((s, e, w) for s, e, w in spans if w >= cut)
    out: list[tuple[int, int, float]] = []
    for s, e, w in kept:
        if out and re.fullmatch(r"[\s\W]{0,3}", text[out[-1][1]:s]) and not math.isnan(w):
            ps, _pe, pw = out[-1]
            out[-1] = (ps, e, max(pw, w))
        else:
            out.append((s, e, w))
    return out
