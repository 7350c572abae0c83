"""The training templates of ``training/augment.py``: labelled as documented, balanced, fair to parties.

They shape what the fine-tuned model learns, so a slip here (a criticism labelled as an insult, a
party that only ever appears in put-downs) would teach the model a bias that no run-time test
would trace back to its cause.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

import augment  # noqa: E402
import data  # noqa: E402
from corpus import load_cases  # noqa: E402

from pausecheck.classifier import HEADS  # noqa: E402
from pausecheck.classifier.textprep import prepare  # noqa: E402

PARTIES = re.compile(r"\b(Labour|Conservative|Green|Lib Dem|Reform)\b")


def _rows(corpus) -> list[dict[str, int | None]]:
    return [{h: corpus.labels[h][i] for h in HEADS} for i in range(len(corpus.texts))]


def test_insult_templates_pair_every_person_with_both_kinds() -> None:
    corpus = augment.insult_sentences(seed=7)
    rows = _rows(corpus)
    assert len(corpus.texts) == len(set(corpus.texts)) == len(augment.PEOPLE) * (
        len(augment.PUT_DOWNS) + len(augment.CRITICISM))
    insults = [t for t, r in zip(corpus.texts, rows, strict=True) if r["insult"] == 1]
    fair = [t for t, r in zip(corpus.texts, rows, strict=True) if r["insult"] == 0]
    assert len(insults) == len(augment.PEOPLE) * len(augment.PUT_DOWNS)
    assert len(fair) == len(augment.PEOPLE) * len(augment.CRITICISM)
    # Criticism is clean on every head; a put-down is an insult and offensive, never a threat.
    assert all(all(v == 0 for v in r.values()) for r in rows if r["insult"] == 0)
    assert all(r["offensive"] == 1 and r["threat"] == 0 and r["identity_attack"] == 0 for r in rows if r["insult"] == 1)
    assert all(t[0] == t[0].upper() for t in corpus.texts)


def test_insult_templates_name_each_party_equally_on_both_sides() -> None:
    corpus = augment.insult_sentences(seed=7)
    rows = _rows(corpus)
    by_side = {1: Counter(), 0: Counter()}
    for text, r in zip(corpus.texts, rows, strict=True):
        by_side[r["insult"]].update(PARTIES.findall(text))
    assert by_side[1] and set(by_side[1]) == set(by_side[0])
    ratio = {p: by_side[1][p] / by_side[0][p] for p in by_side[1]}
    assert len(set(ratio.values())) == 1, ratio


def test_insult_templates_are_seeded() -> None:
    assert augment.insult_sentences(seed=1).texts == augment.insult_sentences(seed=1).texts
    assert augment.insult_sentences(seed=1).texts != augment.insult_sentences(seed=2).texts


@pytest.mark.parametrize("n", [5, 40])
def test_identity_sentences_label_supportive_and_negated_as_not_attacks(n: int) -> None:
    corpus = augment.identity_sentences(n, seed=3)
    rows = _rows(corpus)
    attacks = [t for t, r in zip(corpus.texts, rows, strict=True) if r["identity_attack"] == 1]
    others = [t for t, r in zip(corpus.texts, rows, strict=True) if r["identity_attack"] == 0]
    assert len(attacks) == n and len(others) == 2 * n
    negated = [t for t in others if any(w in t for w in (" not ", "untrue", "never", "wrong"))]
    assert negated, "the negated sentences must be among the non-attacks"
    assert all(r["threat"] == 0 for r in rows if r["identity_attack"] == 0)


def test_threat_look_alikes_weigh_as_much_as_threats() -> None:
    corpus = augment.threat_sentences(seed=5)
    threats = sum(1 for v in corpus.labels["threat"] if v == 1)
    safe = sum(1 for v in corpus.labels["threat"] if v == 0)
    assert threats == len(augment.THREATS) * len(augment.THREAT_ACTS)
    assert abs(threats - safe) < len(augment.NOT_THREATS)
    for text, v in zip(corpus.texts, corpus.labels["threat"], strict=True):
        assert (v == 0) == (text in augment.NOT_THREATS)


def _four_grams(text: str) -> set[str]:
    """Word 4-grams of ``text``, never across a template slot such as ``{P}``."""
    out: set[str] = set()
    for part in re.split(r"\{[a-zA-Z]\}", text):
        w = re.findall(r"[a-z0-9']+", part.lower().replace("\u2019", "'"))
        out |= {" ".join(w[i:i + 4]) for i in range(len(w) - 3)}
    return out


def test_templates_do_not_copy_the_regression_corpus() -> None:
    """The corpus (tests/corpus) is the in-domain check of the learned models; a template that
    copies one of its drafts would make that check measure memory, not judgement."""
    corpus = set().union(*(_four_grams(c["text"]) for cs in load_cases().values() for c in cs))
    templates = (augment.PUT_DOWNS + augment.CRITICISM + augment.THREATS + augment.NOT_THREATS
                 + augment.SUPPORTIVE + augment.NEGATED + augment.ASSERTED + augment.GENERALISATIONS
                 + augment.REPORT_FRAMES + augment.ENDORSE_FRAMES + tuple(augment.THREAT_ACTS))
    shared = {t: _four_grams(t) & corpus for t in templates}
    assert not {t: g for t, g in shared.items() if g}


def test_leading_mentions_are_mixed_whatever_the_label() -> None:
    texts = ["@USER you idiot", "I will hurt you", "@a @b thanks for coming", "Thanks for coming"] * 100
    labels = {"threat": [0, 1, 0, 0] * 100}
    corpus = data.Corpus("t", texts, labels, sources=["s"] * len(texts))
    mixed = augment.mix_leading_mentions(corpus, seed=11)
    assert mixed.labels is corpus.labels and mixed.sources == corpus.sources
    for k in range(4):  # every kind of row ends up both with and without a leading mention
        opened = {t.startswith("@user") for t in mixed.texts[k::4]}
        assert opened == {True, False}, texts[k]
    # Only the leading mentions change: the words themselves are kept.
    assert all(t.replace("@user", "").split() == prepare(o).replace("@user", "").split()
               for t, o in zip(mixed.texts, texts, strict=True))
    assert augment.mix_leading_mentions(corpus, seed=11).texts == mixed.texts
