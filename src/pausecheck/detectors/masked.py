"""The ``masked`` kind: a word hidden behind symbols that the normaliser could not read back.

The normaliser recovers a disguised word when the pack's vocabulary pins it down (``sh1t``,
``f*ck``); what it leaves is a word mostly hidden (``b******s``, ``p***k``) or hidden whole
(``you absolute ****``). Readers still read those as swearing, and so do standards panels, so
they are flagged as *masked swearing* without guessing which word it was.

Two shapes count, in the normalised text:

- a word that opens with a letter and hides at least ``min_masked`` of its characters behind
  ``*``, ``#`` or ``%`` (``f***``, ``c**t``); emphasis (``*really*``) opens with the symbol and
  does not count, nor do ratings and prices (``5*``, ``£**``: no letter first);
- a run of three to eight mask symbols standing as a word where a noun or a swear goes: after an
  article, "you", an intensifier or "the" (``what the ****``), or before "off".
"""

from __future__ import annotations

from typing import Literal

import regex
from pydantic import Field

from pausecheck.detectors.base import Detector, Inspection, make_hit
from pausecheck.detectors.options import KindOptions
from pausecheck.findings import Hit

_MASK_CHARS = "*#%"
_PARTLY = regex.compile(r"(?<![\p{L}\p{N}*#%@])\p{L}[\p{L}*#%]{2,19}(?![\p{L}\p{N}*#%])")
_WHOLLY = regex.compile(r"(?<![\p{L}\p{N}*#%])[*#%]{3,8}(?![\p{L}\p{N}*#%])")
_BEFORE_WHOLE = frozenset(
    "a an the you ya u your ur absolute total utter complete bloody little such what of this that".split()
)
_AFTER_WHOLE = frozenset("off you up".split())


class MaskedOptions(KindOptions):
    """A word hidden behind ``*``, ``#`` or ``%`` that the normaliser could not read back."""

    kind: Literal["masked"]
    #: How many characters of a partly masked word must be hidden.
    min_masked: int = Field(2, ge=1, le=10)
    #: Also count runs of symbols standing in for a whole word (in a noun or swear slot).
    whole_words: bool = True
    score: float = Field(0.6, ge=0, le=1)
    skip_reported: bool = True


class MaskedKind(Detector):
    kind = "masked"
    options = MaskedOptions
    spec: MaskedOptions

    def find(self, ins: Inspection, floor: float = 0.5) -> list[Hit]:
        doc = ins.doc
        text = doc.normalised
        hits: list[Hit] = []
        for m in _PARTLY.finditer(text):
            word = m.group()
            hidden = sum(c in _MASK_CHARS for c in word)
            if hidden < self.spec.min_masked or (word.rstrip(_MASK_CHARS) == word[:1] and len(word) < 3):
                continue
            if doc.urls and any(u.n_start <= m.start() < u.n_end for u in doc.urls):
                continue
            hits += self._hit(ins, m.start(), m.end(), f"'{word}' hides {hidden} of {len(word)} letters")
        if self.spec.whole_words:
            for m in _WHOLLY.finditer(text):
                before = regex.findall(r"[\p{L}']+", text[max(0, m.start() - 24):m.start()].lower())
                after = regex.findall(r"[\p{L}']+", text[m.end():m.end() + 12].lower())
                if (before and before[-1] in _BEFORE_WHOLE) or (after and after[0] in _AFTER_WHOLE):
                    hits += self._hit(ins, m.start(), m.end(), "a whole word replaced by symbols, in a swear word's place")
        return hits

    def _hit(self, ins: Inspection, n_start: int, n_end: int, why: str) -> list[Hit]:
        if self.spec.skip_reported and ins.doc.is_reported(n_start, n_end):
            return []
        return [make_hit(ins.doc, n_start, n_end, self.spec.score, why)]
