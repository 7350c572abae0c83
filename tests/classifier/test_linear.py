"""The shipped linear model: loads with verified hashes, predicts sensibly, points at the words."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pausecheck.classifier import HEADS, MODELS_DIR, load_model, read_manifest
from pausecheck.classifier.linear import LinearModel, analyze, salient_spans
from pausecheck.classifier.textprep import prepare, prepare_with_offsets

NAME = "linear-v1"


@pytest.fixture(scope="module")
def model() -> LinearModel:
    m = load_model(NAME)
    assert isinstance(m, LinearModel)
    return m


def flagged(model: LinearModel, text: str) -> dict[str, bool]:
    p = model.predict([text])[0]
    return {h: bool(p[j] >= model.thresholds[h]) for j, h in enumerate(model.heads)}


def test_shipped_model_loads_with_verified_hashes(model: LinearModel) -> None:
    manifest = read_manifest(MODELS_DIR / NAME)
    assert manifest.kind == "linear"
    assert manifest.files and all(len(sha) == 64 for sha in manifest.files.values())
    assert model.name == NAME
    assert model.heads == HEADS
    assert set(model.thresholds) == set(HEADS)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())
    for name in manifest.files:
        assert (MODELS_DIR / NAME / name).stat().st_size <= 25 * 1024 * 1024
    assert (MODELS_DIR / NAME / "MODEL_CARD.md").is_file()


def test_weights_are_not_a_pickle() -> None:
    with np.load(MODELS_DIR / NAME / "weights.npz", allow_pickle=False) as z:
        assert set(z.files) == {"vocab", "idf", "coef", "intercept"}
        assert z["coef"].dtype == np.float16


def test_predict_shapes_and_ranges(model: LinearModel) -> None:
    texts = ["Thanks to everyone who came to the surgery", "", "🙂 " * 50, "a" * 5000]
    p = model.predict(texts)
    assert p.shape == (len(texts), len(HEADS))
    assert np.all((p >= 0.0) & (p <= 1.0))
    assert model.predict([]).shape == (0, len(HEADS))
    with pytest.raises(TypeError):
        model.predict("a bare string")  # type: ignore[arg-type]


def test_insult(model: LinearModel) -> None:
    p = model.predict(["you are a worthless idiot"])[0]
    assert p[HEADS.index("insult")] > 0.9
    assert flagged(model, "you are a worthless idiot")["insult"]


def test_threat(model: LinearModel) -> None:
    p = model.predict(["I will kill you"])[0]
    assert p[HEADS.index("threat")] >= model.thresholds["threat"]
    assert p[HEADS.index("threat")] > 0.7


def test_identity_attack(model: LinearModel) -> None:
    assert flagged(model, "Immigrants are vermin and should be sent back")["identity_attack"]


def test_obscene(model: LinearModel) -> None:
    assert flagged(model, "what the fuck is this shit")["obscene"]


@pytest.mark.parametrize("text", [
    "the budget is disappointing",
    "Thanks to everyone who came to the surgery today",
    "The library on Church Street reopens on Monday at 9am.",
])
def test_civil_text_is_not_flagged(model: LinearModel, text: str) -> None:
    assert not any(flagged(model, text).values()), model.predict([text])[0]


def test_attribute_points_at_the_insulting_word(model: LinearModel) -> None:
    text = "you are a worthless idiot"
    spans = model.attribute(text, "insult")
    assert spans
    for s, e, _w in spans:
        assert 0 <= s < e <= len(text)
    top = max(spans, key=lambda x: x[2])
    assert text[top[0]:top[1]] == "idiot"
    assert top[2] > 0


def test_attribute_offsets_are_code_points_of_the_original(model: LinearModel) -> None:
    text = "😀😀 @SomeOne you are an idiot https://example.org/x?y=1"
    spans = model.attribute(text, "insult")
    top = max(spans, key=lambda x: x[2])
    assert text[top[0]:top[1]] == "idiot"
    words = {text[s:e] for s, e, _w in spans}
    assert "@SomeOne" in words or all("@" not in w for w in words)
    assert all(text[s:e].strip() == text[s:e] for s, e, _w in spans)


def test_attribute_sums_to_the_logit(model: LinearModel) -> None:
    # Each n-gram's contribution goes to every word it overlaps, so the sum over words is at
    # least the logit minus the intercept when only one-word features fire; check a one-word text.
    text = "idiot"
    (s, e, w), = model.attribute(text, "insult")
    logit = model.logits([text])[0, HEADS.index("insult")] - model.intercept[HEADS.index("insult")]
    assert (s, e) == (0, 5)
    assert w == pytest.approx(float(logit), rel=1e-4, abs=1e-4)


def test_attribute_unknown_head(model: LinearModel) -> None:
    with pytest.raises(KeyError):
        model.attribute("hello", "sarcasm")
    assert model.attribute("", "insult") == []


def test_salient_spans_merges_neighbours() -> None:
    text = "you total idiot, honestly"
    spans = [(0, 3, 0.1), (4, 9, 1.2), (10, 15, 3.0), (17, 25, -0.5)]
    assert salient_spans(text, spans, 1.0) == [(4, 15, 3.0)]


def test_intact_copy_loads_and_agrees(model: LinearModel, tmp_path: Path) -> None:
    copy = tmp_path / "intact"
    shutil.copytree(MODELS_DIR / NAME, copy)
    other = load_model(str(copy))
    assert other is not model
    texts = ["you are a worthless idiot", "I will kill you", "the budget is disappointing"]
    assert np.array_equal(other.predict(texts), model.predict(texts))


def test_deterministic(model: LinearModel) -> None:
    texts = ["you are a worthless idiot", "I will kill you", "the budget is disappointing", "Cllr Smith 🙂"]
    a = model.predict(texts)
    b = model.predict(texts)
    singles = np.vstack([model.predict([t]) for t in texts])
    assert np.array_equal(a, b)
    assert np.allclose(a, singles, atol=1e-6)
    assert model.attribute(texts[0], "insult") == model.attribute(texts[0], "insult")
    assert analyze(texts[3]) == analyze(texts[3])


def test_manifest_records_metrics_and_training() -> None:
    raw = json.loads((MODELS_DIR / NAME / "manifest.json").read_text("utf-8"))
    assert raw["metrics"]["validation"].keys() == set(HEADS)
    assert raw["training"]["seed"]
    assert "thresholds" in raw


def test_prepare_is_idempotent_and_maps_offsets() -> None:
    text = "@Cllr_Jones see https://t.co/abc &amp; www.example.org now"
    p = prepare(text)
    assert p == "@user see http & http now"
    assert prepare(p) == p
    prepared, starts, ends = prepare_with_offsets(text)
    assert prepared == p
    assert len(starts) == len(ends) == len(p)
    i = p.index("now")
    assert text[starts[i]:ends[i + 2]] == "now"
    assert prepare("email me at jo@example.org") == "email me at jo@example.org"
