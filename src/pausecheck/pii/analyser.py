"""Presidio wired for UK councillors' posts: the registry, the NLP engine, the analyser.

Out of the box Presidio loads a spaCy model of its own, runs US recognisers that fire on UK
postcodes and NI numbers, and leaves the UK ones off. Here it reuses the caller's spaCy
pipeline and Doc, runs the UK recognisers and ours, and none of the US ones.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import regex
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    IpRecognizer,
    SpacyRecognizer,
    UkDrivingLicenceRecognizer,
    UkNinoRecognizer,
    UkPassportRecognizer,
)

from pausecheck.pii.context import WindowContextEnhancer
from pausecheck.pii.disjoint_spans import DisjointSpans
from pausecheck.pii.hits import PiiHit, to_hit
from pausecheck.pii.recognisers.address import StreetAddressRecognizer, UkPostcodeRecognizer
from pausecheck.pii.recognisers.base import LANGUAGE
from pausecheck.pii.recognisers.dates import DateOfBirthRecognizer
from pausecheck.pii.recognisers.email import OfflineEmailRecognizer
from pausecheck.pii.recognisers.phone import PHONE_CONTEXT, UkPhoneRegexRecognizer
from pausecheck.pii.recognisers.presidio_tuned import (
    NhsNumberRecognizer,
    PhoneRecognizerWithRegion,
    VehicleRegistrationRecognizer,
)
from pausecheck.pii.recognisers.references import ReferenceRecognizer
from pausecheck.pii.residents import DETAIL_ENTITIES, find_residents
from pausecheck.pii.residents import ENTITY as RESIDENT_NAME

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: What ``analyse`` looks for when no entities are named: identifiers that single out a resident.
DEFAULT_ENTITIES: frozenset[str] = frozenset(
    {
        "CASE_REF",
        "COUNCIL_TAX_REF",
        "CREDIT_CARD",
        "DATE_OF_BIRTH",
        "EMAIL_ADDRESS",
        "IBAN_CODE",
        "IP_ADDRESS",
        "PHONE_NUMBER",
        "RESIDENT_NAME",
        "STREET_ADDRESS",
        "UK_DRIVING_LICENCE",
        "UK_NHS",
        "UK_NINO",
        "UK_PASSPORT",
        "UK_POSTCODE",
        "UK_VEHICLE_REGISTRATION",
    }
)
#: Everything ``analyse`` can be asked for. PERSON (spaCy NER) only when asked: posts name
#: colleagues and MPs all the time, and the small model's PERSON label is unreliable.
#: RESIDENT_NAME is the private person named beside their details (see ``residents``).
SUPPORTED_ENTITIES: frozenset[str] = DEFAULT_ENTITIES | {"PERSON"}

# Presidio compiles every pattern with IGNORECASE; "M62 and" is not a number plate.
_CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE
#: spaCy gives no entity confidence; Presidio's default 0.85 would let a PERSON guess beat
#: a street address found by pattern, so NER hits get a middling score.
_NER_SCORE = 0.6


class _SharedDocNlpEngine(SpacyNlpEngine):
    """A Presidio NLP engine around an already-loaded pipeline; it never loads or runs one.

    ``AnalyzerEngine`` only calls ``load()`` when ``is_loaded()`` is false, and only calls
    ``process_text`` when no ``NlpArtifacts`` are passed; we always pass them.
    """

    def __init__(self, nlp: Language) -> None:
        ner_labels = set(nlp.pipe_labels.get("ner", ()))
        config = NerModelConfiguration(
            model_to_presidio_entity_mapping={"PERSON": "PERSON", "PER": "PERSON"},
            labels_to_ignore=sorted(ner_labels - {"PERSON", "PER"}),
            default_score=_NER_SCORE,
        )
        name = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'shared')}"
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": name}], ner_model_configuration=config)
        # Presidio types this as None until its own load() fills it; ours is filled here.
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]

    def load(self) -> None:
        """Nothing to load: the pipeline was handed in."""

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        raise RuntimeError("pausecheck runs spaCy once per post; pass the shared Doc instead")

    def process_batch(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise RuntimeError("pausecheck runs spaCy once per post; pass the shared Doc instead")

    def artifacts(self, doc: Doc) -> NlpArtifacts:
        """Presidio's view of the shared ``doc``: tokens, lemmas, entities, offsets."""
        return self._doc_to_nlp_artifact(doc, LANGUAGE)


def _case_sensitive(rec: PatternRecognizer) -> PatternRecognizer:
    rec.global_regex_flags = _CASE_SENSITIVE
    return rec


def _build_registry() -> RecognizerRegistry:
    """Every recogniser the analyser runs; entities nothing here finds are unsupported."""
    recognisers: list[EntityRecognizer] = [
        OfflineEmailRecognizer(context=["email", "e-mail", "mail", "contact"]),
        PhoneRecognizerWithRegion(context=PHONE_CONTEXT),
        UkPhoneRegexRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        NhsNumberRecognizer(context=["nhs", "national health service", "health"]),
        UkNinoRecognizer(context=["national insurance", "ni number", "nino", "ni", "nin"]),
        _case_sensitive(UkPassportRecognizer(context=["passport", "hmpo"])),
        _case_sensitive(
            UkDrivingLicenceRecognizer(context=["driving licence", "driving license", "licence", "license", "dvla"])
        ),
        _case_sensitive(
            VehicleRegistrationRecognizer(
                context=["vehicle", "registration", "reg", "number plate", "plate", "vrn", "dvla", "car", "van", "mot",
                         "drives", "driving", "drove", "parked", "parking", "parks", "taxi", "lorry", "motorbike"]
            )
        ),
        UkPostcodeRecognizer(),
        StreetAddressRecognizer(),
        DateOfBirthRecognizer(),
        ReferenceRecognizer(),
        SpacyRecognizer(supported_language=LANGUAGE, supported_entities=["PERSON"]),
    ]
    return RecognizerRegistry(recognizers=recognisers, supported_languages=[LANGUAGE])


def _resolve_overlaps(hits: list[PiiHit]) -> list[PiiHit]:
    """Keep the higher score where hits overlap (ties: the longer span), sorted by start."""
    ranked = sorted(hits, key=lambda h: (-h.score, -(h.end - h.start), h.start, h.entity, h.recogniser))
    kept: list[PiiHit] = []
    taken = DisjointSpans()
    for hit in ranked:
        if not taken.overlaps(hit.start, hit.end):
            kept.append(hit)
            taken.add(hit.start, hit.end)
    kept.sort(key=lambda h: (h.start, h.end, h.entity))
    return kept


class PiiAnalyser:
    """Presidio configured for UK councillors' posts, fed the caller's spaCy ``Doc``.

    Build once (it reuses ``nlp``; nothing is loaded or downloaded), then call
    :meth:`analyse` per post.
    """

    def __init__(self, nlp: Language) -> None:
        self._nlp_engine = _SharedDocNlpEngine(nlp)
        registry = _build_registry()
        # Results name their recogniser by id; the reason depends on what kind it is.
        self._recognisers: dict[str, EntityRecognizer] = {rec.id: rec for rec in registry.recognizers}
        self._engine = AnalyzerEngine(
            registry=registry,
            nlp_engine=self._nlp_engine,
            supported_languages=[LANGUAGE],
            context_aware_enhancer=WindowContextEnhancer(),
        )

    def analyse(
        self,
        text: str,
        spacy_doc: Doc,
        entities: Collection[str] | None = None,
        min_score: float = 0.0,
    ) -> list[PiiHit]:
        """Personal data in ``text``, non-overlapping and sorted by start.

        ``spacy_doc`` must be the shared pipeline's Doc for exactly ``text``. ``entities``
        defaults to :data:`DEFAULT_ENTITIES`; names outside :data:`SUPPORTED_ENTITIES` are
        an error. Hits scoring below ``min_score`` are dropped.
        """
        if spacy_doc.text != text:
            raise ValueError("spacy_doc was not made from this text")
        wanted = DEFAULT_ENTITIES if entities is None else frozenset(entities)
        if unknown := wanted - SUPPORTED_ENTITIES:
            raise ValueError(f"unknown PII entities: {', '.join(sorted(unknown))}")
        if not wanted or not text.strip():
            return []
        # A resident's name is marked by the details beside it, so those are looked for too.
        asked = (wanted | DETAIL_ENTITIES) - {RESIDENT_NAME} if RESIDENT_NAME in wanted else wanted
        results: list[RecognizerResult] = self._engine.analyze(
            text=text,
            language=LANGUAGE,
            entities=sorted(asked),
            nlp_artifacts=self._nlp_engine.artifacts(spacy_doc),
            return_decision_process=True,  # the reasons are built from it
            score_threshold=0.0,  # min_score applies after details near a resident are raised
        )
        hits = []
        for r in results:
            if r.entity_type in asked and r.score > 0:
                rec_id = r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]
                hits.append(to_hit(r, self._recognisers[rec_id]))
        names: list[PiiHit] = []
        if RESIDENT_NAME in wanted:
            names, hits = find_residents(text, spacy_doc, _resolve_overlaps(hits))
        kept = [h for h in [*hits, *names] if h.entity in wanted and h.score >= min_score]
        return _resolve_overlaps(kept)
