"""Raise a hit's score when one of its recogniser's context words is close by.

Presidio's stock ``LemmaContextAwareEnhancer`` misses common cues ("call", "national
insurance") and fires on parts of words ("car" in "care"); :class:`WindowContextEnhancer`
replaces it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: Added to a hit's score when a context word is near it.
CONTEXT_BOOST = 0.35
#: The least a hit with a context word nearby scores.
CONTEXT_FLOOR = 0.4

_WORD_SPLIT = regex.compile(r"[^\w]+")


class WindowContextEnhancer(ContextAwareEnhancer):
    """Raise a hit's score when one of its recogniser's context words is close by.

    Replaces Presidio's ``LemmaContextAwareEnhancer``, which (a) drops spaCy stop words from
    the window, and "call" is one, (b) compares single lemmas, so multi-word context such as
    "national insurance" never matches, (c) matches substrings, so "car" fires on "care",
    and (d) deep-copies every result on every call.
    Here: the N tokens before and M after, compared as whole words (lemma or lower-cased
    text), multi-word context compared as a phrase.
    """

    def __init__(self, prefix_tokens: int = 6, suffix_tokens: int = 2) -> None:
        super().__init__(
            context_similarity_factor=CONTEXT_BOOST,
            min_score_with_context_similarity=CONTEXT_FLOOR,
            context_prefix_count=prefix_tokens,
            context_suffix_count=suffix_tokens,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Raise, in place, each result whose recogniser's context word is in its window."""
        by_id = {rec.id: rec for rec in recognizers}
        doc = nlp_artifacts.tokens
        starts = nlp_artifacts.tokens_indices
        for result in raw_results:
            meta = result.recognition_metadata or {}
            rec = by_id.get(meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if rec is None or not rec.context:
                continue
            # Our own recognisers mark results whose surroundings they have already weighed.
            if meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            word = _find_context_word(
                doc, starts, result.start, result.end, rec.context, self.context_prefix_count, self.context_suffix_count
            )
            if word is None:
                continue
            result.score = min(
                ContextAwareEnhancer.MAX_SCORE,
                max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity),
            )
            if result.analysis_explanation is not None:
                result.analysis_explanation.set_supportive_context_word(word)
                result.analysis_explanation.set_improved_score(result.score)
        return raw_results


def _find_context_word(
    doc: Doc,
    starts: list[int],
    start: int,
    end: int,
    context: Iterable[str],
    before: int,
    after: int,
) -> str | None:
    """The first of ``context`` found among the tokens around ``[start, end)``, else None."""
    first = bisect.bisect_right(starts, start) - 1  # token holding the start (may be glued)
    last = bisect.bisect_left(starts, end)  # first token at or after the end
    window = []
    i, taken = first, 0
    while i >= 0 and taken <= before:  # the token holding the start, then `before` more
        tok = doc[i]
        if not (tok.is_space or tok.is_punct) or i == first:
            window.append(tok)
            taken += 1
        i -= 1
    window.reverse()
    i, taken = last, 0
    while i < len(doc) and taken < after:
        tok = doc[i]
        if not (tok.is_space or tok.is_punct):
            window.append(tok)
            taken += 1
        i += 1
    words: set[str] = set()
    for tok in window:
        for form in (tok.lower_, tok.lemma_.lower()):
            words.add(form)
            words.update(w for w in _WORD_SPLIT.split(form) if w)
    phrase = " " + " ".join(tok.lower_ for tok in window) + " "
    for cue in context:
        if (" " in cue and f" {cue} " in phrase) or cue in words:
            return cue
    return None
