"""The word-by-word English reading of Welsh (pausecheck.text.gloss), on a glossary written here."""

from __future__ import annotations

import pytest

from pausecheck.text.gloss import MAX_PHRASE, GlossError, Glossary

ENTRIES = """
os = if | conj
maen = they are | vf
nhw = they | pron
eu = their | det
ei = his | det
gwneud = do | v
agor = open | v
bod = be | v
dw = am | vf
i = I | pron
gweld = see | v
y = the | det
swyddog = officer | n
eto = again | adv
ca = get | vf
gair = word | n
efo = with | prep
fo = him | pron
o = he | pron
tu allan = outside | adv
mae = is | vf
hi = she | pron
twp = stupid | adj
dyn = man | n
yn = in | prep
ffŵl = fool | n
lladd = kill | v
ddim = not | neg
dydi = isn't | vf
gwastraff lle = waste of space | phrase
cynghorydd = councillor | n
cath = cat | n
tŷ = house | n
rhedeg = run | v
tref = town | n
""".strip().splitlines()


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.parse(ENTRIES, "test")


@pytest.mark.parametrize(("welsh", "english"), [
    # soft ("gath"), nasal ("nghath"), aspirate ("chath") mutation all find "cath"
    ("y gath", "the cat"),
    ("fy nghath", "fy cat"),
    ("ei chath", "his cat"),
    # soft mutation of a g-word drops the g: "air" is "gair"
    ("gair", "word"), ("air", "word"),
    # a missing circumflex still finds the word
    ("ty", "house"),
])
def test_mutated_and_unaccented_forms_find_their_radical(glossary: Glossary, welsh: str, english: str) -> None:
    assert glossary.gloss(welsh).text == english


def test_yn_before_a_verb_noun_is_the_continuous_and_before_the_article_means_in(glossary: Glossary) -> None:
    assert glossary.gloss("mae o'n lladd y gath").text == "he is killing the cat"
    assert glossary.gloss("mae o'n rhedeg yn y dref").text == "he is running in the town"
    assert glossary.gloss("mae o'n agor").text == "he is opening"  # not "openning"
    assert glossary.gloss("mae o'n bod").text == "he is being"


def test_yn_before_an_adjective_or_a_noun_is_the_predicate(glossary: Glossary) -> None:
    assert glossary.gloss("Mae hi'n dwp").text == "she is stupid"
    assert glossary.gloss("mae o'n ffŵl").text == "he is a fool"


def test_english_word_order(glossary: Glossary) -> None:
    # the verb before its subject, pronoun or noun phrase; the adjective after its noun
    assert glossary.gloss("Dyn twp").text == "stupid man"
    assert glossary.gloss("dydi hi ddim").text == "she isn't"  # the second "not" is the verb's
    assert glossary.gloss("dydi'r dyn ddim yn dwp").text == "the man isn't stupid"
    # a predicate adjective stays after its verb; an attributive one goes before the noun
    assert glossary.gloss("mae'r dyn twp yn ffŵl").text == "the stupid man is a fool"
    assert glossary.gloss("maen nhw'n lladd").text == "they are killing"
    assert glossary.gloss("swyddog y dref").text == "officer of the town"  # the Welsh genitive  # the verb says "they" already
    # a possessive before a verb-noun is its object
    assert glossary.gloss("mae o'n eu gweld").text == "he is seeing them"
    assert glossary.gloss("mae hi'n ei wneud").text == "she is doing him"


def test_fixed_phrases_beat_their_words_and_keep_their_offsets(glossary: Glossary) -> None:
    g = glossary.gloss("Gwastraff lle llwyr.")
    assert g.text == "waste of space llwyr"
    assert (g.pieces[0].start, g.pieces[0].end) == (0, len("Gwastraff lle"))
    assert g.pieces[-1].pos == "?"  # a word the glossary lacks is kept as written
    assert g.known == pytest.approx(2 / 3)


def test_a_name_after_a_title_is_read_as_the_stand_in(glossary: Glossary) -> None:
    # a surname must not move a score; "Rhys" is read as the checker's one stand-in
    assert glossary.gloss("mae'r Cynghorydd Rhys Jones yn lladd y gath").text == \
        "the councillor Clarke is killing the cat"


def test_pieces_point_into_the_original_text(glossary: Glossary) -> None:
    text = "Os dw i'n gweld y swyddog eto, mi ga i air efo fo tu allan"
    g = glossary.gloss(text)
    assert {text[p.start:p.end] for p in g.pieces} >= {"swyddog", "air", "tu allan", "gweld"}
    assert "word with him outside" in g.text


def test_a_stretch_of_the_text(glossary: Glossary) -> None:
    text = "Diolch. Mae hi'n dwp."
    assert glossary.gloss(text, 8).text == "she is stupid"


@pytest.mark.parametrize("bad", [
    "lladd kill | v",  # no "="
    "lladd = kill",  # no pos
    "lladd = kill | verb",  # not one of POS
    " = kill | v",  # no Welsh
    "lladd = | v",  # no English
    " ".join(["gair"] * (MAX_PHRASE + 1)) + " = word | phrase",
])
def test_a_malformed_entry_is_refused_by_name(bad: str) -> None:
    with pytest.raises(GlossError, match="welsh-english"):
        Glossary.parse([bad], "welsh-english")


def test_the_first_entry_of_a_word_wins() -> None:
    g = Glossary.parse(["man = place | n", "man = spot | n"])
    assert g.lookup("man") == ("place", "n")
    assert len(g) == 1
