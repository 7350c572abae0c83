"""Fixtures for the PII tests: the real spaCy pipeline and one analyser around it."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pausecheck.pii import PiiAnalyser
from pausecheck.text.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="session")
def analyser(nlp: Language) -> PiiAnalyser:
    return PiiAnalyser(nlp)
