"""The ``finetuned`` model: MiniLM fine-tuned on CPU, shipped as one int8 ONNX graph.

Everything runs on the real shipped file; nothing is faked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pausecheck.classifier import HEADS, MODELS_DIR, ModelError, load_model, read_manifest
from pausecheck.classifier.finetuned import FinetunedModel

MODEL = "minilm-ft-v7"  # the default (pausecheck.classifier.DEFAULT_MODEL)
#: The heads a branch adds after the five every model has (training/branch_heads.py).
BRANCH_HEADS = {"minilm-ft-v5": ("allegation",), "minilm-ft-v6": ("allegation", "veiled_threat", "putdown"),
                "minilm-ft-v7": ("allegation", "veiled_threat", "putdown", "group_attack")}
ARCHIVE = Path(__file__).resolve().parents[2] / "training" / "models"
H = {name: i for i, name in enumerate(HEADS)}


def folder(model: FinetunedModel) -> Path:
    """The shipped default, or the archived fine-tune it replaced (kept for the figures)."""
    return MODELS_DIR / model.name if (MODELS_DIR / model.name).is_dir() else ARCHIVE / model.name


@pytest.fixture(scope="module", params=[str(ARCHIVE / "minilm-ft-v2"), str(ARCHIVE / "minilm-ft-v3"),
                                                 str(ARCHIVE / "minilm-ft-v4"), str(ARCHIVE / "minilm-ft-v5"),
                                                 str(ARCHIVE / "minilm-ft-v6"), MODEL])
def model(request: pytest.FixtureRequest) -> FinetunedModel:
    m = load_model(request.param)
    assert isinstance(m, FinetunedModel)
    return m


def test_loads_verified_and_small(model: FinetunedModel) -> None:
    manifest = read_manifest(folder(model))
    assert model.heads == HEADS + BRANCH_HEADS.get(model.name, ())
    assert all(0.0 < model.thresholds[h] < 1.0 for h in model.heads)
    # Rules in the default verdict read the precise thresholds (validation precision 0.8).
    assert set(manifest.extra["precise_thresholds"]) == set(model.heads)
    # minilm-ft-v4 (and v5 to v7, which keep its five heads) is held to 0.85: at 0.8 it held
    # back more clean drafts than v3 (RESULTS.md).
    assert manifest.extra["precise_target"] == (0.85 if model.name in ("minilm-ft-v4", *BRANCH_HEADS) else 0.8)
    assert (folder(model) / "model.onnx").stat().st_size <= 25_000_000
    assert manifest.kind == "finetuned" and set(manifest.extra["platt"]) == set(model.heads)
    assert model.net.width == len(model.heads)


def test_predictions_are_probabilities_and_batch_invariant(model: FinetunedModel) -> None:
    texts = ["Thanks to all who came to the surgery.", "You are a pathetic liar and a coward.", "x", ""]
    p = model.predict(texts)
    assert p.shape == (4, len(model.heads)) and np.all((p >= 0) & (p <= 1))
    for t, row in zip(texts, p, strict=True):
        assert np.allclose(model.predict([t])[0], row, atol=1e-6)  # one text per graph call
    assert model.predict([]).shape == (0, len(model.heads))


def test_heads_separate_obvious_cases(model: FinetunedModel) -> None:
    polite, insult, threat, hate = model.predict([
        "Thank you to everyone who came to the ward surgery on Saturday.",
        "You are a pathetic, lying idiot and everyone knows it.",
        "I am going to kill you and your family.",
        "Immigrants are vermin and should be thrown out of this country.",
    ])
    assert insult[H["insult"]] > model.thresholds["insult"] > polite[H["insult"]]
    assert threat[H["threat"]] > model.thresholds["threat"] > polite[H["threat"]]
    assert hate[H["identity_attack"]] > model.thresholds["identity_attack"] > polite[H["identity_attack"]]


def test_a_leading_mention_does_not_hide_a_threat(model: FinetunedModel) -> None:
    # Replies open with @handles; trained on tweets that nearly all do, an earlier model read a
    # leading mention as "not a threat" (0.07 against 0.83 without it).
    alone, reply = model.predict(["I will find you and hurt you.", "@bob I will find you and hurt you."])
    precise = read_manifest(folder(model)).extra["precise_thresholds"]["threat"]
    # Still a threat at the threshold the default verdict uses (minilm-ft-v2: 0.56 against 0.87
    # without the mention; minilm-ft-v1: within 0.25). The mention may lower it, never hide it.
    assert reply[H["threat"]] > max(model.thresholds["threat"], precise)
    assert abs(reply[H["threat"]] - alone[H["threat"]]) < 0.35


def test_condemned_quote_scores_below_the_abuse_itself(model: FinetunedModel) -> None:
    abuse, reported = model.predict([
        "Immigrants are vermin and should be thrown out of this country.",
        'I was sent this today: "Immigrants are vermin and should be thrown out." I have reported it to the police.',
    ])
    assert reported[H["identity_attack"]] < abuse[H["identity_attack"]]


def test_attribution_points_at_the_insulting_words(model: FinetunedModel) -> None:
    text = "Thanks @cllr_smith, but frankly you are a pathetic idiot."
    spans = model.attribute(text, "insult")
    assert spans and all(0 <= s < e <= len(text) for s, e, _ in spans)
    assert {text[s:e] for s, e, _ in spans[:2]} & {"idiot", "pathetic"}, spans
    with pytest.raises(ModelError):
        model.attribute(text, "sarcasm")


def test_attribute_all_scores_every_head_from_one_batch(model: FinetunedModel) -> None:
    text = "I will find you, you pathetic idiot."
    every = model.attribute_all(text)
    assert set(every) == set(model.heads)
    for head in model.heads:
        assert every[head] == model.attribute(text, head)
    assert model.attribute_all("") == {h: [] for h in model.heads}


def test_missing_platt_scaling_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / MODEL
    shutil.copytree(MODELS_DIR / MODEL, folder)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    del manifest["platt"]["threat"]
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelError, match="Platt"):
        load_model(str(folder))


def test_the_default_is_the_gap_model() -> None:
    from pausecheck.classifier import DEFAULT_MODEL

    assert DEFAULT_MODEL == MODEL
    training = read_manifest(MODELS_DIR / MODEL).extra["training"]
    # minilm-ft-v7's five heads are minilm-ft-v4's: what that model learnt from counts too.
    sources = set(training["sources"]) | set(training.get("start_training", {}).get("sources", []))
    # Trained for the kinds real breach posts take: implicit and adversarial group attacks,
    # counter-speech (arguing against hate is not hate), incivility at people.
    assert {"sbic", "implicit-hate", "dynahate", "counterspeech", "reddit-incivility"} <= set(sources)
    # Evaluation-only sets (non-commercial or GPL) are never trained on.
    assert not {"unhealthy-comments", "abuseval", "incivility-congress-tweets", "ethos"} & set(sources)


def test_a_manifest_without_precise_thresholds_is_a_clear_error(tmp_path: Path) -> None:
    from pausecheck import Resources

    folder = tmp_path / "no-precise"
    shutil.copytree(MODELS_DIR / MODEL, folder)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    del manifest["precise_thresholds"]
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    resources = Resources()
    assert resources.thresholds(str(folder))["insult"] == manifest["thresholds"]["insult"]
    with pytest.raises(ModelError, match="no precise thresholds"):
        resources.thresholds(str(folder), "precise")


@pytest.mark.parametrize("branched", [str(ARCHIVE / "minilm-ft-v5"), str(ARCHIVE / "minilm-ft-v6"), MODEL])
def test_a_branch_leaves_the_five_heads_as_they_were(branched: str) -> None:
    # minilm-ft-v5 to v7 are minilm-ft-v4 plus a branch (training/branch_heads.py): the five
    # heads read the same frozen path, so their scores, Platt scaling and thresholds are v4's.
    v4, new = load_model(str(ARCHIVE / "minilm-ft-v4")), load_model(branched)
    texts = ["Thanks to all who came to the surgery.", "You are a pathetic liar and a coward.",
             "Cllr Reed took a backhander from the developer and voted it through."]
    assert np.allclose(new.predict(texts)[:, : len(HEADS)], v4.predict(texts), atol=1e-4)
    assert {h: new.thresholds[h] for h in HEADS} == v4.thresholds


@pytest.mark.parametrize(("head", "flagged", "fine"), [
    # An allegation beside criticism of the same decision (training/synthetic/allegations/).
    ("allegation", "Cllr Reed took a backhander from the developer and then voted the scheme through.",
     "Cllr Reed voted the scheme through, and I think that was the wrong decision for the ward."),
    # The public threat head, trained on explicit threats, misses most hints; the branch learnt
    # them beside look-alikes (training/synthetic/threats/pairs.jsonl).
    ("veiled_threat", "Cllr Doyle might want to check his brakes before he drives home tonight.",
     "Cllr Doyle might want to check the budget figures before he votes tonight."),
    # Contempt beside criticism of the record (training/synthetic/putdowns/pairs.jsonl).
    ("putdown", "Cllr Pryce has the brains of a parish newsletter.",
     "Cllr Pryce's housing budget leaves a £4m gap that nobody has explained."),
    # A claim about what a whole group is, beside debate about the same place and policy
    # (training/synthetic/groups/).
    ("group_attack", "Asylum seekers in the Riverside hotel are all chancers who binned their passports on the way.",
     "The Home Office's contract for the Riverside hotel has cost £4m and ward councillors were told nothing."),
])
def test_a_branch_head_tells_its_case_from_a_look_alike(head: str, flagged: str, fine: str) -> None:
    model = load_model(MODEL)
    hit, miss = model.predict([flagged, fine])[:, model.heads.index(head)]
    assert hit > model.thresholds[head] > miss


def test_a_manifest_may_ask_for_emoji_as_words(tmp_path: Path) -> None:
    # A model trained with training/branch_heads.py --emoji-names says so in its manifest, and
    # is then run on its emoji written as words; the default model reads each as one unknown piece.
    shutil.copytree(MODELS_DIR / MODEL, tmp_path / MODEL)
    path = tmp_path / MODEL / "manifest.json"
    raw = json.loads(path.read_text("utf-8"))
    plain = load_model(str(tmp_path / MODEL))
    raw["emoji"] = "names"
    path.write_text(json.dumps(raw), "utf-8")
    named = load_model(str(tmp_path / MODEL))
    assert isinstance(plain, FinetunedModel) and isinstance(named, FinetunedModel)
    assert not plain.net.emoji_names and named.net.emoji_names
    text = "Cllr Giddings at full council again 🤡🤡🤡"
    assert not np.allclose(plain.predict([text]), named.predict([text]))
    # Text without emoji reads the same either way.
    assert np.allclose(plain.predict(["Cllr Giddings at full council again"]),
                       named.predict(["Cllr Giddings at full council again"]))
