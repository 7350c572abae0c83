"""The spaCy model comes from a third-party re-upload: check that what loads is Explosion's build."""

from __future__ import annotations

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
