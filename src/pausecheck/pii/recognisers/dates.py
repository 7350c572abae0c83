"""Dates of birth: a real calendar date within a few words of "born", "DOB", "birthday".

A date alone is a meeting or a deadline; only a birth cue nearby makes it personal data.
Numeric dates are accepted as either d/m or m/d, since both are typed in UK posts.
"""

from __future__ import annotations

import bisect
import datetime

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pausecheck.pii.recognisers.base import OwnRecognizer, own_result

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May|MAY|may)|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:[0-9]{4}|['’]?[0-9]{2})"
_DATE = regex.compile(
    rf"""
    (?<![\w/.\-])
    (?:
        (?P<nd>[0-3]?[0-9]) (?P<sep>[/.\-]) (?P<nm>[0-3]?[0-9]) (?P=sep)
        (?P<ny>[0-9]{{4}}|[0-9]{{2}})
      | (?P<iy>(?:1[89]|20)[0-9]{{2}}) -(?P<im>[01][0-9]) -(?P<id>[0-3][0-9])
      | (?P<td>[0-3]?[0-9])(?:st|nd|rd|th)? (?:[ ]+of)? [ ]+ (?P<tm>{_MONTH})\.?
        (?:,?[ ]+(?P<ty>{_YEAR}))?
      | (?P<um>{_MONTH})\.? [ ]+ (?P<ud>[0-3]?[0-9])(?:st|nd|rd|th)? (?:,?[ ]+(?P<uy>{_YEAR}))?
    )
    (?![\w/\-]|\.[0-9])
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_DOB_CUE = regex.compile(
    r"(?<!\w)(?:born|d\.?[ ]?o\.?[ ]?b|date[ ]+of[ ]+birth|birth[ ]?date|birthday|b['’]?day)"
    r"(?![\w])\.?",
    regex.IGNORECASE,
)
_SENTENCE_BREAK = regex.compile(r"[.!?;]\s|\n")


def _real_date(day: int, month: int, year: int | None) -> bool:
    # A leap year stands in for a missing year, so "29 February" passes.
    try:
        datetime.date(year if year is not None else 2000, month, day)
    except ValueError:
        return False
    return True


def _years(year: str) -> tuple[int, ...]:
    digits = year.lstrip("'’")
    return (int(digits),) if len(digits) == 4 else (1900 + int(digits), 2000 + int(digits))


def _parse_date(m: regex.Match[str]) -> tuple[bool, bool]:
    """(is a real calendar date, has a year). Numeric dates may be d/m or m/d."""
    if m["nd"] is not None:
        d, mo = int(m["nd"]), int(m["nm"])
        real = any(_real_date(d, mo, y) or _real_date(mo, d, y) for y in _years(m["ny"]))
        return real, True
    if m["iy"] is not None:
        return _real_date(int(m["id"]), int(m["im"]), int(m["iy"])), True
    day, mon, year = (m["td"], m["tm"], m["ty"]) if m["td"] is not None else (m["ud"], m["um"], m["uy"])
    month = _MONTHS[mon[:3].lower()]
    if year is None:
        return _real_date(int(day), month, None), False
    return any(_real_date(int(day), month, y) for y in _years(year)), True


class DateOfBirthRecognizer(OwnRecognizer):
    """A calendar date within a few words of "born", "DOB", "date of birth", "birthday"."""

    ENTITIES = ("DATE_OF_BIRTH",)
    FULL, NO_YEAR = 0.85, 0.6
    GAP_BEFORE, GAP_AFTER = 6, 4  # words allowed between cue and date

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        cues = [(c.start(), c.end(), c.group()) for c in _DOB_CUE.finditer(text)]
        if not cues:
            return []
        cue_starts = [c[0] for c in cues]
        out = []
        for m in _DATE.finditer(text):
            # Only the nearest cue on each side can be close enough.
            i = bisect.bisect_left(cue_starts, m.start())
            near = [cues[j] for j in (i - 1, i) if 0 <= j < len(cues)]
            cue = self._cue_for(text, m.start(), m.end(), near)
            if cue is None:
                continue
            real, has_year = _parse_date(m)
            if not real:
                continue
            score = self.FULL if has_year else self.NO_YEAR
            why = f"a date with '{cue}' close by" + ("" if has_year else " (no year)")
            out.append(
                own_result(self, "DATE_OF_BIRTH", m.start(), m.end(), score, why, pattern_name="date-near-birth-word")
            )
        return out

    def _cue_for(self, text: str, start: int, end: int, cues: list[tuple[int, int, str]]) -> str | None:
        """The cue word close enough to the date at ``[start, end)``, if any."""
        for c_start, c_end, word in cues:
            if c_end <= start:
                gap = text[c_end:start]
                limit = self.GAP_BEFORE
            elif c_start >= end:
                gap = text[end:c_start]
                limit = self.GAP_AFTER
            else:
                continue
            words = len(gap.split())
            if len(gap) > 80 or words > limit:
                continue
            # One sentence break is fine in "Date of birth? It's 3/4/87", not across more.
            if not _SENTENCE_BREAK.search(gap) or (c_end <= start and words <= 2):
                return word.strip().rstrip(".")
        return None
