"""Which language a post is written in: English, Welsh, a mix of the two, or another language.

pausecheck's rules are written for English, with a small Welsh lexicon (swearing and insults);
a post in another language would otherwise pass silently. :func:`detect` says what the post is
written in, sentence by sentence, so the engine can tell the member what was not checked.

The statistical part is langid.py's naive Bayes model over byte n-grams, as packaged by
``py3langid`` (BSD-3-Clause; the model ships inside the wheel, nothing is downloaded). It is
accurate on a sentence of forty characters or more and unreliable below that (``Hello`` comes
out as Breton), so two cheap word screens come first:

- **plainly English**: a post with no Welsh cue at all and plenty of English function words is
  English without asking the model, so an English-only workload never loads it (loading takes
  about half a second);
- **short posts** (under 40 letters once links, handles and hashtags are set aside) are English
  unless Welsh words are strong evidence: two Welsh function words or greetings (``diolch yn
  fawr``, ``bore da``), or one with the model agreeing. A short post in another script (Arabic,
  Chinese…) is still given to the model.

Longer posts are split into sentences (and lines, and `` / `` or `` | `` between a bilingual
post's halves); the model labels each sentence of twenty letters or more, and shorter ones take
the label of the post as a whole. The post is ``cy`` when at least 80% of its labelled letters
are Welsh, ``mixed`` when any sentence is Welsh, ``other:<code>`` when another language has the
majority, and ``en`` otherwise.

Nothing is loaded at import time and nothing is cached here: the caller owns the model
(:class:`pausecheck.resources.Resources` loads it once, on first use) and hands :func:`detect`
either the model or a function that loads it, which is called only when the model is needed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import regex

from pausecheck.text.tokenise import word_key

__all__ = [
    "LanguageGuess", "LanguageModel", "SentenceLanguage", "detect", "language_name", "load_language_model",
    "welsh_evidence",
]

#: Below this many letters a post is "short": English unless Welsh words are strong evidence.
SHORT_POST = 40
#: Sentences with fewer letters than this are not labelled on their own (the model is unreliable).
SHORT_SENTENCE = 20
#: Share of labelled letters in Welsh at or above which the post counts as Welsh, not mixed.
WELSH_POST_SHARE = 0.8
#: Welsh evidence (see :func:`welsh_evidence`) that settles a short post without the model.
STRONG_WELSH = 2.0
#: The model's probability a non-English, non-Welsh label needs before a sentence counts as it.
OTHER_CONFIDENCE = 0.9

# Welsh words that are not English words: function words, the commonest verbs and nouns of a
# ward update, with their mutated forms (soft, nasal, aspirate) where those are common. Keys
# are lower case without accents (``tŷ`` -> ``ty``), as :func:`word_key` makes them. Left out on
# purpose because they are also English words, names or abbreviations: a, i, ac, am, ar, beth,
# bob, bore, dan, da, dim, dod, eu, fan, faint, fu, fy, hen, hon, man, mi, ni, nos, pam, sir,
# tan, ward. Contractions (i'r, ti'n) are matched by their ending below.
_WELSH_WORDS = frozenset(
    """
    y yr yn ym yng mae maen oedd roedd roeddwn oes sydd sy ydy ydi yw ydw ydych ydyn ydym rydw
    rwy rwyf dwi dw rydyn rydym rydych bydd fydd byddwn fyddwn byddai fyddai bydda wedi
    gyda efo hefo hefyd ond neu ein eich ei dy hwn hyn hynny yma yno fe nhw chi ti
    dros drwy trwy tuag wrth rhwng heb ger erbyn ynghyd mewn ddim
    diolch ddiolch iawn mawr fawr bawb pawb pob gyd heddiw yfory ddoe heno nawr rwan
    dydd ddydd wythnos blwyddyn flwyddyn mlynedd eleni llynedd
    cyngor gyngor nghyngor cynghorydd gynghorydd cynghorwyr gynghorwyr cymuned gymuned
    nghymuned cymunedol gymunedol cymru gymru nghymru cymraeg gymraeg ysgol ffordd ffyrdd
    gwaith waith newyddion llongyfarchiadau croeso shwmae shwmai sut pryd ble pwy
    rhagor mwy llawer rhai arall eraill erioed byth amser cael gael gwneud wneud mynd
    gweld weld eisiau isio angen rhaid gallu gwybod meddwl siarad cyfarfod gyfarfod
    trigolion preswylwyr ardal neuadd canolfan ganolfan lleol leol prosiect cyhoeddus gyhoeddus
    """.split()
)
# Two-word greetings and phrases that are Welsh beyond doubt (each counts as two cues).
_WELSH_PHRASES = (
    ("bore", "da"), ("nos", "da"), ("prynhawn", "da"), ("diolch", "yn"), ("pob", "lwc"),
    ("iechyd", "da"), ("nadolig", "llawen"), ("blwyddyn", "newydd"), ("gwyl", "dewi"),
    ("dydd", "gwyl"), ("sut", "mae"), ("da", "iawn"), ("i", "gyd"),
)
# Welsh contractions: ti'n, mae'r, i'r, sy'n, i'w, i'ch, a'th (English has no word ending so;
# Welsh i'm "to my" is left out, being spelt as English I'm).
_WELSH_CONTRACTION = regex.compile(r"^\p{L}+'(?:n|r|w|ch|th)$")
# Word-initial spellings English does not have: dd-, ngh-, mh- (mutations), and ll- (also in
# place names such as Llanelli, so it counts only half).
_WELSH_ONSET = regex.compile(r"^(?:dd|ngh)\p{L}")
_WELSH_LL = regex.compile(r"^ll[^a]\p{L}")
# English function words: a post full of these and without Welsh cues is English.
_ENGLISH_WORDS = frozenset(
    """
    the and to of in is for on with at this that it we our you your are was were be been have
    has had will would not but they their them there here from by an as or if so do does did
    can could should about all more what when who which how just my me i he she his her him us
    very really today tonight tomorrow thanks thank please great good new its it's i'm we're
    we've don't can't won't there's that's let's no yes get got going out up one some any
    """.split()
)
# The commonest function words of the other languages most written in the UK (French, German,
# Spanish, Italian, Portuguese, Polish, Romanian, Dutch, Irish), less those that are also English
# words, names or abbreviations (der, den, des, et, les, van, per, non, para, ale, ta, com…): one
# of these sends a post to the model even when it has English words.
_FOREIGN_WORDS = frozenset(
    """
    de la le une du pas pour avec dans sur qui nous vous und das ist nicht ich wir mit sie ein
    eine auf dem zu auch los las que por con una es muy gli sono della delle uma nao sao jest
    nie ze jak sie sau este het een zijn niet ook agus
    """.split()
)
# Each alternative can start only where its run starts (the look-behinds), so a 20,000-letter
# "word" is scanned once, not once per letter.
_URLISH = regex.compile(
    r"https?://\S+|(?<![\w.])www\.\S+|(?<![\w.+-])[\w.+-]{1,64}+@[\w-]++\.[\w.]++"
    r"|(?<![\p{L}\p{N}_.])[@#][\p{L}\p{N}_]+"
)
_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)*")
# Sentence ends, line breaks, and the " / " or " | " between a bilingual post's two halves.
_SENTENCE_END = regex.compile(r"(?<=[.!?…])\s+|(?<!\s)\s*\n\s*|(?<!\s)\s+[/|]\s+")


# English names of the languages most often written in the UK besides English and Welsh (the
# 2021 census's main languages), for messages; any other is shown by its ISO 639 code.
_NAMES = {
    "ar": "Arabic", "bn": "Bengali", "de": "German", "es": "Spanish", "fr": "French", "ga": "Irish",
    "gd": "Scottish Gaelic", "gu": "Gujarati", "hi": "Hindi", "it": "Italian", "kw": "Cornish",
    "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "pa": "Punjabi", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "so": "Somali", "ta": "Tamil", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "zh": "Chinese", "yue": "Cantonese", "wuu": "Chinese (Wu)", "cy": "Welsh", "en": "English",
}


def language_name(code: str) -> str:
    """``"fr"`` or ``"other:fr"`` -> ``"French"``; a code without a name here -> ``"another
    language (ISO 639 code xx)"``."""
    code = code.removeprefix("other:")
    return _NAMES.get(code, f"another language (ISO 639 code {code})")


@dataclass(frozen=True, slots=True)
class SentenceLanguage:
    """One sentence's label. ``by``: ``model``; ``cues`` (the word screens); ``post`` (too short
    to label on its own: it takes the post's language); ``default`` (a short post without
    evidence, taken as English)."""

    start: int
    end: int
    code: str
    confidence: float
    by: str


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What a post is written in.

    ``code`` is ``"en"``, ``"cy"`` (Welsh), ``"mixed"`` (a sentence or more of Welsh in an English
    post) or ``"other:<ISO 639 code>"``. ``confidence`` is between 0 and 1 (0 for a post without
    letters, 0.5 for a short post taken as English for want of evidence). ``share_by_sentence``
    gives, for each language, the share of the post's letters in sentences labelled with it,
    largest first. ``sentences`` are code-point offsets into the text given to :func:`detect`.
    ``used_model`` says whether the statistical model was asked (the word screens settle most
    English posts).
    """

    code: str
    confidence: float
    share_by_sentence: tuple[tuple[str, float], ...] = ()
    sentences: tuple[SentenceLanguage, ...] = ()
    used_model: bool = False

    def share(self, language: str) -> float:
        """The share of the post's letters in sentences labelled ``language`` (0 if none)."""
        return dict(self.share_by_sentence).get(language, 0.0)

    @property
    def is_english(self) -> bool:
        return self.code == "en"

    @property
    def has_welsh(self) -> bool:
        return self.code in ("cy", "mixed")


class LanguageModel:
    """langid.py's model (via py3langid), with probabilities normalised to sum to one.

    Build it with :func:`load_language_model`; one is enough for a process (it is read-only, so
    threads may share it).
    """

    def __init__(self, identifier: Any) -> None:
        self._identifier = identifier
        self.languages: frozenset[str] = frozenset(identifier.nb_classes)

    def rank(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        """The ``top`` most likely languages of ``text``, best first, with probabilities."""
        return [(str(code), float(p)) for code, p in self._identifier.rank(text)[:top]]


def load_language_model() -> LanguageModel:
    """Load the model shipped in the py3langid wheel (about half a second). Each call loads one."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    return LanguageModel(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


ModelSource = LanguageModel | Callable[[], LanguageModel]


class _Lazy:
    """The model, asked for only when a decision needs it."""

    def __init__(self, source: ModelSource) -> None:
        self._source = source
        self._model: LanguageModel | None = source if isinstance(source, LanguageModel) else None
        self.used = False

    def rank(self, text: str) -> list[tuple[str, float]]:
        if self._model is None:
            assert not isinstance(self._source, LanguageModel)
            self._model = self._source()
        self.used = True
        return self._model.rank(text)


def _cleaned(text: str) -> str:
    """The text with links, e-mail addresses, handles and hashtags blanked (offsets kept) and
    invisible format characters (zero-width spaces, bidi controls) turned into spaces."""
    text = "".join(" " if unicodedata.category(c) == "Cf" else c for c in text)
    return _URLISH.sub(lambda m: " " * len(m.group()), text)


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _keys(text: str) -> list[str]:
    return [word_key(m.group()) for m in _WORD.finditer(text)]


def welsh_evidence(text: str) -> float:
    """How strongly the words of ``text`` say Welsh: one per Welsh function word or contraction,
    two per Welsh greeting or phrase, one for a ŵ or ŷ, half per dd-/ngh-/ll- word onset."""
    keys = _keys(text)
    score = 0.0
    for k in keys:
        if k in _WELSH_WORDS or _WELSH_CONTRACTION.match(k):
            score += 1
        elif _WELSH_ONSET.match(k) or _WELSH_LL.match(k):
            score += 0.5
    for a, b in pairwise(keys):
        if (a, b) in _WELSH_PHRASES:
            score += 2
    if any(c in "ŵŷŴŶ" for c in text):
        score += 1
    return score


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for c in letters if "LATIN" in unicodedata.name(c, "")) / len(letters)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _label(ranked: list[tuple[str, float]], welsh: float, latin: float) -> tuple[str, float] | None:
    """A sentence's language from the model's ranking, its Welsh evidence and its share of Latin
    letters (text mostly in another script is not English, however unsure the model). None: unsure."""
    top, p = ranked[0]
    if top in ("en", "cy"):
        return top, p
    codes = [c for c, _ in ranked]
    if "cy" in codes and welsh >= 1:
        return "cy", dict(ranked)["cy"]
    if (p >= OTHER_CONFIDENCE or latin < 0.5) and welsh < STRONG_WELSH:
        return f"other:{top}", p
    if "en" in codes:
        return "en", dict(ranked)["en"]
    return None


def _short(text: str, model: _Lazy) -> LanguageGuess:
    """A post of fewer than :data:`SHORT_POST` letters: English unless the evidence is strong."""

    def guess(code: str, confidence: float, by: str) -> LanguageGuess:
        confidence = round(confidence, 3)
        whole = (SentenceLanguage(0, len(text), code, confidence, by),)
        return LanguageGuess(code, confidence, ((code, 1.0),), whole, model.used)

    if _latin_share(text) < 0.5:  # another script: the model is reliable on it even when short
        top, p = model.rank(text)[0]
        if top not in ("en", "cy"):
            return guess(f"other:{top}", p, "model")
    welsh = welsh_evidence(text)
    if welsh >= STRONG_WELSH:
        return guess("cy", min(0.99, 0.6 + 0.1 * welsh), "cues")
    if welsh >= 1:
        ranked = dict(model.rank(text))
        if ranked.get("cy", 0.0) >= 0.8:
            return guess("cy", ranked["cy"], "model")
    return guess("en", 0.5, "default")


def _plainly_english(text: str) -> bool:
    """English function words, and no Welsh cue nor a function word of another language: the
    model is not needed."""
    keys = _keys(text)
    english = sum(1 for k in keys if k in _ENGLISH_WORDS)
    return (english >= 2 and english / len(keys) >= 0.1 and not any(k in _FOREIGN_WORDS for k in keys)
            and welsh_evidence(text) == 0 and _latin_share(text) >= 0.95)


def detect(text: str, model: ModelSource) -> LanguageGuess:
    """What ``text`` is written in (see the module docstring for how it decides).

    ``model`` is a :class:`LanguageModel` or a function returning one, called only when the
    statistical model is needed. Deterministic: the same text always gives the same guess.
    """
    lazy = _Lazy(model)
    clean = _cleaned(text)
    total = _letters(clean)
    if total == 0:
        return LanguageGuess("en", 0.0)
    if total < SHORT_POST:
        return _short(clean, lazy)
    if _plainly_english(clean):
        return LanguageGuess("en", 0.95, (("en", 1.0),), (SentenceLanguage(0, len(text), "en", 0.95, "cues"),))
    labelled: list[tuple[int, int, int, str, float, str]] = []  # start, end, letters, code, p, by
    pending: list[tuple[int, int, int]] = []
    for s, e in _sentences(clean):
        part = clean[s:e]
        n = _letters(part)
        if n == 0:
            continue
        welsh = welsh_evidence(part)
        if n < SHORT_SENTENCE:
            if welsh >= STRONG_WELSH:
                labelled.append((s, e, n, "cy", round(min(0.99, 0.6 + 0.1 * welsh), 3), "cues"))
            else:
                pending.append((s, e, n))
            continue
        label = _label(lazy.rank(part), welsh, _latin_share(part))
        if label is None:
            pending.append((s, e, n))
        else:
            labelled.append((s, e, n, label[0], label[1], "model"))
    if pending:
        # Too short to label alone: they take the label of the whole post.
        whole = _label(lazy.rank(clean), welsh_evidence(clean), _latin_share(clean)) or ("en", 0.5)
        labelled += [(s, e, n, whole[0], whole[1], "post") for s, e, n in pending]
    labelled.sort()
    letters: dict[str, int] = {}
    weighted: dict[str, float] = {}
    for _, _, n, code, p, _ in labelled:
        letters[code] = letters.get(code, 0) + n
        weighted[code] = weighted.get(code, 0.0) + n * p
    counted = sum(letters.values())
    shares = tuple(sorted(((c, round(k / counted, 3)) for c, k in letters.items()), key=lambda cs: (-cs[1], cs[0])))
    share = dict(shares)
    others = [(c, v) for c, v in shares if c.startswith("other:")]
    if share.get("cy", 0.0) >= WELSH_POST_SHARE:
        code, conf = "cy", weighted["cy"] / letters["cy"]
    elif "cy" in share:
        code, conf = "mixed", weighted["cy"] / letters["cy"]
    elif others and others[0][1] >= 0.5:
        code = others[0][0]
        conf = weighted[code] / letters[code]
    else:
        code, conf = "en", weighted.get("en", 0.5 * counted) / max(letters.get("en", counted), 1)
    sentences = tuple(SentenceLanguage(s, e, c, round(p, 3), by) for s, e, _, c, p, by in labelled)
    return LanguageGuess(code, round(min(conf, 1.0), 3), shares, sentences, lazy.used)
