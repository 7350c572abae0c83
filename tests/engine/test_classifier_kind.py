"""The engine applies policy to a learned head: threshold, span mapping, reported speech.

A fake model stands in for the real one here (unit tests of the engine only); the real model
is tested in tests/classifier/.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from pausecheck import Checker, Post, Resources, load_pack
from pausecheck.classifier import DEFAULT_MODEL
from pausecheck.classifier.spans import SpanTagger, load_span_tagger
from pausecheck.policy.loader import PACKS_DIR

RULE = """\
code: SMG-ML-001
name: learned-insult
title: A learned insult
severity: revise
category: insult
clause: {ref: Do 9, summary: Treat people with respect.}
threshold: 0.6
detectors:
  - kind: classifier
    head: insult
message: "'{match}' may be insulting."
why: Because.
advice: Rephrase.
examples:
  fail: [you buffoon, what a buffoon you are, buffoon!]
  pass: [fine, also fine, still fine]
"""


class FakeModel:
    """Scores 'insult' 0.9 when the word 'buffoon' appears, else 0.1; attributes that word."""

    name = "fake"
    heads = ("offensive", "insult", "identity_attack", "threat", "obscene")
    thresholds = {h: 0.5 for h in heads}

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[0.1, 0.9 if "buffoon" in t.lower() else 0.1, 0.1, 0.1, 0.1] for t in texts])

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        i = text.lower().find("buffoon")
        return [(i, i + 7, 1.0)] if i >= 0 else []

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        return {h: self.attribute(text, h) for h in self.heads}


class RecordingResources(Resources):
    """Resources whose every model is ``fake``, recording which model names were asked for."""

    def __init__(self, fake: FakeModel) -> None:
        super().__init__()
        self.fake = fake
        self.asked: list[str] = []

    def model(self, name: str = DEFAULT_MODEL) -> FakeModel:  # type: ignore[override]
        self.asked.append(name)
        return self.fake

    def thresholds(self, name: str = DEFAULT_MODEL) -> dict[str, float]:
        return dict(self.fake.thresholds)

    def span_tagger(self) -> SpanTagger:
        """The real tagger, on the real linear model it was trained with (not the fake)."""
        if self._span_tagger is None:
            self._span_tagger = load_span_tagger()
        return self._span_tagger


@pytest.fixture()
def checker(tmp_path: Path) -> Checker:
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "learned.yaml").write_text(RULE, encoding="utf-8")
    return Checker(load_pack(dest), resources=RecordingResources(FakeModel()))


def test_threshold_and_span(checker: Checker) -> None:
    text = "Cllr Smith, you b\u200buffoon"
    report = checker.check(Post(text))
    [f] = report.findings
    assert f.code == "SMG-ML-001" and f.detector == "classifier"
    # One threshold: the rule's (0.6); the score is the head's probability, not a rescaled one.
    assert f.score == pytest.approx(0.9)
    assert "threshold 0.60" in f.explanation
    assert text[f.start:f.end] == "b\u200buffoon"  # the span maps back through the normaliser


def test_below_threshold_is_not_a_finding(checker: Checker) -> None:
    assert checker.check(Post("A perfectly polite post")).findings == ()


def test_reported_abuse_is_not_the_members_own(checker: Checker) -> None:
    report = checker.check(Post("Someone called me a 'buffoon' at the count. Abuse like this has no place here."))
    assert report.findings == ()


def test_evidence_is_the_tagger_span_over_the_heads_own_words(checker: Checker) -> None:
    # The fake head blames 'buffoon' only; the real toxic-span tagger also marks the swear
    # words elsewhere, which must not become this finding's evidence.
    text = "Cllr Smith, you are a buffoon. Fucking hell, what a week."
    [f] = checker.check(Post(text)).findings
    assert text[f.start:f.end] == "buffoon"
    assert all("ucking" not in quoted for _, quoted in f.evidence)



class FakeModelAll(FakeModel):
    """FakeModel flagging every head, counting how often the attribution pass runs."""

    calls = 0

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[0.9 if "buffoon" in t.lower() else 0.1] * 5 for t in texts])

    def attribute_all(self, text: str) -> dict[str, list[tuple[int, int, float]]]:
        FakeModelAll.calls += 1
        return super().attribute_all(text)


def test_rules_sharing_a_model_share_one_attribution_pass(tmp_path: Path) -> None:
    fake = FakeModelAll()
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "learned.yaml").write_text(RULE, encoding="utf-8")
    second = RULE.replace("SMG-ML-001", "SMG-ML-002").replace("learned-insult", "learned-offence").replace(
        "head: insult", "head: offensive")
    (dest / "rules" / "learned2.yaml").write_text(second, encoding="utf-8")
    report = Checker(load_pack(dest), resources=RecordingResources(fake)).check(Post("Cllr Smith, you buffoon"))
    assert {f.code for f in report.findings} == {"SMG-ML-001", "SMG-ML-002"}
    assert FakeModelAll.calls == 1


def test_the_checker_names_the_model_behind_rules_that_name_none(tmp_path: Path) -> None:
    resources = RecordingResources(FakeModel())
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "learned.yaml").write_text(RULE, encoding="utf-8")
    pinned = RULE.replace("SMG-ML-001", "SMG-ML-002").replace("learned-insult", "pinned-insult").replace(
        "head: insult", "head: insult\n    model: linear-v1")
    (dest / "rules" / "pinned.yaml").write_text(pinned, encoding="utf-8")
    report = Checker(load_pack(dest), model="minilm-ft-v6", resources=resources).check(Post("Cllr Smith, you buffoon"))
    assert {f.code for f in report.findings} == {"SMG-ML-001", "SMG-ML-002"}
    assert set(resources.asked) == {"minilm-ft-v6", "linear-v1"}  # a rule's own model wins


def test_a_calibrated_rule_runs_at_the_model_cards_threshold(tmp_path: Path) -> None:
    dest = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    (dest / "rules" / "learned.yaml").write_text(RULE.replace("threshold: 0.6", "threshold: calibrated"), encoding="utf-8")
    checker = Checker(load_pack(dest))  # the real Resources: reads the model card, loads no model
    from pausecheck.classifier import model_folder, read_manifest

    card = read_manifest(model_folder(DEFAULT_MODEL)).thresholds["insult"]
    assert checker.threshold("learned-insult") == pytest.approx(card)
    assert checker.threshold("SMG-ML-001") == pytest.approx(card)


class FakeHostile(FakeModel):
    """insult 0.9 on 'buffoon', 0.45 on 'clown'; offensive 0.8 when 'really' is there too."""

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        def row(t: str) -> list[float]:
            t = t.lower()
            insult = 0.9 if "buffoon" in t else 0.45 if "clown" in t else 0.1
            return [0.8 if "really" in t else 0.1, insult, 0.1, 0.1, 0.1]

        return np.array([row(t) for t in texts])

    def attribute(self, text: str, head: str) -> list[tuple[int, int, float]]:
        for word in ("buffoon", "clown"):
            i = text.lower().find(word)
            if i >= 0:
                return [(i, i + len(word), 1.0)]
        return []


class CardResources(RecordingResources):
    """Card thresholds of the fake: calibrated 0.4, precise 0.7 for every head."""

    def thresholds(self, name: str = DEFAULT_MODEL, which: str = "calibrated") -> dict[str, float]:  # type: ignore[override]
        return {h: 0.4 if which == "calibrated" else 0.7 for h in self.fake.heads}


def _one_rule(tmp_path: Path, options: str, model: FakeModel, threshold: str = "0.6") -> Checker:
    """The leeds-2019 pack with RULE as its only rule: ``options`` added under ``head: insult``,
    and its threshold set to ``threshold``."""
    dest = tmp_path / "pack"
    if not dest.exists():
        shutil.copytree(PACKS_DIR / "leeds-2019", dest)
    for f in (dest / "rules").glob("*.yaml"):
        f.unlink()
    rule = RULE.replace("threshold: 0.6", f"threshold: {threshold}").replace(
        "    head: insult\n", "    head: insult\n" + options)
    (dest / "rules" / "learned.yaml").write_text(rule, encoding="utf-8")
    return Checker(load_pack(dest), resources=CardResources(model))


def _corroborated(tmp_path: Path, extra: str = "") -> Checker:
    return _one_rule(tmp_path, "    alone: precise\n    corroborate: offensive\n    target: required\n" + extra,
                     FakeHostile(), threshold="calibrated")


def test_below_the_heads_own_bar_another_head_must_agree(tmp_path: Path) -> None:
    checker = _corroborated(tmp_path)
    assert checker.threshold("SMG-ML-001") == pytest.approx(0.4)
    [alone] = checker.check(Post("Cllr Smith, you buffoon")).findings  # 0.9: the head alone suffices
    assert "agrees" not in alone.explanation
    assert checker.check(Post("Cllr Smith, you clown")).findings == ()  # 0.45, offensive 0.1
    [agreed] = checker.check(Post("Cllr Smith, you clown, really")).findings
    assert agreed.score == pytest.approx(0.45)
    assert "head 'offensive' agrees, p=0.80" in agreed.explanation


def test_corroborated_findings_can_be_narrowed_to_some_targets(tmp_path: Path) -> None:
    checker = _corroborated(tmp_path, "    corroborated_target_kinds: [role]\n")
    assert checker.check(Post("Cllr Smith, you clown, really")).findings == ()  # a person, not a role
    assert [f.code for f in checker.check(Post("The planning officer is a clown, really")).findings] == ["SMG-ML-001"]
    # the head alone at its own bar keeps the rule's wider targets
    assert [f.code for f in checker.check(Post("Cllr Smith, you buffoon")).findings] == ["SMG-ML-001"]


@pytest.mark.parametrize(("options", "why"), [
    ({"alone": "precise"}, "go together"),
    ({"corroborate": "offensive"}, "go together"),
    ({"alone": "precise", "corroborate": "insult"}, "cannot corroborate itself"),
    ({"corroborated_target_kinds": ["person"]}, "needs 'alone'"),
])
def test_corroboration_options_are_checked(options: dict[str, object], why: str) -> None:
    from pydantic import ValidationError

    from pausecheck.detectors.classifier import ClassifierOptions

    with pytest.raises(ValidationError, match=why):
        ClassifierOptions(kind="classifier", head="insult", **options)  # type: ignore[arg-type]


def _cued(tmp_path: Path) -> Checker:
    return _one_rule(tmp_path, "    cues: [prejudice-disclaimers]\n", FakeHostile(), threshold="0.4")


def test_a_cued_head_counts_only_beside_a_cue_in_the_posters_own_words(tmp_path: Path) -> None:
    checker = _cued(tmp_path)
    assert checker.check(Post("Cllr Smith is a clown")).findings == ()  # 0.45 but no cue
    [cued] = checker.check(Post("Nothing against Cllr Smith, but he is a clown")).findings
    assert "beside 'Nothing against'" in cued.explanation
    assert ("cue: 'nothing against'", "Nothing against") in cued.evidence
    # The cue in someone else's words is theirs: "I'm not racist but" quoted to condemn it.
    quoted = 'He wrote "nothing against them but" and then called me a clown. Disgraceful.'
    assert checker.check(Post(quoted)).findings == ()


def test_a_cue_may_be_a_matcher_with_patterns(tmp_path: Path) -> None:
    # Signs that are not words (an emoji of a raised eyebrow) need a pattern; the shorthand list
    # of vocabularies is one form of the same matcher.
    cue = "    cues:\n      label: hint\n      patterns: [{name: thinking-face, regex: '\N{THINKING FACE}'}]\n"
    checker = _one_rule(tmp_path, cue, FakeHostile(), threshold="0.4")
    assert checker.check(Post("Cllr Smith is a clown")).findings == ()
    [cued] = checker.check(Post("Cllr Smith is a clown \N{THINKING FACE}")).findings
    assert ("hint: pattern 'thinking-face'", "\N{THINKING FACE}") in cued.evidence
    assert checker.check(Post('He posted "Cllr Smith is a clown \N{THINKING FACE}" and I reported it.')).findings == ()


SENTENCE = "    target: required\n    evidence: sentence\n"


def _sentence_rule(tmp_path: Path) -> Checker:
    return _one_rule(tmp_path, SENTENCE, FakeHostile())


def test_sentence_evidence_points_at_the_sentence_the_head_rates_highest(tmp_path: Path) -> None:
    checker = _sentence_rule(tmp_path)
    [finding] = checker.check(Post("Cllr Smith spoke at full council tonight. He is a buffoon.")).findings
    assert finding.match == "He is a buffoon."
    assert ("sentence", "He is a buffoon.") in finding.evidence
    assert "the sentence alone scores 0.90" in finding.explanation
    # The best sentence must be about someone: a thing called a buffoon names nobody.
    assert checker.check(Post("What a night. The new parking scheme is a buffoon's charter.")).findings == ()


def test_learned_rules_do_not_read_a_welsh_post(tmp_path: Path) -> None:
    # The models learnt English: their scores on Welsh are noise, and the notice says Welsh is
    # checked only by the Welsh lexicon rules.
    checker = _sentence_rule(tmp_path)
    welsh = "Mae'r Cynghorydd Smith yn buffoon llwyr, a dyw e ddim yn gwrando ar neb yn y pentref o gwbl."
    report = checker.check(Post(welsh))
    assert report.findings == ()
    assert any(n.code == "language-not-checked" for n in report.notices)


class FakePartisan(FakeHostile):
    """Reads the word 'Labour' as an insult: the bias a neutral vocabulary must take away."""

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[0.1, 0.9 if "labour" in t.lower() else 0.1, 0.1, 0.1, 0.1] for t in texts])


def test_neutral_terms_are_never_read_by_the_head(tmp_path: Path) -> None:
    post = Post("Cllr Smith joined Labour last year and spoke at full council tonight.")
    partisan = _one_rule(tmp_path, SENTENCE, FakePartisan())
    assert [f.code for f in partisan.check(post).findings] == ["SMG-ML-001"]  # the bias shows
    neutral = _one_rule(tmp_path, SENTENCE + '    neutral: {parties: "the party"}\n', FakePartisan())
    assert neutral.check(post).findings == ()  # read as "joined the party last year"


def test_neutral_terms_need_sentence_evidence() -> None:
    from pydantic import ValidationError

    from pausecheck.detectors.classifier import ClassifierOptions

    with pytest.raises(ValidationError, match="needs 'evidence: sentence'"):
        ClassifierOptions(kind="classifier", head="insult", neutral={"parties": "the party"})  # type: ignore[arg-type]


def test_allowed_idioms_need_word_evidence() -> None:
    # 'allow' clears words of the evidence; a sentence read whole has none to clear (a rule
    # reading sentences makes its idioms neutral instead).
    from pydantic import ValidationError

    from pausecheck.detectors.classifier import ClassifierOptions

    with pytest.raises(ValidationError, match="'allow' needs 'evidence: words'"):
        ClassifierOptions(kind="classifier", head="insult", evidence="sentence", allow=["figurative"])  # type: ignore[arg-type]


class FakeIdiomatic(FakeHostile):
    """Reads 'hang' as violence: an idiom a neutral vocabulary must take away."""

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[0.1, 0.9 if "hang" in t.lower() else 0.1, 0.1, 0.1, 0.1] for t in texts])


def test_idioms_made_neutral_are_read_as_the_plain_phrase(tmp_path: Path) -> None:
    post = Post("Cllr Smith voted to close the library. He should hang his head in shame.")
    literal = _one_rule(tmp_path, SENTENCE, FakeIdiomatic())
    assert [f.code for f in literal.check(post).findings] == ["SMG-ML-001"]
    idioms = _one_rule(tmp_path, SENTENCE + '    neutral: {figurative: "act"}\n', FakeIdiomatic())
    assert idioms.check(post).findings == ()  # read as "He should act."
    # A real threat outside the idiom is still read.
    [finding] = idioms.check(Post("Cllr Smith voted to close the library. Someone should hang him.")).findings
    assert finding.match == "Someone should hang him."


MODIFIED = """\
    modifiers:
      - label: a court's finding, reported
        vocab: [proven-findings]
        factor: 0.5
      - label: in the same sentence as a vote
        patterns: [{name: vote, regex: "\\\\bvoted\\\\b"}]
        scope: sentence
        factor: 0.5
"""


@pytest.mark.parametrize("evidence", ["", SENTENCE])
def test_modifiers_scale_the_heads_probability_and_say_so(tmp_path: Path, evidence: str) -> None:
    checker = _one_rule(tmp_path, evidence + MODIFIED, FakeModel())
    [plain] = checker.check(Post("Cllr Smith is a buffoon.")).findings
    assert plain.score == pytest.approx(0.9)
    # Without a scope of its own, a modifier reads the whole post; 0.9 x 0.5 is below the rule's 0.6.
    assert checker.check(Post("Cllr Smith was convicted last May. He is a buffoon.")).findings == ()
    # One with a scope of its own reads only there: the vote is in another sentence.
    [kept] = checker.check(Post("Cllr Smith voted today. He is a buffoon.")).findings
    assert kept.score == pytest.approx(0.9)
    raised = _one_rule(tmp_path, evidence + MODIFIED.replace("factor: 0.5\n", "factor: 0.9\n", 1), FakeModel())
    [lowered] = raised.check(Post("Cllr Smith was convicted last May. He is a buffoon.")).findings
    assert lowered.score == pytest.approx(0.81)
    assert "lowered by a court's finding, reported: 'was convicted'" in lowered.explanation
