"""Loaders for the public datasets in ``../shared/data`` and the combined multi-head training set.

Every loader returns a :class:`Corpus`: plain lists of texts and, for each head in
:data:`HEADS`, a list of labels ``1``/``0``/``None`` (``None``: the dataset says nothing
reliable about that head for that text). Texts are passed through :func:`prepare` (mentions →
``@user``, links → ``http``, HTML entities decoded), the same function every model applies at
run time. The toxic-spans span loader keeps the raw text, because its offsets point into it.

Data folder: ``$PAUSECHECK_DATA`` if set, else ``<repo>/../shared/data``.

Splits and evaluation-only data
-------------------------------
- TweetEval offensive train/val **is** the OLID training file, split by TweetEval; its test is
  the OLID level-A test set. We therefore train on the OLID training file (which has levels B and
  C too) and assign each OLID row to train or val by TweetEval's split, so TweetEval-offensive
  val stays a clean validation set. The OLID and TweetEval test files are evaluation-only.
- HateCheck, ETHOS (GPL-3.0), the TweetEval test splits, OLID test files, ConvAbuse test and
  toxic-spans test are evaluation-only: their loaders are marked ``eval_only`` and
  :func:`training_set` / :func:`validation_set` refuse them. Any training or validation text whose
  normalised form also occurs in an evaluation set is dropped (:func:`drop_eval_overlap`).
- Own splits, fixed: Davidson 80/10/10 stratified by class (seed 20170101); ThreatGram grouped by
  Telegram channel (test channels :data:`THREATGRAM_TEST_CHANNELS`, val channels
  :data:`THREATGRAM_VAL_CHANNELS`, the rest train); toxic-spans per-annotator posts follow the
  SemEval-2021 split of the same text (trial → val, test → evaluation-only, others → train).

Head mapping
------------
``offensive``
    OLID A (OFF=1, NOT=0); TweetEval hate 1 → 1 (hate is offensive; not-hate says nothing, None);
    Davidson hate or offensive → 1, neither → 0; ConvAbuse majority-abusive → 1, else 0;
    ThreatGram violent threat → 1, else None; toxic-spans: 1 if most raters did not tick
    "not toxic", 0 if most did, else None.
``insult`` (targeted at a person, civil-worded included)
    OLID: TIN+IND → 1; NOT and UNT → 0; TIN+GRP / TIN+OTH → None (targeted at a group or
    organisation: not a personal insult, but not clean either). ConvAbuse: abusive and most
    annotators marked ``target.system`` (the chatbot addressed) or ``target.individual`` → 1; not abusive → 0; else None.
    Toxic-spans: most raters marked an ``Insult`` span → 1; no rater did → 0; else None.
    Davidson neither → 0. Others None.
``identity_attack`` (hate against a protected group)
    TweetEval hate (HatEval: immigrants and women) → label; Davidson hate → 1, offensive and
    neither → 0; OLID NOT and UNT → 0, TIN → None (OLID GRP includes political affiliation, so it
    is not identity hate); ConvAbuse: abusive and most annotators marked ableist / homophobic /
    racist / sexist / transphobic → 1, not abusive or no annotator marked one → 0, else None;
    toxic-spans ``Identity based Attack`` as for insult.
``threat``
    ThreatGram label 2 (violent) → 1; 0 (none) and 1 ("judicial": arrest, prison) → 0;
    toxic-spans ``Threat`` as for insult; OLID NOT and UNT → 0, TIN → None (TIN merges insults and
    threats); Davidson neither → 0; ConvAbuse not abusive → 0.
``obscene``
    OLID UNT (untargeted profanity) → 1, NOT → 0, TIN → None; toxic-spans ``Profane/Obscene`` as
    for insult; ConvAbuse ``sex_harassment`` by most annotators → 1, not abusive → 0;
    Davidson neither → 0.

Weak negatives (``sentiment-clean``)
    Neutral and positive tweets from the SemEval-2017 sentiment pool, every head 0. Without them
    the training data is two-thirds abusive and the model flags ordinary text: on held-out clean
    tweets the ``offensive`` head's false-positive rate fell from 30 % to under 2 % when they were
    added, with validation scores on the labelled sources unchanged. An assumption, not an
    annotation; see :func:`sentiment_clean`.

Dataset-specific cleaning: OLID's bare ``URL`` token → ``http``; Davidson's retweet marker ``RT``
is removed (77 % of Davidson is "offensive", so a retweet marker would be a spurious cue).
"""

from __future__ import annotations

import csv
import functools
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # a fresh clone without an editable install
    sys.path.insert(0, str(ROOT / "src"))

from pausecheck.classifier import HEADS  # noqa: E402
from pausecheck.classifier.textprep import prepare  # noqa: E402

__all__ = [
    "HEADS", "prepare", "data_dir", "Corpus", "SpanSet", "HateCheckCase",
    "tweeteval_offensive", "tweeteval_hate", "olid", "davidson", "convabuse", "threatgram",
    "toxic_spans", "toxic_spans_semeval", "sentiment_clean",
    "tweeteval_offensive_test", "tweeteval_hate_test", "olid_test", "convabuse_test",
    "hatecheck", "ethos", "ethos_multilabel", "toxic_spans_test",
    "TRAIN_SOURCES", "training_set", "validation_set", "drop_eval_overlap", "text_key",
]

csv.field_size_limit(10_000_000)

THREATGRAM_TEST_CHANNELS = frozenset(
    {"TheTrumpRepublicans.json", "DonaldTrumpJr.json", "InfoWars.json", "AlexJones.json", "PrayingMedic.json"}
)
THREATGRAM_VAL_CHANNELS = frozenset({"TrumpSupportersChannel.json", "COVIDVACCINEVICTIMS.json"})
DAVIDSON_SEED = 20170101


def data_dir() -> Path:
    """The shared data folder: ``$PAUSECHECK_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get("PAUSECHECK_DATA")
    path = Path(env) if env else ROOT / ".." / "shared" / "data"
    if not path.is_dir():
        raise FileNotFoundError(f"data folder not found: {path} (set PAUSECHECK_DATA)")
    return path


# --------------------------------------------------------------------------------------------
# Containers


@dataclass
class Corpus:
    """Texts with per-head labels (1, 0 or None) and the name of the dataset each came from."""

    name: str
    texts: list[str]
    labels: dict[str, list[int | None]]
    sources: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # e.g. ThreatGram channel; "" when none

    def __post_init__(self) -> None:
        n = len(self.texts)
        for h in HEADS:
            self.labels.setdefault(h, [None] * n)
        if not self.sources:
            self.sources = [self.name] * n
        if not self.groups:
            self.groups = [""] * n
        assert all(len(v) == n for v in self.labels.values()), self.name
        assert len(self.sources) == n and len(self.groups) == n, self.name

    def __len__(self) -> int:
        return len(self.texts)

    def matrix(self) -> np.ndarray:
        """Labels as a float array (n, len(HEADS)) with NaN where a label is None."""
        y = np.full((len(self), len(HEADS)), np.nan)
        for j, h in enumerate(HEADS):
            for i, v in enumerate(self.labels[h]):
                if v is not None:
                    y[i, j] = v
        return y

    def subset(self, idx: Iterable[int], name: str | None = None) -> Corpus:
        idx = list(idx)
        return Corpus(
            name=name or self.name,
            texts=[self.texts[i] for i in idx],
            labels={h: [v[i] for i in idx] for h, v in self.labels.items()},
            sources=[self.sources[i] for i in idx],
            groups=[self.groups[i] for i in idx],
        )

    @staticmethod
    def concat(parts: Sequence[Corpus], name: str) -> Corpus:
        return Corpus(
            name=name,
            texts=[t for p in parts for t in p.texts],
            labels={h: [v for p in parts for v in p.labels[h]] for h in HEADS},
            sources=[s for p in parts for s in p.sources],
            groups=[g for p in parts for g in p.groups],
        )

    def summary(self) -> dict[str, dict[str, int]]:
        """Per head: count of positive, negative and unlabelled rows."""
        out = {}
        for h in HEADS:
            c = Counter(self.labels[h])
            out[h] = {"pos": c[1], "neg": c[0], "none": c[None]}
        return out


@dataclass
class SpanSet:
    """Toxic-spans SemEval rows: raw texts and the set of toxic character offsets of each."""

    name: str
    texts: list[str]
    spans: list[set[int]]


@dataclass(frozen=True)
class HateCheckCase:
    functionality: str
    case_id: int
    text: str
    hateful: bool
    target: str
    direction: str


def _label(*, n: int, **heads: list[int | None]) -> dict[str, list[int | None]]:
    labels: dict[str, list[int | None]] = {h: [None] * n for h in HEADS}
    for h, v in heads.items():
        assert h in HEADS, h
        labels[h] = v
    return labels


def eval_only(fn: Callable) -> Callable:
    """Mark a loader as evaluation-only: its rows must never be trained or calibrated on."""
    fn.eval_only = True  # type: ignore[attr-defined]
    return fn


def text_key(text: str) -> str:
    """A normalised key for de-duplication across datasets (lower-case letters and digits only)."""
    t = prepare(text).lower().replace("@user", " ").replace("http", " ")
    return re.sub(r"[\W_]+", "", t)


def _lines(path: Path) -> list[str]:
    # Keep blank lines: TweetEval text and label files are aligned by line number.
    return path.read_text("utf-8").split("\n")[:-1] if path.read_text("utf-8").endswith("\n") else path.read_text("utf-8").split("\n")


# --------------------------------------------------------------------------------------------
# TweetEval


def _tweeteval(task: str, split: str) -> tuple[list[str], list[int]]:
    folder = data_dir() / "tweeteval" / task
    texts = _lines(folder / f"{split}_text.txt")
    labels = [int(x) for x in _lines(folder / f"{split}_labels.txt")]
    assert len(texts) == len(labels), (task, split)
    return [prepare(t.strip()) for t in texts], labels


def tweeteval_offensive(split: str) -> Corpus:
    """TweetEval offensive train or val (OLID level A): the ``offensive`` head only."""
    if split not in ("train", "val"):
        raise ValueError("tweeteval_offensive: split is train or val (test: tweeteval_offensive_test)")
    texts, y = _tweeteval("offensive", split)
    return Corpus(f"tweeteval-offensive-{split}", texts, _label(n=len(texts), offensive=list(y)))


def tweeteval_hate(split: str) -> Corpus:
    """TweetEval hate train or val (HatEval: immigrants and women)."""
    if split not in ("train", "val"):
        raise ValueError("tweeteval_hate: split is train or val (test: tweeteval_hate_test)")
    texts, y = _tweeteval("hate", split)
    keep = [i for i, t in enumerate(texts) if t.strip()]  # 8 blank tweets
    texts = [texts[i] for i in keep]
    y = [y[i] for i in keep]
    return Corpus(
        f"tweeteval-hate-{split}", texts,
        _label(n=len(texts), identity_attack=list(y), offensive=[1 if v else None for v in y]),
    )


@eval_only
def tweeteval_offensive_test() -> tuple[list[str], list[int]]:
    """TweetEval offensive test (= OLID level-A test, 860 tweets). Evaluation only."""
    return _tweeteval("offensive", "test")


@eval_only
def tweeteval_hate_test() -> tuple[list[str], list[int]]:
    """TweetEval hate test (= HatEval 2019 English test, 2,970 tweets). Evaluation only."""
    return _tweeteval("hate", "test")


# --------------------------------------------------------------------------------------------
# OLID


_OLID_URL = re.compile(r"\bURL\b")


def _olid_text(t: str) -> str:
    return prepare(_OLID_URL.sub("http", t))


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@functools.cache
def _tweeteval_offensive_val_keys() -> frozenset[str]:
    texts, _ = _tweeteval("offensive", "val")
    return frozenset(text_key(t) for t in texts)


def olid(split: str) -> Corpus:
    """The OLID training file with levels A, B and C, split into train/val as TweetEval did."""
    if split not in ("train", "val"):
        raise ValueError("olid: split is train or val (test files: olid_test)")
    rows = _read_tsv(data_dir() / "olid" / "olid-training-v1.0.tsv")[1:]
    val_keys = _tweeteval_offensive_val_keys()
    texts: list[str] = []
    heads: dict[str, list[int | None]] = {h: [] for h in HEADS}
    for _id, tweet, a, b, c in rows:
        in_val = text_key(_olid_text(tweet)) in val_keys
        if in_val != (split == "val"):
            continue
        texts.append(_olid_text(tweet))
        off = 1 if a == "OFF" else 0
        if a == "NOT":
            lab = {"offensive": 0, "insult": 0, "identity_attack": 0, "threat": 0, "obscene": 0}
        elif b == "UNT":
            lab = {"offensive": 1, "insult": 0, "identity_attack": 0, "threat": 0, "obscene": 1}
        else:  # TIN
            lab = {"offensive": off, "insult": 1 if c == "IND" else None,
                   "identity_attack": None, "threat": None, "obscene": None}
        for h in HEADS:
            heads[h].append(lab[h])
    return Corpus(f"olid-{split}", texts, heads)


@eval_only
def olid_test(level: str) -> tuple[list[str], list[str]]:
    """OLID test tweets and gold labels for level ``a`` (NOT/OFF), ``b`` (TIN/UNT) or ``c`` (IND/GRP/OTH)."""
    level = level.lower()
    if level not in ("a", "b", "c"):
        raise ValueError("olid_test: level is a, b or c")
    folder = data_dir() / "olid"
    rows = _read_tsv(folder / f"testset-level{level}.tsv")[1:]
    with (folder / f"labels-level{level}.csv").open(encoding="utf-8") as f:
        gold = dict(tuple(r[:2]) for r in csv.reader(f) if r)
    return [_olid_text(t) for _i, t in rows], [gold[i] for i, _t in rows]


# --------------------------------------------------------------------------------------------
# Davidson


_RT = re.compile(r"(?<!\w)RT\s+(?=@|\W|$)|^RT\b\s*")


@functools.cache
def _davidson_all() -> tuple[tuple[str, ...], tuple[int, ...]]:
    with (data_dir() / "davidson-hate-offensive" / "labeled_data.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = tuple(prepare(_RT.sub("", r["tweet"])).strip() for r in rows)
    return texts, tuple(int(r["class"]) for r in rows)


def davidson(split: str) -> Corpus:
    """Davidson et al. (2017) with our stratified 80/10/10 split (train, val, test), fixed seed."""
    if split not in ("train", "val", "test"):
        raise ValueError("davidson: split is train, val or test")
    texts, classes = _davidson_all()
    rng = random.Random(DAVIDSON_SEED)
    chosen: list[int] = []
    for cls in (0, 1, 2):
        idx = [i for i, c in enumerate(classes) if c == cls]
        rng.shuffle(idx)
        n_val = n_test = round(0.1 * len(idx))
        part = {"test": idx[:n_test], "val": idx[n_test:n_test + n_val], "train": idx[n_test + n_val:]}[split]
        chosen.extend(part)
    chosen.sort()
    out_texts = [texts[i] for i in chosen]
    heads: dict[str, list[int | None]] = {h: [] for h in HEADS}
    for i in chosen:
        c = classes[i]
        if c == 2:
            lab = dict.fromkeys(HEADS, 0)
        else:
            lab = {"offensive": 1, "identity_attack": 1 if c == 0 else 0,
                   "insult": None, "threat": None, "obscene": None}
        for h in HEADS:
            heads[h].append(lab[h])
    return Corpus(f"davidson-{split}", out_texts, heads)


# --------------------------------------------------------------------------------------------
# ConvAbuse

# Columns are read by position: the upstream header repeats "Annotator6_transphobic" where
# Annotator7's and Annotator8's transphobic columns are.
_CA_META = 7
_CA_FIELDS = ("abuse_1", "abuse_0", "abuse_m1", "abuse_m2", "abuse_m3", "ableist", "homophobic",
              "intellectual", "racist", "sexist", "sex_harassment", "transphobic",
              "target_generalised", "target_individual", "target_system", "explicit", "implicit")
_CA_IDENTITY = ("ableist", "homophobic", "racist", "sexist", "transphobic")


def _ca_cell(v: str) -> float:
    # A few cells hold several comma-separated values (the annotator labelled a duplicated
    # example more than once): use their mean.
    vals = [float(x) for x in v.split(",") if x.strip()]
    return sum(vals) / len(vals) if vals else 0.0


def _convabuse_rows(file: str) -> list[tuple[str, list[dict[str, float]]]]:
    with (data_dir() / "convabuse" / file).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert len(header) == _CA_META + 8 * len(_CA_FIELDS), len(header)
        assert header[5] == "user", header[:7]
        out = []
        for row in reader:
            if row and row[0] == "example_id":  # the header is repeated inside the files
                continue
            annots = []
            for a in range(8):
                cells = row[_CA_META + a * len(_CA_FIELDS):_CA_META + (a + 1) * len(_CA_FIELDS)]
                if not any(c.strip() for c in cells[:5]):
                    continue  # this annotator did not label the example
                annots.append({k: _ca_cell(v) for k, v in zip(_CA_FIELDS, cells, strict=True)})
            out.append((row[5], annots))
    return out


def _convabuse(file: str, name: str) -> Corpus:
    texts: list[str] = []
    heads: dict[str, list[int | None]] = {h: [] for h in HEADS}
    for text, annots in _convabuse_rows(file):
        if not annots or not text.strip():
            continue
        n = len(annots)
        abusive = sum(max(a["abuse_m1"], a["abuse_m2"], a["abuse_m3"]) for a in annots) * 2 > n

        def majority(pred: Callable[[dict[str, float]], float]) -> int | None:
            k = sum(pred(a) for a in annots)
            return 1 if k * 2 > n else (0 if k == 0 else None)

        if not abusive:
            lab: dict[str, int | None] = dict.fromkeys(HEADS, 0)
        else:
            # The addressee is the chatbot ("system") or a named third person ("individual").
            ind = majority(lambda a: max(a["target_individual"], a["target_system"]))
            ident = majority(lambda a: max(a[t] for t in _CA_IDENTITY))
            sexual = majority(lambda a: a["sex_harassment"])
            lab = {"offensive": 1, "insult": 1 if ind == 1 else None, "identity_attack": ident,
                   "threat": None, "obscene": 1 if sexual == 1 else None}
        texts.append(prepare(text.strip()))
        for h in HEADS:
            heads[h].append(lab[h])
    return Corpus(name, texts, heads)


def convabuse(split: str) -> Corpus:
    """ConvAbuse train or valid (``val``): majority-vote abuse of the addressee, with types."""
    if split not in ("train", "val"):
        raise ValueError("convabuse: split is train or val (test: convabuse_test)")
    file = {"train": "ConvAbuseEMNLPtrain.csv", "val": "ConvAbuseEMNLPvalid.csv"}[split]
    return _convabuse(file, f"convabuse-{split}")


@eval_only
def convabuse_test() -> Corpus:
    """ConvAbuse official test split. Evaluation only."""
    return _convabuse("ConvAbuseEMNLPtest.csv", "convabuse-test")


# --------------------------------------------------------------------------------------------
# ThreatGram 101


def threatgram(split: str) -> Corpus:
    """ThreatGram 101: ``threat`` = label 2 (violent). Split by Telegram channel (train/val/test)."""
    if split not in ("train", "val", "test"):
        raise ValueError("threatgram: split is train, val or test")
    rows = json.loads((data_dir() / "threatgram101" / "Labeled_15076.json").read_text("utf-8"))
    texts, groups, threat, off = [], [], [], []
    for r in rows:
        ch = r["telegramChannel"]
        s = "test" if ch in THREATGRAM_TEST_CHANNELS else "val" if ch in THREATGRAM_VAL_CHANNELS else "train"
        text = (r.get("reply") or "").strip()
        if s != split or not text:
            continue
        lab = int(r["Label"])
        texts.append(prepare(text))
        groups.append(ch)
        threat.append(1 if lab == 2 else 0)
        off.append(1 if lab == 2 else None)
    return Corpus(f"threatgram-{split}", texts, _label(n=len(texts), threat=threat, offensive=off), groups=groups)


# --------------------------------------------------------------------------------------------
# Toxic spans

_TS_TYPES = {"Insult": "insult", "Threat": "threat", "Identity based Attack": "identity_attack",
             "Profane/Obscene": "obscene"}


def _read_semeval(split: str) -> SpanSet:
    with (data_dir() / "toxic-spans" / "semeval2021" / f"tsd_{split}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return SpanSet(f"toxic-spans-{split}", [r["text"] for r in rows], [set(json.loads(r["spans"])) for r in rows])


@functools.cache
def _semeval_keys() -> dict[str, frozenset[str]]:
    return {s: frozenset(text_key(t) for t in _read_semeval(s).texts) for s in ("train", "trial", "test")}


def toxic_spans(split: str) -> Corpus:
    """Per-annotator toxic-spans posts with head labels from span types (train or val)."""
    if split not in ("train", "val"):
        raise ValueError("toxic_spans: split is train or val (test: toxic_spans_test)")
    folder = data_dir() / "toxic-spans" / "per-annotator"
    with (folder / "comments.csv").open(encoding="utf-8", newline="") as f:
        comments = {r["comment_id"]: r["comment_text"] for r in csv.DictReader(f)}
    with (folder / "annotations.csv").open(encoding="utf-8", newline="") as f:
        annotations = list(csv.DictReader(f))
    with (folder / "spans.csv").open(encoding="utf-8", newline="") as f:
        span_types: dict[str, set[str]] = defaultdict(set)
        for r in csv.DictReader(f):
            if r["type"] in _TS_TYPES:
                span_types[r["annotation"]].add(_TS_TYPES[r["type"]])
    raters: dict[str, list[dict]] = defaultdict(list)
    for a in annotations:
        raters[a["comment_id"]].append(a)
    keys = _semeval_keys()
    texts: list[str] = []
    heads: dict[str, list[int | None]] = {h: [] for h in HEADS}
    for cid in sorted(comments, key=int):
        text = comments[cid]
        anns = raters.get(cid, [])
        if not anns or len(anns) > 7 or not text.strip():  # unrated, or the 357-rater quiz item
            continue
        k = text_key(text)
        s = "test" if k in keys["test"] else "val" if k in keys["trial"] else "train"
        if s != split:
            continue
        n = len(anns)
        not_toxic = sum(1 for a in anns if a["not toxic"] == "True")
        lab: dict[str, int | None] = {
            "offensive": 0 if not_toxic * 2 > n else 1 if (n - not_toxic) * 2 > n else None,
        }
        for h in ("insult", "threat", "identity_attack", "obscene"):
            votes = sum(1 for a in anns if h in span_types.get(a["annotation"], ()))
            lab[h] = 1 if votes * 2 > n else 0 if votes == 0 else None
        texts.append(prepare(text))
        for h in HEADS:
            heads[h].append(lab[h])
    return Corpus(f"toxic-spans-{split}", texts, heads)


def toxic_spans_semeval(split: str) -> SpanSet:
    """SemEval-2021 toxic-spans train or trial (raw text + toxic character offsets)."""
    if split not in ("train", "trial"):
        raise ValueError("toxic_spans_semeval: split is train or trial (test: toxic_spans_test)")
    return _read_semeval(split)


@eval_only
def toxic_spans_test() -> SpanSet:
    """SemEval-2021 toxic-spans test (2,000 posts). Evaluation only."""
    return _read_semeval("test")


# --------------------------------------------------------------------------------------------
# Weak negatives: neutral and positive sentiment tweets

_SENTIMENT_VAL_FILES = ("twitter-2016dev-A.tsv",)
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def sentiment_clean(split: str) -> Corpus:
    """Neutral and positive tweets from the SemEval-2017 sentiment pool, as weak negatives.

    Every head is labelled 0. This is an assumption, not an annotation: a few neutral or positive
    tweets are offensive (banter, profanity used positively). Negative-sentiment tweets are not
    used: civil criticism and abuse are mixed there. Split by file: ``twitter-2016dev-A`` is val,
    the other files train; texts duplicated across files are kept once, in val if there.
    """
    if split not in ("train", "val"):
        raise ValueError("sentiment_clean: split is train or val")
    folder = data_dir() / "semeval2017-task4a-sentiment"
    seen: set[str] = set()
    val_texts: list[str] = []
    train_texts: list[str] = []
    files = sorted(p.name for p in folder.glob("twitter-*.tsv"))
    files = [f for f in files if f in _SENTIMENT_VAL_FILES] + [f for f in files if f not in _SENTIMENT_VAL_FILES]
    for name in files:
        for row in _read_tsv(folder / name):
            if len(row) < 3 or row[1] not in ("neutral", "positive"):
                continue
            text = _U_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), row[2]).strip()
            if len(text) >= 2 and text[0] == text[-1] == '"':
                text = text[1:-1]
            text = prepare(text)
            k = text_key(text)
            if not text or k in seen:
                continue
            seen.add(k)
            (val_texts if name in _SENTIMENT_VAL_FILES else train_texts).append(text)
    texts = val_texts if split == "val" else train_texts
    return Corpus(f"sentiment-clean-{split}", texts, {h: [0] * len(texts) for h in HEADS})


# --------------------------------------------------------------------------------------------
# HateCheck and ETHOS (evaluation only)


@eval_only
def hatecheck() -> list[HateCheckCase]:
    """HateCheck's 3,728 functional test cases. Evaluation only."""
    with (data_dir() / "hatecheck" / "test_suite_cases.csv").open(encoding="utf-8", newline="") as f:
        return [
            HateCheckCase(r["functionality"], int(r["case_id"]), r["test_case"].strip(),
                          r["label_gold"] == "hateful", r["target_ident"], r["direction"])
            for r in csv.DictReader(f)
        ]


def _ethos_rows(file: str) -> list[dict[str, str]]:
    with (data_dir() / "ethos" / file).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@eval_only
def ethos() -> tuple[list[str], list[int]]:
    """ETHOS binary (998 comments; hate = isHate ≥ 0.5). GPL-3.0; evaluation only."""
    rows = _ethos_rows("Ethos_Dataset_Binary.csv")
    return [prepare(r["comment"].strip()) for r in rows], [int(float(r["isHate"]) >= 0.5) for r in rows]


@eval_only
def ethos_multilabel() -> tuple[list[str], dict[str, list[int]]]:
    """ETHOS multi-label (433 hateful comments; each label = fraction ≥ 0.5). Evaluation only."""
    rows = _ethos_rows("Ethos_Dataset_Multi_Label.csv")
    cols = [c for c in rows[0] if c != "comment"]
    return [prepare(r["comment"].strip()) for r in rows], {c: [int(float(r[c]) >= 0.5) for r in rows] for c in cols}


# --------------------------------------------------------------------------------------------
# Combined sets

# name → loader(split). TweetEval offensive is deliberately absent: "olid" holds the same tweets
# (with levels B and C) on TweetEval's train/val split.
TRAIN_SOURCES: dict[str, Callable[[str], Corpus]] = {
    "olid": olid,
    "tweeteval-hate": tweeteval_hate,
    "davidson": davidson,
    "convabuse": convabuse,
    "threatgram": threatgram,
    "toxic-spans": toxic_spans,
    "sentiment-clean": sentiment_clean,
}


@functools.cache
def _eval_keys() -> frozenset[str]:
    texts: list[str] = []
    texts += tweeteval_offensive_test()[0]
    texts += tweeteval_hate_test()[0]
    for level in "abc":
        texts += olid_test(level)[0]
    texts += [c.text for c in hatecheck()]
    texts += ethos()[0]
    texts += ethos_multilabel()[0]
    texts += toxic_spans_test().texts
    texts += convabuse_test().texts
    texts += threatgram("test").texts
    texts += davidson("test").texts
    return frozenset(k for k in map(text_key, texts) if len(k) >= 8)


def drop_eval_overlap(corpus: Corpus) -> Corpus:
    """Drop rows whose normalised text also appears in any evaluation set."""
    keys = _eval_keys()
    keep = [i for i, t in enumerate(corpus.texts) if text_key(t) not in keys]
    return corpus.subset(keep) if len(keep) < len(corpus) else corpus


def _combined(split: str, sources: Iterable[str] | None) -> Corpus:
    names = list(sources) if sources is not None else list(TRAIN_SOURCES)
    parts = []
    for name in names:
        loader = TRAIN_SOURCES[name]
        assert not getattr(loader, "eval_only", False), name
        part = loader(split)
        part.sources = [name] * len(part)
        parts.append(drop_eval_overlap(part))
    return Corpus.concat(parts, f"combined-{split}")


def training_set(sources: Iterable[str] | None = None) -> Corpus:
    """The multi-head training set: the train split of every source in :data:`TRAIN_SOURCES`."""
    return _combined("train", sources)


def validation_set(sources: Iterable[str] | None = None) -> Corpus:
    """The multi-head validation set (val/trial/valid splits); use it to calibrate thresholds."""
    return _combined("val", sources)


if __name__ == "__main__":
    for split, corpus in (("train", training_set()), ("val", validation_set())):
        print(f"{split}: {len(corpus)} texts; by source {dict(Counter(corpus.sources))}")
        for h, c in corpus.summary().items():
            print(f"  {h:16s} pos {c['pos']:6d}  neg {c['neg']:6d}  none {c['none']:6d}")
