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


_TEXTS = (
    "Cllr O'Neill didn't say that — can't we ask @LeedsCC? See https://leeds.gov.uk/bins #bins 😡",
    "Mr. Smith, Dr. Patel and Prof. Jones met at 10.30am on 5th Jan. Ring 0113 222 4444!",
    "U.K. councils ain't perfect... e.g. Leeds' £3.2m cut (approx.) gonna hurt y'all",
)


def test_pipeline_is_what_a_stock_load_gives() -> None:
    # load_pipeline builds the pipeline around an empty tokenizer that the model's saved one
    # replaces; the result must be exactly what spaCy's own loading gives.
    import spacy

    from pausecheck.text.nlp import DROPPED_PIPES, MODEL_PACKAGE

    ours = load_pipeline()
    stock = spacy.load(MODEL_PACKAGE, exclude=list(DROPPED_PIPES))
    stock.enable_pipe("senter")
    assert ours.tokenizer.to_bytes() == stock.tokenizer.to_bytes()
    assert ours.vocab.to_bytes() == stock.vocab.to_bytes()
    for text in _TEXTS:
        a, b = ours(text), stock(text)
        assert [(t.text, t.norm_, t.whitespace_) for t in a] == [(t.text, t.norm_, t.whitespace_) for t in b]
        assert [s.text for s in a.sents] == [s.text for s in b.sents]
        assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]


def test_a_model_without_its_tokenizer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy
    from spacy.tokenizer import Tokenizer

    real = spacy.load

    def no_tokenizer(*args: object, **kwargs: object) -> object:
        nlp = real(*args, **kwargs)
        nlp.tokenizer = Tokenizer(nlp.vocab)
        return nlp

    monkeypatch.setattr(spacy, "load", no_tokenizer)
    with pytest.raises(NlpModelError, match="no tokenizer rules"):
        load_pipeline()


def test_catalogue_sees_the_same_entry_points_once_indexed() -> None:
    import importlib.metadata

    import catalogue

    load_pipeline()
    indexed = catalogue.AVAILABLE_ENTRY_POINTS
    assert isinstance(indexed, dict)
    assert not hasattr(indexed, "select")  # so catalogue takes its .get(group) branch
    fresh = importlib.metadata.entry_points()
    groups = set(dict.keys(fresh))
    assert {"spacy_factories", "spacy_readers", "console_scripts"} <= groups
    for group in [*sorted(groups), "no_such_group"]:
        assert tuple(indexed.get(group, [])) == tuple(fresh.select(group=group)), group
    # A registry still finds a plug-in through its entry point.
    import srsly
    from spacy.util import registry

    assert registry.readers.get_entry_point("srsly.read_json.v1") is srsly.read_json
