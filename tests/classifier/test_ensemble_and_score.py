"""The ensemble kind, and the public scoring API and command, on real models.

The mean-logit and span checks use the archived ``ensemble-v1`` (training/models/, loaded by
path), whose members are a shipped model (``linear-v1``) and an archived sibling
(``minilm-heads-v1``): it also checks that an ensemble finds a sibling member first.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import pausecheck
from pausecheck.classifier import DEFAULT_MODEL, HEADS, MODELS_DIR, ModelError, load_model, read_manifest
from pausecheck.classifier.ensemble import EnsembleModel, member_ref
from pausecheck.cli import main
from pausecheck.resources import Resources

TEXTS = ["You are a worthless idiot", "Thanks for coming to the ward surgery", "Someone should shoot him"]
ARCHIVE = Path(__file__).resolve().parents[2] / "training" / "models"
ENSEMBLE_V1 = str(ARCHIVE / "ensemble-v1")
HEADS_V1 = str(ARCHIVE / "minilm-heads-v1")


def test_ensemble_is_the_mean_logit_of_its_members() -> None:
    ens = load_model(ENSEMBLE_V1)
    members = [np.asarray(load_model(n).predict(TEXTS)) for n in ("linear-v1", HEADS_V1)]
    logit = lambda p: np.log(np.clip(p, 1e-6, 1 - 1e-6) / (1 - np.clip(p, 1e-6, 1 - 1e-6)))  # noqa: E731
    expected = 1 / (1 + np.exp(-np.mean([logit(m) for m in members], axis=0)))
    assert np.allclose(ens.predict(TEXTS), expected, atol=1e-6)
    assert set(ens.thresholds) == set(HEADS)


def test_ensemble_spans_come_from_the_linear_member() -> None:
    text = "You are a worthless idiot"
    assert load_model(ENSEMBLE_V1).attribute(text, "insult") == load_model("linear-v1").attribute(text, "insult")


def test_an_archived_ensemble_loads_its_archived_member_from_beside_it() -> None:
    ens = load_model(ENSEMBLE_V1)
    assert isinstance(ens, EnsembleModel)
    assert [m.name for m in ens.members] == ["linear-v1", "minilm-heads-v1"]
    assert member_ref(ARCHIVE / "ensemble-v1", "minilm-heads-v1") == HEADS_V1
    assert member_ref(ARCHIVE / "ensemble-v1", "linear-v1") == "linear-v1"  # not archived: shipped
    # The archived member is not in the wheel: by name alone it is not found.
    with pytest.raises(ModelError, match="no model"):
        load_model("minilm-heads-v1")


def test_an_archived_ensemble_takes_its_archived_sibling_and_the_shipped_member() -> None:
    for folder in (ARCHIVE / "ensemble-v2", ARCHIVE / "minilm-ft-v1" / ".." / "ensemble-v2"):
        manifest = read_manifest(folder)
        refs = [member_ref(folder, n) for n in manifest.extra["members"]]
        assert refs == [str(folder.parent / "minilm-ft-v1"), "linear-v1"]


def _fake(ref: str) -> SimpleNamespace:
    return SimpleNamespace(name=ref, heads=HEADS, thresholds={})


def test_a_sibling_member_comes_before_a_shipped_model_of_the_same_name(tmp_path: Path) -> None:
    # An ensemble folder beside a copy of linear-v1: the copy is used, not the shipped one;
    # minilm-ft-v1 has no sibling, so the shipped model is.
    ens = tmp_path / "ens"
    ens.mkdir()
    (ens / "manifest.json").write_text(json.dumps({
        "name": "ens", "kind": "ensemble", "version": "0", "heads": list(HEADS), "files": {},
        "members": ["linear-v1", "minilm-ft-v1"], "attribution": "linear-v1", "thresholds": {}}), "utf-8")
    shutil.copytree(MODELS_DIR / "linear-v1", tmp_path / "linear-v1")
    (tmp_path / "minilm-ft-v1").mkdir()  # a folder without a manifest is not a model: not used
    calls: list[str] = []

    def loader(ref: str) -> SimpleNamespace:
        calls.append(ref)
        return _fake(ref)

    model = load_model(str(ens), loader=loader)  # type: ignore[arg-type]
    sibling = str(tmp_path / "linear-v1")
    assert calls == [sibling, "minilm-ft-v1", sibling]
    assert isinstance(model, EnsembleModel)
    assert [m.name for m in model.members] == [sibling, "minilm-ft-v1"]

    # For real: the sibling copy is what loads (its manifest renamed to tell it apart).
    raw = json.loads((tmp_path / "linear-v1" / "manifest.json").read_text("utf-8"))
    (tmp_path / "linear-v1" / "manifest.json").write_text(json.dumps({**raw, "name": "linear-v1-copy"}), "utf-8")
    (ens / "manifest.json").write_text(json.dumps({
        "name": "ens", "kind": "ensemble", "version": "0", "heads": list(HEADS), "files": {},
        "members": ["linear-v1", "linear-v1"], "thresholds": {}}), "utf-8")
    real = load_model(str(ens))
    assert isinstance(real, EnsembleModel)
    assert [m.name for m in real.members] == ["linear-v1-copy"] * 2


def test_resources_share_an_archived_ensembles_members() -> None:
    res = Resources()
    ens = res.model(ENSEMBLE_V1)
    assert isinstance(ens, EnsembleModel)
    assert ens.members[0] is res.model("linear-v1")
    assert ens.members[1] is res.model(HEADS_V1)


def test_score_command_with_an_archived_model_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--model", ENSEMBLE_V1, TEXTS[0]]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scores"]["insult"] > 0.9


def test_score_api() -> None:
    scores = pausecheck.score(TEXTS)
    assert [set(s) for s in scores] == [set(load_model(DEFAULT_MODEL).heads)] * 3
    assert set(HEADS) < set(scores[0])  # the default adds the allegation head to the five
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


def test_every_shipped_and_archived_model_has_a_card_that_names_it() -> None:
    shipped = [p.parent for p in MODELS_DIR.glob("*/manifest.json")]
    archived = [p.parent for p in ARCHIVE.glob("*/manifest.json")]
    assert len(shipped) >= 3 and len(archived) >= 5
    for folder in shipped + archived:
        name = read_manifest(folder).name
        card = folder / "MODEL_CARD.md"
        assert card.is_file(), f"{name} has no model card"
        text = card.read_text("utf-8")
        assert name in text.splitlines()[0] and "## Intended use" in text and "Limit" in text, name
