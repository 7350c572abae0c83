"""Find residents' personal data in a draft post with Presidio, configured for UK councillors.

Out of the box Presidio downloads a spaCy model and the Public Suffix List, runs US recognisers
that fire on UK postcodes and NI numbers, and leaves the UK ones off. Here it runs offline on
the caller's one spaCy Doc, UK on, US off, plus our own recognisers for addresses, DOBs, refs.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex
import tldextract
import tldextract.tldextract

# Presidio's email recogniser calls tldextract, whose default extractor fetches the Public
# Suffix List over the network on first use. Use the bundled snapshot, and no disk cache.
tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

from presidio_analyzer import (  # noqa: E402  (must follow the tldextract patch)
    AnalysisExplanation,
    AnalyzerEngine,
    LocalRecognizer,
    Pattern,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer  # noqa: E402
from presidio_analyzer.nlp_engine import (  # noqa: E402
    NerModelConfiguration,
    NlpArtifacts,
    SpacyNlpEngine,
)
from presidio_analyzer.predefined_recognizers import (  # noqa: E402
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UkDrivingLicenceRecognizer,
    UkNinoRecognizer,
    UkPassportRecognizer,
    UkVehicleRegistrationRecognizer,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["DEFAULT_ENTITIES", "SUPPORTED_ENTITIES", "PiiAnalyser", "PiiHit"]

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
SUPPORTED_ENTITIES: frozenset[str] = DEFAULT_ENTITIES | {"PERSON"}

_LANG = "en"
_CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE
#: spaCy gives no entity confidence; Presidio's default 0.85 would let a PERSON guess beat
#: a street address found by pattern, so NER hits get a middling score.
_NER_SCORE = 0.6
_CONTEXT_BOOST = 0.35
_CONTEXT_FLOOR = 0.4


@dataclass(frozen=True, slots=True)
class PiiHit:
    """One piece of personal data: ``text[start:end]`` (code points, half-open)."""

    entity: str
    start: int
    end: int
    score: float
    recogniser: str
    explanation: str


# --------------------------------------------------------------------------- NLP engine


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
        super().__init__(
            models=[{"lang_code": _LANG, "model_name": name}], ner_model_configuration=config
        )
        self.nlp = {_LANG: nlp}

    def load(self) -> None:
        """Nothing to load: the pipeline was handed in."""

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        raise RuntimeError("pausecheck runs spaCy once per post; pass the shared Doc instead")

    def process_batch(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise RuntimeError("pausecheck runs spaCy once per post; pass the shared Doc instead")

    def artifacts(self, doc: Doc) -> NlpArtifacts:
        return self._doc_to_nlp_artifact(doc, _LANG)


# ------------------------------------------------------------------- context enhancement


_WORD_SPLIT = regex.compile(r"[^\w]+")


class _WindowContextEnhancer(ContextAwareEnhancer):
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
            context_similarity_factor=_CONTEXT_BOOST,
            min_score_with_context_similarity=_CONTEXT_FLOOR,
            context_prefix_count=prefix_tokens,
            context_suffix_count=suffix_tokens,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[Any],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id = {rec.id: rec for rec in recognizers}
        doc = nlp_artifacts.tokens
        starts = nlp_artifacts.tokens_indices
        for result in raw_results:
            meta = result.recognition_metadata or {}
            rec = by_id.get(meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if rec is None or not rec.context:
                continue
            if meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            word = _find_context_word(doc, starts, result.start, result.end, rec.context,
                                      self.context_prefix_count, self.context_suffix_count)
            if word is None:
                continue
            result.score = min(
                ContextAwareEnhancer.MAX_SCORE,
                max(result.score + self.context_similarity_factor,
                    self.min_score_with_context_similarity),
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


# ----------------------------------------------------------------------- our recognisers


def _result(
    rec: LocalRecognizer,
    entity: str,
    start: int,
    end: int,
    score: float,
    explanation: str,
    *,
    pattern_name: str | None = None,
    context_done: bool = True,
) -> RecognizerResult:
    """A result whose context scoring (if any) the recogniser has already done itself."""
    expl = AnalysisExplanation(
        recognizer=rec.name,
        original_score=score,
        pattern_name=pattern_name,
        textual_explanation=explanation,
    )
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=expl,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: context_done,
        },
    )


class _OwnRecognizer(LocalRecognizer):
    """Base for our recognisers: nothing to load, ``analyze`` written per subclass."""

    ENTITIES: tuple[str, ...] = ()
    CONTEXT: list[str] | None = None

    def __init__(self) -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            supported_language=_LANG,
            name=type(self).__name__.lstrip("_"),
            context=self.CONTEXT,
        )

    def load(self) -> None:
        pass


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


class _UkPhoneRegexRecognizer(_OwnRecognizer):
    """UK numbers by shape, including the Ofcom drama ranges libphonenumber rejects."""

    ENTITIES = ("PHONE_NUMBER",)
    CONTEXT = [
        "phone", "telephone", "tel", "mobile", "mob", "call", "ring", "text", "contact",
        "number", "whatsapp", "landline", "sms",
    ]  # fmt: skip
    SCORE = 0.35

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        out = []
        for m in _UK_PHONE.finditer(text):
            nsn = m["nsn"]
            groups = _PHONE_SEP.split(nsn)
            digits = "".join(groups)
            if len(groups) > 4 or any(len(g) < 3 for g in groups[1:]):
                continue  # "0 1 2 3 4 5 6 7 8 9" is a list, not a number
            first = digits[0]
            if first in "46" or (len(digits) == 9 and first not in "18"):
                continue
            if m["prefix"].startswith("(") and ")" not in nsn:
                continue
            kind = {"7": "mobile", "1": "landline", "2": "landline", "8": "freephone/special"}
            why = f"matched the UK {kind.get(first, 'non-geographic')} number shape"
            if digits.startswith(_DRAMA_PREFIXES):
                why += " (an Ofcom range reserved for drama, so test data or fiction)"
            out.append(
                _result(self, "PHONE_NUMBER", m.start(), m.end(), self.SCORE, why,
                        pattern_name="uk-phone-shape", context_done=False)
            )
        return out


_POSTCODE_BODY = (
    r"(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})"
)
_POSTCODE = regex.compile(rf"(?<![\w]){_POSTCODE_BODY}(?!\w)", regex.IGNORECASE)

_STREET_SUFFIXES = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Crescent|Cres|Drive|Dr|Grove|Gr|Terrace|Terr"
    "|Tce|Place|Pl|Way|Gardens|Gdns|Court|Ct|Mount|View|Walk|Row|Square|Sq|Hill|Green|Rise"
    "|Mews|Parade|Fold|Garth|Croft|Approach|Boulevard|Chase|Dale|Grange|Heights|Vale|Wharf"
    "|Yard|Wynd|Lea|Brow|Nook|Meadows?|Fields|Mead|Crest|Glade|Paddock|Orchard|Walks"
)
_MONTH_NAMES = (
    "(?:January|February|March|April|May|June|July|August|September|October|November"
    "|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_STREET_ADDRESS_BODY = rf"""
    (?P<flat> (?:Flat|Apartment|Apt\.?|Unit|Room) [ ]+ [0-9]{{1,4}}[A-Za-z]? ,? [ ]+ )?
    (?P<num> [0-9]{{1,3}}[A-Za-z]? (?:[ ]?[-–][ ]?[0-9]{{1,3}}[A-Za-z]?)? ) \b ,? [ ]+
    (?!{_MONTH_NAMES}[ ])
    (?P<name> \p{{Lu}}[\p{{L}}'’.\-]*[ ]+
              (?:(?:\p{{Lu}}[\p{{L}}'’.\-]*|of|upon|under|de|la|le)[ ]+){{0,3}}? )
    (?P<suffix> {_STREET_SUFFIXES} | ROAD|STREET|LANE|AVENUE|CLOSE|DRIVE|GROVE|TERRACE|WAY ) \.?
    (?![\w'’])
"""
_STREET_ADDRESS = regex.compile(rf"(?<![\w£$€.,/\-]){_STREET_ADDRESS_BODY}", regex.VERBOSE)
_TOWN_WORD = r"\p{Lu}[\p{Ll}'’\-]+"
# An address, then up to three town words ("Headingley, Leeds"), then the end of the window.
_ADDRESS_BEFORE = regex.compile(
    rf"(?<![\w£$€.,/\-]){_STREET_ADDRESS_BODY}(?:,?[ ]+{_TOWN_WORD}){{0,3}},?[ ]*$",
    regex.VERBOSE,
)
_STREET_ABBREVIATIONS = frozenset("rd st ln ave cres dr gr terr tce pl gdns ct sq".split())
_POSTCODE_AFTER = regex.compile(rf"(?:,?[ ]+{_TOWN_WORD}){{0,3}},?[ ]+{_POSTCODE_BODY}(?!\w)")
_TOWN_BEFORE = regex.compile(rf"(?:^|[ ,(])(?P<town>{_TOWN_WORD}),?[ ]+$")
_NOT_TOWNS = frozenset(
    "The In At On Near From To My Our Her His Their Your Its Is Was Visit Postcode Post "
    "Code Address And Or But For With By Of Call Email Contact Ring Text Phone Area".split()
)
_POSTCODE_CUE = regex.compile(
    r"(?<!\w)(?:post\s?codes?|postal\s+code|address(?:es)?|lives?|living|lived|resides?"
    r"|residing|moved|home|house|property)(?!\w)",
    regex.IGNORECASE,
)
_ADDRESS_CUE = regex.compile(
    r"(?<!\w)(?:address(?:es)?|lives?|living|lived|resides?|residing|moved|home|house"
    r"|property|tenant|tenancy|door|neighbou?rs?)(?!\w)",
    regex.IGNORECASE,
)
_WORDS_BACK = 6


def _last_words(text: str, end: int, n: int = _WORDS_BACK) -> str:
    """The last ``n`` whitespace-separated words before ``end``, within the same sentence."""
    window = text[max(0, end - 120) : end]
    cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"))
    if cut >= 0:
        window = window[cut + 1 :]
    return " ".join(window.split()[-n:])


class _UkPostcodeRecognizer(_OwnRecognizer):
    """A UK postcode; personal data mostly when it finishes an address."""

    ENTITIES = ("UK_POSTCODE",)
    BARE, CUED, AFTER_ADDRESS = 0.4, 0.6, 0.7

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        out = []
        for m in _POSTCODE.finditer(text):
            code = m.group()
            if not (code.isupper() or code.islower()):
                continue  # "Ls6 2aB" is noise, not a postcode someone typed
            before = text[max(0, m.start() - 120) : m.start()]
            line = before.rsplit("\n", 1)[-1]
            town = _TOWN_BEFORE.search(line)
            if _ADDRESS_BEFORE.search(line):
                score, why = self.AFTER_ADDRESS, "a UK postcode straight after a street address"
            elif town and town["town"] not in _NOT_TOWNS:
                score = self.AFTER_ADDRESS
                why = f"a UK postcode straight after the place name '{town['town']}'"
            elif cue := _POSTCODE_CUE.search(_last_words(text, m.start())):
                score = self.CUED
                why = f"a UK postcode with '{cue.group().lower()}' just before it"
            else:
                score, why = self.BARE, "a UK postcode on its own (no address nearby)"
            out.append(_result(self, "UK_POSTCODE", m.start(), m.end(), score, why,
                               pattern_name="uk-postcode"))
        return out


class _StreetAddressRecognizer(_OwnRecognizer):
    """House number + street name + a street suffix from a closed list."""

    ENTITIES = ("STREET_ADDRESS",)
    BASE, STRONG, WITH_POSTCODE = 0.55, 0.75, 0.8

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        out = []
        for m in _STREET_ADDRESS.finditer(text):
            start, end = m.start(), m.end()
            if text[end - 1] == "." and m["suffix"].lower() not in _STREET_ABBREVIATIONS:
                end -= 1  # "12 Oak Road." ends a sentence; "12 High St." may not
            desc = f"house number, street name and the street word '{m['suffix']}'"
            if _POSTCODE_AFTER.match(text[end : end + 60].split("\n", 1)[0]):
                score, why = self.WITH_POSTCODE, f"{desc}, followed by a postcode"
            elif m["flat"]:
                score, why = self.STRONG, f"a flat number then {desc}"
            elif cue := _ADDRESS_CUE.search(_last_words(text, start)):
                score, why = self.STRONG, f"{desc}, with '{cue.group().lower()}' just before"
            else:
                score, why = self.BASE, desc
            out.append(_result(self, "STREET_ADDRESS", start, end, score, why,
                               pattern_name="uk-street-address"))
        return out


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
    day, mon, year = (
        (m["td"], m["tm"], m["ty"]) if m["td"] is not None else (m["ud"], m["um"], m["uy"])
    )
    month = _MONTHS[mon[:3].lower()]
    if year is None:
        return _real_date(int(day), month, None), False
    return any(_real_date(int(day), month, y) for y in _years(year)), True


class _DateOfBirthRecognizer(_OwnRecognizer):
    """A calendar date within a few words of "born", "DOB", "date of birth", "birthday"."""

    ENTITIES = ("DATE_OF_BIRTH",)
    FULL, NO_YEAR = 0.85, 0.6
    GAP_BEFORE, GAP_AFTER = 6, 4  # words allowed between cue and date

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
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
            out.append(_result(self, "DATE_OF_BIRTH", m.start(), m.end(), score, why,
                               pattern_name="date-near-birth-word"))
        return out

    def _cue_for(self, text: str, start: int, end: int, cues: list) -> str | None:
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
_PLANNING_REF = regex.compile(r"[0-9]{2}/[0-9]{4,6}/[A-Z]{2,4}", regex.IGNORECASE)
_NUMERIC_DATE = regex.compile(r"[0-3]?[0-9]([/\-])[01]?[0-9]\1(?:[0-9]{2}|[0-9]{4})")
_COUNCIL_TAX = regex.compile(r"(?<!\w)(?:council\s+tax|c\.?\s?tax)(?!\w)", regex.IGNORECASE)
_PLANNING = regex.compile(r"(?<!\w)(?:planning|application|appeal)(?!\w)", regex.IGNORECASE)
_STRONG_REF_CUES = frozenset(
    {"council tax", "ctax", "c tax", "rent account", "housing benefit", "tenancy", "case",
     "claim", "crm"}
)


class _ReferenceRecognizer(_OwnRecognizer):
    """Account, case and claim references: 6-12 letters/digits right after a cue word."""

    ENTITIES = ("COUNCIL_TAX_REF", "CASE_REF")
    STRONG, WEAK = 0.85, 0.7

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        out = []
        for m in _REF_CUE.finditer(text):
            ref = m["ref"]
            alnum = sum(ch.isalnum() for ch in ref)
            digits = sum(ch in "0123456789" for ch in ref)
            if not 6 <= alnum <= 12 or digits < 4:
                continue
            if _PLANNING_REF.fullmatch(ref) or _NUMERIC_DATE.fullmatch(ref):
                continue  # planning applications and dates are other rules' business
            lead = _last_words(text, m.start("ref"), 8)
            if _PLANNING.search(lead):
                continue
            cue = " ".join(m["cue"].lower().replace(".", "").split())
            if cue in {"council tax", "ctax", "c tax"} or _COUNCIL_TAX.search(lead):
                entity, score = "COUNCIL_TAX_REF", self.STRONG
            else:
                entity = "CASE_REF"
                score = self.STRONG if cue in _STRONG_REF_CUES else self.WEAK
            if entity not in entities:
                continue
            why = f"a {alnum}-character reference right after '{m['cue'].strip()}'"
            if entity == "COUNCIL_TAX_REF" and cue not in {"council tax", "ctax", "c tax"}:
                why += " in a sentence about council tax"
            out.append(_result(self, entity, m.start("ref"), m.end("ref"), score, why,
                               pattern_name="reference-after-cue"))
        return out


_PHONE_PREFIX_BEFORE = regex.compile(r"(?:\+44|\(0\)|(?<![0-9])\(?0)[ .\-]?\)?$")


class _NhsNumberRecognizer(NhsRecognizer):
    """Presidio's NHS recogniser, but a passed checksum alone scores 0.8, not 1.0.

    One random 10-digit number in eleven passes mod-11, so a council-tax account number
    (found by context, 0.85) should beat a bare checksum match; "NHS" nearby still gives 1.0.
    """

    PATTERNS = [Pattern("NHS number (mod-11 checksum passed)",
                        r"\b([0-9]{3})[- ]?([0-9]{3})[- ]?([0-9]{4})\b", 0.8)]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if super().validate_result(pattern_text) else False

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        # "+44 (0)113 496 0123" holds a 3-3-4 group that can pass mod-11: a phone, not NHS.
        return [
            r for r in super().analyze(text, entities, nlp_artifacts, regex_flags)
            if not _PHONE_PREFIX_BEFORE.search(text, max(0, r.start - 8), r.start)
        ]


class _VehicleRegistrationRecognizer(UkVehicleRegistrationRecognizer):
    """Presidio's, but a plausible age identifier keeps the base score instead of 1.0.

    Presidio treats any passed validator as proof; "AB51 ABC"-shaped capitals are common
    enough (acronyms, codes) that only context words should push them up.
    """

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if super().validate_result(pattern_text) else False


# What a passed ``validate_result`` means, per Presidio recogniser, in plain words.
_VALIDATOR_WORDS = {
    "CreditCardRecognizer": "Luhn checksum passed",
    "IbanRecognizer": "IBAN checksum passed",
    "EmailRecognizer": "the domain has a known suffix",
}


# ------------------------------------------------------------------------ the analyser


def _build_registry() -> RecognizerRegistry:
    def case_sensitive(rec: Any) -> Any:
        # Presidio compiles every pattern with IGNORECASE; "M62 and" is not a number plate.
        rec.global_regex_flags = _CASE_SENSITIVE
        return rec

    recognisers = [
        EmailRecognizer(context=["email", "e-mail", "mail", "contact"]),
        PhoneRecognizer(supported_regions=("GB",), context=_UkPhoneRegexRecognizer.CONTEXT),
        _UkPhoneRegexRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        _NhsNumberRecognizer(context=["nhs", "national health service", "health"],
                             name="NhsNumberRecognizer"),
        UkNinoRecognizer(context=["national insurance", "ni number", "nino", "ni", "nin"]),
        case_sensitive(UkPassportRecognizer(context=["passport", "hmpo"])),
        case_sensitive(UkDrivingLicenceRecognizer(
            context=["driving licence", "driving license", "licence", "license", "dvla"])),
        case_sensitive(_VehicleRegistrationRecognizer(
            context=["vehicle", "registration", "reg", "number plate", "plate", "vrn", "dvla",
                     "car", "van", "mot"],
            name="VehicleRegistrationRecognizer")),
        _UkPostcodeRecognizer(),
        _StreetAddressRecognizer(),
        _DateOfBirthRecognizer(),
        _ReferenceRecognizer(),
        SpacyRecognizer(supported_language=_LANG, supported_entities=["PERSON"]),
    ]
    return RecognizerRegistry(recognizers=recognisers, supported_languages=[_LANG])


def _explain(result: RecognizerResult) -> str:
    """Plain words: what matched, what validated it, which context word raised the score."""
    expl: AnalysisExplanation | None = result.analysis_explanation
    if expl is None:  # pragma: no cover - we always ask Presidio for the decision process
        return f"found as {result.entity_type}"
    base = expl.textual_explanation or ""
    if base.startswith("Detected by `"):  # a Presidio pattern recogniser
        base = f"matched the '{expl.pattern_name}' pattern"
    elif base.startswith("Recognized as "):  # Presidio's PhoneRecognizer
        region = base.removeprefix("Recognized as ").split(" ", 1)[0]
        base = f"libphonenumber accepts it as a valid {region} phone number"
    elif base.startswith("Identified as "):
        base = f"spaCy's named-entity model labelled it {result.entity_type}"
    parts = [f"{base} (score {expl.original_score:.2f})"]
    if expl.validation_result is True:
        parts.append(_VALIDATOR_WORDS.get(expl.recognizer, "its validator passed"))
    if expl.supportive_context_word:
        parts.append(f"the word '{expl.supportive_context_word}' nearby raised it to "
                     f"{result.score:.2f}")
    return "; ".join(parts)


def _resolve_overlaps(hits: list[PiiHit]) -> list[PiiHit]:
    """Keep the higher score where hits overlap (ties: the longer span), sorted by start."""
    ranked = sorted(
        hits, key=lambda h: (-h.score, -(h.end - h.start), h.start, h.entity, h.recogniser)
    )
    kept: list[PiiHit] = []
    for hit in ranked:
        if all(hit.end <= k.start or k.end <= hit.start for k in kept):
            kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end, h.entity))
    return kept


class PiiAnalyser:
    """Presidio configured for UK councillors' posts, fed the caller's spaCy ``Doc``.

    Build once (it reuses ``nlp``; nothing is loaded or downloaded), then call
    :meth:`analyse` per post.
    """

    def __init__(self, nlp: Language) -> None:
        self._nlp_engine = _SharedDocNlpEngine(nlp)
        self._engine = AnalyzerEngine(
            registry=_build_registry(),
            nlp_engine=self._nlp_engine,
            supported_languages=[_LANG],
            context_aware_enhancer=_WindowContextEnhancer(),
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
        results = self._engine.analyze(
            text=text,
            language=_LANG,
            entities=sorted(wanted),
            nlp_artifacts=self._nlp_engine.artifacts(spacy_doc),
            return_decision_process=True,
            score_threshold=min_score,
        )
        hits = [
            PiiHit(
                entity=r.entity_type,
                start=r.start,
                end=r.end,
                score=round(min(1.0, max(0.0, r.score)), 4),
                recogniser=str(r.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY]),
                explanation=_explain(r),
            )
            for r in results
            if r.entity_type in wanted and r.score > 0 and r.score >= min_score
        ]
        return _resolve_overlaps(hits)
