"""The shipped toxic-span tagger: loads with verified hashes and points at the abusive words."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pausecheck import Checker, Post
from pausecheck.classifier import MODELS_DIR, ModelError, read_manifest
from pausecheck.classifier.spans import (
    DEFAULT_SPAN_MODEL, TAGGER_FILE, SpanTagger, load_span_tagger, merge, toxic_spans, words,
)

NAME = DEFAULT_SPAN_MODEL


@pytest.fixture(scope="module")
def tagger() -> SpanTagger:
    t = load_span_tagger()
    assert isinstance(t, SpanTagger)
    return t


def test_loads_with_verified_hashes(tagger: SpanTagger) -> None:
    manifest = read_manifest(MODELS_DIR / NAME)
    assert manifest.kind == "spans"
    assert set(manifest.files) == {TAGGER_FILE}
    assert all(len(sha) == 64 for sha in manifest.files.values())
    assert 0.0 < tagger.cut < 1.0
    assert tagger.linear is not None and tagger.linear.name == manifest.extra["linear_model"]["name"]
    assert (MODELS_DIR / NAME / TAGGER_FILE).stat().st_size <= 10 * 1024 * 1024
    assert (MODELS_DIR / NAME / "MODEL_CARD.md").is_file()
    with np.load(MODELS_DIR / NAME / TAGGER_FILE, allow_pickle=False) as z:  # plain arrays, no pickle
        assert all(z[k].dtype != object for k in z.files)


def test_points_at_the_insult(tagger: SpanTagger) -> None:
    text = "you are a worthless idiot"
    spans = toxic_spans(text)
    assert spans
    covered = "".join(text[s:e] for s, e, _p in spans)
    assert "idiot" in covered
    assert "you are" not in covered
    assert all(tagger.cut <= p <= 1.0 for _s, _e, p in spans)


def test_nothing_on_a_polite_post() -> None:
    assert toxic_spans("thank you for your help") == []


def test_adjacent_toxic_words_merge_with_the_space() -> None:
    text = "you stupid idiot, and"
    tagged = [(s, e, 0.9 if text[s:e] in ("stupid", "idiot") else 0.1) for s, e in words(text)]
    assert merge(text, tagged, 0.5) == [(4, 16, 0.9)]
    assert text[4:16] == "stupid idiot"


@pytest.mark.parametrize(
    "text",
    [
        "İstanbul idiot 🙂🙂 you moron",
        "e\u0301 idiot \u200d\u200b stupid ﬁ",
        "👨‍👩‍👧 you f**k1ng id1ot, 𝔦𝔡𝔦𝔬𝔱 ß",
        "مرحبا you idiot שלום",
        "@someone https://example.com/idiot you idiot &amp; moron",
        "",
        "   \n\t ",
    ],
)
def test_offsets_are_within_the_text(tagger: SpanTagger, text: str) -> None:
    spans = tagger.toxic_spans(text)
    for s, e, p in spans:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        assert 0.0 <= p <= 1.0
    assert spans == sorted(spans)
    for s, e, _p in tagger.word_probs(text):
        assert 0 <= s < e <= len(text)


def test_deterministic(tagger: SpanTagger) -> None:
    text = "What a pathetic, lying coward. Get lost, you clown."
    first = tagger.word_probs(text)
    assert tagger.word_probs(text) == first
    assert tagger.toxic_spans(text) == tagger.toxic_spans(text)


def test_rejects_a_non_string(tagger: SpanTagger) -> None:
    with pytest.raises(TypeError):
        tagger.word_probs(["a list"])  # type: ignore[arg-type]


def test_a_different_linear_model_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / NAME
    shutil.copytree(MODELS_DIR / NAME, folder)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["linear_model"]["files"] = {k: "0" * 64 for k in manifest["linear_model"]["files"]}
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelError, match="different"):
        load_span_tagger(str(folder))


def test_real_model_finding_points_at_the_tagged_words() -> None:
    text = "Cllr Jones you are a pathetic liar and everyone knows it"
    # The rule on its own (a report drops it beside the word-list rules that flag "liar").
    f = Checker(preview=True).check_rule(Post(text), "SMG-ABU-005")
    assert f is not None, "the learned insult rule should fire on a targeted insult"
    assert "liar" in text[f.start:f.end]
    assert ("toxic span", text[f.start:f.end]) in f.evidence
