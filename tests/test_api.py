"""The public API is small, sorted and stable; findings are immutable."""

from __future__ import annotations

import dataclasses

import pytest

import pausecheck
from pausecheck import Post, Verdict, check


def test_public_names() -> None:
    assert pausecheck.__all__ == sorted(pausecheck.__all__)
    for name in ("check", "Post", "load_pack", "Report", "Finding", "Verdict"):
        assert name in pausecheck.__all__
    for name in pausecheck.__all__:
        assert hasattr(pausecheck, name)


def test_findings_are_immutable() -> None:
    report = check(Post("Cllr Smith is an idiot"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.findings[0].severity = "advise"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.verdict = Verdict.PUBLISH  # type: ignore[misc]


def test_findings_carry_what_a_ui_needs() -> None:
    report = check(Post("Everyone knows the planning officer takes backhanders", account="councillor"))
    f = next(f for f in report.findings if f.category == "defamation")
    assert report.verdict is Verdict.DO_NOT_PUBLISH
    assert f.match == "backhanders" and report.text[f.start:f.end] == f.match
    assert f.clause.ref and f.clause.summary and f.why and f.advice and f.suggestion is not None
    assert "the planning officer" in f.explanation
    assert f.score >= 0.5


def test_check_accepts_a_pack_name() -> None:
    assert check("Lovely day at the gala", pack="leeds-2019").verdict is Verdict.PUBLISH


@pytest.mark.parametrize("bad", [dict(account="mayor"), dict(attachments="photo.jpg")])
def test_post_rejects_bad_context(bad: dict) -> None:
    with pytest.raises(pausecheck.InputError):
        Post("hello", **bad)


def test_broken_unicode_is_replaced_not_crashed() -> None:
    report = check("Cllr Smith is an idiot \udc80")
    assert report.text.endswith("\ufffd") and len(report.text) == len("Cllr Smith is an idiot \udc80")


def test_check_reuses_a_checker_per_pack_and_rebuilds_after_an_edit(tmp_path) -> None:
    import shutil

    from pausecheck import api, load_pack
    from pausecheck.policy.loader import PACKS_DIR

    pack = load_pack()
    check("Lovely day at the gala", pack=pack)
    built = api._checkers[pack.digest]
    assert check("Cllr Smith is an idiot", pack=pack).verdict is Verdict.REVISE
    assert api._checkers[pack.digest] is built  # same pack content: the same Checker
    # An edited copy of the pack is another pack: a new Checker, and the cache stays bounded.
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    (dest / "rules" / "insult-personal.yaml").unlink()
    edited = load_pack(dest)
    assert edited.digest != pack.digest
    check("Lovely day at the gala", pack=edited)
    assert api._checkers[edited.digest] is not built
    assert len(api._checkers) <= api.MAX_CHECKERS


def test_checker_reload_reads_the_edited_pack_and_keeps_the_resources(tmp_path) -> None:
    import shutil

    from pausecheck import Checker, Resources
    from pausecheck.policy.loader import PACKS_DIR

    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    resources = Resources()
    checker = Checker(dest, resources=resources)
    assert checker.check("Cllr Smith is an idiot").verdict is Verdict.REVISE
    for pattern in ("insult-*.yaml", "learned-personal-attack.yaml", "learned-putdown.yaml"):
        for f in (dest / "rules").glob(pattern):
            f.unlink()
    reloaded = checker.reload()
    assert reloaded.resources is resources and reloaded.config == checker.config
    assert reloaded.check("Cllr Smith is an idiot").verdict is Verdict.PUBLISH
