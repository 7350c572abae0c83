"""Language identification: English, Welsh, mixed, short posts, no letters, other languages.

The Welsh sentences are our own, written for these tests (ward updates, greetings, insults).
"""

from __future__ import annotations

import pytest

from pausecheck.text.language import (
    LanguageGuess,
    LanguageModel,
    detect,
    language_name,
    load_language_model,
    welsh_evidence,
)


@pytest.fixture(scope="module")
def model() -> LanguageModel:
    return load_language_model()


ENGLISH = [
    "Great turnout at the library tonight, thanks everyone who came along.",
    "Full Council tonight. Budget vote at 7pm. Watch live on the webcast.",
    "Great to be in Llanelli and Pontypridd today with the team",
    "Lovely morning at Ysgol Glan Clwyd's summer fair, well done everyone.",
    "Diolch to everyone who came to the surgery at Cwmbran library on Saturday morning.",
    "Roundhay Park fireworks are back on 5 November! Free entry, gates open 6pm 🎆",
    "Lib Dem councillors voted against extending free school meals. Remember that in May.",
    "Dick Van Dyke's accent is still easier to follow than the council's new parking signs.",
]
WELSH = [
    "Diolch i bawb a ddaeth i'r cyfarfod heno yn neuadd y pentref. Roedd yn braf gweld cymaint ohonoch chi.",
    "Mae'r gwaith ar y ffordd fawr yn dechrau ddydd Llun. Bydd y ffordd ar gau am wythnos. Diolch am eich amynedd.",
    "Cyfarfod cymunedol nos Fawrth am 7yh yn y ganolfan. Croeso i bawb!",
    "Mae'r Cynghorydd Jones yn gelwyddgi ac yn dwpsyn. Cywilydd arno fe!",
    "Newyddion da: mae'r twll yn y ffordd ar Heol yr Orsaf wedi ei drwsio o'r diwedd.",
]
MIXED = [
    "Roadworks on the A470 start Monday and last a week. Bydd y ffordd ar gau am wythnos.",
    "Great news for the ward: the library is staying open!\nNewyddion gwych i'r ward: mae'r llyfrgell yn aros ar agor!",
    "Thanks to everyone who came to the meeting tonight / Diolch i bawb a ddaeth i'r cyfarfod heno",
    "Absolutely furious with the cabinet tonight. Mae'r Cynghorydd Evans yn dwpsyn llwyr ac yn gachgi.",
]
OTHER = [
    ("Merci beaucoup à tous pour votre soutien pendant la campagne électorale.", "fr"),
    ("Dziękuję wszystkim mieszkańcom za udział w dzisiejszym spotkaniu w bibliotece.", "pl"),
    ("Gracias a todos los vecinos que vinieron a la reunión de esta noche en el centro.", "es"),
    ("Vielen Dank an alle, die heute Abend zur Versammlung gekommen sind.", "de"),
    ("شكرا لكم جميعا", "ar"),
]
SHORT_WELSH = ["Bore da!", "Diolch yn fawr", "Ti'n dwpsyn llwyr", "Newyddion da i'r ward", "Pob lwc i bawb yfory",
               "Hapus Dydd Gŵyl Dewi!", "Llongyfarchiadau i'r tîm!"]
SHORT_ENGLISH = ["Hello", "Cheers Highways team!", "Pothole on Town Street fixed today 👍", "Merci!", "Llanelli v Llandudno",
                 "Bore off, Dave", "Tai chi at the community centre"]


@pytest.mark.parametrize("text", ENGLISH)
def test_english(model: LanguageModel, text: str) -> None:
    guess = detect(text, model)
    assert guess.code == "en"
    assert guess.is_english
    assert not guess.has_welsh
    assert guess.confidence >= 0.9
    assert guess.share("en") == 1.0


@pytest.mark.parametrize("text", WELSH)
def test_welsh(model: LanguageModel, text: str) -> None:
    guess = detect(text, model)
    assert guess.code == "cy"
    assert guess.has_welsh
    assert guess.confidence >= 0.9
    assert guess.share("cy") >= 0.8


@pytest.mark.parametrize("text", MIXED)
def test_mixed(model: LanguageModel, text: str) -> None:
    guess = detect(text, model)
    assert guess.code == "mixed"
    assert guess.has_welsh
    assert 0 < guess.share("cy") < 0.8
    assert guess.share("en") > 0.2
    # Each sentence is labelled, with offsets into the text as given.
    welsh = [s for s in guess.sentences if s.code == "cy"]
    assert welsh
    assert all(text[s.start:s.end].strip() for s in welsh)
    assert any(w in text[welsh[0].start:welsh[0].end] for w in ("Bydd", "Newyddion", "Diolch", "Mae'r"))


@pytest.mark.parametrize(("text", "code"), OTHER)
def test_other_language(model: LanguageModel, text: str, code: str) -> None:
    guess = detect(text, model)
    assert guess.code == f"other:{code}"
    assert not guess.is_english
    assert not guess.has_welsh


@pytest.mark.parametrize("text", SHORT_WELSH)
def test_short_welsh_needs_strong_evidence_and_has_it(model: LanguageModel, text: str) -> None:
    assert len(text) < 40
    assert detect(text, model).code == "cy"


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_posts_default_to_english(model: LanguageModel, text: str) -> None:
    guess = detect(text, model)
    assert guess.code == "en"


@pytest.mark.parametrize("text", ["👍👍🎉", "🙏", "!!!", "12:30", "https://bit.ly/3xYz @someone #Leeds", "\u200b\u200b"])
def test_no_letters_is_english_with_no_confidence(model: LanguageModel, text: str) -> None:
    guess = detect(text, model)
    assert guess == LanguageGuess("en", 0.0)


def test_deterministic(model: LanguageModel) -> None:
    for text in [*ENGLISH, *WELSH, *MIXED, *(t for t, _ in OTHER), *SHORT_WELSH, *SHORT_ENGLISH]:
        assert detect(text, model) == detect(text, model)
    assert detect(MIXED[0], model) == detect(MIXED[0], load_language_model())


def test_model_is_loaded_only_when_the_word_screens_cannot_tell(model: LanguageModel) -> None:
    calls: list[int] = []

    def load() -> LanguageModel:
        calls.append(1)
        return model

    for text in [*ENGLISH[:3], "Hello", "Bore da!", "Diolch yn fawr", "🙏"]:
        guess = detect(text, load)
        assert not guess.used_model
    assert calls == []
    assert detect(WELSH[0], load).used_model
    assert detect(OTHER[0][0], load).used_model
    assert len(calls) == 2  # one load per detect call that needed it; Resources keeps one for good


def test_welsh_evidence_counts_welsh_words_not_english_ones() -> None:
    assert welsh_evidence("Great to be in Llanelli today") < 1
    assert welsh_evidence("I'm off to the CoC hearing at the DWP") == 0
    assert welsh_evidence("Diolch yn fawr") >= 2  # a Welsh phrase
    assert welsh_evidence("Ti'n dwpsyn") >= 1  # a Welsh contraction
    assert welsh_evidence("Dydd Gŵyl Dewi") >= 2  # ŵ, and a greeting


def test_links_handles_and_hashtags_are_not_words(model: LanguageModel) -> None:
    text = "@CynghoryddJones #DyddGwylDewi https://example.cymru/newyddion-y-ward Great to see you all tonight at the hall."
    assert detect(text, model).code == "en"


def test_invisible_characters_do_not_hide_welsh(model: LanguageModel) -> None:
    text = "Mae'r\u200b gwaith ar y ffordd fawr yn dechrau ddydd Llun. Bydd y ffordd ar gau am wythnos."
    assert detect(text, model).code == "cy"


def test_language_names() -> None:
    assert language_name("other:fr") == "French"
    assert language_name("cy") == "Welsh"
    assert language_name("other:xx") == "another language (ISO 639 code xx)"


def test_long_post_stays_fast(model: LanguageModel) -> None:
    import time

    text = ("Mae'r gwaith ar y ffordd fawr yn dechrau ddydd Llun. Roadworks on the A470 start Monday. " * 200)[:20_000]
    start = time.perf_counter()
    guess = detect(text, model)
    assert guess.code == "mixed"
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("text", [
    "a" * 20_000,                      # one "word": e-mail and link patterns must not rescan it per letter
    "中文字符" * 5_000,
    "a." * 10_000,
    "a@" * 10_000,
    "Bydd" + " " * 19_990 + "/ x",     # a run of spaces before a separator
    "\n \n" * 6_000,
    "Ie. " * 5_000,
])
def test_hostile_posts_take_linear_time(model: LanguageModel, text: str) -> None:
    import time

    start = time.perf_counter()
    detect(text, model)
    assert time.perf_counter() - start < 1.0


def test_other_script_is_not_english_even_when_the_model_is_unsure(model: LanguageModel) -> None:
    assert detect("中文字符" * 5_000, model).code.startswith("other:")
