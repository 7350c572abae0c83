"""The ensemble of the shipped models, and the public scoring API and command, on real models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import pausecheck
from pausecheck.classifier import DEFAULT_MODEL, HEADS, load_model
from pausecheck.cli import main

TEXTS = ["You are a worthless idiot", "Thanks for coming to the ward surgery", "Someone should shoot him"]


def test_ensemble_is_the_mean_logit_of_its_members() -> None:
    ens = load_model("ensemble-v1")
    members = [np.asarray(load_model(n).predict(TEXTS)) for n in ("linear-v1", "minilm-heads-v1")]
    logit = lambda p: np.log(np.clip(p, 1e-6, 1 - 1e-6) / (1 - np.clip(p, 1e-6, 1 - 1e-6)))  # noqa: E731
    expected = 1 / (1 + np.exp(-np.mean([logit(m) for m in members], axis=0)))
    assert np.allclose(ens.predict(TEXTS), expected, atol=1e-6)
    assert set(ens.thresholds) == set(HEADS)


def test_ensemble_spans_come_from_the_linear_member() -> None:
    text = "You are a worthless idiot"
    assert load_model("ensemble-v1").attribute(text, "insult") == load_model("linear-v1").attribute(text, "insult")


def test_score_api() -> None:
    scores = pausecheck.score(TEXTS)
    assert [set(s) for s in scores] == [set(HEADS)] * 3
    assert scores[0]["insult"] > 0.9 > scores[1]["insult"]
    assert pausecheck.score([]) == []
    with pytest.raises(TypeError):
        pausecheck.score("one text")  # type: ignore[arg-type]
    assert load_model(DEFAULT_MODEL).name == DEFAULT_MODEL


def test_score_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": "a", "text": TEXTS[0]}) + "\n{broken\n" + json.dumps({"id": "c", "text": TEXTS[1]}) + "\n")
    code = main(["score", "--jsonl", str(f)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 65  # one bad line, reported in the stream, the rest scored
    assert [line["id"] for line in lines] == ["a", "line-2", "c"]
    assert lines[0]["scores"]["insult"] > 0.9 and "error" in lines[1]


def test_every_shipped_model_has_a_card_that_names_it() -> None:
    from pausecheck.classifier import MODELS_DIR, read_manifest

    folders = [p.parent for p in MODELS_DIR.glob("*/manifest.json")]
    assert len(folders) >= 5
    for folder in folders:
        name = read_manifest(folder).name
        card = folder / "MODEL_CARD.md"
        assert card.is_file(), f"{name} has no model card"
        text = card.read_text("utf-8")
        assert name in text.splitlines()[0] and "## Intended use" in text and "Limit" in text, name
