"""The engine tells the member what was not checked: a post in Welsh, partly in Welsh, or in
another language gets a ``language-not-checked`` notice; an English post gets none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pausecheck import Checker, Post, Report, Resources
from pausecheck.findings import Notice
from pausecheck.text import language


def _language(report: Report) -> tuple[Notice, ...]:
    """The language notices (the report may also say learned rules in preview did not run)."""
    return tuple(n for n in report.notices if n.code == "language-not-checked")


def _notice(report: Report) -> Notice:
    [notice] = _language(report)
    return notice


def test_english_post_has_no_notice(checker: Checker) -> None:
    assert _language(checker.check("Great turnout at the library tonight, thanks everyone who came along.")) == ()
    assert _language(checker.check("Cllr Smith is an idiot")) == ()
    assert _language(checker.check("👍")) == ()


def test_welsh_post_gets_the_notice(checker: Checker) -> None:
    report = checker.check("Diolch i bawb a ddaeth i'r cyfarfod heno yn neuadd y pentref. Bydd y nodiadau ar-lein yfory.")
    message = _notice(report).message
    assert message.startswith("This post is in Welsh.")
    assert ("swearing, insults and put-downs, accusations and hints of wrongdoing, plain and veiled threats, attacks on "
            "groups, confidential council business and personal data") in message
    assert report.verdict.value == "publish"  # a notice never changes the verdict


def test_mixed_post_gets_the_partly_welsh_notice(checker: Checker) -> None:
    report = checker.check(Post("Roadworks on the A470 start Monday and last a week. Bydd y ffordd ar gau am wythnos."))
    assert _notice(report).message == (
        "This post is partly in Welsh. pausecheck checks Welsh only for swearing, insults and put-downs, accusations "
        "and hints of wrongdoing, plain and veiled threats, attacks on groups, confidential council business and "
        "personal data; read the Welsh parts yourself before posting."
    )


def test_the_notice_names_what_the_packs_welsh_rules_check() -> None:
    # The WLGA pack takes the Welsh insult, swearing, threat and group rules and no defamation or
    # confidentiality rule (its source text has no libel or confidentiality section), so its
    # notice does not claim that accusations or confidential business are checked.
    from pausecheck.policy.loader import load_pack

    message = _notice(Checker(load_pack("wlga-2021")).check("Diolch yn fawr i bawb a ddaeth i'r cyfarfod heno.")).message
    assert ("checks Welsh only for swearing, insults and put-downs, plain and veiled threats, attacks on groups "
            "and personal data;") in message


def test_without_the_glossed_rules_the_notice_claims_only_what_the_word_lists_read(tmp_path: Path) -> None:
    # The WLGA pack without its overrides of the glossed rules (SMG-ABU-012, SMG-THR-006,
    # SMG-DIS-009): Welsh is then read by word lists and patterns alone, and the notice says so.
    from pausecheck.policy.loader import PACKS_DIR, load_pack

    pack = tmp_path / "wlga"
    shutil.copytree(PACKS_DIR / "wlga-2021", pack)
    for f in (pack / "rules").glob("welsh-learned-*.yaml"):
        f.unlink()
    message = _notice(Checker(load_pack(pack)).check("Diolch yn fawr i bawb a ddaeth i'r cyfarfod heno.")).message
    assert ("checks Welsh only for swearing, insults, plain threats of violence, dehumanising words about groups "
            "and personal data;") in message


def test_a_welsh_accusation_is_found_beside_the_notice(checker: Checker) -> None:
    report = checker.check("Mae'r Cynghorydd Jones yn lleidr ac mae pawb yn gwybod hynny.")
    assert "SMG-DEF-005" in {f.code for f in report.findings}
    assert report.verdict.value == "do-not-publish"
    assert "accusations and hints of wrongdoing" in _notice(report).message


def test_other_language_is_named(checker: Checker) -> None:
    report = checker.check("Merci beaucoup à tous pour votre soutien pendant la campagne électorale.")
    assert _notice(report).message.startswith("This post seems to be in French.")


def test_welsh_insult_and_swearing_are_found_beside_the_notice(checker: Checker) -> None:
    report = checker.check("Mae'r Cynghorydd Jones yn dwpsyn llwyr a'r gyllideb yn gachu.")
    codes = {f.code for f in report.findings}
    assert {"SMG-ABU-006", "SMG-ABU-007"} <= codes
    assert report.verdict.value == "revise"
    assert _notice(report)


def test_check_many_gives_the_same_notices(checker: Checker) -> None:
    texts = ["Thanks to the bin crews for their hard work this week.", "Diolch yn fawr i bawb!",
             "Roadworks on the A470 start Monday and last a week. Bydd y ffordd ar gau am wythnos."]
    many = list(checker.check_many(texts, batch_size=2))
    assert [r.notices for r in many] == [checker.check(t).notices for t in texts]
    assert [len(_language(r)) for r in many] == [0, 1, 1]


def test_language_model_is_loaded_once_and_only_when_needed(pack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    loads: list[int] = []
    real = language.load_language_model

    def counting() -> language.LanguageModel:
        loads.append(1)
        return real()

    monkeypatch.setattr(language, "load_language_model", counting)
    checker = Checker(pack, resources=Resources())
    checker.check("Great turnout at the library tonight, thanks everyone who came along.")
    checker.check("Hello")
    assert loads == []  # English posts are settled by the word screens
    checker.check("Mae'r gwaith ar y ffordd fawr yn dechrau ddydd Llun. Bydd y ffordd ar gau am wythnos.")
    checker.check("Merci beaucoup à tous pour votre soutien pendant la campagne électorale.")
    assert loads == [1]  # then kept by the Resources
    assert _language(checker.reload().check("Vielen Dank an alle, die heute Abend gekommen sind."))
    assert loads == [1]  # a reloaded Checker shares the Resources


def test_a_pack_without_welsh_rules_says_so(tmp_path, pack) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from pausecheck.policy.loader import PACKS_DIR

    copy = tmp_path / "no-welsh"
    shutil.copytree(PACKS_DIR / pack.id, copy)
    for f in (copy / "rules").glob("welsh-*.yaml"):
        f.unlink()
    checker = Checker(copy, resources=Resources())
    report = checker.check("Diolch i bawb a ddaeth i'r cyfarfod heno yn neuadd y pentref. Bydd y nodiadau ar-lein yfory.")
    assert _notice(report).message == (
        "This post is in Welsh. This pack's rules are written for English, so most were not applied; "
        "read it yourself against the guidance before posting."
    )
