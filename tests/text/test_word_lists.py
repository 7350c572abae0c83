"""The one reader of word-list files (built-in lexicons and a pack's vocab/*.txt)."""

from __future__ import annotations

from pausecheck.text.lexicons import parse_word_list


def test_comments_and_blank_lines_are_skipped() -> None:
    text = "# a heading comment\n\njust saying\n  # an indented comment\n#\nwe all know  # why it is here\n"
    assert parse_word_list(text) == ("just saying", "we all know")


def test_a_hashtag_is_an_entry_not_a_comment() -> None:
    # "#" run into a word is a hashtag a post may hold ("#JustSaying"); only "#" before a space
    # or at a line's end opens a comment.
    assert parse_word_list("#justsaying\n#brownenvelopes # the innuendo\nbar#baz\n") == (
        "#justsaying", "#brownenvelopes", "bar#baz")
