"""ONNX sessions: two intra-op threads by default, rebuilt without a pool before a fork, from
bytes checked again (classifier/session.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from pausecheck import Resources
from pausecheck.classifier import DEFAULT_MODEL, MODELS_DIR, ModelError, load_model
from pausecheck.classifier.finetuned import FinetunedModel
from pausecheck.classifier.session import default_threads

TEXTS = ["Thanks to all who came to the surgery.", "You are a pathetic liar and a coward."]


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@pytest.mark.parametrize(("setting", "expected"), [("3", 3), ("1", 1), ("0", 1), ("-2", 1), (" 4 ", 4)])
def test_the_setting_names_the_threads(monkeypatch: pytest.MonkeyPatch, setting: str, expected: int) -> None:
    monkeypatch.setenv("PAUSECHECK_ORT_THREADS", setting)
    assert default_threads() == expected


@pytest.mark.parametrize("setting", ["", "two", "2.5"])
def test_without_a_usable_setting_two_threads_or_the_cores_there_are(monkeypatch: pytest.MonkeyPatch,
                                                                     setting: str) -> None:
    monkeypatch.setenv("PAUSECHECK_ORT_THREADS", setting)
    assert default_threads() == min(2, cores())


def fresh(folder: Path | str = DEFAULT_MODEL) -> FinetunedModel:
    model = load_model(str(folder))
    assert isinstance(model, FinetunedModel)
    return model


def test_single_threaded_rebuilds_the_session_and_scores_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSECHECK_ORT_THREADS", "2")
    model = fresh()
    assert model.net.session.threads == 2
    before = model.predict(TEXTS)
    model.single_threaded()
    assert model.net.session.threads == 1
    assert np.allclose(model.predict(TEXTS), before, atol=1e-5)
    model.single_threaded()  # a second call has nothing left to do
    assert model.net.session.threads == 1


def test_the_rebuild_checks_the_file_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSECHECK_ORT_THREADS", "2")
    copy = tmp_path / DEFAULT_MODEL
    shutil.copytree(MODELS_DIR / DEFAULT_MODEL, copy)
    model = fresh(copy)
    before = model.predict(TEXTS)
    graph = copy / "model.onnx"
    graph.write_bytes(graph.read_bytes()[:-16] + b"\0" * 16)  # changed on disk after the load
    with pytest.raises(ModelError, match="sha256"):
        model.single_threaded()
    # The session it had is kept, untouched, and still answers.
    assert model.net.session.threads == 2
    assert np.allclose(model.predict(TEXTS), before, atol=0)


def test_resources_rebuild_every_loaded_model_and_pass_over_stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSECHECK_ORT_THREADS", "2")

    class StandIn:  # what a test hands a Resources: no sessions, no single_threaded()
        name = "stand-in"
        heads = ("insult",)
        thresholds = {"insult": 0.5}

    model = fresh()
    resources = Resources(models={DEFAULT_MODEL: model, "stand-in": StandIn()})  # type: ignore[dict-item]
    resources.single_threaded()
    assert model.net.session.threads == 1
