"""What our own recognisers share: the base class, the result builder, a words-before helper.

Our recognisers are plain Python over ``regex``, not Presidio ``PatternRecognizer``s, because
their scores depend on what surrounds a match (a street before a postcode, a cue word before
a reference), which a fixed pattern score cannot express.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

#: The one language the analyser runs in; Presidio keys recognisers and NLP engines by it.
LANGUAGE = "en"

#: How many words before a match count as "just before it" for cue words.
WORDS_BACK = 6


class OwnRecognizer(LocalRecognizer):
    """Base for our recognisers: nothing to load, ``analyze`` written per subclass.

    The registry name is the class name, and it appears in findings ("... by
    StreetAddressRecognizer"), so renaming a subclass changes the findings.
    """

    # Presidio sets it in __init__ in a way mypy cannot type; ours is always the class name.
    name: str
    ENTITIES: ClassVar[tuple[str, ...]] = ()
    CONTEXT: ClassVar[list[str] | None] = None

    def __init__(self) -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            supported_language=LANGUAGE,
            name=type(self).__name__,
            context=self.CONTEXT,
        )

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""


def own_result(
    rec: OwnRecognizer,
    entity: str,
    start: int,
    end: int,
    score: float,
    why: str,
    *,
    pattern_name: str,
    context_done: bool = True,
) -> RecognizerResult:
    """A Presidio result for ``text[start:end]``, ``why`` being the plain-words reason.

    ``context_done`` (the default) tells the context enhancer the recogniser has already
    weighed the words around the match; pass False to let a nearby context word raise it.
    """
    explanation = AnalysisExplanation(
        recognizer=rec.name,
        original_score=score,
        pattern_name=pattern_name,
        textual_explanation=why,
    )
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: context_done,
        },
    )


def last_words(text: str, end: int, n: int = WORDS_BACK) -> str:
    """The last ``n`` whitespace-separated words before ``end``, within the same sentence."""
    window = text[max(0, end - 120) : end]
    cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"))
    if cut >= 0:
        window = window[cut + 1 :]
    return " ".join(window.split()[-n:])
