"""Add heads of our own to a shipped fine-tuned MiniLM, on a branch of their own, leaving the
other five exactly where they were: any of ``NEW_HEADS`` (``--heads``; the defaults rebuild
minilm-ft-v7, all four; minilm-ft-v6 was ``--heads allegation veiled_threat putdown`` with the
threat, put-down and everyday drafts, minilm-ft-v5 ``--heads allegation --more``; see the Makefile).

    .venv-train/bin/python training/branch_heads.py [--start training/models/minilm-ft-v4]
        [--out src/pausecheck/models/minilm-ft-v7] [--heads allegation veiled_threat putdown group_attack]
        [--more threats/pairs.jsonl …] [--branch 1] [--epochs 6] [--lr 5e-5] [--public 2000]
        [--public-group 1500] [--group-templates 600]

None of the public sets labels defamation, and a probe on the frozen sentence vector could not
tell an allegation from anger in general (``allegation_probe.py``). The public threat sets are
explicit threats: the start model's threat head, fine-tuned mostly on them, rates a third of our
own veiled threats above its calibrated threshold. Fine-tuning the whole encoder for either moved
the other heads too: a first try with distillation (their logits pulled to the start model's)
still lost group attacks and threats on the development sets. So the new model is the start
model plus a branch: the top ``--branch`` transformer layers are copied, the copy is trained
with one new logit per head on the branch's own mean-pooled output, and everything the five
heads read is frozen. One graph still maps word pieces to the old logits, exactly the start
model's (their Platt scaling and thresholds are kept), then the new ones; the branch costs
about ``--branch``/6 more encoder time per post. minilm-ft-v5 was this branch with the
allegation head alone; training the two together kept the allegation head's held-out AP (0.85
alone, 0.84 together) at no more size or time.

Data (``rows``): the allegation pairs (``training/synthetic/allegations/``, ``--pairs``: an
allegation of dishonesty, corruption or a crime beside a look-alike that criticises the same
decision, asks for an inquiry, reports a proven fact or rebuts a rumour), our other training
drafts (threats beside their look-alikes, put-downs, group attacks, hard negatives: none an
allegation, each with its own threat label or none), ``--public`` OLID training tweets and,
for ``group_attack``, public group hate (``--public-group``) and template sentences about
groups (``--group-templates``). A
row's loss counts only the heads it is labelled for. A pair stays on one side of the split
(``drafts.split_of``, 15 % held out); OLID tweets split by a hash of their text; rows sharing
six words in a row with a development set are dropped. Each new head's Platt scaling, best-F1
and precise thresholds are chosen on the held-out rows labelled for it (int8 outputs, as the
run time computes them). The script prints how far the five heads moved (it should be nothing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import regex

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import data  # noqa: E402
import data_gap  # noqa: E402
import drafts  # noqa: E402
import minilm_torch  # noqa: E402
from finetune_minilm import (  # noqa: E402
    MAX_TOKENS,
    batches,
    encode,
    export,
    onnx_logits,
    pad,
    sha256,
    warmup_then_decay,
)
from pausecheck.classifier import MODELS_DIR  # noqa: E402
from pausecheck.classifier.embedding import encoder as shipped_encoder  # noqa: E402
from pausecheck.classifier.textprep import name_emoji  # noqa: E402
from train_embeddings import (  # noqa: E402
    PRECISE_TARGET,
    average_precision,
    best_f1_threshold,
    fit_platt,
    precise_threshold,
    roc_auc,
)

SEED = 20261206
PAIRS = HERE / "synthetic" / "allegations"
SYNTHETIC = HERE / "synthetic"
DEV_SETS = sorted((HERE / "dev").glob("*.jsonl"))
CACHE = HERE / "cache" / "branch-heads"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _dev_shingles() -> set[tuple[str, ...]]:
    return {s for path in DEV_SETS for line in path.read_text("utf-8").splitlines() if line.strip()
            for s in drafts.shingles(json.loads(line)["text"])}


def _hash_split(text: str) -> str:
    digest = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
    return "val" if digest / 0xFFFFFFFF < drafts.VAL_SHARE else "train"


#: Party names as (singular, plural) forms: a party named in a training row is swapped for
#: others (``party_swaps``), so that the head cannot learn a party as a sign of an allegation. A
#: first model without swaps held back "Labour: … closed hundreds of police stations" for Labour
#: alone (tests/test_fairness.py).
PARTIES = (("Labour", "Labour"), ("Conservative", "Conservatives"), ("Tory", "Tories"), ("Lib Dem", "Lib Dems"),
           ("Liberal Democrat", "Liberal Democrats"), ("Green", "Greens"), ("Reform", "Reform"), ("SNP", "SNP"),
           ("Plaid", "Plaid"), ("Independent", "Independents"))
_PARTY_FORMS = {form: (k, n) for k, pair in enumerate(PARTIES) for n, form in enumerate(pair)}
_PARTY = regex.compile(r"\b(?:" + "|".join(sorted(map(regex.escape, _PARTY_FORMS), key=len, reverse=True)) + r")\b")


def party_swaps(texts: list[tuple[str, int]], copies: int, seed: int) -> list[tuple[str, int]]:
    """``copies`` versions of each row that names a party, every party in it replaced by another
    (same number: "Tories" by "Greens"), the label kept."""
    rng = np.random.default_rng(seed)
    out = []
    for text, label in texts:
        named = {m.group() for m in _PARTY.finditer(text)}
        if not named:
            continue
        for _ in range(copies):
            swap = {}
            for form in named:
                k, n = _PARTY_FORMS[form]
                other = int(rng.choice([j for j in range(len(PARTIES)) if j != k]))
                swap[form] = PARTIES[other][n]
            out.append((_PARTY.sub(lambda m, swap=swap: swap[m.group()], text), label))
    return out


#: Emoji and other symbols the word-piece vocabulary lacks: each becomes one [UNK] piece, so the
#: model cannot tell a wink from a rose. A first v6 read a trailing [UNK] as a threat: "Out on the
#: doorstep for Labour this weekend! 🌹" scored 0.91 (0.41 without the rose), so copies of
#: training rows with one of these added teach the branch that [UNK] alone says nothing.
SYMBOLS = ("🌹", "😉", "🙂", "👍", "💪", "❤️", "😂", "🙄", "🗳️", "👏", "🤔", "😡", "🔥", "✅", "🌳", "🔶")


def symbol_copies(texts: list[tuple[str, Labels]], share: float, seed: int) -> list[tuple[str, Labels]]:
    """A copy of about ``share`` of the rows with a symbol from ``SYMBOLS`` appended (or put
    before the last full stop), the labels kept."""
    rng = np.random.default_rng(seed + 1)
    out = []
    for text, label in texts:
        if rng.random() >= share:
            continue
        sym = str(rng.choice(SYMBOLS))
        if text.endswith(".") and rng.random() < 0.5:
            out.append((f"{text[:-1]} {sym}.", label))
        else:
            out.append((f"{text} {sym}", label))
    return out


#: Surnames from across the UK's communities, swapped into titled names ("Cllr Pryce"), and UK
#: places swapped for each other (``name_swaps``, ``--name-swaps``). minilm-ft-v6 and v7 move with
#: names they have barely seen: "Cllr Muir has the brains of a parish newsletter" is no put-down
#: where "Cllr Pryce …" is, and a claim about asylum seekers "in the Aberaeron hotel" scores 0.27
#: on group_attack where "in the Riverside hotel" scores 0.88. One swapped copy per row fixed the
#: first (0.90) and halved the second's gap, but moved the blind batches both ways (RESULTS.md):
#: not in the shipped recipe; ``name_flip_rate`` is printed for every build.
SURNAMES = (
    "Muir", "Pryce", "Evans", "Llewellyn", "Pritchard", "MacDonald", "Buchanan", "Fraser", "McIntyre", "Murray",
    "O'Brien", "Byrne", "Doyle", "Quinn", "Gallagher", "Smith", "Holroyd", "Atkinson", "Dawson", "Booth",
    "Thornton", "Fenwick", "Marsh", "Hale", "Patel", "Shah", "Mistry", "Khan", "Hussain", "Ahmed", "Iqbal",
    "Akhtar", "Begum", "Chowdhury", "Singh", "Kaur", "Sandhu", "Gill", "Okafor", "Adeyemi", "Mensah", "Boateng",
    "Osei", "Okonkwo", "Campbell", "Francis", "Henry", "Chen", "Wong", "Zhang", "Nguyen", "Kowalski", "Nowak",
    "Wójcik", "Popescu", "Yilmaz", "Demir", "Farah", "Warsame", "Haddad", "Cohen", "Levy", "Sharma", "Das",
    "Rees", "Jenkins", "Hughes", "Morgan", "Griffiths", "Baxter", "Reid", "Grant", "Clarke", "Wilson", "Price",
)
_TITLED = regex.compile(
    r"\b(?:Cllr|Councillor|Coun|Mr|Mrs|Ms|Miss|Dr)\.?[ ]+(?:\p{Lu}[\p{Ll}'’-]+[ ]+)?(?P<surname>\p{Lu}[\p{Ll}'’-]+)")
_CAPITALISED = regex.compile(r"\b\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?\b")


def _places() -> tuple[str, ...]:
    """One-word UK places, capitalised as a post writes them ("Leeds")."""
    from pausecheck.text.lexicons import builtin

    return tuple(sorted(p.title() for p in builtin("uk-places") if " " not in p and "-" not in p))


def swap_names(text: str, rng: np.random.Generator, places: tuple[str, ...]) -> str:
    """``text`` with each titled surname and each UK place in it replaced by another (the same
    word for every mention of it), or unchanged when it has neither."""
    swap: dict[str, str] = {}
    for m in _TITLED.finditer(text):
        swap.setdefault(m["surname"], str(rng.choice([n for n in SURNAMES if n != m["surname"]])))
    for m in _CAPITALISED.finditer(text):
        if m.group() in places:
            swap.setdefault(m.group(), str(rng.choice([p for p in places if p != m.group()])))
    if not swap:
        return text
    pattern = regex.compile(r"\b(?:" + "|".join(map(regex.escape, sorted(swap, key=len, reverse=True))) + r")\b")
    return pattern.sub(lambda m: swap[m.group()], text)


def name_swaps(texts: list[tuple[str, Labels]], copies: int, seed: int) -> list[tuple[str, Labels]]:
    """``copies`` versions of each row with a titled name or a UK place, swapped for others
    (``swap_names``), the labels kept."""
    rng = np.random.default_rng(seed + 2)
    places = _places()
    out = []
    for text, label in texts:
        for _ in range(copies):
            swapped = swap_names(text, rng, places)
            if swapped == text:
                break
            out.append((swapped, label))
    return out


def name_flip_rate(score_fn, texts: list[str], thresholds: np.ndarray, seed: int, tries: int = 3) -> np.ndarray:
    """Per head, the share of ``texts`` (those with a titled name or a UK place) whose decision
    (``score_fn``'s scores against ``thresholds``) changes in at least one of ``tries`` name swaps."""
    rng = np.random.default_rng(seed)
    places = _places()
    named = [t for t in texts if swap_names(t, np.random.default_rng(0), places) != t]
    if not named:
        return np.zeros(len(thresholds))
    base = score_fn(named) >= thresholds
    flipped = np.zeros_like(base)
    for _ in range(tries):
        flipped |= (score_fn([swap_names(t, rng, places) for t in named]) >= thresholds) != base
    return flipped.mean(axis=0)


#: The heads the branch adds, in the order of their logits after the start model's five.
#: ``allegation``: a claim that someone identifiable is dishonest, corrupt or criminal (the
#: allegation pairs). ``veiled_threat``: harm wished on, hinted at or invited against someone,
#: however it is framed (a joke, a question, a condition, "accidents happen": the threat drafts).
#: The start model's own threat head was fitted mostly on public data where threats are
#: explicit; it rated a third of our own training threats above its calibrated threshold.
#: ``putdown``: contempt for a person or a body in civil or sarcastic words ("bless her, she
#: does try", "not up to chairing a raffle"), from our put-down drafts beside fair criticism of
#: the same record.
#: ``group_attack``: an attack on a whole group of people for who they are, however worded (a
#: claim about what they all are, a metaphor of vermin or flood, a dog whistle, a "joke", "send
#: them back"), from our group-attack pairs beside policy debate, counter-speech and fair words
#: about the same group, and (``--public-group``) implicit and adversarial hate from public sets.
NEW_HEADS = ("allegation", "veiled_threat", "putdown", "group_attack")
Labels = dict[str, float]


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def rows(public: int, pair_files: tuple[str, ...] = ("pairs.jsonl",), *, more: tuple[str, ...] = (),
         public_threat: int = 0, public_putdown: int = 0, public_group: int = 0,
         public_counter: int = 0, group_templates: int = 0) -> dict[str, list[tuple[str, tuple[float, ...]]]]:
    """(text, one label per new head in NEW_HEADS order: 1, 0 or NaN where the row says nothing
    of it) per split.

    - Allegation pairs: their allegation label; not threats.
    - Our other drafts (``training/synthetic/*.jsonl``) and the files in ``more`` (paths in
      ``training/synthetic/``: the threat and put-down pairs, everyday posts): not allegations;
      their own threat and insult labels.
    - ``public`` OLID training tweets: not allegations; not threats or put-downs where OLID calls
      them not offensive (the offensive ones say nothing of either).
    - ``public_threat`` rows each (training side only) of ThreatGram replies (violent threats,
      or anger at politicians that threatens nothing: "lock her up") and toxic-spans comments
      with a threat label, which say nothing of the other heads, and of neutral or positive
      SemEval tweets, which are none of them.
    - ``public_putdown`` Reddit comments (training side only), uncivil or not, as put-downs.
    - ``public_group`` rows each (training side only) of DynaHate, Implicit Hate, the ToxiGen
      seed statements and Social Bias Frames, whose group-hate label (``identity_attack`` in
      ``data_gap``) is the ``group_attack`` label; they say nothing of the other heads.
    - ``group_templates`` (training side only): that many of our template sentences that name a
      group plainly, kindly or as its subject (``augment_gap.group_neutral``), and a third as
      many supportive, negated and hateful ones (``augment.identity_sentences``), for
      ``group_attack`` alone: naming a group is not attacking it.

    A draft's ``group_attack`` label is its own where it has one (the group-attack pairs), else
    its ``identity_attack`` label; allegations are not group attacks.
    """
    dev = _dev_shingles()
    out: dict[str, list[tuple[str, tuple[float, ...]]]] = {"train": [], "val": []}
    seen: set[str] = set()
    nan = float("nan")

    def label(value: object) -> float:
        return nan if value is None else float(value)  # type: ignore[arg-type]

    def put(split: str, text: str, labels: Labels) -> None:
        key = data.text_key(text)
        if key in seen or drafts.shingles(text) & dev:
            return
        seen.add(key)
        out[split].append((text, tuple(labels.get(h, nan) for h in NEW_HEADS)))

    for row in (r for name in pair_files for r in _read_jsonl(PAIRS / name)):
        put(drafts.split_of(row), row["text"],
            {"allegation": float(row["label"]), "veiled_threat": 0.0, "group_attack": 0.0})
    for row in [*drafts.rows(), *(r for name in more for r in _read_jsonl(SYNTHETIC / name))]:
        group = row["group_attack"] if "group_attack" in row else row.get("identity_attack")
        put(drafts.split_of(row), row["text"],
            {"allegation": 0.0, "veiled_threat": label(row.get("threat")), "putdown": label(row.get("insult")),
             "group_attack": label(group)})
    rng = np.random.default_rng(SEED + 1)
    if public_threat:
        for corpus, others in ((data.threatgram("train"), {}), (data.toxic_spans("train"), {}),
                               (data.sentiment_clean("train"), {"allegation": 0.0, "putdown": 0.0})):
            labelled = [(t, y) for t, y in zip(corpus.texts, corpus.labels["threat"], strict=True) if y is not None]
            for i in rng.permutation(len(labelled))[:public_threat]:
                put("train", labelled[i][0], {**others, "veiled_threat": float(labelled[i][1])})
    if public_putdown:
        corpus = data_gap.reddit_incivility("train")
        for i in rng.permutation(len(corpus.texts))[:public_putdown]:
            put("train", corpus.texts[i], {"putdown": label(corpus.labels["insult"][i])})
    if public:
        corpus = data.tweeteval_offensive("train")
        offensive = dict(zip(corpus.texts, corpus.labels["offensive"], strict=True))
        texts = sorted(offensive)
        rng = np.random.default_rng(SEED)
        for i in rng.permutation(len(texts))[:public]:
            fine = 0.0 if offensive[texts[i]] == 0 else nan
            put(_hash_split(texts[i]), texts[i],
                {"allegation": 0.0, "veiled_threat": fine, "putdown": fine, "group_attack": fine})
    if public_group:
        rng = np.random.default_rng(SEED + 2)
        for corpus in (data_gap.dynahate("train"), data_gap.implicit_hate("train"),
                       data_gap.toxigen_demos("train"), data_gap.sbic("train")):
            labelled = [(t, y) for t, y in zip(corpus.texts, corpus.labels["identity_attack"], strict=True)
                        if y is not None]
            for i in rng.permutation(len(labelled))[:public_group]:
                put("train", labelled[i][0], {"group_attack": float(labelled[i][1])})
    if public_counter:
        # Replies in hate subreddits (GPT-4o labels, MIT): counter-speech quotes and names the hate
        # it answers, and is not a group attack; the hateful replies are.
        rng = np.random.default_rng(SEED + 5)
        corpus = data_gap.counterspeech("train")
        for i in rng.permutation(len(corpus.texts))[:public_counter]:
            put("train", corpus.texts[i], {"group_attack": float(corpus.labels["identity_attack"][i])})
    if group_templates:
        import augment
        import augment_gap

        for corpus in (augment_gap.group_neutral(SEED + 3, group_templates),
                       augment.identity_sentences(group_templates // 3, SEED + 4)):
            for text, y in zip(corpus.texts, corpus.labels["identity_attack"], strict=True):
                put("train", text, {"group_attack": float(y)})
    return out


def branched(start: dict, n_old: int, branch: int, n_new: int, dropout: float = 0.1):
    """The start model with its top ``branch`` layers copied into a trainable branch that feeds
    ``n_new`` new logits; the start model's own path is frozen and unchanged."""
    import copy

    import torch
    from torch import nn

    class Model(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = minilm_torch.Classifier(n_old, dropout=dropout)
            self.base.load_state_dict(start, strict=True)
            for p in self.base.parameters():
                p.requires_grad_(False)
            self.branch = nn.ModuleList(copy.deepcopy(layer) for layer in self.base.encoder.layers[-branch:])
            for p in self.branch.parameters():
                p.requires_grad_(True)
            self.drop = nn.Dropout(dropout)
            self.new = nn.Linear(minilm_torch.HIDDEN, n_new)
            nn.init.normal_(self.new.weight, 0.0, 0.02)

        def shared(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            """Token states below the branch point, and the attention bias (start model's own)."""
            return self.base.encoder.hidden(input_ids, attention_mask, upto=minilm_torch.LAYERS - branch)

        def new_logits(self, x: torch.Tensor, bias: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            for layer in self.branch:
                x = layer(x, bias)
            return self.new(self.drop(minilm_torch.Encoder.pool(x, attention_mask)))

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            x, bias = self.shared(input_ids, attention_mask)
            a = x
            for layer in self.base.encoder.layers[-branch:]:
                a = layer(a, bias)
            old = self.base.out(self.base.drop(minilm_torch.Encoder.pool(a, attention_mask)))
            return torch.cat([old, self.new_logits(x, bias, attention_mask)], dim=-1)

    return Model()


def train(texts: list[str], labels: np.ndarray, start: dict, n_old: int, tokenizer, args):
    """``labels``: rows × new heads, NaN where a row says nothing of a head (no loss there)."""
    import torch

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = branched(start, n_old, args.branch, labels.shape[1])
    known = ~np.isnan(labels)
    pos = np.nansum(labels, axis=0)
    neg = known.sum(axis=0) - pos
    with torch.no_grad():  # each logit starts at its head's base rate
        model.new.bias.copy_(torch.tensor(np.log(pos / np.maximum(1.0, neg)), dtype=torch.float32))
    ids = encode(tokenizer, texts, MAX_TOKENS)
    y = torch.tensor(np.nan_to_num(labels), dtype=torch.float32)
    mask = torch.tensor(known, dtype=torch.float32)
    pos_weight = torch.tensor(np.minimum(6.0, np.sqrt(neg / np.maximum(1.0, pos))), dtype=torch.float32)
    log(f"train rows {len(texts)}; per head (positives / known): "
        + ", ".join(f"{int(p)}/{int(k)}" for p, k in zip(pos, known.sum(axis=0), strict=True))
        + f"; pos_weight {pos_weight.tolist()}")
    opt = torch.optim.AdamW([{"params": list(model.branch.parameters()), "lr": args.lr},
                             {"params": list(model.new.parameters()), "lr": args.lr * 20}], weight_decay=0.01)
    plan = [batches([len(i) for i in ids], args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    sched = warmup_then_decay(opt, total)
    model.train()
    model.base.eval()  # the frozen path keeps no dropout
    step, t0, running = 0, time.perf_counter(), 0.0
    for epoch, epoch_plan in enumerate(plan):
        for batch in epoch_plan:
            x, m = pad(ids, batch)
            with torch.no_grad():
                hidden, bias = model.shared(x, m)
            logit = model.new_logits(hidden, bias, m)
            each = torch.nn.functional.binary_cross_entropy_with_logits(
                logit, y[batch], pos_weight=pos_weight, reduction="none")
            loss = (each * mask[batch]).sum() / mask[batch].sum().clamp(min=1.0)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0 or step == total:
                el = time.perf_counter() - t0
                log(f"epoch {epoch + 1} step {step}/{total} loss {running:.4f} "
                    f"{el / 60:.1f} min, eta {el / step * (total - step) / 60:.1f} min")
    model.eval()
    return model


#: What each branch head scores, and how its rule uses it, for the model card (only the heads a
#: build has are described).
_HEAD_CARD = {
    "allegation": (
        "whether a post alleges dishonesty, corruption or a crime;",
        "`allegation` is not a judgement of truth: a true allegation scores the same, and the rule "
        "that reads it (SMG-DEF-003) says to stick to what can be shown.",
    ),
    "veiled_threat": (
        "whether a post wishes, hints at or invites harm to someone, however it is\n  framed (a joke, a "
        "question, a condition, \"accidents happen\", \"we know where you live\");",
        "`veiled_threat` (SMG-THR-004) flags a post that a reader could take as a threat, which is what "
        "the Code of Conduct and the law look at, whatever the poster meant.",
    ),
    "putdown": (
        "whether a post shows contempt for a person in civil, sarcastic or patronising\n  words (\"bless "
        "her, she does try\", \"not up to chairing a raffle\").",
        "`putdown` (SMG-ABU-009) asks for the criticism to be of what someone did, not of them.",
    ),
    "group_attack": (
        "whether a post attacks a whole group of people for who they are, in any words (a\n  claim "
        "about what they all are, vermin or a flood, a dog whistle, a \"joke\", \"send them back\").",
        "`group_attack` (SMG-DIS-007) asks the member to discuss the policy or the behaviour, never a "
        "whole group; policy debate about the same group scores low.",
    ),
}


def model_card(m: dict, size: int) -> str:
    """The shipped model's card, from its manifest."""
    t = m["training"]
    v = m["metrics"]["validation"]
    base = t["start"].split()[0]
    symbols = (f", and a copy of {t['symbol_share']:.0%} of the rows with an emoji added (each emoji is one "
               "unknown word piece to the model, which must not read it as a sign of anything)"
               if t.get("symbol_share") else "")
    group = (f"; for `group_attack` also up to {t['public_group']} training rows each of DynaHate (dev), Implicit "
             "Hate, the ToxiGen seed statements and Social Bias Frames, by their group-hate labels"
             if t.get("public_group") else "")
    if t.get("public_counter"):
        group += (f", and {t['public_counter']} Reddit replies in hate subreddits (counter-speech and other 0, "
                  "hate 1; GPT-4o labels, MIT)")
    if t.get("group_templates"):
        group += (f", and {t['group_templates']} template sentences naming a group plainly or kindly, with a third "
                  "as many supportive, negated and hateful ones (`augment_gap.group_neutral`, "
                  "`augment.identity_sentences`)")
    group_limits = ("""
- `group_attack` moves with words it has barely seen: the same claim about asylum seekers "in the
  Riverside hotel" scored 0.88 and "in the Aberaeron hotel" 0.27, and a group named by what it
  has ("drivers with blue badges") rather than who it is is mostly missed. It reads much as the
  public `identity_attack` head does; what it adds is our councillor-style drafts, supportive
  and advocacy posts among them.""" if "group_attack" in m["heads"] else "")
    rows = "\n".join(
        f"| {h} | {v[h]['val_rows']} ({v[h]['val_pos']}) | {v[h]['val_ap']:.3f} | {v[h]['val_auc']:.3f} | "
        f"{m['thresholds'][h]:.3f} | {m['precise_thresholds'][h]:.3f} |" for h in m["heads"])
    new = [h for h in m["heads"] if h in NEW_HEADS]
    heads_list = "\n".join(f"- `{h}`: {_HEAD_CARD[h][0]}" for h in new)
    uses = textwrap.fill(" ".join(["A prompt to pause before publishing.", *(_HEAD_CARD[h][1] for h in new),
                                   "Not for moderating other people's content."]), width=96, break_on_hyphens=False)
    data_rows = "\n".join(f"| {h} | {t['positives'][h]} | {t['labelled'][h]} |" for h in new)
    return f"""# Model card: {m['name']} (finetuned, version {m['version']})

**{base} plus a branch with {len(new)} heads of our own**: one int8 ONNX graph ({size / 1e6:.1f} MB)
from word pieces to {len(m['heads'])} logits, run by onnxruntime. The first five (`offensive`, `insult`,
`identity_attack`, `threat`, `obscene`) are exactly {base}'s: the same frozen path, the same
Platt scaling and thresholds (see `training/models/{base}/MODEL_CARD.md` for their data and test
results, which hold unchanged). The branch's heads:
{heads_list}

## Intended use
{uses}

## Model
- The encoder's lower layers are shared; its top {t['branch'].split()[2]} transformer layer(s) are copied
  into a branch, trained, mean-pooled on their own and read by one new linear logit per head.
- Training: `{t.get('command', 'training/branch_heads.py')}`; {t['epochs']} epochs, batch {t['batch']}, AdamW lr
  {t['lr']} (the new logits ×20), {t['max_tokens']} word pieces, seed {t['seed']}, on {t['trained_on']}
  (about 13 minutes for minilm-ft-v7's rows, 8 for v6's). A row's loss counts only the heads it is labelled for.
- Data: our allegation pairs (`training/synthetic/allegations/pairs.jsonl`: an allegation
  beside a look-alike that criticises the same decision, calls for an inquiry, reports a proven
  fact or rebuts a rumour), our other training drafts (`training/synthetic/*.jsonl`: threats
  and put-downs beside their look-alikes, group attacks, hard negatives; none an allegation),
  {', '.join(f'`training/synthetic/{name}`' for name in t.get('more', [])) or 'no more drafts'}, and
  {t['public_negatives']} OLID training tweets (not allegations; not threats or put-downs where OLID calls
  them not offensive){group}, plus {t.get('party_swaps', 0)} copies of each training row that names a party with
  other parties swapped in{symbols}: {t['rows']} rows. A pair stays on one side of the split; rows sharing six
  words in a row with a development set are left out.

| head | training positives | training rows labelled for it |
|---|---|---|
{data_rows}

## Validation (held-out rows; int8 outputs)

| head | val rows (pos) | AP | AUC | threshold (best F1) | precise (precision {m['precise_target']}) |
|---|---|---|---|---|---|
{rows}

The branch's rows are measured on the held-out pairs, drafts and tweets; the other five are
{base}'s. The rules that read the branch, their thresholds and status are in
benchmarks/RESULTS.md (the section on {m['name']}).

## Limits
- Trained on drafts written for the purpose: wordings far from them (long threads, heavy
  irony, local slang) are missed, some put-downs ("so dim she…") score as allegations, and
  fighting talk about elections ("we're coming for your seats") can score as a threat.
- Sarcasm and faint praise are read from their words: warm teasing between colleagues can score
  as a put-down.
- Every emoji is the same unknown word piece to the tokenizer: a wink and a rose read alike, and
  a short upbeat line ending in one can still score high on `veiled_threat` ("Out on the
  doorstep for the party this weekend! 🌹" scored 0.87 with minilm-ft-v6); the rules need a
  person, a role, a body or a group in or just before the sentence.{group_limits}
- English only: no learned rule runs on a post detected as Welsh.
"""


def _probs(z: np.ndarray, platt: dict, heads: list[str]) -> np.ndarray:
    return np.stack([1 / (1 + np.exp(-(platt[h][0] * z[:, j] + platt[h][1]))) for j, h in enumerate(heads)], 1)


def calibrate(z: np.ndarray, y: np.ndarray) -> tuple[dict, float, float, tuple[float, float]]:
    """Metrics, best-F1 and precise thresholds, and Platt scaling of one head's held-out logits."""
    a, b = fit_platt(z, y)
    p = 1 / (1 + np.exp(-(a * z + b)))
    t, f1 = best_f1_threshold(y, p)
    precise, _ = precise_threshold(y, p, PRECISE_TARGET)
    metrics = {"val_ap": round(average_precision(y, z), 4), "val_auc": round(roc_auc(y, z), 4),
               "val_f1_at_threshold": round(f1, 4), "val_rows": len(y), "val_pos": int(y.sum())}
    return metrics, t, precise, (round(a, 6), round(b, 6))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--start", type=Path, default=ROOT / "training" / "models" / "minilm-ft-v4")
    ap.add_argument("--out", type=Path, default=MODELS_DIR / "minilm-ft-v7")
    ap.add_argument("--heads", nargs="+", default=list(NEW_HEADS), choices=NEW_HEADS,
                    help="the heads the branch learns (minilm-ft-v5: allegation alone)")
    ap.add_argument("--branch", type=int, default=1, help="top transformer layers copied into the branch")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--public", type=int, default=2000, help="OLID training tweets (negatives)")
    ap.add_argument("--pairs", nargs="+", default=["pairs.jsonl"], metavar="FILE",
                    help="files of allegation pairs in training/synthetic/allegations/ (pairs.jsonl; adding "
                         "pairs-2.jsonl did not lower the blind false alarms, see benchmarks/RESULTS.md)")
    ap.add_argument("--more", nargs="*", default=["threats/pairs.jsonl", "putdowns/pairs.jsonl", "everyday/posts.jsonl",
                                                   "everyday/posts-2.jsonl", "groups/pairs-2.jsonl",
                                                   "groups/negatives-2.jsonl"],
                    metavar="FILE",
                    help="more drafts, as paths in training/synthetic/ (threats/pairs.jsonl, putdowns/pairs.jsonl, "
                         "everyday/posts.jsonl): not allegations, with their own threat and insult labels")
    ap.add_argument("--public-threat", type=int, default=0, metavar="N",
                    help="training rows from each of ThreatGram, toxic-spans and SemEval (neutral, positive)")
    ap.add_argument("--emoji-names", action="store_true",
                    help="write each emoji as its Unicode name, in training and (through the manifest) at run time")
    ap.add_argument("--public-putdown", type=int, default=0, metavar="N",
                    help="Reddit incivility training comments for the put-down head")
    ap.add_argument("--public-group", type=int, default=1500, metavar="N",
                    help="training rows from each of DynaHate, Implicit Hate, ToxiGen seeds and SBIC for the "
                         "group-attack head")
    ap.add_argument("--public-counter", type=int, default=0, metavar="N",
                    help="training rows of Reddit counter-speech replies (counter-speech and other 0, hate 1) for "
                         "the group-attack head")
    ap.add_argument("--group-templates", type=int, default=600, metavar="N",
                    help="template sentences naming a group plainly or kindly (and a third as many supportive, "
                         "negated and hateful ones) for the group-attack head")
    ap.add_argument("--party-swaps", type=int, default=3, metavar="K",
                    help="copies of each training row that names a party, with other parties swapped in")
    ap.add_argument("--name-swaps", type=int, default=0, metavar="K",
                    help="copies of each training row with a titled name or a UK place, swapped for others "
                         "(1 was tried and turned away: benchmarks/RESULTS.md)")
    ap.add_argument("--symbol-share", type=float, default=0.25, metavar="P",
                    help="share of training rows copied with an emoji added (SYMBOLS; 0 for minilm-ft-v5)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--card-only", action="store_true", help="rewrite MODEL_CARD.md in --out from its manifest")
    args = ap.parse_args(argv)
    if args.card_only:
        manifest = json.loads((args.out / "manifest.json").read_text("utf-8"))
        size = (args.out / "model.onnx").stat().st_size
        (args.out / "MODEL_CARD.md").write_text(model_card(manifest, size), "utf-8")
        return 0

    import torch

    torch.set_num_threads(args.threads)
    CACHE.mkdir(parents=True, exist_ok=True)
    tokenizer = shipped_encoder().tokenizer
    start_manifest = json.loads((args.start / "manifest.json").read_text("utf-8"))
    old_heads = list(start_manifest["heads"])
    split = rows(args.public, tuple(args.pairs), more=tuple(args.more), public_threat=args.public_threat,
                 public_putdown=args.public_putdown, public_group=args.public_group, public_counter=args.public_counter,
                 group_templates=args.group_templates)
    # Only the asked-for heads, in NEW_HEADS order; rows labelled for none of them drop out
    # before the copies are drawn, so a build with fewer heads draws the same copies as before.
    heads = [h for h in NEW_HEADS if h in args.heads]
    cols = [NEW_HEADS.index(h) for h in heads]
    split = {name: [(t, tuple(y[c] for c in cols)) for t, y in part
                    if not all(np.isnan(y[c]) for c in cols)] for name, part in split.items()}
    swapped = party_swaps(split["train"], args.party_swaps, SEED)
    log(f"party swaps: {len(swapped)} rows")
    names = name_swaps(split["train"], args.name_swaps, SEED)
    log(f"name and place swaps: {len(names)} rows")
    swapped += names
    symbols = symbol_copies(split["train"] + swapped, args.symbol_share, SEED)
    log(f"symbol copies: {len(symbols)} rows")
    train_rows = split["train"] + swapped + symbols
    # With --emoji-names every text, trained on and measured, has its emoji written as words, as
    # the run time does for a manifest with "emoji": "names" (textprep.name_emoji).
    named = name_emoji if args.emoji_names else (lambda t: t)
    train_texts = [named(t) for t, _ in train_rows]
    train_y = np.array([y for _, y in train_rows], dtype=np.float32)
    val_texts = [named(t) for t, _ in split["val"]]
    val_y = np.array([y for _, y in split["val"]], dtype=np.float32)

    start_onnx = args.start / "model.onnx"
    start_state = minilm_torch.state_from_int8_onnx(str(start_onnx))
    model = train(train_texts, train_y, start_state, len(old_heads), tokenizer, args)

    args.out.mkdir(parents=True, exist_ok=True)
    fp32, int8 = CACHE / "model-fp32.onnx", args.out / "model.onnx"
    export(model, fp32, int8)
    log(f"int8 ONNX {int8.stat().st_size / 1e6:.1f} MB")

    z = onnx_logits(int8, tokenizer, val_texts)
    metrics, thresholds, precise, platt = {}, {}, {}, {}
    for j, head in enumerate(heads):
        known = ~np.isnan(val_y[:, j])
        metrics[head], thresholds[head], precise[head], platt[head] = calibrate(
            z[known, len(old_heads) + j], val_y[known, j].astype(np.int64))
        log(f"{head}: {metrics[head]}, threshold {thresholds[head]}, precise {precise[head]}")

    # How often a name or a place alone changes a new head's decision on the held-out rows.
    def scores(texts: list[str]) -> np.ndarray:
        return _probs(onnx_logits(int8, tokenizer, texts)[:, len(old_heads):], platt, heads)

    flips = name_flip_rate(scores, val_texts, np.array([thresholds[h] for h in heads]), SEED)
    flips = {h: round(float(f), 4) for h, f in zip(heads, flips, strict=True)}
    log(f"decisions changed by a name or place swap (held-out rows): {flips}")

    # How far the five kept heads moved: held-out rows and both development sets.
    dev_texts = [named(json.loads(line)["text"]) for path in DEV_SETS
                 for line in path.read_text("utf-8").splitlines() if line.strip()]
    drift = {}
    for name, texts in (("validation rows", val_texts), ("development sets", dev_texts)):
        old = _probs(onnx_logits(start_onnx, tokenizer, texts), start_manifest["platt"], old_heads)
        new = _probs(onnx_logits(int8, tokenizer, texts)[:, :len(old_heads)], start_manifest["platt"], old_heads)
        d = np.abs(new - old)
        drift[name] = {h: {"mean": round(float(d[:, j].mean()), 4), "max": round(float(d[:, j].max()), 4)}
                       for j, h in enumerate(old_heads)}
        log(f"drift on {name}: {drift[name]}")

    known_train = ~np.isnan(train_y)
    manifest = dict(start_manifest)
    manifest.update({
        "name": args.out.name,
        "heads": [*old_heads, *heads],
        "thresholds": {**start_manifest["thresholds"], **thresholds},
        "precise_thresholds": {**start_manifest["precise_thresholds"], **precise},
        "platt": {**start_manifest["platt"], **platt},
        "files": {"model.onnx": sha256(int8)},
    })
    if args.emoji_names:
        manifest["emoji"] = "names"
    manifest["training"] = {
        "script": "training/branch_heads.py", "seed": SEED, "start": f"{args.start.name} int8 ONNX, dequantised",
        "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "max_tokens": MAX_TOKENS,
        "branch": f"the top {args.branch} transformer layers copied and trained with {len(heads)} new logits on "
                  f"their own pooled output; {args.start.name}'s path to its five heads frozen (its Platt scaling "
                  "and thresholds are kept)",
        "rows": len(train_texts), "pairs": list(args.pairs), "more": list(args.more),
        "public_threat": args.public_threat, "public_putdown": args.public_putdown,
        "public_group": args.public_group if "group_attack" in heads else 0,
        "public_counter": args.public_counter if "group_attack" in heads else 0,
        "group_templates": args.group_templates if "group_attack" in heads else 0, "party_swaps": args.party_swaps,
        "symbol_share": args.symbol_share, "name_swaps": args.name_swaps,
        "sources": ["allegation-pairs", "synthetic-drafts", "olid"]
        + [f"synthetic/{name}" for name in args.more]
        + (["threatgram", "toxic-spans", "semeval-sentiment"] if args.public_threat else [])
        + (["reddit-incivility"] if args.public_putdown else [])
        + (["dynahate", "implicit-hate", "toxigen-demos", "sbic"]
           if args.public_group and "group_attack" in heads else [])
        + (["reddit-counterspeech"] if args.public_counter and "group_attack" in heads else []),
        "positives": {h: int(np.nansum(train_y[:, j][known_train[:, j]]))
                      for j, h in enumerate(heads)},
        "labelled": {h: int(known_train[:, j].sum()) for j, h in enumerate(heads)},
        "public_negatives": args.public,
        "frozen": [f"everything of {args.start.name}"], "trained_on": "this project's 2-core CPU",
        "start_training": start_manifest.get("training", {}),
    }
    manifest["metrics"] = {"validation": {**start_manifest["metrics"]["validation"], **metrics},
                           "drift_from_start": drift, "name_swap_flips": flips}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    (args.out / "MODEL_CARD.md").write_text(model_card(manifest, int8.stat().st_size), "utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
