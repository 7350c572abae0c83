"""Arbitrary Unicode never crashes the checker; spans stay inside the text; output is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pausecheck import Checker, EmptyInputError

# Letters, digits, symbols, emoji, combining marks, format and control characters, surrogates.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=()),
    min_size=0,
    max_size=300,
) | st.from_regex(r"(Cllr [A-Z][a-z]+ is a[n]? (idiot|liar|f\*ck|sh1t) *[!.?]* *){1,3}", fullmatch=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_gives_a_valid_report(checker: Checker, text: str) -> None:
    try:
        first = checker.check(text)
    except EmptyInputError:
        assert not text.strip()
        return
    second = checker.check(text)
    assert first == second
    assert len(first.text) == len(text)
    for f in first.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.match == first.text[f.start:f.end]
    positions = [(f.scope != "span", f.start, f.end) for f in first.findings]
    assert positions == sorted(positions)
