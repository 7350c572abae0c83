"""Council-tax, account, case and claim references: an ID straight after a cue word.

Reference numbers have no fixed shape across councils and systems, so the cue word ("council
tax", "case no.", "rent account") is what makes a run of letters and digits a reference.
Planning application references (public) and dates are left to other rules.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pausecheck.pii.recognisers.base import OwnRecognizer, last_words, own_result
from pausecheck.text.shapes import PLANNING_REFERENCE

_REF_CUE = regex.compile(
    r"""
    (?<!\w)
    (?P<cue> council[ ]+tax | c\.?[ ]?tax | rent[ ]+account | housing[ ]+benefit | tenancy
           | account | acct | a/c | reference | ref | case | claim | crm | customer )
    (?P<fill> (?: [ ]{0,3}(?:[:#=\-]|number|no\.?|num|nos?\.?|id|ref(?:erence)?|account|acct
                  |claim|case|is|was) (?!\w) ){0,4} )
    [ ]{0,3}[:#]?[ ]{0,3}
    (?P<ref> [A-Z0-9] (?: [A-Z0-9] | [/\-](?=[A-Z0-9]) ){5,19} )
    (?![\w/\-])
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_PLANNING_REF = regex.compile(PLANNING_REFERENCE, regex.IGNORECASE)
_NUMERIC_DATE = regex.compile(r"[0-3]?[0-9]([/\-])[01]?[0-9]\1(?:[0-9]{2}|[0-9]{4})")
_COUNCIL_TAX = regex.compile(r"(?<!\w)(?:council\s+tax|c\.?\s?tax)(?!\w)", regex.IGNORECASE)
_PLANNING = regex.compile(r"(?<!\w)(?:planning|application|appeal)(?!\w)", regex.IGNORECASE)
_COUNCIL_TAX_CUES = frozenset({"council tax", "ctax", "c tax"})
# Cues that only ever introduce a resident's own reference; "ref" or "account" alone may not.
_STRONG_REF_CUES = _COUNCIL_TAX_CUES | {
    "rent account", "housing benefit", "tenancy", "case", "claim", "crm",
}  # fmt: skip


class ReferenceRecognizer(OwnRecognizer):
    """Account, case and claim references: 6-12 letters/digits right after a cue word."""

    ENTITIES = ("COUNCIL_TAX_REF", "CASE_REF")
    STRONG, WEAK = 0.85, 0.7

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out = []
        for m in _REF_CUE.finditer(text):
            ref = m["ref"]
            alnum = sum(ch.isalnum() for ch in ref)
            digits = sum(ch in "0123456789" for ch in ref)
            if not 6 <= alnum <= 12 or digits < 4:
                continue
            if _PLANNING_REF.fullmatch(ref) or _NUMERIC_DATE.fullmatch(ref):
                continue  # planning applications and dates are other rules' business
            lead = last_words(text, m.start("ref"), 8)
            if _PLANNING.search(lead):
                continue
            cue = " ".join(m["cue"].lower().replace(".", "").split())
            if cue in _COUNCIL_TAX_CUES or _COUNCIL_TAX.search(lead):
                entity, score = "COUNCIL_TAX_REF", self.STRONG
            else:
                entity = "CASE_REF"
                score = self.STRONG if cue in _STRONG_REF_CUES else self.WEAK
            if entity not in entities:
                continue
            why = f"a {alnum}-character reference right after '{m['cue'].strip()}'"
            if entity == "COUNCIL_TAX_REF" and cue not in _COUNCIL_TAX_CUES:
                why += " in a sentence about council tax"
            out.append(
                own_result(self, entity, m.start("ref"), m.end("ref"), score, why, pattern_name="reference-after-cue")
            )
        return out
