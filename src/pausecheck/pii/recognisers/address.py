"""UK postcodes and street addresses, scored by how much of an address surrounds them.

A postcode alone covers a street or so; one that finishes "12 Church Lane, Leeds" singles out
a household. So a postcode scores low bare and high after a street or town, and a street
address scores higher with a cue such as "lives".
The postcode shape is :data:`pausecheck.text.shapes.POSTCODE`, the one the packs use.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pausecheck.pii.recognisers.base import OwnRecognizer, last_words, own_result
from pausecheck.text.shapes import POSTCODE, STREET_WORD

_POSTCODE = regex.compile(rf"(?<![\w]){POSTCODE}(?!\w)", regex.IGNORECASE)

_STREET_SUFFIXES = STREET_WORD[3:-1]  # the alternatives, without the group around them
_MONTH_NAMES = (
    "(?:January|February|March|April|May|June|July|August|September|October|November"
    "|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
# A number then a month name is a date, not a house number: "on 12 May Green councillors...".
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
_CAP_WORD = r"\p{Lu}[\p{L}'’\-]*"
# A street without a house number: one to four capitalised words, then a street word.
_STREET_NAME = rf"(?:{_CAP_WORD}[ ]+){{1,4}}?(?:{_STREET_SUFFIXES}|ROAD|STREET|LANE|AVENUE|CLOSE|DRIVE|GROVE|TERRACE|WAY)\b\.?"
# Words that end the name of a block of flats or a house ("Parkside House", "Lincoln Towers").
_BUILDING_WORDS = (
    "House|Court|Towers?|Heights|Mansions|Lodge|Buildings|Point|Block|Apartments|Chambers"
    "|Works|Mill|Wharf|Quay|Residences?|Gardens|Place|Grange|Manor|Square|Walk|View|Cottages?"
)
# A flat in a named block: "Flat 12, Parkside House". The block name is what makes it a home;
# a "Unit" or a "Room" in one is a business's or a meeting's ("Room 3, Civic Hall").
_FLAT_IN_BLOCK = regex.compile(
    rf"""(?<![\w])(?:Flat|Apartment|Apt\.?)[ ]+[0-9]{{1,4}}[A-Za-z]?,?[ ]+
    (?:{_CAP_WORD}[ ]+){{1,3}}?(?:{_BUILDING_WORDS})(?![\w'’])""",
    regex.VERBOSE,
)
# A named house then its street: "Rose Cottage, Mill Lane", "The Laurels, Park Road",
# "Bryn Teg, Station Road". The house name is a word-list shape, the street the usual one.
# "The Mayor, Park Lane residents..." is a sentence, not a house: roles and bodies after "The" are not house names.
_NOT_HOUSE_AFTER_THE = (
    "Mayor|Lord|Council|Councillors?|Leader|Chair|Police|Government|Minister|Cabinet|Committee|Residents?"
    "|Friends|Community|Club|School|Library|Church|Mosque|Hospital|Centre|Park|Bus|Road|Street|Lane|City"
    "|Ward|Team|Trust|Board|Department|Service|Services|Report|Plan|Meeting|Site|Scheme|Campaign|Petition"
)
_HOUSE_NAME = rf"""(?:The[ ]+(?!(?:{_NOT_HOUSE_AFTER_THE})\b)(?:{_CAP_WORD}[ ]+){{0,2}}{_CAP_WORD}
    | (?:{_CAP_WORD}[ ]+){{1,2}}(?:Cottage|House|Farm|Farmhouse|Lodge|Forge|Barn|Villa|Bungalow|Hall|Grange
        |Manor|Mill|View|Mount|Nook|Lea|Rise|End|Side|Croft|Howe|Garth)
    | (?:Ty|Tŷ|Bryn|Pen|Plas|Hafod|Glan|Llys|Maes|Bron|Cae|Nant|Coed|Gwel|Tan|Rhos|Fron|Craig|Hen)[ ]+{_CAP_WORD})"""
_NAMED_HOUSE = regex.compile(
    rf"(?<![\w'’])(?P<house>{_HOUSE_NAME}),[ ]+(?P<street>{_STREET_NAME})(?![\w'’])",
    regex.VERBOSE,
)
# A named house alone is an address only when the words before say someone lives there.
_HOUSE_ALONE = regex.compile(
    rf"""(?<=(?i:lives|living|lived|resides|residing|home|address|house|moved|c/o)[ ]+(?:(?i:at|to|is|in)[ ]+)?)
    (?:{_CAP_WORD}[ ]+){{1,2}}(?:Cottage|Farm|Farmhouse|Lodge|Forge|Barn|Villa|Bungalow)(?![\w'’])""",
    regex.VERBOSE,
)
_TOWN_WORD = r"\p{Lu}[\p{Ll}'’\-]+"
# An address, then up to three town words ("Headingley, Leeds"), then the end of the window.
_ADDRESS_BEFORE = regex.compile(
    rf"(?<![\w£$€.,/\-]){_STREET_ADDRESS_BODY}(?:,?[ ]+{_TOWN_WORD}){{0,3}},?[ ]*$",
    regex.VERBOSE,
)
_STREET_ABBREVIATIONS = frozenset(
    {"rd", "st", "ln", "ave", "cres", "dr", "gr", "terr", "tce", "pl", "gdns", "ct", "sq"}
)
_POSTCODE_AFTER = regex.compile(rf"(?:,?[ ]+{_TOWN_WORD}){{0,3}},?[ ]+{POSTCODE}(?!\w)")
_TOWN_BEFORE = regex.compile(rf"(?:^|[ ,(])(?P<town>{_TOWN_WORD}),?[ ]+$")
# Capitalised words that end up right before a postcode without being a place name.
_NOT_TOWNS = frozenset(
    {
        "The", "In", "At", "On", "Near", "From", "To", "My", "Our", "Her", "His", "Their",
        "Your", "Its", "Is", "Was", "Visit", "Postcode", "Post", "Code", "Address", "And", "Or",
        "But", "For", "With", "By", "Of", "Call", "Email", "Contact", "Ring", "Text", "Phone",
        "Area",
    }
)  # fmt: skip
_POSTCODE_CUE = regex.compile(
    r"(?<!\w)(?:post\s?codes?|postal\s+code|address(?:es)?|lives?|living|lived|resides?"
    r"|residing|moved|home|house|property)(?!\w)",
    regex.IGNORECASE,
)
_ADDRESS_CUE = regex.compile(
    r"(?<!\w)(?:address(?:es)?|lives?|living|lived|resides?|residing|moved|home|house"
    r"|property|tenant|tenancy|door|neighbou?rs?)(?!\w)|(?<!\w)c/o(?!\w)",
    regex.IGNORECASE,
)


class UkPostcodeRecognizer(OwnRecognizer):
    """A UK postcode; personal data mostly when it finishes an address."""

    ENTITIES = ("UK_POSTCODE",)
    BARE, CUED, AFTER_ADDRESS = 0.4, 0.6, 0.7

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
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
            elif cue := _POSTCODE_CUE.search(last_words(text, m.start())):
                score = self.CUED
                why = f"a UK postcode with '{cue.group().lower()}' just before it"
            else:
                score, why = self.BARE, "a UK postcode on its own (no address nearby)"
            out.append(own_result(self, "UK_POSTCODE", m.start(), m.end(), score, why, pattern_name="uk-postcode"))
        return out


class StreetAddressRecognizer(OwnRecognizer):
    """House number + street name + a street suffix from a closed list; a flat in a named
    block; a named house and its street (or alone, where someone is said to live there)."""

    ENTITIES = ("STREET_ADDRESS",)
    BASE, STRONG, WITH_POSTCODE = 0.55, 0.75, 0.8

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
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
            elif cue := _ADDRESS_CUE.search(last_words(text, start)):
                score, why = self.STRONG, f"{desc}, with '{cue.group().lower()}' just before"
            else:
                score, why = self.BASE, desc
            out.append(own_result(self, "STREET_ADDRESS", start, end, score, why, pattern_name="uk-street-address"))
        for pattern, name, desc in (
            (_FLAT_IN_BLOCK, "uk-flat-in-block", "a flat number then the name of its block"),
            (_NAMED_HOUSE, "uk-named-house", "a house name then its street"),
            (_HOUSE_ALONE, "uk-named-house-cued", "a house name after words saying someone lives there"),
        ):
            for m in pattern.finditer(text):
                start, end = m.start(), m.end()
                if text[end - 1] == "." and text[start:end].rsplit(None, 1)[-1][:-1].lower() not in _STREET_ABBREVIATIONS:
                    end -= 1
                if _POSTCODE_AFTER.match(text[end : end + 60].split("\n", 1)[0]):
                    score, why = self.WITH_POSTCODE, f"{desc}, followed by a postcode"
                else:
                    score, why = self.STRONG, desc
                out.append(own_result(self, "STREET_ADDRESS", start, end, score, why, pattern_name=name))
        return out
