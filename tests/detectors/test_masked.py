"""The ``masked`` kind: swearing with its letters hidden, and what only looks like it."""

from __future__ import annotations

import pytest

from pausecheck import Checker, Post, Resources
from pausecheck.detectors.base import Inspection, PackResources
from pausecheck.detectors.masked import MaskedKind, MaskedOptions
from pausecheck.engine import pack_resources
from pausecheck.policy.loader import Pack
from pausecheck.text.doc import Analyser

RESOURCES = Resources()
ANALYSER = Analyser(load_nlp=RESOURCES.nlp)


@pytest.fixture(scope="module")
def kit(pack: Pack) -> PackResources:
    return pack_resources(pack, RESOURCES)


def _spans(kit: PackResources, text: str, **kw: object) -> list[str]:
    det = MaskedKind(MaskedOptions.model_validate({"kind": "masked", **kw}), kit)
    return [text[h.start:h.end] for h in det.find(Inspection(ANALYSER.analyse(text), Post(text), RESOURCES))]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("The bus station is b******s", ["b******s"]),
        ("Tell them to p*** off", ["p***"]),
        ("what a c#nt", []),  # one symbol: the normaliser's business, not this kind's
        ("absolute w%%%%r", ["w%%%%r"]),
        ("What the **** is this", ["****"]),
        ("You total ***** ", ["*****"]),
        ("**** off", ["****"]),
        ("Rated 5* by parents", []),
        ("It is *really* important", []),
        ("Prices from £** a month", []),
        ("Notes: **** see below", []),  # a run of symbols in no swear slot
        ("see https://example.org/a***b", []),
    ],
)
def test_masked_shapes(kit: PackResources, text: str, spans: list[str]) -> None:
    assert _spans(kit, text) == spans


def test_whole_word_masks_can_be_turned_off(kit: PackResources) -> None:
    assert _spans(kit, "What the **** is this", whole_words=False) == []


def test_reported_masked_swearing_is_not_raised(kit: PackResources) -> None:
    assert _spans(kit, "A man shouted 'f*** off' at our volunteers today.") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("This budget is b******s", "SMG-ABU-008"),
        ("stfu about the parking, it's sorted", "SMG-ABU-002"),
        ("@dave_ls6 gtfo with your conspiracy videos", "SMG-ABU-002"),
    ],
)
def test_the_default_pack_raises_masked_and_initialism_swearing(checker: Checker, text: str, code: str) -> None:
    report = checker.check(Post(text))
    assert code in {f.code for f in report.findings}
    assert report.verdict != "publish"


def test_exclamatory_initialisms_are_left_to_judgement(checker: Checker) -> None:
    report = checker.check(Post("FFS the 51 bus is cancelled again"))
    assert "SMG-ABU-002" not in {f.code for f in report.findings}
