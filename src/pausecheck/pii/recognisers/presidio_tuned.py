"""Presidio's own recognisers, adjusted for UK posts and for running offline.

* NHS numbers: a passed mod-11 check alone is not proof (one number in eleven passes).
* Vehicle registrations: a plausible age identifier is not proof either.
* Phone (libphonenumber): the region each number was matched in is kept as data on the
  result, for the explanation, instead of only inside Presidio's English sentence.

Each keeps the registry name of the recogniser it adjusts, since names appear in findings.
"""

from __future__ import annotations

import regex
from phonenumbers import PhoneNumberMatch
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    NhsRecognizer,
    PhoneRecognizer,
    UkVehicleRegistrationRecognizer,
)

#: Key in a phone result's ``recognition_metadata`` holding the region libphonenumber gave.
PHONE_REGION_KEY = "phone_region"

# A "+44 (0)" or "(0" just before a match: the digits that follow are a phone number.
_PHONE_PREFIX_BEFORE = regex.compile(r"(?:\+44|\(0\)|(?<![0-9])\(?0)[ .\-]?\)?$")


class PhoneRecognizerWithRegion(PhoneRecognizer):
    """Presidio's libphonenumber recogniser for GB numbers, recording each hit's region.

    Presidio only writes the region into its English explanation; storing it under
    :data:`PHONE_REGION_KEY` lets the explanation be built from data, not parsed back out.
    """

    def __init__(self, context: list[str]) -> None:
        super().__init__(context=context, supported_regions=("GB",), name="PhoneRecognizer")

    def _get_recognizer_result(
        self,
        match: PhoneNumberMatch,
        text: str,
        region: str | None,
        nlp_artifacts: NlpArtifacts | None,
    ) -> RecognizerResult:
        # The one place Presidio hands over the region it matched in; see the class docstring.
        result: RecognizerResult = super()._get_recognizer_result(match, text, region, nlp_artifacts)
        result.recognition_metadata[PHONE_REGION_KEY] = region
        return result


class NhsNumberRecognizer(NhsRecognizer):
    """Presidio's NHS recogniser, but a passed checksum alone scores 0.8, not 1.0.

    One random 10-digit number in eleven passes mod-11, so a council-tax account number
    (found by context, 0.85) should beat a bare checksum match; "NHS" nearby still gives 1.0.
    """

    PATTERNS = [Pattern("NHS number (mod-11 checksum passed)", r"\b([0-9]{3})[- ]?([0-9]{3})[- ]?([0-9]{4})\b", 0.8)]

    # Presidio's NhsRecognizer narrows validate_result to bool; PatternRecognizer's contract,
    # which its analyze follows, is bool | None, and None (keep the pattern's score) is the point.
    def validate_result(self, pattern_text: str) -> bool | None:  # type: ignore[override]
        # None keeps the pattern's score; False drops the match.
        return None if super().validate_result(pattern_text) else False

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        # "+44 (0)113 496 0123" holds a 3-3-4 group that can pass mod-11: a phone, not NHS.
        return [
            r
            for r in super().analyze(text, entities, nlp_artifacts, regex_flags)
            if not _PHONE_PREFIX_BEFORE.search(text, max(0, r.start - 8), r.start)
        ]


class VehicleRegistrationRecognizer(UkVehicleRegistrationRecognizer):
    """Presidio's, but a plausible age identifier keeps the base score instead of 1.0.

    Presidio treats any passed validator as proof; "AB51 ABC"-shaped capitals are common
    enough (acronyms, codes) that only context words should push them up.
    """

    def validate_result(self, pattern_text: str) -> bool | None:
        # None keeps the pattern's score; anything Presidio does not pass is dropped.
        return None if super().validate_result(pattern_text) else False
