"""Property tests that reach the shapes that used to be slow, at lengths up to the full limit.

Quadratic (or worse) shapes fixed so far: long runs of punctuation (spaCy's affix splitting),
``f.f.f.…`` (the URL regex), many phone numbers, postcodes, links, emails or leet-spelled words
in one post (a rescan per hit), many findings (overlap resolution) and U+FDFA (NFKC grows it
18-fold). The strategies build posts from those pieces, repeated to any length up to
``max_chars``, so a regression shows up as a hang guard failure here and as "SUPER-LINEAR" in
``benchmarks/scaling.py`` (which measures the growth; these tests only say "it finishes").

Also: the batch record reader never raises, whatever the line, and splits on ``\\n`` only.
"""

from __future__ import annotations

import json
import math
import string
import time
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from pausecheck import BadRecord, Checker, EmptyInputError, GoodRecord, InputError, InputTooLargeError, Report
from pausecheck.engine import MAX_FINDINGS_PER_RULE
from pausecheck.records import parse_line, read_records

#: The default pack's limit (asserted against the checker's own below).
MAX_CHARS = 20_000
#: A hang guard, not a benchmark: a 20,000-character post takes about 2 s on a slow 2-core machine.
GUARD_S = 10.0

FIXTURE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]

# ---------------------------------------------------------------------------------------------
# Post strategies
# ---------------------------------------------------------------------------------------------

PUNCTUATION = "!*#\"'’‘“”?.,;:-_~()[]{}<>/\\|@&%^+=…"

phones = st.one_of(
    st.from_regex(r"07700 9\d{5}", fullmatch=True),
    st.from_regex(r"\+44 ?7700 ?9\d{5}", fullmatch=True),
    st.from_regex(r"0113 ?496 ?0\d{3}", fullmatch=True),
)
postcodes = st.from_regex(r"(LS|BD|WF|M|SW1A) ?\d{1,2} ?\d[A-Z]{2}", fullmatch=True)
emails = st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,5})?@(example|leeds)\.(com|co\.uk|gov\.uk)", fullmatch=True)
links = st.one_of(
    st.from_regex(r"(bit\.ly|tinyurl\.com|t\.co)/[A-Za-z0-9]{1,6}", fullmatch=True),
    st.from_regex(r"https?://(www\.)?example\.(com|org)/[a-z]{0,5}", fullmatch=True),
)
leet = st.sampled_from(["sh1t", "sh!t", "f*ck", "fuk", "b0ll0cks", "@rse", "tw@t", "$hit", "f u c k", "s h i t",
                        "f.u.c.k", "p-r-i-c-k"])
targets = st.from_regex(r"(Cllr|Councillor|@)[A-Z][a-z]{1,8} (is|are) (an? )?(idiot|liar|disgrace|clown|crook)[!.?]*",
                        fullmatch=True)
#: Pieces that used to be slow on their own, exactly as first reported.
KNOWN = ("!", "*", "#", "a", '"', "f.", "\ufdfa", "07700 900123 ", "LS6 2AB ", "jo@example.com ", "bit.ly/x ", "sh1t ",
         "f u c k ", "Cllr Smith is an idiot! ")
known = st.sampled_from([*KNOWN, "f.f.", "a!", "#tag", "@Smith", "https://", "www.", "@"])
punctuation_run = st.builds(lambda c, n: c * n, st.sampled_from(PUNCTUATION), st.integers(1, 40))
mixed_punctuation = st.text(alphabet=PUNCTUATION, min_size=1, max_size=12)
pieces = st.one_of(known, phones, postcodes, emails, links, leet, targets, punctuation_run, mixed_punctuation,
                   st.text(max_size=8))
separators = st.sampled_from(["", " ", " ", "  ", "\n", ", ", ". ", "! ", " / ", "\t", "\u00a0"])


@st.composite
def units(draw: st.DrawFn) -> str:
    """One to five pieces joined by separators: the string that is repeated to length."""
    parts = draw(st.lists(pieces, min_size=1, max_size=5))
    unit = "".join(p + draw(separators) for p in parts)
    return unit or "!"


def lengths(max_len: int) -> st.SearchStrategy[int]:
    """Any length up to ``max_len``; half the time near it (plain integers favour small values)."""
    return st.integers(1, max_len) | st.integers(max_len * 3 // 4, max_len)


def repeat_to(unit: str, length: int) -> str:
    """``unit`` repeated and cut to exactly ``length`` characters (the cut may fall mid-piece)."""
    return (unit * math.ceil(length / len(unit)))[:length]


@st.composite
def long_posts(draw: st.DrawFn, max_len: int = MAX_CHARS) -> str:
    """A filler, a unit repeated to any length up to the limit, a filler."""
    head = draw(st.text(max_size=30))
    tail = draw(st.text(max_size=30))
    body = draw(st.one_of(
        st.builds(lambda c: c, st.sampled_from(PUNCTUATION)),  # a single character: a run of it
        mixed_punctuation,
        units(),
    ))
    length = draw(lengths(max_len))
    room = max(1, max_len - len(head) - len(tail))
    return head + repeat_to(body, min(length, room)) + tail


def findings_key(report: Report) -> list[tuple[object, ...]]:
    return [(f.code, f.start, f.end, f.match, f.message, f.severity, round(f.score, 9)) for f in report.findings]


def assert_valid(report: Report, text: str) -> None:
    assert isinstance(report, Report)
    assert len(report.text) == len(text)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(report.text), (f.code, f.start, f.end, len(report.text))
        assert report.text[f.start:f.end] == f.match, (f.code, f.start, f.end)
        if f.scope == "post":
            assert f.start == f.end == 0
    per_code = Counter(f.code for f in report.findings)
    for code, n in per_code.items():
        assert n == 1, f"{code}: {n} findings (one per rule)"
    for f in report.findings:
        assert len(f.spans) <= MAX_FINDINGS_PER_RULE, f"{f.code}: {len(f.spans)} spans (cap {MAX_FINDINGS_PER_RULE})"
        assert f.more == 0 or len(f.spans) == MAX_FINDINGS_PER_RULE, f"{f.code}: more={f.more} with a short list"
        for sp in f.spans:
            assert 0 <= sp.start <= sp.end <= len(report.text) and report.text[sp.start:sp.end] == sp.match, f.code


def checked(checker: Checker, text: str) -> tuple[Report | None, float]:
    """The report (None for an input error, which is allowed) and the seconds it took."""
    error: InputError | None = None
    report: Report | None = None
    t = time.perf_counter()
    try:
        report = checker.check(text)
    except InputError as e:  # anything else is a bug and propagates
        error = e
    elapsed = time.perf_counter() - t
    if currently_in_test_context():  # what the examples reached: --hypothesis-show-statistics
        event(f"length {'≤1k' if len(text) <= 1000 else '≤5k' if len(text) <= 5000 else '>5k'}")
        event(f"outcome {type(error).__name__ if error else 'report'}")
    if isinstance(error, EmptyInputError):  # a post with a letter or digit in it is never empty
        assert not any(c.isascii() and c.isalnum() for c in text), error
    elif isinstance(error, InputTooLargeError):  # over the limit as typed or once normalised, never under
        repaired = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
        assert max(len(text), len(checker.analyser.normalise(repaired).text)) > MAX_CHARS, error
    return report, elapsed


# ---------------------------------------------------------------------------------------------
# The checker on long, pathological posts
# ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="module")
def _warm(checker: Checker) -> None:
    """Load spaCy and the models once, so that no hang guard below times the loading."""
    checker.check("Thanks to everyone who came to the surgery")


def test_limit_is_the_documented_one(checker: Checker) -> None:
    assert checker.pack.manifest.settings.max_chars == MAX_CHARS


@pytest.mark.parametrize("unit", KNOWN, ids=ascii)
def test_known_shapes_at_the_limit(checker: Checker, unit: str) -> None:
    """Each shape reported slow, exactly as reported, at the full limit (normalised length)."""
    text = unit * (MAX_CHARS // len(unicodedata.normalize("NFKC", unit)))
    report, elapsed = checked(checker, text)
    assert elapsed < GUARD_S, f"check of {len(text):,} characters ({unit!r}…) took {elapsed:.1f} s"
    assert report is not None
    assert_valid(report, text)


@settings(max_examples=15, deadline=None, suppress_health_check=FIXTURE)
@given(text=long_posts())
def test_long_pathological_posts_finish_and_are_valid(checker: Checker, text: str) -> None:
    report, elapsed = checked(checker, text)
    assert elapsed < GUARD_S, f"check of {len(text):,} characters took {elapsed:.1f} s"
    if report is None:
        return
    assert_valid(report, text)
    again, elapsed = checked(checker, text)
    assert again is not None
    assert elapsed < GUARD_S
    assert findings_key(again) == findings_key(report)
    assert again.verdict == report.verdict


@settings(max_examples=15, deadline=None, suppress_health_check=FIXTURE)
@given(unit=st.one_of(known, phones, postcodes, emails, links, leet, targets), sep=separators,
       length=lengths(MAX_CHARS))
def test_many_hits_of_one_kind(checker: Checker, unit: str, sep: str, length: int) -> None:
    """One identifier, swear word or insult many times: the per-rule cap and its message hold."""
    text = repeat_to(unit + (sep or " "), length)
    report, elapsed = checked(checker, text)
    assert elapsed < GUARD_S, f"check of {len(text):,} characters ({unit!r}…) took {elapsed:.1f} s"
    if report is not None:
        assert_valid(report, text)


@settings(max_examples=10, deadline=None, suppress_health_check=FIXTURE)
@given(texts=st.lists(long_posts(max_len=2_000), min_size=1, max_size=4))
def test_check_many_matches_check(checker: Checker, texts: list[str]) -> None:
    """The batch path (spaCy ``pipe``, one model call) gives what one-at-a-time gives, errors in place."""
    batch = list(checker.check_many(texts, errors="return"))
    assert len(batch) == len(texts)
    for text, got in zip(texts, batch, strict=True):
        one, _ = checked(checker, text)
        if one is None:
            assert isinstance(got, InputError)
        else:
            assert isinstance(got, Report)
            assert_valid(got, text)
            assert findings_key(got) == findings_key(one)


# ---------------------------------------------------------------------------------------------
# The batch record reader
# ---------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
#: Objects that look like records: the real keys with right or wrong types, plus stray keys.
record_like = st.dictionaries(
    st.sampled_from(["id", "text", "account", "at", "platform", "images", "in_meeting"]) | st.text(max_size=6),
    json_values | st.sampled_from(["councillor", "personal", "2026-05-04T09:00", "x"]),
    max_size=7,
)
nesting = st.builds(lambda n, o, c: o * n + c * n, st.integers(1, 50_000),
                    st.sampled_from(["[", '{"a":', '{"text": "x", "images": [']), st.sampled_from(["]", "}", ""]))
big_numbers = st.builds(lambda n, s: f'{{"text": "x", "id": {s * n}}}', st.integers(1, 10_000), st.sampled_from(["9", "1e9"]))


def assert_record(result: object, n: int) -> None:
    assert isinstance(result, GoodRecord | BadRecord), type(result)
    assert result.line == n
    assert isinstance(result.id, str)
    if isinstance(result, BadRecord):
        assert isinstance(result.reason, str)
        assert result.reason.startswith(f"line {n}:")


@settings(max_examples=300, deadline=None)
@given(line=st.text() | nesting | big_numbers, n=st.integers(1, 10**6))
def test_parse_line_never_raises_on_any_string(line: str, n: int) -> None:
    assert_record(parse_line(line, n), n)


@settings(max_examples=300, deadline=None)
@given(value=json_values | record_like, ensure_ascii=st.booleans())
def test_parse_line_never_raises_on_any_json(value: object, ensure_ascii: bool) -> None:
    result = parse_line(json.dumps(value, ensure_ascii=ensure_ascii), 7)
    assert_record(result, 7)
    if isinstance(result, GoodRecord):
        assert isinstance(value, dict)
        assert result.post.text == value["text"]


accounts = st.sampled_from(["personal", "councillor", "party", "council"])
#: Text that a splitlines()-style reader would break: every Unicode line boundary but \n itself.
line_breakers = st.text(alphabet="\u2028\u2029\u0085\r\x0b\x0c\x1c\x1d\x1eab ", max_size=12)


@st.composite
def good_records(draw: st.DrawFn) -> dict[str, object]:
    rec: dict[str, object] = {"text": draw(st.text(max_size=40) | line_breakers)}
    if draw(st.booleans()):
        rec["id"] = draw(st.text(max_size=20) | st.integers(-(10**18), 10**18) | line_breakers)
    if draw(st.booleans()):
        rec["account"] = draw(accounts)
    if draw(st.booleans()):
        rec["platform"] = draw(st.text(max_size=40))
    if draw(st.booleans()):
        rec["images"] = draw(st.lists(st.text(max_size=10), max_size=3))
    if draw(st.booleans()):
        rec["in_meeting"] = draw(st.booleans())
    return rec


@settings(max_examples=200, deadline=None)
@given(
    records=st.lists(good_records(), max_size=8),
    blanks=st.lists(st.text(alphabet=" \t\u2028\u2029\u0085\x0b\x0c", max_size=3), max_size=8),
    crlf=st.booleans(),
)
def test_read_records_splits_on_newline_only(records: list[dict[str, object]], blanks: list[str],
                                             crlf: bool) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    # Blank lines (whitespace only, Unicode line separators included) between and around records.
    doc_lines: list[str] = []
    expected: list[tuple[int, dict[str, object]]] = []
    for i, line in enumerate(lines):
        if i < len(blanks):
            doc_lines.append(blanks[i])
        doc_lines.append(line)
        expected.append((len(doc_lines), records[i]))
    doc_lines.extend(blanks[len(lines):])
    text = ("\r\n" if crlf else "\n").join(doc_lines)
    got = list(read_records(text))
    assert [(g.line, type(g)) for g in got] == [(n, GoodRecord) for n, _ in expected]
    for g, (_, rec) in zip(got, expected, strict=True):
        assert isinstance(g, GoodRecord)
        assert g.post.text == rec["text"]
        if "id" in rec:
            assert g.id == str(rec["id"])
        assert g.post.account == rec.get("account", "councillor")


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from([*string.printable, "\u2028", "\u2029", "\u0085", '{"text": "a"}'])).map("".join)
       | st.lists(st.text() | record_like.map(json.dumps), max_size=6).map("\n".join))
def test_read_records_one_result_per_non_blank_line(text: str) -> None:
    got = list(read_records(text))
    raw = text.split("\n")
    wanted = [n for n, line in enumerate(raw, start=1) if line.removesuffix("\r").strip()]
    assert [g.line for g in got] == wanted
    for g in got:
        assert_record(g, g.line)
