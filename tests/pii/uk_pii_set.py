"""A generated UK personal-data evaluation set: councillors' posts with gold spans.

Every post is rendered from a template of our own writing, with names, addresses, postcodes,
phone numbers, e-mail addresses, NI and NHS numbers and dates of birth drawn from generators
seeded by the post's index, so the set is the same on every machine and every run.

Each post records:

* ``spans``: the private personal data in it (a resident's name, their address, postcode,
  phone number, e-mail, NINO, NHS number, date of birth), character offsets and an entity
  type, which a checker should mark;
* ``public``: the public people and businesses named in it (a councillor, an MP, an officer
  in their role, a shop), which a checker must never mark as personal data;
* ``neutral``: private people named with nothing personal about them (a volunteer thanked
  by first name), which count neither way;
* ``family`` and ``split``: the template family the post comes from. Families, not posts,
  are split between ``dev`` (tune on it) and ``test`` (held out), so the test half has
  sentence shapes the dev half never shows.

Phone numbers come from Ofcom's ranges reserved for drama and e-mail domains are the
reserved ``example`` ones, so no generated detail reaches a real person. NHS numbers carry a
valid mod-11 check digit and NI numbers a valid prefix, as real ones do.

    from uk_pii_set import build_set
    posts = build_set()            # about 3,000 posts, dev and test
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

#: The private entity types the set labels (the analyser's names; a resident's name is PERSON).
ENTITIES = (
    "PERSON",
    "STREET_ADDRESS",
    "UK_POSTCODE",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "UK_NINO",
    "UK_NHS",
    "DATE_OF_BIRTH",
)

Split = Literal["dev", "test"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class UkPost:
    text: str
    spans: tuple[Span, ...]
    public: tuple[Span, ...]
    neutral: tuple[Span, ...]
    family: str
    template: int
    split: Split

    @property
    def public_only(self) -> bool:
        """Names public people (or none) and holds no private personal data."""
        return not self.spans and not self.neutral


# --- names -------------------------------------------------------------------------------
# (female first names, male first names, surnames) per origin.
_NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "english": (
        "Sarah Karen Emma Joanne Margaret Sandra Lucy Hannah Jean Pauline Gillian Denise".split(),
        "Tom David Gary Steven Peter Kevin Jack Harry Colin Barry Graham Keith".split(),
        "Baker Whitley Thompson Hargreaves Holroyd Barker Atkinson Fletcher Booth Pickles Sutcliffe Walker Dawson".split(),
    ),
    "welsh": (
        "Cerys Sian Angharad Megan Ffion Bethan Nia Eirlys".split(),
        "Rhys Dafydd Gareth Iwan Owain Huw Emyr Gethin".split(),
        "Jones Evans Llewellyn Pritchard Morgan Price Vaughan Bowen Griffiths Powell".split(),
    ),
    "scottish": (
        "Morag Isla Eilidh Catriona Kirsty Fiona Shona".split(),
        "Callum Hamish Alasdair Euan Ruaridh Angus Murdo".split(),
        "MacDonald McLeod Campbell Robertson MacKenzie Buchanan McIntyre Fergusson".split(),
    ),
    "irish": (
        "Siobhan Aoife Niamh Roisin Grainne Orla Bridget".split(),
        "Padraig Cian Eoin Declan Ciaran Seamus Niall".split(),
        "O'Connor Murphy Byrne O'Sullivan Donnelly McCarthy O'Brien Kavanagh".split(),
    ),
    "south_asian": (
        "Priya Aisha Nasreen Farah Sunita Harpreet Fatima Shabana Anjali".split(),
        "Imran Rajesh Mohammed Sanjay Tariq Gurpreet Arjun Asif Bilal".split(),
        "Patel Hussain Khan Singh Begum Sharma Chaudhry Mahmood Akhtar Iqbal Ahmed".split(),
    ),
    "polish": (
        "Agnieszka Katarzyna Małgorzata Zofia Ewa Joanna".split(),
        "Piotr Tomasz Krzysztof Łukasz Marek Pawel".split(),
        "Nowak Wójcik Mazur Kaczmarek Krawczyk Kowalczyk Zając".split(),
    ),
    "caribbean": (
        "Marcia Beverley Claudette Shanice Yvonne Hyacinth".split(),
        "Winston Delroy Desmond Leroy Errol Clive".split(),
        "Campbell Brown Clarke Williams Grant Francis Henry Reid".split(),
    ),
    "west_african": (
        "Adaeze Chioma Abena Folake Ngozi Ama Yetunde".split(),
        "Chinedu Kwame Oluwaseun Emeka Kofi Babajide Tunde".split(),
        "Okafor Mensah Adeyemi Owusu Okonkwo Boateng Adebayo Eze".split(),
    ),
    "chinese": (
        "Mei Xiu Ying Li Na Wen Hui".split(),
        "Wei Jun Hao Zhi Ming".split(),
        "Wong Chen Zhang Liu Lam Cheung Ng".split(),
    ),
    "other": (
        "Hodan Amina Leila Elif Ioana Giulia".split(),
        "Abdi Yusuf Omar Mehmet Andrei Marco".split(),
        "Warsame Farah Haddad Yilmaz Popescu Russo".split(),
    ),
}
# "Xiu Ying", "Li Na" are two-word given names: split() above broke them; rebuild them.
_NAMES["chinese"] = (
    ["Mei", "Xiu Ying", "Li Na", "Wen", "Hui", "Lan"],
    ["Wei", "Jun", "Hao", "Zhi Ming", "Chen Long"],
    _NAMES["chinese"][2],
)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def _person(rng: random.Random) -> Person:
    fem, male, last = _NAMES[rng.choice(sorted(_NAMES))]
    female = rng.random() < 0.5
    return Person(rng.choice(fem if female else male), rng.choice(last), female)


def _private_name(rng: random.Random, p: Person) -> str:
    """How a post names a resident: full name, title and surname, title and full name, first name."""
    title = rng.choice(["Mrs", "Ms", "Miss"]) if p.female else "Mr"
    r = rng.random()
    if r < 0.42:
        return p.full
    if r < 0.72:
        return f"{title} {p.last}"
    if r < 0.82:
        return f"{title} {p.full}"
    if r < 0.9:
        return f"{title}. {p.last}" if rng.random() < 0.5 else f"{title} {p.last}"
    return p.first


# --- places ------------------------------------------------------------------------------
_STREET_NAMES = (
    "Elm Beech Station Church Mill Victoria Albert Chapel Park Queen's King's Manor Oak Ash Willow "
    "Meadow Orchard Hawthorn Rosebank Cemetery Moorland Cavendish Brudenell Stainbeck Lidgett "
    "Beckett Cardigan Ffordd Bryn Heol Glan Ashgrove Whitehall Riverside Cross Flax Tannery "
    "Greenbank Hillcrest Fairfield Springfield Rowan Lime Hazel Birch Sycamore Holly Laburnum"
).split()
_TWO_WORD_STREETS = ["Old Mill", "St Mary's", "Back Lane End", "Upper Town", "Lower Wortley", "New Park", "High Bank"]
_SUFFIXES = (
    "Road Street Lane Avenue Close Crescent Drive Grove Terrace Place Way Gardens Court Mews Rise "
    "View Walk Row Square Hill Green Vale Croft Fold Parade Rd St Ave"
).split()
_HOUSE_NAMES = ["Rose Cottage", "The Old Forge", "Ty Gwyn", "Hillside House", "Bryn Awel", "The Laurels", "Glen View"]
_BLOCKS = ["Beckhill Court", "Lincoln Towers", "Parkside House", "Clydesdale Heights", "Oakwood Mansions"]
_TOWNS = [
    "Leeds", "Bradford", "Cardiff", "Swansea", "Glasgow", "Edinburgh", "Manchester", "Sheffield",
    "Bristol", "Belfast", "Dundee", "Wrexham", "Harehills", "Armley", "Headingley", "Splott",
]  # fmt: skip
_WARDS = ["Armley", "Bramley", "Gipton", "Splott", "Grangetown", "Partick", "Leith", "Moss Side", "Seacroft", "Adamsdown"]
_POSTCODE_AREAS = "LS BD CF SA G EH M S BS BT DD LL NE L B SW E N SE W NW WF HX HD".split()
_PC_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the inward code's letters never include C I K M O V


def _street(rng: random.Random) -> str:
    name = rng.choice(_TWO_WORD_STREETS) if rng.random() < 0.15 else rng.choice(_STREET_NAMES)
    return f"{name} {rng.choice(_SUFFIXES)}"


def _address(rng: random.Random) -> str:
    """A home address as a post writes it: number and street, a flat, or a named house."""
    r = rng.random()
    num = str(rng.randint(1, 240))
    if rng.random() < 0.1:
        num += rng.choice("abc")
    if r < 0.62:
        return f"{num} {_street(rng)}"
    if r < 0.8:
        sep = rng.choice([", ", " "])
        return f"Flat {rng.randint(1, 40)}{sep}{num} {_street(rng)}"
    if r < 0.9:
        return f"Flat {rng.randint(1, 90)}, {rng.choice(_BLOCKS)}"
    return f"{rng.choice(_HOUSE_NAMES)}, {_street(rng)}"


def _postcode(rng: random.Random) -> str:
    area = rng.choice(_POSTCODE_AREAS)
    district = str(rng.randint(1, 29))
    if len(area) == 1 and rng.random() < 0.15:
        district = f"{rng.randint(1, 9)}{rng.choice('ABCDEFGHJKPSTUW')}"  # "W1A", "E1W" shapes
    inward = f"{rng.randint(0, 9)}{rng.choice(_PC_LETTERS)}{rng.choice(_PC_LETTERS)}"
    r = rng.random()
    if r < 0.85:
        return f"{area}{district} {inward}"
    if r < 0.95:
        return f"{area}{district}{inward}"
    return f"{area}{district} {inward}".lower()


# --- contact details and identifiers ------------------------------------------------------
_DRAMA_LANDLINES = [("0113", "496"), ("0114", "496"), ("0115", "496"), ("0116", "496"), ("0117", "496"),
                    ("0118", "496"), ("0121", "496"), ("0131", "496"), ("0141", "496"), ("0151", "496"),
                    ("0161", "496"), ("0191", "498")]  # fmt: skip


def _phone(rng: random.Random) -> str:
    """A number in an Ofcom drama range, written the many ways people write numbers."""
    r = rng.random()
    if r < 0.5:  # mobile 07700 900xxx
        tail = f"{rng.randint(0, 999):03d}"
        return rng.choice([
            f"07700 900{tail}", f"07700900{tail}", f"07700 900 {tail}", f"+44 7700 900{tail}",
            f"+447700900{tail}", f"07700-900-{tail}", f"+44 (0)7700 900{tail}",
        ])  # fmt: skip
    tail = f"{rng.randint(0, 999):03d}"
    if r < 0.8:
        area, exch = rng.choice(_DRAMA_LANDLINES)
        local = f"{exch}0{tail}"
        return rng.choice([
            f"{area} {exch} 0{tail}", f"({area}) {exch} 0{tail}", f"{area}{local}", f"{area}-{exch}-0{tail}",
            f"+44 {area[1:]} {exch} 0{tail}",
        ])  # fmt: skip
    big = rng.choice([("020", "7946 0"), ("029", "2018 0"), ("028", "9018 0")])
    return rng.choice([f"{big[0]} {big[1]}{tail}", f"{big[0]}{big[1].replace(' ', '')}{tail}",
                       f"+44 {big[0][1:]} {big[1]}{tail}"])


def _email(rng: random.Random, p: Person) -> str:
    first, last = (_ascii(p.first.split()[0]).lower(), _ascii(p.last).lower().replace("'", ""))
    local = rng.choice([f"{first}.{last}", f"{first}{last}{rng.randint(1, 99)}", f"{first[0]}{last}", f"{last}.{first}"])
    return f"{local}@{rng.choice(['example.com', 'example.co.uk', 'example.org', 'example.net'])}"


def _ascii(s: str) -> str:
    return s.translate(str.maketrans("łŁóśćżźąęń", "lLoszzzaen")).replace("ń", "n")


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BAD = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def _nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_BAD:
            break
    d = f"{rng.randint(0, 999999):06d}"
    suffix = rng.choice("ABCD")
    if rng.random() < 0.6:
        return f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}"
    return f"{prefix}{d}{suffix}"


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        digits[0] = rng.randint(4, 9)
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            break
    s = "".join(map(str, digits)) + str(check)
    sep = rng.choice([" ", " ", "", "-"])
    return f"{s[:3]}{sep}{s[3:6]}{sep}{s[6:]}"


_MONTHS = "January February March April May June July August September October November December".split()


def _dob(rng: random.Random) -> str:
    y, m, d = rng.randint(1930, 2012), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([
        f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{d} {_MONTHS[m - 1]} {y}", f"{d:02d}.{m:02d}.{y}",
        f"{d}{_ordinal(d)} {_MONTHS[m - 1]} {y}", f"{_MONTHS[m - 1][:3]} {d}, {y}",
    ])  # fmt: skip


def _ordinal(d: int) -> str:
    return "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


# --- public people, businesses ------------------------------------------------------------
_DEPARTMENTS = ["Highways", "Housing", "Waste Services", "Environmental Health", "Planning", "Parks", "Licensing"]
_SHOP_KINDS = ["Newsagents", "Butchers", "Bakery", "Hair Studio", "Takeaway", "Pharmacy", "Garage", "Cafe", "Florist"]


def _public_person(rng: random.Random) -> str:
    p = _person(rng)
    r = rng.random()
    if r < 0.3:
        return f"Cllr {rng.choice([p.full, p.last])}"
    if r < 0.45:
        return f"Councillor {rng.choice([p.full, p.last])}"
    if r < 0.6:
        return f"{p.full} {rng.choice(['MP', 'MP', 'MSP', 'MS', 'AM'])}"
    if r < 0.7:
        return f"{rng.choice(['Mayor', 'Lord Mayor', 'Deputy Mayor'])} {p.full}"
    if r < 0.8:
        return f"our Chief Executive {p.full}"
    if r < 0.9:
        return f"officer {p.full} from {rng.choice(_DEPARTMENTS)}"
    return f"{p.full}, the council's {rng.choice(['housing officer', 'head of highways', 'Director of Public Health', 'planning officer', 'neighbourhood manager'])}"


def _public_email(rng: random.Random) -> str:
    """A council team's, an MP's or a shop's published address."""
    p = _person(rng)
    last = _ascii(p.last).lower().replace("'", "")
    return rng.choice([
        f"{rng.choice(['highways', 'parking', 'waste', 'planning'])}@{rng.choice(['leeds', 'cardiff', 'glasgow'])}.gov.uk",
        f"{_ascii(p.first.split()[0]).lower()}.{last}.mp@parliament.uk",
        f"cllr.{last}@{rng.choice(['leeds', 'bradford', 'swansea'])}.gov.uk",
        f"info@{last}shop.example.co.uk",
    ])  # fmt: skip


def _business(rng: random.Random) -> str:
    p = _person(rng)
    r = rng.random()
    if r < 0.5:
        return f"{p.last}'s {rng.choice(_SHOP_KINDS)}"
    if r < 0.7:
        return f"{p.last} & Sons {rng.choice(['Builders', 'Removals', 'Funeral Directors', 'Joinery'])}"
    if r < 0.85:
        return f"{p.first}'s {rng.choice(_SHOP_KINDS)}"
    return f"{p.last} {rng.choice(['Solicitors', 'Dental Practice', 'Motors', 'Opticians'])}"


# --- templates ----------------------------------------------------------------------------
# Slots: private {P} {P2} (a resident), {PFIRST} (by first name only), {PTAG} (in a hashtag), {ADDR} {PC} {PHONE} {EMAIL} {NINO} {NHS} {DOB};
# public {PUB} {PUB2} {CLLR} {MP} {OFFICER} {BIZ}; neutral {V} (a volunteer by first name);
# fillers {STREET} {TOWN} {WARD} {DEPT} {N} {DAY} {HANDLE} (the resident's own @handle, which they published); pronouns {she} {her} {hers_obj} follow {P}.
_FAMILIES: dict[str, tuple[Split, list[str]]] = {
    "casework-update": ("dev", [
        "Update on {P}'s case: {her_} boiler at {ADDR} has been broken since {DAY} and Housing still haven't sent anyone. Chasing again today.",
        "Spoke to {P} this morning about {her_} bins. {She} has had no collection on {STREET} for three weeks, so I've reported it again.",
        "{P} from {ADDR}, {PC} has been waiting eight months for a housing transfer. I've escalated it to the service manager.",
        "Still pushing for {P} at {ADDR}: damp and mould in the children's bedroom and no repair date yet.",
        "I've been helping {P} with {her_} council tax arrears. Enforcement agents have been to {ADDR} twice this month.",
        "Casework this week: {P} ({ADDR}) has been left without a carer since {DAY}. Raised it with Adult Social Care.",
        "{P} rang me on {PHONE} about the missed assisted collection. I've asked Waste Services to prioritise it.",
        "Visited {P} at home today ({ADDR}). The leak from the flat upstairs has ruined {her_} ceiling. Housing are coming {DAY}.",
        "Following up for {P}: {she} can't get through to the benefits team and {her_} rent is now overdue.",
        "{P} on {STREET} has been housebound for months and the district nurses have missed two visits. I'm on it.",
    ]),
    "reply-to-resident": ("test", [
        "Hi {P}, thanks for your message. I've passed your details ({EMAIL}, {PHONE}) to the repairs team and asked them to call you.",
        "@{HANDLE} Thanks {P}, I've logged the flooding at {ADDR} with {DEPT} and will let you know what they say.",
        "Dear {P}, sorry to hear about the fly-tipping behind {ADDR}. {OFFICER} is arranging a clearance.",
        "Thanks for getting in touch {P}. I've asked {DEPT} to visit {ADDR}, {PC} this week about the broken streetlight outside.",
        "Replying to {P}: I've chased the disabled parking bay outside {ADDR} with {OFFICER}. Should be painted by {DAY}.",
        "{P}, I've rung {DEPT} and they have your number ({PHONE}) now. Someone will call about the adaptation.",
        "Thanks {P}, I've forwarded your email from {EMAIL} to {CLLR} as it's in {their_ward} ward.",
        "Good to hear from you {P}. Your new address ({ADDR}, {PC}) has been passed to Electoral Services.",
    ]),
    "thank-you": ("dev", [
        "Huge thanks to {P} of {ADDR}, who cleared the snow from the whole of {STREET} for the older neighbours.",
        "Thank you {P} for the lovely card. If anyone wants to join {her_} knitting group, call {hers_obj} on {PHONE}.",
        "Well done {V} and the litter pickers of {WARD}! Next pick {DAY}, meeting outside {BIZ}.",
        "A big thank you to {PUB} for coming to see the flooding on {STREET} with me and {P}, whose cellar at {ADDR} was under water.",
        "Thanks to {P} for running the street party. Anyone with spare bunting can drop it at {her_} house, {ADDR}.",
        "Lovely afternoon at {BIZ} with {V} and the {WARD} in Bloom volunteers. Thank you all!",
        "Thanks to {P} ({EMAIL}) for organising the petition about the {STREET} crossing. Please sign it!",
    ]),
    "ward-news": ("test", [
        "Great to join {PUB} and {PUB2} at the reopening of {WARD} library today. Thanks to everyone who campaigned for it.",
        "{CLLR} and I met {OFFICER} on {STREET} this morning to look at the potholes. Resurfacing starts {DAY}.",
        "Congratulations to {BIZ} on 25 years in {WARD}! {MP} popped in to cut the cake.",
        "{P} at {ADDR} is collecting donations for the food bank this week: drop them off or ring {PHONE}.",
        "Bin collections in {WARD} move to {DAY} from next month. Thanks to {OFFICER} for the heads-up.",
        "Our new neighbourhood police officer is PC {PUBNAME}. Say hello at the {WARD} community centre on {DAY}.",
        "Lost cat! {P}'s tabby went missing near {ADDR}, {PC}. If you see her, please text {PHONE}.",
        "Good turnout at the {WARD} residents' meeting. {PUB} answered questions on the bus cuts and {BIZ} provided the tea.",
    ]),
    "planning": ("dev", [
        "Objections to the HMO plan next door to {P} at {ADDR} close on {DAY}. {OFFICER} says all comments will be read.",
        "{CLLR} has called in the application for the phone mast on {STREET}. Committee meets {DAY}.",
        "The extension at {ADDR}, {PC} would block {P}'s light completely. I've asked {OFFICER} to visit.",
        "Planning committee approved the new homes behind {BIZ}. {MP} welcomed the affordable housing.",
        "{P} ({PHONE}) is co-ordinating the residents' objection to the {STREET} warehouse. Contact {hers_obj} if you want to help.",
        "Site visit with {OFFICER} and {CLLR} at the old depot on {STREET} today. Decision due {DAY}.",
    ]),
    "complaint-asb": ("test", [
        "The tenants at {ADDR} have had the police round three times this week. {P} next door is at the end of {her_} tether.",
        "To whoever is dumping rubbish outside {ADDR}: it's been reported. {P}, who lives opposite, has photos.",
        "{P} of {ADDR}, {PC} tells me the noise from the takeaway goes on till 3am. Licensing have been told.",
        "Anti-social behaviour on {STREET} again. {P} had {her_} car window smashed outside number {N}. {OFFICER} is aware.",
        "Complaint passed to {DEPT}: {P} (mobile {PHONE}) says the same skip has blocked {ADDR} for a month.",
        "{OFFICER} and {CLLR} walked {STREET} with me to see the graffiti. {BIZ} has offered to repaint the shutters.",
    ]),
    "public-only-a": ("dev", [
        "Full Council tonight: {CLLR} moved the motion on free school meals and {PUB} seconded it. Passed unanimously.",
        "Thanks to {OFFICER} for a clear briefing on the winter gritting routes for {WARD}.",
        "Delighted that {MP} has backed our campaign to keep the {WARD} swimming pool open.",
        "{BIZ} on {STREET} has won the city's small business award. Well deserved!",
        "Met {PUB} to discuss the bus station plans. {CLLR} will report back at the next ward forum.",
        "Questions for {PUB} at scrutiny on {DAY}: why has the {WARD} repairs backlog doubled?",
        "Lovely to see {MP} and {PUB} at the {WARD} gala. {BIZ} did the barbecue.",
        "Congratulations to {CLLR}, the new chair of the licensing committee.",
        "{MP}'s constituency office is now at {PUBADDR}, {PUBPC}. Appointments on {PUBPHONE}.",
        "{BIZ}, {PUBADDR}, is collecting for the food bank all week. Call them on {PUBPHONE}.",
        "{CLLR} has been waiting since March for Highways to answer questions about the {STREET} potholes.",
        "Contact {OFFICER} at {PUBEMAIL} about the {WARD} parking scheme.",
        "{PUB} is still waiting for the Government to confirm the housing grant for {WARD}.",
    ]),
    "public-only-b": ("test", [
        "{PUB} has written to every household in {WARD} about the consultation on the new cycle lanes.",
        "Joined {OFFICER} and {PUB} on a walkabout of {STREET} to look at the new bins. Feedback welcome.",
        "{MP} will hold a surgery at {WARD} library on {DAY}. {CLLR} and I will be there too.",
        "Great news: {BIZ} is taking on six apprentices from {WARD} this year, with help from {PUB}.",
        "Budget day. {PUB} set out the savings plan and {CLLR} asked about the cuts to youth services.",
        "Shop local this Christmas: {BIZ} and {BIZ2} on {STREET} are both open late on {DAY}.",
        "Thanks to {OFFICER} for sorting the blocked drains on {STREET} so quickly.",
        "Surgery with {CLLR} on {DAY}, 10am at {PUBADDR}, {PUBPC}. Drop in, no appointment needed.",
        "{BIZ} has moved to {PUBADDR}. New number for orders: {PUBPHONE}.",
        "{MP} has written to the minister about benefit delays in {WARD}. The office number is {PUBPHONE}.",
        "Questions about the bin changes? Email {PUBEMAIL} or ask {OFFICER}.",
        "{PUB} met families waiting for repairs on {STREET} and promised action by {DAY}.",
    ]),
    "lost-found-appeal": ("dev", [
        "Found on {STREET}: a purse belonging to {P}, with a card giving {her_} address as {ADDR}, {PC}. DM me if you know {hers_obj}.",
        "Missing: {P}, 84, last seen near {BIZ} on {DAY}. Family say call {PHONE} with any sightings.",
        "Keys handed in at my surgery with a tag saying {P}, {ADDR}. Come and collect them!",
        "Has anyone seen {P}'s mobility scooter? Taken from outside {ADDR}. Please email {EMAIL}.",
    ]),
    "forwarded-referral": ("test", [
        "Forwarding this for {P}: {she} needs a food bank voucher urgently. {Her_} number is {PHONE} and {she} lives at {ADDR}.",
        "Can anyone in {WARD} help {P}? {She} is being evicted from {ADDR} on {DAY} and has nowhere to go. Email {EMAIL}.",
        "Posting on behalf of {P}, who is sofa-surfing after leaving {ADDR}. Any offers of a spare room, ring {PHONE}.",
        "{P}'s daughter asked me to share: {she} has dementia and wandered from {ADDR}, {PC} yesterday. Found safe, thank you all.",
    ]),
    "identifiers-a": ("dev", [
        "{P}'s NHS number is {NHS} and the hospital have lost {her_} referral twice. Absolutely unacceptable.",
        "DWP, please look at NI number {NINO}: {P} has had no Universal Credit for six weeks.",
        "{P} (DOB {DOB}) has been waiting a year for an assessment. I've raised it with {OFFICER}.",
        "For the record, {P}, born {DOB}, of {ADDR}, was refused a blue badge with no reason given.",
        "The Jobcentre has {P}'s National Insurance number wrong ({NINO}) and {she} can't get {her_} pension sorted.",
    ]),
    "identifiers-b": ("test", [
        "Her NHS number ({NHS}) is on every letter and still {P}'s GP says the records are missing.",
        "{P}, date of birth {DOB}, has been sanctioned twice in error. NINO {NINO} for anyone at the DWP reading this.",
        "Chasing the Pension Service for {P} (NI {NINO}, DOB {DOB}). Eleven weeks without a payment.",
        "Hospital transport failed to collect {P} again. NHS no. {NHS}, address {ADDR}. Please sort it out.",
    ]),
    # Added for the second tuning round (issue 13): shapes the first dev families lacked, all dev.
    "reply-to-them": ("dev", [
        "@{HANDLE} Hi {PFIRST}, I've chased your repair with {DEPT} again today. {OFFICER} says someone will be at {ADDR} on {DAY}.",
        "@{HANDLE} Thanks {PFIRST}. I've passed your number ({PHONE}) to {OFFICER} so they can ring you about the missed bins.",
        "Replying to @{HANDLE}: {P}, I've logged the fly-tipping outside {ADDR} with {DEPT}. I'll message you when it's cleared.",
        "@{HANDLE} Sorry to hear this, {PFIRST}. I'll ask {CLLR} to raise your rent arrears with the housing panel and I'll ring you on {PHONE} tomorrow.",
        "@{HANDLE} {PFIRST}, I've sent your email ({EMAIL}) on to {OFFICER}. Expect a reply by {DAY}.",
        "@{HANDLE} Hi {P}, your council tax appeal for {ADDR}, {PC} has gone to the review team. Fingers crossed!",
        "Thank you {P} for the flowers after we finally got your roof at {ADDR} fixed. It was a team effort with {OFFICER}!",
        "@{HANDLE} Of course, {PFIRST}. Your blue badge renewal is with {DEPT} and they have your date of birth as {DOB}, so check that's right.",
    ]),
    "thread-and-constituent": ("dev", [
        "1/2 Still chasing for {P} of {ADDR}, whose ceiling came down {DAY}.\n2/2 {DEPT} now say a surveyor will call {hers_obj} on {PHONE}.",
        "Thread. The damp at {ADDR} is the worst I've seen this year. {P} has two children sharing one mouldy bedroom. (1/3)",
        "My constituent {P} has been waiting since {DAY} for a stairlift at {ADDR}. I've written to {MP} about the delay.",
        "Raised my constituent {P}'s case with {OFFICER} today: {she} has been without heating on {STREET} for a fortnight.",
        "{PFIRST} on {STREET} has had no hot water for ten days. {DEPT}, this needs sorting today please.",
        "{PFIRST} from {STREET} rang me in tears: {her_} PIP has been stopped. {CLLR} and I are meeting the DWP {DAY}.",
        "We're backing #JusticeFor{PTAG}, evicted from {ADDR} with two days' notice. {MP} is on the case too.",
        "Good news at last for {P}: {her_} housing transfer from {ADDR} has come through. Thanks to {OFFICER} for pushing it.",
    ]),
    "public-replies": ("dev", [
        "@{HANDLE} Thanks for flagging. I've asked {OFFICER} to look at the {STREET} potholes and will update here.",
        "Replying to @{HANDLE}: {CLLR} is raising your point about the bus cuts at Full Council on {DAY}.",
        "@{HANDLE} The number for {BIZ} is {PUBPHONE}, and they deliver across {WARD}.",
        "@{HANDLE} {MP} holds a surgery at {PUBADDR} on {DAY}; worth going along with your question.",
        "Great thread from {PUB} on the housing grant. My constituents in {WARD} deserve better. #{WARD}",
        "@{HANDLE} You can report it at {PUBEMAIL} or ask {OFFICER}; I've copied them in.",
        "My constituents asked me to thank {OFFICER} for fixing the street lights on {STREET}. Thank you!",
        "1/2 Busy day: {MP} visited {BIZ} on {STREET} with me.\n2/2 Then {CLLR} and I met {PUB} about the {WARD} library hours.",
    ]),
    # Written 2026-12-05 by a helper session that saw only the slot list above and a
    # description of the shapes wanted, blind to the analyser, the rules and every other template.
    "residents-in-lists": ("dev", [
        "Doorknocking on {STREET} today. Issues raised:\n• No. {N} – {P}: damp in the back bedroom\n• {ADDR} – {P2}: missed bin collections\nAll logged with {DEPT}.",
        "Thanks to everyone who came to the {WARD} surgery on {DAY}, especially {P}, {P2} and the residents of {STREET}. Cases passed to {DEPT}.",
        "Potholes reported this week: {STREET} (outside No. {N}, reported by {P}); {ADDR}, {PC} (reported by {P2}).",
        "Households in {TOWN} still without heating:\n1. {P}, {ADDR}\n2. {P2}, {PC}\n3. a family who asked not to be named\nI have escalated all three.",
        "Fly-tipping behind {ADDR} again. Reported by {P} ({PHONE}). Also raised by a neighbour, {P2}, who lives opposite.",
        "Casework round-up for {WARD}: parking on {STREET} ({P}); hedges overhanging the path at {ADDR}; a Blue Badge renewal for {P2}.",
        "Signatures on the {STREET} traffic-calming petition so far include {P}, {P2} and {N} others. Thank you to {V} for collecting them!",
        "Flooding visits today – {ADDR}, {PC}; two flats on {STREET}; and the bungalow belonging to {P}. Sandbags arranged via {DEPT}.",
        "Who is affected by the bus cut? {P} at {ADDR}, who can't get to hospital; {P2}, a carer on {STREET}; and many more in {TOWN}.",
        "Assisted bin collections restored for:\n{ADDR} ({P})\n{P2}, {PC}\nApologies for the delay, and thanks for your patience, {PFIRST}.",
    ]),
    "casual-and-lowercase": ("dev", [
        "spoke 2 {PFIRST} at {ADDR} re {her_} damp, gettin {DEPT} out {DAY} 👍",
        "{P}: ur bins r sorted, crew coming {DAY} 🙏",
        "HUGE THANKS TO {V} FOR HELPING {P} CLEAR THE GARDEN AT {ADDR} TODAY!!! 💚💚",
        "lol just realised i left my brolly at {P}'s 😂 will grab it {DAY} when i chase up {her_} housing transfer",
        "{P} rang again re the streetlight outside {ADDR}... 3rd time this month smh. on it.",
        "quick one - anyone near {STREET} seen {PFIRST}'s cat?? ginger, v friendly. msg {hers_obj} on {PHONE} x",
        "wat a day. {P} ({ADDR}, {PC}) finaly got {her_} new boiler after 6 wks. persistance pays 💪",
        "omg the state of the alley behind {ADDR} 🤢 {PFIRST} u were right, reported it 2 {DEPT}",
        "gd news 4 {P} - housing benefit backdated!! 🎉🎉 #{PTAG}",
        "@{HANDLE} hiya {PFIRST}, got ur msg re the parkin on {STREET}, will pop round {DAY} n have a look",
    ]),
    "quoted-and-forwarded": ("dev", [
        "Just had this from {P}: \"I've reported the leak at {ADDR} four times and nobody has come.\" Chasing {DEPT} now.",
        "Copying in {P} ({EMAIL}) so {she} can see the reply from {DEPT} directly.",
        "Forwarded message:\nFrom: {P} <{EMAIL}>\nSubject: Parking on {STREET}\n\"Can something be done before someone gets hurt?\"\nYes – I've asked {DEPT} for double yellows.",
        "Writing on behalf of {P} of {ADDR}, {PC}, who has now waited {N} weeks for a kitchen repair.",
        "FAO {DEPT}: please contact {P} on {PHONE} about the missed assisted collection at {ADDR}.",
        "The reply from {DEPT} should go c/o {P2}, {ADDR}, {PC}, as {P} is in hospital at the moment.",
        "A resident writes: 'My mum's carer can't park anywhere near {ADDR} and she's missing visits.' Thanks for flagging this, {P} – raised with {DEPT}.",
        "Sharing with permission:\n\n\"The new crossing on {STREET} has made such a difference to our children. Many thanks.\n\n{P}\n{ADDR}\n{PC}\"",
        "From my inbox: \"{P} here, been on hold to {DEPT} for an hour, can my councillor help?\" Yes – DM me, {PFIRST}.",
        "Received by email from {EMAIL}: \"My NI number is {NINO} and my claim still hasn't been processed.\" I've passed this to {DEPT} for {P}.",
    ]),
    "mixed-public-private": ("dev", [
        "Met {CLLR} and {P} on {STREET} to look at the subsidence, and {OFFICER} will visit {ADDR} {DAY}.",
        "{P}'s son has been waiting for an EHCP assessment for {N} weeks. Raised with {MP} this morning. #JusticeFor{PTAG}",
        "Residents can call the council on {PUBPHONE}; {P} has asked that neighbours with information about the break-ins contact {hers_obj} on {PHONE}.",
        "Thanks to {BIZ} for donating food parcels, and to {P} and {her_} carer for telling us about the gap in provision on {STREET}.",
        "Yesterday {PUB} joined me to visit {P} at {ADDR}, {PC}. {She} has been without a working lift for a month.",
        "Write to {PUBADDR} or email {PUBEMAIL} to object. {P} ({EMAIL}) is coordinating the residents' response.",
        "{P} and {P2} from {STREET} met {PUBNAME}, the council's Director of Housing, today about the mould in their flats.",
        "Great to see {BIZ} sponsoring the {WARD} gala. Special mention to {P}, who has run the tombola since 1998, and to {BIZ2} for the prizes.",
        "Phoned {OFFICER} about {P}'s elderly mother at {ADDR}, and {CLLR} has also written to {DEPT}.",
        "I've asked {MP} to take up the case of {P} (DOB {DOB}), whose PIP appeal hearing is {DAY}. {PUB2} is supporting too.",
    ]),
    "welsh-and-scottish-context": ("dev", [
        "Diolch yn fawr i {V} am helpu heddiw. Visited {P} at {ADDR}, {PC} about {her_} outstanding housing association repairs.",
        "Bore da! Cymorthfa heddiw yn {TOWN}. Spoke with {P} about the damp in {her_} Tai Tarian flat – chasing it up with the landlord.",
        "Braf oedd cwrdd â {P} o {STREET} heddiw. Still waiting on a date for a hip operation at Ysbyty Gwynedd – I've written to the health board.",
        "Aye, it's a right guddle. {P} in {ADDR} has been waitin on {DEPT} since {DAY} tae sort the windae.",
        "Scottish Welfare Fund crisis grant finally through for {P} (NI {NINO}). Cheers tae a' at {BIZ} fur their help.",
        "The health board has lost the referral for {P} (NHS no. {NHS}) twice now. Mae hyn yn annerbyniol.",
        "Wee update: {P} fae {ADDR}, {PC} has got {her_} Adult Disability Payment sorted wi Social Security Scotland. Braw news.",
        "Llongyfarchiadau i {P}, {ADDR}, ar gyrraedd 100 oed! Born {DOB} – happy birthday from everyone in {WARD}.",
        "Surgery in {TOWN} library the day. Raised {P}'s transfer request wi Kingdom Housing Association and wi {PUB}. Gonnae keep at it.",
        "Croeso i'r ward! Welcome to {P} and {P2}, who've just moved into {ADDR} – any problems, ffoniwch fi / ring me.",
    ]),
    "public-only-c": ("dev", [
        "Councillor surgery this Saturday 10–12 at {PUBADDR}, {PUBPC}. Can't make it? Ring {PUBPHONE} or email {PUBEMAIL}.",
        "Huge shout-out to {BIZ} on {STREET} for 25 years of serving {TOWN}! Pop in and say hello.",
        "{CLLR} and {MP} will be at {BIZ} {DAY} to hear your views on the new bus timetable.",
        "Report potholes to {DEPT} on {PUBPHONE} or online. Our {OFFICER} is leading the resurfacing programme in {WARD}.",
        "Congratulations to {PUB} on being appointed chair of the {WARD} community partnership.",
        "Thank you to {BIZ} and {BIZ2} for sponsoring the {TOWN} Christmas lights. Switch-on is {DAY}!",
        "Contact your ward councillors:\n{CLLR} – {PUBEMAIL}\n{PUB} – {PUBPHONE}\nOr write to us at {PUBADDR}, {PUBPC}.",
        "Today I met {PUBNAME}, the new manager of the {TOWN} food bank, at {PUBADDR}. Donations can be dropped off Monday to Friday.",
        "{MP} has written to the Department for Transport about the closure of the {TOWN} ticket office. Join the campaign: {PUBEMAIL}.",
        "Well done to {OFFICER} and the team at {DEPT} – {N} streetlights fixed in {WARD} this month.",
    ]),
}

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "next week", "the 14th", "Friday 3rd"]
_SLOT = re.compile(r"\{(\w+)\}")


def _render(template: str, rng: random.Random) -> tuple[str, list[Span], list[Span], list[Span]]:
    p, p2 = _person(rng), _person(rng)
    pron = {
        "she": "she" if p.female else "he", "She": "She" if p.female else "He",
        "her_": "her" if p.female else "his", "Her_": "Her" if p.female else "His",
        "hers_obj": "her" if p.female else "him", "their_ward": "her" if rng.random() < 0.5 else "his",
    }  # fmt: skip
    private: dict[str, Callable[[], tuple[str, str]]] = {
        "P": lambda: (_private_name(rng, p), "PERSON"),
        "P2": lambda: (_private_name(rng, p2), "PERSON"),
        "PFIRST": lambda: (p.first, "PERSON"),
        "PTAG": lambda: ("".join(w[:1].upper() + w[1:] for w in p.full.replace("'", "").split()), "PERSON"),
        "ADDR": lambda: (_address(rng), "STREET_ADDRESS"),
        "PC": lambda: (_postcode(rng), "UK_POSTCODE"),
        "PHONE": lambda: (_phone(rng), "PHONE_NUMBER"),
        "EMAIL": lambda: (_email(rng, p), "EMAIL_ADDRESS"),
        "NINO": lambda: (_nino(rng), "UK_NINO"),
        "NHS": lambda: (_nhs(rng), "UK_NHS"),
        "DOB": lambda: (_dob(rng), "DATE_OF_BIRTH"),
    }
    public: dict[str, Callable[[], str]] = {
        "PUB": lambda: _public_person(rng), "PUB2": lambda: _public_person(rng),
        "CLLR": lambda: f"Cllr {_person(rng).full}", "MP": lambda: f"{_person(rng).full} MP",
        "OFFICER": lambda: f"officer {_person(rng).full} from {rng.choice(_DEPARTMENTS)}",
        "BIZ": lambda: _business(rng), "BIZ2": lambda: _business(rng), "PUBNAME": lambda: _person(rng).full,
        "PUBADDR": lambda: f"{rng.randint(1, 240)} {_street(rng)}", "PUBPC": lambda: _postcode(rng),
        "PUBPHONE": lambda: _phone(rng), "PUBEMAIL": lambda: _public_email(rng),
    }  # fmt: skip
    fillers: dict[str, Callable[[], str]] = {
        "STREET": lambda: _street(rng), "TOWN": lambda: rng.choice(_TOWNS), "WARD": lambda: rng.choice(_WARDS),
        "DEPT": lambda: rng.choice(_DEPARTMENTS), "N": lambda: str(rng.randint(2, 90)),
        "DAY": lambda: rng.choice(_DAYS),
        "HANDLE": lambda: f"{_ascii(p.first.split()[0]).lower()}{rng.randint(10, 99)}",
    }  # fmt: skip
    out: list[str] = []
    pos = 0
    spans: list[Span] = []
    pubs: list[Span] = []
    neutral: list[Span] = []
    last = 0
    for m in _SLOT.finditer(template):
        out.append(template[last : m.start()])
        pos += m.start() - last
        last = m.end()
        slot = m[1]
        if slot in private:
            text, entity = private[slot]()
            spans.append(Span(pos, pos + len(text), entity))
        elif slot in public:
            text = public[slot]()
            pubs.append(Span(pos, pos + len(text), "PUBLIC"))
        elif slot == "V":
            text = p.first
            neutral.append(Span(pos, pos + len(text), "VOLUNTEER"))
        elif slot in pron:
            text = pron[slot]
        else:
            text = fillers[slot]()
        out.append(text)
        pos += len(text)
    out.append(template[last:])
    text = "".join(out)
    if text[:1].islower():  # "our Chief Executive …" opening a post
        text = text[0].upper() + text[1:]
    return text, spans, pubs, neutral


def templates() -> Iterator[tuple[str, Split, int, str]]:
    """(family, split, index, template) for every template."""
    for family, (split, items) in _FAMILIES.items():
        for i, t in enumerate(items):
            yield family, split, i, t


def build_set(per_template: int = 30, seed: int = 13) -> list[UkPost]:
    """The set: ``per_template`` renderings of every template, deterministic for a ``seed``."""
    posts = []
    for family, split, i, template in templates():
        for k in range(per_template):
            rng = random.Random(f"{seed}:{family}:{i}:{k}")
            text, spans, pubs, neutral = _render(template, rng)
            posts.append(UkPost(text, tuple(spans), tuple(pubs), tuple(neutral), family, i, split))
    return posts
