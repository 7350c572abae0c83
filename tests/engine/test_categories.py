"""A Checker narrowed to some categories (the inbox's) runs only their rules."""

from __future__ import annotations

import pytest

from pausecheck import Checker


def test_a_checker_narrowed_to_categories_runs_only_their_rules(checker: Checker) -> None:
    from pausecheck.engine import CheckerConfig

    narrowed = Checker(checker.pack, resources=checker.resources, categories=["threat", "insult"])
    text = "Cllr Smith is an idiot and I'll punch him. Posted at 2am after a few pints, #Armley"
    assert {f.category for f in checker.check(text).findings} - {"threat", "insult"}  # the full pack finds more
    assert {f.category for f in narrowed.check(text).findings} == {"threat", "insult"}
    assert narrowed.config == CheckerConfig(checker.pack.path, categories=("insult", "threat"))
    assert Checker.from_config(narrowed.config, checker.resources).config == narrowed.config
    with pytest.raises(ValueError, match="unknown categories"):
        Checker(checker.pack, resources=checker.resources, categories=["rudeness"])
