"""The engine applies policy to a learned head: threshold, span mapping, reported speech.

A fake model stands in for the real one here (unit tests of the engine only); the real model
is tested in tests/classifier/.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from pausecheck import Checker, Post, load_pack
from pausecheck.detectors import classifier as classifier_kind
from pausecheck.policy.loader import PACKS_DIR

RULE = """\
code: SMG-ML-001
name: learned-insult
title: A learned insult
severity: revise
category: insult
clause: {ref: Do 9, summary: Treat people with respect.}
detectors:
  - kind: classifier
    head: insult
    min: 0.6
message: "'{match}' may be insulting."
why: Because.
advice: Rephrase.
examples:
  fail: [you buffoon, what a buffoon you are, buffoon!]
  pass: [fine, also fine, still fine]
"""


class FakeModel:
    """Scores 'insult' 0.9 when the word 'buffoon' appears, else 0.1; attributes that word."""

    name = "fake"
    heads = ("offensive", "insult", "identity_attack", "threat", "obscene")
    thresholds = {h: 0.5 for h in heads}

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[0.1, 0.9 if "buffoon" in t.lower() else 0.1, 0.1, 0.1, 0.1] for t in texts])

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        i = text.lower().find("buffoon")
        return [(i, i + 7, 1.0)] if i >= 0 else []

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        return {h: self.attribute(text, h) for h in self.heads}


@pytest.fixture()
def checker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Checker:
    monkeypatch.setattr(classifier_kind, "_model", lambda name: FakeModel())
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "learned.yaml").write_text(RULE, encoding="utf-8")
    return Checker(load_pack(dest))


def test_threshold_and_span(checker: Checker) -> None:
    text = "Cllr Smith, you b\u200buffoon"
    report = checker.check(Post(text))
    [f] = report.findings
    assert f.code == "SMG-ML-001" and f.detector == "classifier"
    assert f.score == pytest.approx(0.5 + 0.5 * (0.9 - 0.6) / 0.4)  # p=0.9 against min 0.6
    assert text[f.start:f.end] == "b\u200buffoon"  # the span maps back through the normaliser


def test_below_threshold_is_not_a_finding(checker: Checker) -> None:
    assert checker.check(Post("A perfectly polite post")).findings == ()


def test_reported_abuse_is_not_the_members_own(checker: Checker) -> None:
    report = checker.check(Post("Someone called me a 'buffoon' at the count. Abuse like this has no place here."))
    assert report.findings == ()


def test_evidence_is_the_tagger_span_over_the_heads_own_words(checker: Checker) -> None:
    # The fake head blames 'buffoon' only; the real toxic-span tagger also marks the swear
    # words elsewhere, which must not become this finding's evidence.
    text = "Cllr Smith, you are a buffoon. Fucking hell, what a week."
    [f] = checker.check(Post(text)).findings
    assert text[f.start:f.end] == "buffoon"
    assert all("ucking" not in quoted for _, quoted in f.evidence)



class FakeModelAll(FakeModel):
    """FakeModel flagging every head, counting how often the attribution pass runs."""

    calls = 0

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[0.9 if "buffoon" in t.lower() else 0.1] * 5 for t in texts])

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        FakeModelAll.calls += 1
        return super().attribute_all(text)


def test_rules_sharing_a_model_share_one_attribution_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeModelAll()
    monkeypatch.setattr(classifier_kind, "_model", lambda name: fake)
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "learned.yaml").write_text(RULE, encoding="utf-8")
    second = RULE.replace("SMG-ML-001", "SMG-ML-002").replace("learned-insult", "learned-offence").replace(
        "head: insult", "head: offensive")
    (dest / "rules" / "learned2.yaml").write_text(second, encoding="utf-8")
    report = Checker(load_pack(dest)).check(Post("Cllr Smith, you buffoon"))
    assert {f.code for f in report.findings} == {"SMG-ML-001", "SMG-ML-002"}
    assert FakeModelAll.calls == 1


def test_the_checker_names_the_model_behind_rules_that_name_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str | None] = []

    def model(name: str | None) -> FakeModel:
        asked.append(name)
        return FakeModel()

    monkeypatch.setattr(classifier_kind, "_model", model)
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "learned.yaml").write_text(RULE, encoding="utf-8")
    pinned = RULE.replace("SMG-ML-001", "SMG-ML-002").replace("learned-insult", "pinned-insult").replace(
        "head: insult", "head: insult\n    model: linear-v1")
    (dest / "rules" / "pinned.yaml").write_text(pinned, encoding="utf-8")
    report = Checker(load_pack(dest), model="ensemble-v2").check(Post("Cllr Smith, you buffoon"))
    assert {f.code for f in report.findings} == {"SMG-ML-001", "SMG-ML-002"}
    assert set(asked) == {"ensemble-v2", "linear-v1"}  # a rule's own model wins
