"""The analysed Doc: tokens, targets, reported speech, URLs, sentences, all in original offsets."""

from __future__ import annotations

import pytest

from pausecheck import Checker
from pausecheck.text.doc import GROUP_MASKED, GROUP_PHRASE, Analyser


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(vocabulary=["fuck", "idiot"], roles=["the planning officer", "the council leader"])


def test_tokens_handles_hashtags_and_urls(analyser: Analyser) -> None:
    doc = analyser.analyse("Thanks @LeedsCC for fixing it #Armley see https://bit.ly/x1 now")
    assert [t.text for t in doc.handles] == ["@LeedsCC"]
    assert [t.text for t in doc.hashtags] == ["#Armley"]
    assert [u.text for u in doc.urls] == ["https://bit.ly/x1"]
    assert all(not t.in_url for t in doc.words)


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("You are an idiot", "second_person", "You"),
        ("Cllr Jane Smith voted for it", "person", "Cllr Jane Smith"),
        ("Ask @bob_smith", "handle", "@bob_smith"),
        ("Everyone knows the planning officer is bent", "role", "the planning officer"),
    ],
)
def test_targets(analyser: Analyser, text: str, kind: str, target: str) -> None:
    doc = analyser.analyse(text)
    assert (kind, target) in [(t.kind, t.text) for t in doc.targets]


def test_target_offsets_point_into_the_original(analyser: Analyser) -> None:
    text = "\u200bCllr Jane Smith is an idiot"
    doc = analyser.analyse(text)
    person = next(t for t in doc.targets if t.kind == "person")
    assert text[person.start:person.end] == "Cllr Jane Smith"


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Someone called me a 'stupid cow' on the bus. Abuse like this has no place here.", "stupid cow"),
        ("A man called me a useless idiot at the count", "a useless idiot at the count"),
        ('He wrote "you idiot" under my post and I have reported it', "you idiot"),
        # An apostrophe between two letters stays inside a single-quoted quotation.
        ("Less proud of my inbox: 'you're a freak, don't come back'. Reported.", "you're a freak, don't come back"),
        ("I'm tired of reading 'I can't stand Muslims' in my replies.", "I can't stand Muslims"),
        ("Comments such as 'they're all scroungers' will be removed.", "they're all scroungers"),
    ],
)
def test_reported_speech(analyser: Analyser, text: str, reported: str) -> None:
    doc = analyser.analyse(text)
    assert reported in [r.text for r in doc.reported]


def test_quotes_without_a_reporting_cue_are_the_members_own(analyser: Analyser) -> None:
    doc = analyser.analyse("My verdict on the scheme: 'a complete failure'")
    assert doc.reported == ()


def test_a_possessive_apostrophe_does_not_open_or_close_a_quotation(analyser: Analyser) -> None:
    # "Travellers' site … the council's plan": no quotation, whatever cue the post holds.
    doc = analyser.analyse("The Travellers' site was reported to the council's team as unsafe, they said.")
    assert doc.reported == ()


@pytest.mark.parametrize("text", [
    'The Echo said "Cllr Fitch is a crook". Couldn\'t have put it better myself.',
    'This!! She wrote "the leader lied to the chamber" and every word is true.',
    'Well said: he told the meeting "the contract was rigged".',
])
def test_quotes_the_poster_endorses_are_the_posters_own(analyser: Analyser, text: str) -> None:
    assert analyser.analyse(text).reported == ()


def test_an_endorsing_word_inside_the_quote_is_still_reported(analyser: Analyser) -> None:
    doc = analyser.analyse('A troll wrote "well said, the leader is a crook" under my post. I have reported it.')
    assert [r.text for r in doc.reported] == ["well said, the leader is a crook"]


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("It's never OK to be calling Travellers pikeys.", "pikeys"),
        ("Calling someone a pikey is racist.", "a pikey is racist"),
        ("Threatening to burn down the mosque is a crime.", "to burn down the mosque is a crime"),
        ("Threats to kill anyone who votes for the scheme are a matter for the police.", "kill anyone who votes"),
        ('Statements like "immigrants are vermin" are deeply hurtful.', "immigrants are vermin"),
    ],
)
def test_abuse_mentioned_to_condemn_it_is_not_the_members_own(analyser: Analyser, text: str, mentioned: str) -> None:
    assert any(mentioned in r.text for r in analyser.analyse(text).reported)


@pytest.mark.parametrize(
    "text",
    [
        "I'm calling for Cllr Jones to be strung up.",  # a call of the member's own
        "Stop whining, Cllr Jones, you are vermin.",  # condemning words, no mention
        "They keep calling and I never answer.",  # "calling" with nothing called
        "I will never stop calling Cllr Smith a liar.",  # a named person: the member's own words
    ],
)
def test_own_words_beside_condemning_words_stay_the_members(analyser: Analyser, text: str) -> None:
    assert not [r for r in analyser.analyse(text).reported if r.label == "MENTIONED"], text


def test_sentences_cover_the_text(analyser: Analyser) -> None:
    doc = analyser.analyse("First point here. Second point there! Third?")
    assert len(doc.sentences) == 3
    assert doc.sentence_of(doc.words[-1].n_start) == 2


def test_masked_word_is_a_token_at_its_original_span(analyser: Analyser) -> None:
    text = "What the f*ck"
    doc = analyser.analyse(text)
    tok = next(t for t in doc.words if t.key == "fuck")
    assert text[tok.start:tok.end] == "f*ck"


@pytest.mark.parametrize(
    "text",
    ["Vote Labour on Thursday", "Email cllr.jane.holroyd@leeds.gov.uk today", "Potholes on Stainbeck Lane again", "#LeedsLabour rally"],
)
def test_parties_streets_and_emails_are_not_people_or_handles(analyser: Analyser, text: str) -> None:
    doc = analyser.analyse(text)
    assert [t for t in doc.targets if t.kind in ("person", "handle")] == []


@pytest.fixture(scope="module")
def with_groups() -> Analyser:
    return Analyser(roles=["our MP", "the leader"], groups=["asylum seekers", "travellers"])


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("These pen-pushers at the partnership never answer", "body", "the partnership"),
        ("These pen-pushers at the partnership never answer", "role", "These pen-pushers"),
        ("The housing association has ignored us again", "body", "The housing association"),
        ("Asylum seekers are arriving this week", "group", "Asylum seekers"),
        ("Travellers moved on. They left yesterday.", "group", "They"),
        # A group defined by the clause after it, and a group meant but never named.
        ("The sort of people who live on that estate never vote", "group", "The sort of people who"),
        ("Fly-tipping again on Mill Lane. We all know who I mean.", "group", "We all know who I mean"),
    ],
)
def test_bodies_and_groups_are_targets(with_groups: Analyser, text: str, kind: str, target: str) -> None:
    assert (kind, target) in [(t.kind, t.text) for t in with_groups.analyse(text).targets]


@pytest.mark.parametrize(
    ("text", "disguised"),
    [
        ("Tr4vellers out", "Tr4vellers"),
        ("all the a$ylum seekers", "a$ylum seekers"),
        ("t r a v e l l e r s again", "t r a v e l l e r s"),
        ("trav*llers on the rec", "trav*llers"),
        ("asylumseekers everywhere", "asylumseekers"),
    ],
)
def test_a_group_in_a_disguised_spelling_is_a_target(with_groups: Analyser, text: str, disguised: str) -> None:
    groups = [(t.text, t.label) for t in with_groups.analyse(text).targets if t.kind == "group"]
    assert groups == [(disguised, GROUP_MASKED)]


@pytest.mark.parametrize("text", [
    "Travellers and TRAVELLERS and Asylum  seekers",  # case and spacing only: named, not disguised
    "***** five stars for the Travellers Rest",  # masks alone
    "*Travellers* is a good film",  # markdown's emphasis
    "tr4vel plans for the summer",
])
def test_no_disguise_is_read_into_plain_text(with_groups: Analyser, text: str) -> None:
    assert [t.text for t in with_groups.analyse(text).targets if t.label == GROUP_MASKED] == []


def test_they_is_a_group_only_after_a_group_is_named(with_groups: Analyser) -> None:
    doc = with_groups.analyse("They closed the road. Travellers were not involved.")
    assert [t.text for t in doc.targets if t.kind == "group"] == ["Travellers"]


@pytest.mark.parametrize(
    ("text", "sentence", "carried"),
    [
        # A sentence with no target of its own is about the one named just before it...
        ("Met our MP today. Absolutely useless.", 1, ["our MP"]),
        ("Cllr Jane Smith spoke at length. Not up to the job, frankly.", 1, ["Cllr Jane Smith"]),
        # ...unless it opens with a subject of its own.
        ("Cllr Jane Smith proposed the scheme. It is useless.", 1, []),
        ("Cllr Jane Smith proposed the scheme. This is useless.", 1, []),
        # Only one sentence back.
        ("Cllr Jane Smith spoke. The bus was late. Useless.", 2, []),
    ],
)
def test_targets_carry_over_one_sentence(with_groups: Analyser, text: str, sentence: int, carried: list[str]) -> None:
    doc = with_groups.analyse(text)
    kinds = ["person", "role", "second_person", "handle", "pronoun"]
    assert [t.text for t in doc.targets_in(sentence, kinds, carry=True)] == carried
    assert doc.targets_in(sentence, kinds, carry=False) == []


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The Somali lads by the precinct again", "Somali lads"),
        ("Polish families on Tong Road get every grant going", "Polish families"),
        ("that migrant hostel crowd", "migrant hostel crowd"),
        ("the white working class always loses out", "white working class"),
        # People by what they do, with a protected word before them.
        ("Jewish landlords in Stamford Hill never fix anything", "Jewish landlords"),
        ("the Polish builders on the estate", "Polish builders"),
        # People by a condition they have (disability).
        ("People with epilepsy shouldn't drive buses", "People with epilepsy"),
        ("kids who have ADHD need support at school", "kids who have ADHD"),
        ("those suffering from mental health problems", "those suffering from mental health problems"),
        # People by where they come from (national origin).
        ("The new families from Romania on the estate", "families from Romania"),
        ("lads just arrived from Albania", "lads just arrived from Albania"),
        ("people from abroad taking the flats", "people from abroad"),
        # A community by the premises it runs, and a camp by the people in it.
        ("Another Polish shop on the High Street", "Polish shop"),
        ("The homeless camp under the flyover", "homeless camp"),
    ],
)
def test_a_modifier_and_a_noun_of_people_make_a_group(analyser: Analyser, text: str, target: str) -> None:
    groups = [(t.text, t.label) for t in analyser.analyse(text).targets if t.kind == "group"]
    assert (target, GROUP_PHRASE) in groups


def test_they_refers_to_a_group_named_by_a_phrase(analyser: Analyser) -> None:
    doc = analyser.analyse("Another Polish shop opened on Boston High Street. They don't integrate.")
    assert [t.text for t in doc.targets if t.kind == "group"] == ["Polish shop", "They"]


def test_a_pronoun_inside_a_phrase_pointing_at_people_refers_to_nothing_after_it(analyser: Analyser) -> None:
    # "Send them back!" of faulty laptops: the phrase points at a group only as itself.
    doc = analyser.analyse("Supplier sent us 30 faulty laptops. Send them back! They are useless.")
    assert [t.text for t in doc.targets if t.kind == "group"] == ["Send them back"]


@pytest.mark.parametrize(("text", "groups"), [
    ("Swarms of them crossing the Channel every single day.", ["them"]),
    ("Every day another boat. Hordes of them, and Dover is expected to cope.", ["them"]),
    # A plural before is what "them" means: rats, tourists.
    ("A plague of rats in the bin store again. Swarms of them.", []),
    ("Tourists everywhere in Whitby today, swarms of them.", []),
])
def test_them_after_a_mass_noun_is_a_group_when_nothing_came_before(analyser: Analyser, text: str,
                                                                     groups: list[str]) -> None:
    assert [t.text for t in analyser.analyse(text).targets if t.kind == "group"] == groups


@pytest.mark.parametrize("text", ["A black man was hurt on Roundhay Road", "white van man strikes again",
                                  "Great turnout from local families at the gala",
                                  "Local landlords must register by March",
                                  "Is anyone with me on this?", "People with cars will pay more to park",
                                  "Trade with Poland is up", "Families from Leeds came to the gala"])
def test_one_person_or_a_plain_noun_of_people_is_no_group(analyser: Analyser, text: str) -> None:
    assert [t for t in analyser.analyse(text).targets if t.kind == "group"] == []


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The highways director still hasn't replied", "The highways director"),
        ("I hope our new head of parking reads this", "our new head"),
        ("the Green candidate was at the hustings", "the Green candidate"),
        ("The new cabinet member for highways is out of his depth", "The new cabinet member"),
        # A name's possessive says whose post it is, as "the" does.
        ("Labour's candidate for Roundhay hasn't a clue", "Labour's candidate"),
        ("Bradford's chief exec has gone quiet", "Bradford's chief"),
        ("The education portfolio holder is simply not capable", "The education portfolio holder"),
        ("Our new police commander introduced himself", "Our new police commander"),
    ],
)
def test_a_post_in_the_words_people_use_is_a_role(analyser: Analyser, text: str, target: str) -> None:
    assert ("role", target) in [(t.kind, t.text) for t in analyser.analyse(text).targets]


@pytest.mark.parametrize(("text", "target"), [
    # A post as a title, with what it is for, at the start of a sentence or after a colon.
    ("Portfolio holder for leisure is asleep at the wheel", "Portfolio holder for leisure"),
    ("Quick word on the agenda. Convener of finance: where are the figures?", "Convener of finance"),
    # One person by description.
    ("The gentleman at the back of the hall has spoken four times", "The gentleman"),
    ("Has anyone else met that awful bloke from the depot?", "that awful bloke"),
    # "Whoever" and what they did.
    ("Hope whoever signed off the closure has a long fall", "whoever signed"),
    ("whoever is responsible for this mess", "whoever is responsible"),
])
def test_a_title_or_a_description_picks_out_one_person(analyser: Analyser, text: str, target: str) -> None:
    assert ("role", target) in [(t.kind, t.text) for t in analyser.analyse(text).targets]


def test_whoever_picks_out_someone_only_by_what_they_did(analyser: Analyser) -> None:
    # "Whoever wins in May" is anyone: no deed done yet picks a person out.
    assert [t for t in analyser.analyse("Whoever wins in May, the ring road needs fixing.").targets
            if t.kind == "role"] == []


@pytest.fixture(scope="module")
def with_parties() -> Analyser:
    return Analyser(parties=["Labour", "Tory", "Tories", "Reform"])


@pytest.mark.parametrize(("text", "target"), [
    # A defined set of office-holders is people who can be identified, as one holder is.
    ("The Tory councillors in Swindon have the brainpower of a bag of spanners", "The Tory councillors"),
    ("The councillors who voted for this are idiots", "The councillors"),
    ("Three of the cabinet members on the panel took money", "Three of the cabinet members"),
    ("Labour councillors on this council are useless", "Labour councillors"),
    ("the two councillors for our ward rigged the count", "the two councillors"),
])
def test_a_defined_set_of_office_holders_is_a_role(with_parties: Analyser, text: str, target: str) -> None:
    assert ("role", target) in [(t.kind, t.text) for t in with_parties.analyse(text).targets]


@pytest.mark.parametrize("text", [
    "Councillors get paid too much",  # councillors in general
    "Labour councillors are standing in every ward in May",  # a party's candidates everywhere
    "The councillors are meeting at six",  # nothing defines which
])
def test_office_holders_in_general_are_no_target(with_parties: Analyser, text: str) -> None:
    assert [t for t in with_parties.analyse(text).targets if t.kind == "role"] == []


@pytest.mark.parametrize(("text", "name"), [
    # Typed all in lower case: the abbreviated title still stands before a name.
    ("spoke to cllr dean halloran about the potholes", "cllr dean halloran"),
    ("cllr smith said no", "cllr smith"),
    ("thanks to cllr jones and cllr patel voted against", "cllr patel"),  # not "patel voted"
])
def test_a_lower_case_cllr_and_name_is_a_person(analyser: Analyser, text: str, name: str) -> None:
    assert ("person", name) in [(t.kind, t.text) for t in analyser.analyse(text).targets]


@pytest.mark.parametrize("text", ["ask ur cllr about it", "email your cllr and the council",
                                  "the cllr is on holiday", "#cllr smith"])
def test_a_lower_case_cllr_before_an_ordinary_word_names_nobody(analyser: Analyser, text: str) -> None:
    assert [t.text for t in analyser.analyse(text).targets if t.kind == "person"] == []


def test_text_speak_he_and_she_point_back_at_the_person_named(analyser: Analyser) -> None:
    doc = analyser.analyse("Cllr Sandra Kett is standing again. shes hopeless and hes no better")
    assert [(t.kind, t.text) for t in doc.targets if t.kind == "pronoun"] == [("pronoun", "shes"), ("pronoun", "hes")]


@pytest.mark.parametrize(("text", "firms"), [
    ("Kingsway Lettings are crooks who steal students' deposits. Avoid.", ["Kingsway Lettings"]),
    ("Avoid Redfern Motors Ltd at all costs.", ["Redfern Motors Ltd"]),  # not "Avoid"
    ("third time the Bellamy Care Homes owner has walked away", ["Bellamy Care Homes"]),
    ("That care home on Beech Road neglects its residents.", ["That care home on Beech Road"]),
    ("Council Homes Leeds will inspect the flats.", []),  # a public landlord
    ("The New Homes Bonus is being cut.", []),  # a public scheme
    ("the care home on the corner", []),  # no place named
])
def test_a_trading_firm_by_name_or_premises_is_a_business(analyser: Analyser, text: str,
                                                           firms: list[str]) -> None:
    assert [t.text for t in analyser.analyse(text).targets if t.kind == "business"] == firms


def test_a_firms_name_the_tagger_calls_an_organisation_is_no_public_body(analyser: Analyser) -> None:
    doc = analyser.analyse("Holbeck Homes has been lying to tenants about damp for years.")
    kinds = {t.text: t.kind for t in doc.targets}
    assert kinds.get("Holbeck Homes") == "business"
    assert "body" not in kinds.values()


@pytest.mark.parametrize("text", [
    "The man in the street will pay for this budget",  # "the man in the street": anyone
    "Ask any man or woman on the estate",
    "The woman said it was a nice day",  # a bare "the woman" singles nobody out
    "Police say that a man was arrested on Briggate",  # "that" as a conjunction
    "We need a councillor for every ward",  # no title at a clause's start
])
def test_nobody_in_particular_is_no_person_target(analyser: Analyser, text: str) -> None:
    roles = [t.text for t in analyser.analyse(text).targets if t.kind == "role"]
    assert not any(w in r.lower() for r in roles for w in ("man", "woman", "councillor")), roles


@pytest.mark.parametrize(("text", "addressed"), [
    ("Makes you think twice before calling anyone a crook without proof.", []),
    ("You couldn't make it up: the bins are late again.", []),
    ("Mind you, the library did reopen.", []),
    # "makes you look weak" is no set phrase: that "you" is the reader's, as the first is.
    ("You should be ashamed of that vote, and it makes you look weak.", ["You", "you"]),
])
def test_a_you_that_means_anyone_is_no_target(analyser: Analyser, text: str, addressed: list[str]) -> None:
    assert [t.text for t in analyser.analyse(text).targets if t.kind == "second_person"] == addressed


def test_a_name_ends_in_a_capitalised_word(analyser: Analyser) -> None:
    # spaCy's small model tags "Rotten boroughs" as a person; names end capitalised, particles aside.
    doc = analyser.analyse("Rotten boroughs, brown envelopes, jobs for the boys: the old politics.")
    assert [t.text for t in doc.targets if t.kind == "person"] == []
    named = analyser.analyse("I met Ludwig van Beethoven and Ana de la Cruz at the gala.")
    assert [t.text for t in named.targets if t.kind == "person"] != []


@pytest.mark.parametrize(("text", "groups"), [
    ("But these 'anxiety' claimants? Scroungers, the lot.", ["these 'anxiety' claimants"]),
    ("Them lads from the flats were at it again.", ["Them lads"]),
    ("Those families deserve better from the council.", ["Those families"]),
    # a noun that is no plain noun of people points at no group
    ("These plans are a mess.", []),
])
def test_a_noun_of_people_pointed_at_is_a_group(analyser: Analyser, text: str, groups: list[str]) -> None:
    assert [t.text for t in analyser.analyse(text).targets if t.kind == "group"] == groups


@pytest.mark.parametrize(("text", "groups"), [
    ("Every new mosque application raises the same question: whose values?", ["mosque"]),
    ("Halal slaughterhouse plans for Bradford? Barbaric.", ["Halal"]),
    ("The church hall on Oak Road is open for voting on Thursday.", ["church"]),
    ("The temporary road closure ends on Friday.", []),  # a whole word only
])
def test_a_community_by_its_places_practices_or_dress_is_a_group(analyser: Analyser, text: str,
                                                                  groups: list[str]) -> None:
    assert [t.text for t in analyser.analyse(text).targets if t.kind == "group"] == groups


def test_a_group_in_scare_quotes_is_still_what_the_sentence_is_about(with_groups: Analyser) -> None:
    # "call" is a reporting cue, so quotes in this post are read as reported speech; a word in
    # quotes is a label the poster doubts, not someone else's words.
    doc = with_groups.analyse("'Travellers' on the rec again. Let's call it what it is.")
    assert [t.text for t in doc.targets_in(0, ["group"])] == ["Travellers"]
    quoted = with_groups.analyse("He called them 'a bunch of scrounging travellers' at the count.")
    assert quoted.targets_in(0, ["group"]) == []  # a longer quote stays someone else's words


def test_a_role_word_inside_a_bodys_name_is_the_body(analyser: Analyser) -> None:
    doc = analyser.analyse("It is all in the Executive Board report")
    assert [t.text for t in doc.targets if t.kind == "role"] == []


@pytest.mark.parametrize(("text", "target"), [
    ("Everyone at the housing association is a jobsworth", "Everyone at the housing association"),
    ("the staff in the planning department never answer", "the staff in the planning department"),
    # The members sitting on a side of the chamber are people, not their party.
    ("Half the opposition benches were asleep", "the opposition benches"),
])
def test_the_people_at_a_body_are_a_role(analyser: Analyser, text: str, target: str) -> None:
    assert ("role", target) in [(t.kind, t.text) for t in analyser.analyse(text).targets]


@pytest.mark.parametrize(("text", "name"), [
    # spaCy's small model calls these names ORG; "he"/"she" later, or a possessive, says a person.
    ("Rhodri Evans should resign. Just because he's hopeless.", "Rhodri Evans"),
    ("Siobhan Kearney has no idea what she is doing.", "Siobhan Kearney"),
])
def test_a_name_the_tagger_calls_an_organisation_is_a_person_when_a_pronoun_follows(
        analyser: Analyser, text: str, name: str) -> None:
    doc = analyser.analyse(text)
    assert any(e.label == "ORG" and e.text == name for e in doc.entities)  # what the tagger said
    assert ("person", name) in [(t.kind, t.text) for t in doc.targets]


@pytest.mark.parametrize("text", [
    # Tagged ORG, with a pronoun after them, but an organisation's word in the name.
    "Northern Rail has cancelled the 7:12 again and he says sorry.",
    "Brannock Associates failed and she knows it.",
])
def test_an_organisation_stays_a_body(analyser: Analyser, text: str) -> None:
    doc = analyser.analyse(text)
    assert [e.label for e in doc.entities][:1] == ["ORG"]
    assert [t.text for t in doc.targets if t.kind == "person"] == []


@pytest.mark.parametrize("text", [
    "Honoured to be your councillor for Armley. Out on the doorstep this weekend!",
    "As your councillor I will keep fighting for the library.",
    "I'm your MP and my door is always open.",
])
def test_the_poster_describing_themself_is_no_target(checker: Checker, text: str) -> None:
    # "your councillor" in a self-description is the poster; "for Armley" is a ward, not a person
    # (the small spaCy model calls it one).
    doc = Analyser(roles=["councillor", "mp"], load_nlp=checker.resources.nlp).analyse(text)
    assert not [t for t in doc.targets if t.kind in ("second_person", "role", "person")], doc.targets


def test_your_councillor_said_of_someone_else_is_still_a_target() -> None:
    doc = Analyser(roles=["councillor"]).analyse("Your councillor is a disgrace, and you know it.")
    assert {t.kind for t in doc.targets} >= {"second_person", "role"}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Lovely to see Cllr Giddings at the fun day", "Lovely to see Cllr Clarke at the fun day"),
        ("Councillor Gareth Pryce-Williams got his son the job.", "Councillor Sam Clarke got his son the job."),
        ("Thanks Mrs Okafor and Cllr Begum!", "Thanks Mrs Clarke and Cllr Clarke!"),
        ("Cllr Dobson's nephew got the contract.", "Cllr Clarke's nephew got the contract."),
        # A post typed in lower case keeps its lower-case title.
        ("spoke to cllr dean halloran about the potholes", "spoke to cllr Sam Clarke about the potholes"),
        # Untitled: the name finder also reads places as people, and a place is left as it is.
        ("I hope he gets a taste of what Hebden Bridge went through.",
         "I hope he gets a taste of what Hebden Bridge went through."),
        ("Whoever signed off the closure should explain it.", "Whoever signed off the closure should explain it."),
    ],
)
def test_models_read_a_titled_name_as_one_stand_in(checker: Checker, text: str, read: str) -> None:
    doc = checker.analyser.analyse(text)
    assert doc.model_text == read
    assert doc.normalised == text  # the Doc itself, and every span, still hold the real name


def test_a_rules_own_neutral_terms_and_the_stand_ins_are_read_together(checker: Checker) -> None:
    doc = checker.analyser.analyse("Cllr Giddings and the Greens")
    start = doc.normalised.index("Greens")
    assert doc.with_stand_ins(0, len(doc.normalised), [(start, start + 6, "the party")]) == \
        "Cllr Clarke and the the party"
