"""Resources: each heavy thing loaded once, on first use, each behind its own lock, and learned
models loadable in the background (Resources.preload) while the caller loads spaCy."""

from __future__ import annotations

import threading

import pytest

import pausecheck.resources as resources_module
from pausecheck import Checker, Resources
from pausecheck.classifier import ModelError


class _FakeModel:
    def __init__(self, name: str) -> None:
        self.name = name
        self.thresholds = {"insult": 0.5}


def test_preload_loads_models_in_another_thread_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []

    def load(name: str, loader: object = None) -> _FakeModel:
        calls.append((name, threading.current_thread().name))
        return _FakeModel(name)

    monkeypatch.setattr(resources_module, "load_model", load)
    resources = Resources()
    resources.preload(["a", "b", "a"])
    resources.settle()
    assert calls == [("a", "pausecheck-preload"), ("b", "pausecheck-preload")]
    first = resources.model("a")
    assert resources.model("a") is first
    assert len(calls) == 2, "a preloaded model is not loaded again"
    resources.preload(["a", "b"])  # all loaded: no thread, nothing loaded
    resources.settle()
    assert len(calls) == 2


def test_a_model_that_fails_in_the_background_fails_again_for_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []

    def load(name: str, loader: object = None) -> _FakeModel:
        attempts.append(threading.current_thread().name)
        raise ModelError(f"model {name}: its weights do not match the manifest")

    monkeypatch.setattr(resources_module, "load_model", load)
    resources = Resources()
    resources.preload(["broken"])
    resources.settle()
    with pytest.raises(ModelError, match="do not match"):
        resources.model("broken")
    assert attempts == ["pausecheck-preload", threading.current_thread().name]


def test_loading_a_model_does_not_block_loading_something_else(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow_model(name: str, loader: object = None) -> _FakeModel:
        started.set()
        assert release.wait(10), "the test never released the model"
        return _FakeModel(name)

    sentinel = object()
    monkeypatch.setattr(resources_module, "load_model", slow_model)
    monkeypatch.setattr("pausecheck.text.language.load_language_model", lambda: sentinel)
    resources = Resources()
    resources.preload(["slow"])
    assert started.wait(10)
    try:
        # The preload thread holds the model's lock; the language model has a lock of its own.
        assert resources.language() is sentinel
    finally:
        release.set()
    resources.settle()
    assert resources.model("slow").name == "slow"


def test_a_checker_preloads_the_models_its_rules_use(monkeypatch: pytest.MonkeyPatch) -> None:
    preloaded: list[tuple[str, ...]] = []
    real = Resources.preload

    def spy(self: Resources, names: object) -> None:
        preloaded.append(tuple(names))  # type: ignore[arg-type]
        real(self, names)  # type: ignore[arg-type]

    monkeypatch.setattr(Resources, "preload", spy)
    resources = Resources()
    checker = Checker(resources=resources)
    resources.settle()
    assert checker._models, "the default pack has learned rules in its default verdict"
    assert set(preloaded[-1]) == set(checker._models)
    assert checker.check("Thanks to the bin crews for their work over Christmas").verdict.value == "publish"
