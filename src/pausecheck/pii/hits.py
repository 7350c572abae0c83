"""What the analyser returns: :class:`PiiHit`, and :class:`PiiReason`, why it was found.

A reason is built from the structured fields of Presidio's ``AnalysisExplanation`` and from
which recogniser produced the result, never from Presidio's English explanation text, and
renders the plain-words sentence that findings show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
)

from pausecheck.pii.recognisers import email
from pausecheck.pii.recognisers.base import OwnRecognizer
from pausecheck.pii.recognisers.presidio_tuned import PHONE_REGION_KEY

#: How a recogniser finds things: a Presidio regex pattern, libphonenumber, spaCy's
#: named-entity model, or one of our own recognisers (which explain themselves).
Method = Literal["pattern", "phonenumbers", "ner", "own"]

# What a passed ``validate_result`` means, per pattern recogniser with a validator, in plain words.
_VALIDATOR_WORDS: tuple[tuple[type[EntityRecognizer], str], ...] = (
    (CreditCardRecognizer, "Luhn checksum passed"),
    (IbanRecognizer, "IBAN checksum passed"),
    (email.OfflineEmailRecognizer, email.VALIDATOR),
)
_OTHER_VALIDATOR = "its validator passed"
# The field each method's plain-words sentence is built from (a phone region may be unknown).
_NEEDED_FIELD: dict[str, str] = {"pattern": "pattern", "own": "detail", "ner": "label"}


@dataclass(frozen=True, slots=True)
class PiiReason:
    """Why a piece of personal data was found, as data; ``str()`` gives it in plain words.

    ``base_score`` is the recogniser's own score, ``score`` the final one after validation
    and context. Which of ``pattern``, ``detail``, ``region`` and ``label`` are set depends
    on ``method``: ``detail`` for ``"own"``, ``region`` for ``"phonenumbers"``, ``label``
    for ``"ner"``; ``pattern`` names the regex for ``"pattern"`` (and for ``"own"`` where
    the recogniser names one).
    """

    recogniser: str
    method: Method
    base_score: float
    score: float
    #: The name of the pattern that matched.
    pattern: str | None = None
    #: Our own recogniser's reason, in plain words.
    detail: str | None = None
    #: The region libphonenumber accepted the number for, e.g. "GB".
    region: str | None = None
    #: The entity the named-entity model's label stands for, e.g. "PERSON".
    label: str | None = None
    #: The recogniser's validator: passed, failed, or none run (None).
    validated: bool | None = None
    #: What passing the validator means, in plain words, where the recogniser's is known.
    validator: str | None = None
    #: The context word near the hit that raised its score, if one did.
    context_word: str | None = None
    #: A resident named in the same sentence (it raises a contact detail's score to at least
    #: ``residents.DETAIL_NEAR_RESIDENT``, and makes the detail theirs).
    near_person: str | None = None
    #: A public person or business named beside it (no resident near), which lowered its score.
    public_owner: str | None = None
    #: Why the post shows this contact detail as an organisation's or the poster's own published
    #: line ("a public body's e-mail domain"), which lowered its score; a resident's may sit beside it.
    published_as: str | None = None
    #: For a resident's name: their own detail found beside it ("an address"). The name and
    #: the detail are published together, so what lowers a name alone (a reply to the person
    #: themselves) does not lower it.
    own_details: str | None = None

    def __post_init__(self) -> None:
        needed = _NEEDED_FIELD.get(self.method)
        if needed is not None and getattr(self, needed) is None:
            raise ValueError(f"a {self.method!r} reason needs {needed}")

    def render(self) -> str:
        """Plain words: what matched, what validated it, which context word raised the score."""
        match self.method:
            case "pattern":
                what = f"matched the '{self.pattern}' pattern"
            case "phonenumbers":
                what = f"libphonenumber accepts it as a valid {self.region} phone number"
            case "ner":
                what = f"spaCy's named-entity model labelled it {self.label}"
            case "own":
                what = str(self.detail)
        parts = [f"{what} (score {self.base_score:.2f})"]
        if self.validated is True:
            parts.append(self.validator or _OTHER_VALIDATOR)
        if self.context_word:
            parts.append(f"the word '{self.context_word}' nearby raised it to {self.score:.2f}")
        if self.near_person and self.score > self.base_score:
            parts.append(f"the resident '{self.near_person}' named beside it raised it to {self.score:.2f}")
        elif self.near_person:
            parts.append(f"the resident '{self.near_person}' is named beside it")
        if self.public_owner:
            parts.append(f"it reads as the published details of '{self.public_owner}' (a public person or"
                         f" business, no resident named near), which lowered it to {self.score:.2f}")
        if self.published_as:
            parts.append(f"it reads as a published contact, not a resident's ({self.published_as}), which lowered it"
                         f" to {self.score:.2f}")
        return "; ".join(parts)

    __str__ = render


@dataclass(frozen=True, slots=True)
class PiiHit:
    """One piece of personal data: ``text[start:end]`` (code points, half-open)."""

    entity: str
    start: int
    end: int
    score: float
    recogniser: str
    reason: PiiReason

    @property
    def explanation(self) -> str:
        """The reason in plain words, as findings show it."""
        return self.reason.render()


def to_hit(result: RecognizerResult, recogniser: EntityRecognizer) -> PiiHit:
    """The hit for one Presidio result, ``recogniser`` being the one that produced it."""
    name = str(result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY])
    return PiiHit(
        entity=result.entity_type,
        start=result.start,
        end=result.end,
        score=round(min(1.0, max(0.0, result.score)), 4),
        recogniser=name,
        reason=_reason(result, recogniser, name),
    )


def _reason(result: RecognizerResult, recogniser: EntityRecognizer, name: str) -> PiiReason:
    # Always present: the analyser asks Presidio for its decision process.
    expl = result.analysis_explanation
    method = _method(recogniser)
    return PiiReason(
        recogniser=name,
        method=method,
        base_score=expl.original_score,
        score=result.score,
        pattern=expl.pattern_name,
        # Our recognisers write their plain-words reason as the explanation text.
        detail=expl.textual_explanation if method == "own" else None,
        region=result.recognition_metadata.get(PHONE_REGION_KEY) if method == "phonenumbers" else None,
        label=result.entity_type if method == "ner" else None,
        validated=expl.validation_result,
        validator=_validator_words(recogniser) if expl.validation_result is True else None,
        context_word=expl.supportive_context_word or None,
    )


def _method(recogniser: EntityRecognizer) -> Method:
    if isinstance(recogniser, OwnRecognizer):
        return "own"
    if isinstance(recogniser, PatternRecognizer):
        return "pattern"
    if isinstance(recogniser, PhoneRecognizer):
        return "phonenumbers"
    if isinstance(recogniser, SpacyRecognizer):
        return "ner"
    raise TypeError(f"no explanation for results of {type(recogniser).__name__}")


def _validator_words(recogniser: EntityRecognizer) -> str | None:
    for kind, words in _VALIDATOR_WORDS:
        if isinstance(recogniser, kind):
            return words
    return None
