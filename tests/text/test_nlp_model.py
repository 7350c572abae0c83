"""The spaCy model comes from a third-party re-upload: check that what loads is Explosion's build."""

from __future__ import annotations

import pytest

from pausecheck.text.nlp import EXPECTED_GIT_VERSION, NlpModelError, load_pipeline


def test_model_is_the_expected_build() -> None:
    nlp = load_pipeline()
    meta = nlp.meta
    assert meta["version"] == "3.8.0"
    assert meta.get("spacy_git_version") == EXPECTED_GIT_VERSION
    assert {"PERSON", "ORG", "GPE", "DATE"} <= set(meta["labels"]["ner"])
    assert nlp.pipe_names == ["tok2vec", "senter", "ner"]


def test_model_finds_people_and_organisations() -> None:
    doc = load_pipeline()("Jane Smith met officers from Leeds City Council on Monday.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Jane Smith", "PERSON") in labels
    assert any(label == "ORG" for _, label in labels)


def test_a_different_build_is_refused_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    real = spacy.load

    def other_build(*args: object, **kwargs: object) -> object:
        nlp = real(*args, **kwargs)
        nlp.meta["spacy_git_version"] = "0000000"
        return nlp

    monkeypatch.setattr(spacy, "load", other_build)
    with pytest.raises(NlpModelError, match="expected Explosion's"):
        load_pipeline()
