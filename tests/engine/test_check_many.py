"""check_many: the same reports as check, in order, in batches; bad posts in place."""

from __future__ import annotations

import pytest

from pausecheck import Checker, EmptyInputError, InputError, Post, Report


TEXTS = ["Lovely day at the gala", "Cllr Smith is an idiot", "Call me on 07700 900123 about the bins",
         "Everyone knows the planning officer takes backhanders", "Thanks to the bin crews"]


def test_check_many_gives_what_check_gives_in_order(checker: Checker) -> None:
    posts = [Post(t) for t in TEXTS * 3]
    many = list(checker.check_many(posts, batch_size=4))
    one = [checker.check(p) for p in posts]
    assert [(r.verdict, r.findings, r.checklist) for r in many] == [(r.verdict, r.findings, r.checklist) for r in one]


def test_bad_posts_are_returned_in_place(checker: Checker) -> None:
    out = list(checker.check_many(["fine post here", "   ", "Cllr Smith is an idiot"], errors="return"))
    assert isinstance(out[0], Report) and isinstance(out[1], EmptyInputError) and isinstance(out[2], Report)
    assert out[2].verdict.value == "revise"


def test_bad_posts_raise_by_default(checker: Checker) -> None:
    with pytest.raises(InputError):
        list(checker.check_many(["fine", ""]))


def test_check_many_is_lazy(checker: Checker) -> None:
    def posts():  # type: ignore[no-untyped-def]
        yield "first post"
        raise RuntimeError("the second batch was read before the first was handed out")

    it = checker.check_many(posts(), batch_size=1)
    assert isinstance(next(it), Report)
