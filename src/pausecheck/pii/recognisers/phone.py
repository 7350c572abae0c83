"""UK phone numbers by shape, including the ranges libphonenumber rejects.

Presidio's ``PhoneRecognizer`` (libphonenumber) only accepts numbers that could be dialled,
so it misses the Ofcom ranges reserved for drama, which are exactly what example and test
posts use. This recogniser finds any UK-shaped number at a low score; a context word such as
"call" raises it.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pausecheck.pii.recognisers.base import OwnRecognizer, own_result

#: Context words for phone numbers, shared with Presidio's ``PhoneRecognizer``.
PHONE_CONTEXT = [
    "phone", "telephone", "tel", "mobile", "mob", "call", "ring", "text", "contact",
    "number", "whatsapp", "landline", "sms", "rang", "rung", "phoned", "texted", "calling", "ringing",
    # how people write it in a hurry: "msg her on 07…", "txt me", "message him on"
    "msg", "txt", "message", "messaged", "texting",
]  # fmt: skip

# Ofcom numbers reserved for drama (national significant number prefixes, after the 0).
_DRAMA_PREFIXES = (
    "7700900", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960",
    "1214960", "1314960", "1414960", "1514960", "1614960", "1914980", "2079460",
    "2890180", "2920180", "1632960", "3069990", "8081570", "9098790",
)  # fmt: skip

_UK_PHONE = regex.compile(
    r"""
    (?<![\w+])
    (?P<prefix> (?:\+|00)44[ .-]?(?:\(0\)[ .-]?)? | \(0(?=[0-9]{2,4}\)) | 0 )
    (?P<nsn> [1-9] (?: (?:[ .-]|\)[ ]?)? [0-9] ){8,9} )
    (?![0-9])
    """,
    regex.VERBOSE,
)
_PHONE_SEP = regex.compile(r"[ .)\-]+")
_KIND = {"7": "mobile", "1": "landline", "2": "landline", "8": "freephone/special"}


class UkPhoneRegexRecognizer(OwnRecognizer):
    """UK numbers by shape, including the Ofcom drama ranges libphonenumber rejects."""

    ENTITIES = ("PHONE_NUMBER",)
    CONTEXT = PHONE_CONTEXT
    SCORE = 0.35

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out = []
        for m in _UK_PHONE.finditer(text):
            nsn = m["nsn"]
            groups = _PHONE_SEP.split(nsn)
            digits = "".join(groups)
            if len(groups) > 4 or any(len(g) < 3 for g in groups[1:]):
                continue  # "0 1 2 3 4 5 6 7 8 9" is a list, not a number
            first = digits[0]
            # UK numbers never start 04 or 06; nine-digit ones are only 01 and 08.
            if first in "46" or (len(digits) == 9 and first not in "18"):
                continue
            if m["prefix"].startswith("(") and ")" not in nsn:
                continue
            why = f"matched the UK {_KIND.get(first, 'non-geographic')} number shape"
            if digits.startswith(_DRAMA_PREFIXES):
                why += " (an Ofcom range reserved for drama, so test data or fiction)"
            out.append(
                own_result(
                    self,
                    "PHONE_NUMBER",
                    m.start(),
                    m.end(),
                    self.SCORE,
                    why,
                    pattern_name="uk-phone-shape",
                    context_done=False,
                )
            )
        return out
