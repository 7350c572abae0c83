"""Helpers shared by the PII test modules (imported by name: pytest puts this folder on the path)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from pausecheck.pii import PiiAnalyser, PiiHit


def run(analyser: PiiAnalyser, nlp: Language, text: str, **kwargs: Any) -> list[PiiHit]:
    return analyser.analyse(text, nlp(text), **kwargs)


def found(hits: list[PiiHit], text: str) -> list[tuple[str, str]]:
    return [(h.entity, text[h.start : h.end]) for h in hits]


def assert_finds(analyser: PiiAnalyser, nlp: Language, text: str, entity: str, span: str) -> None:
    """``span`` is reported as ``entity``, and every hit is well formed and explained."""
    hits = run(analyser, nlp, text)
    assert (entity, span) in found(hits, text)
    for hit in hits:
        assert 0.0 <= hit.score <= 1.0
        assert hit.recogniser
        assert hit.explanation


def assert_does_not_find(analyser: PiiAnalyser, nlp: Language, text: str, entity: str | None) -> None:
    """Nothing of ``entity`` is reported; ``None``: nothing at all."""
    hits = run(analyser, nlp, text)
    if entity is None:
        assert found(hits, text) == []
    else:
        assert entity not in {h.entity for h in hits}, found(hits, text)
