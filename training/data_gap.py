"""Training and evaluation sets for the detection gap: civil incivility, implicit and
dehumanising group attacks, veiled threats (issue "Catch what real councillors post").

Each loader takes a split (``train``, ``val`` or ``test``) and returns a :class:`data.Corpus`
with the heads its dataset can teach; heads it says nothing about stay ``None`` (masked in the
loss). Where a set ships without a validation or test split, a fixed hash of the normalised text
assigns the split (so a duplicate never lands on both sides).

Licences (each set's README in ``../shared/data``): only sets that allow a shipped derivative
are registered in :data:`GAP_TRAIN_SOURCES`: SBIC (CC BY 4.0), implicit-hate (CC BY 4.0),
DynaHate dev/test (MIT, author's statement), EDOS (CC0), Hatemoji (CC BY 4.0), Reddit
incivility (BSD-3), Reddit counterspeech (MIT), ToxiGen demonstrations (CDLA-Permissive-2.0).
``unhealthy-comments`` and ``abuseval`` (CC BY-NC-SA) and ``incivility-congress-tweets`` (GPL-3.0)
are evaluation only: their loaders are marked :func:`data.eval_only` and the combiner refuses them.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import data
from data import Corpus, data_dir, eval_only, text_key

from pausecheck.classifier.textprep import prepare

SPLITS = ("train", "val", "test")


def hash_split(text: str, val: float = 0.1, test: float = 0.0) -> str:
    """A fixed split from the normalised text: the same text always lands in the same split."""
    h = int.from_bytes(hashlib.sha256(text_key(text).encode("utf-8")).digest()[:8], "big") / 2**64
    if h < test:
        return "test"
    if h < test + val:
        return "val"
    return "train"


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")  # type: ignore[return-value]
    return path.open(encoding="utf-8", newline="")


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with _open(path) as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def _corpus(name: str, texts: list[str], **heads: list[int | None]) -> Corpus:
    n = len(texts)
    return Corpus(name, [prepare(t.strip()) for t in texts], dict(heads), sources=[name] * n)


def _keep(texts: list[str], split: str, keep: Callable[[str], bool] | None = None) -> list[int]:
    return [i for i, t in enumerate(texts) if t.strip() and (keep is None or keep(t))]


# --------------------------------------------------------------------------------------------
# Group attacks: implicit, dehumanising, adversarial


def sbic(split: str) -> Corpus:
    """Social Bias Frames (aggregated). The public release here lacks train: we train on dev
    (less a hashed tenth for validation) and test on tst.

    ``identity_attack`` = offensive (mean ≥ 0.5) aimed at a group (``whoTarget`` ≥ 0.5) with an
    implied stereotype (``hasBiasedImplication`` = 0 means one was written); ``insult`` = offensive
    aimed at an individual; ``offensive`` = offensiveYN ≥ 0.5.
    """
    file = "SBIC.v2.agg.tst.csv.gz" if split == "test" else "SBIC.v2.agg.dev.csv.gz"
    rows = _rows(data_dir() / "sbic" / file)
    if split != "test":
        rows = [r for r in rows if hash_split(r["post"]) == split]
    texts, off, ident, ins = [], [], [], []
    for r in rows:
        o = float(r["offensiveYN"] or 0) >= 0.5
        group = float(r["whoTarget"] or 0) >= 0.5 if r["whoTarget"] else False
        biased = r["hasBiasedImplication"] == "0"
        texts.append(r["post"])
        off.append(int(o))
        ident.append(int(o and group and biased))
        ins.append(int(o and not group) if r["whoTarget"] else None)
    return _corpus(f"sbic-{split}", texts, offensive=off, identity_attack=ident, insult=ins)


def implicit_hate(split: str) -> Corpus:
    """Implicit Hate (stage 1: not/implicit/explicit hate), split 80/10/10 by text hash.

    ``identity_attack`` = implicit or explicit hate; ``threat`` = 1 for stage-2 posts typed
    ``threatening`` (implicit threats against a group), 0 for not-hate posts, unknown otherwise.
    """
    folder = data_dir() / "implicit-hate"
    threatening = {
        text_key(r["post"]) for r in _rows(folder / "implicit_hate_v1_stg2_posts.tsv", "\t")
        if "threatening" in (r["implicit_class"], r.get("extra_implicit_class") or "")
    }
    rows = [r for r in _rows(folder / "implicit_hate_v1_stg1_posts.tsv.gz", "\t")
            if hash_split(r["post"], val=0.1, test=0.1) == split]
    texts = [r["post"] for r in rows]
    hate = [int(r["class"] != "not_hate") for r in rows]
    threat: list[int | None] = [
        1 if text_key(t) in threatening else (0 if h == 0 else None) for t, h in zip(texts, hate, strict=True)
    ]
    return _corpus(f"implicit-hate-{split}", texts, identity_attack=hate, offensive=hate, threat=threat)


def dynahate(split: str) -> Corpus:
    """DynaHate (dev/test only here): train on dev less a hashed tenth, test on test.

    ``identity_attack`` = hate (dehumanisation, animosity, derogation, threats, support for hate);
    ``threat`` = hate of type ``threatening``. The not-hate rows include the contrast
    perturbations, which are what teaches the difference.
    """
    file = "db_test.csv" if split == "test" else "db_dev.csv"
    rows = _rows(data_dir() / "dynahate-devtest" / file)
    if split != "test":
        rows = [r for r in rows if hash_split(r["text"]) == split]
    texts = [r["text"] for r in rows]
    hate = [int(r["label"] == "hate") for r in rows]
    threat = [int(r["label"] == "hate" and r["type"] == "threatening") for r in rows]
    return _corpus(f"dynahate-{split}", texts, identity_attack=hate, offensive=hate, threat=threat)


def edos(split: str) -> Corpus:
    """EDOS online sexism (train/dev/test as released): sexist → ``identity_attack`` (sex is a
    protected characteristic); category 1 (threats, plans to harm, incitement) → ``threat``."""
    want = {"train": "train", "val": "dev", "test": "test"}[split]
    rows = [r for r in _rows(data_dir() / "edos-sexism" / "edos_labelled_aggregated.csv.gz") if r["split"] == want]
    texts = [r["text"] for r in rows]
    sexist = [int(r["label_sexist"] == "sexist") for r in rows]
    threat = [int(r["label_category"].startswith("1.")) for r in rows]
    return _corpus(f"edos-{split}", texts, identity_attack=sexist, threat=threat)


def hatemoji(split: str) -> Corpus:
    """Hatemoji Build (adversarial, emoji): hate → ``identity_attack``; ``threateninglanguage``
    → ``threat``."""
    file = {"train": "train.csv", "val": "validation.csv", "test": "test.csv"}[split]
    rows = _rows(data_dir() / "hatemoji" / "HatemojiBuild" / file)
    texts = [r["text"] for r in rows]
    hate = [int(r["label_gold"] == "1") for r in rows]
    threat = [int(h == 1 and r["type"] == "threateninglanguage") for h, r in zip(hate, rows, strict=True)]
    return _corpus(f"hatemoji-{split}", texts, identity_attack=hate, threat=threat)


def toxigen_demos(split: str) -> Corpus:
    """ToxiGen seed statements: implicit hate and neutral statements about the same 13 groups,
    split 80/10/10 by hash."""
    folder = data_dir() / "toxigen-demonstrations" / "demonstrations"
    texts, hate, seen = [], [], set()
    for path in sorted(folder.rglob("*.txt")):
        label = 1 if path.name.startswith("hate") else 0 if path.name.startswith("neutral") else None
        if label is None:
            continue
        for line in path.read_text("utf-8").splitlines():
            line = line.strip().lstrip("-").strip()
            if line and text_key(line) not in seen and hash_split(line, val=0.1, test=0.1) == split:
                seen.add(text_key(line))
                texts.append(line)
                hate.append(label)
    return _corpus(f"toxigen-demos-{split}", texts, identity_attack=hate)


def counterspeech(split: str) -> Corpus:
    """Replies in hate subreddits labelled other / hate / counter-speech. Train on the GPT-4o
    labels (MIT), split by hash; test on the human-labelled validation set (reply text only).
    Hate → ``identity_attack`` 1; counter-speech and other → 0, which is what teaches that
    arguing against hate is not hate."""
    folder = data_dir() / "reddit-counterspeech"
    if split == "test":
        rows = _rows(folder / "validation_set.csv")
    else:
        human = {text_key(r["reply"]) for r in _rows(folder / "validation_set.csv")}
        rows = [r for r in _rows(folder / "gpt_4o_labels.csv.gz")
                if text_key(r["reply"]) not in human and hash_split(r["reply"]) == split]
    rows = [r for r in rows if len(r["reply"]) <= 1000 and "http" not in r["reply"][:10]]
    texts = [r["reply"] for r in rows]
    return _corpus(f"counterspeech-{split}", texts, identity_attack=[int(r["label"] == "1") for r in rows])


# --------------------------------------------------------------------------------------------
# Incivility at people and bodies


def reddit_incivility(split: str) -> Corpus:
    """Reddit incivility (BSD-3): uncivil → ``insult`` and ``offensive``. Released train/test;
    validation is a hashed tenth of train. The CSVs have no header row: text, label."""
    folder = data_dir() / "reddit-incivility"
    file = "incivility_coded_0302.test.csv" if split == "test" else "incivility_coded_0302.train.csv"
    with (folder / file).open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f) if len(r) == 2 and r[1] in ("0", "1")]
    if split != "test":
        rows = [r for r in rows if hash_split(r[0]) == split]
    texts = [r[0] for r in rows]
    y = [int(r[1]) for r in rows]
    return _corpus(f"reddit-incivility-{split}", texts, insult=y, offensive=y)


# --------------------------------------------------------------------------------------------
# Evaluation only (non-commercial or copyleft)


@eval_only
def unhealthy_comments(split: str = "test") -> tuple[list[str], dict[str, list[int]]]:
    """UCC (CC BY-NC-SA 4.0; evaluation only): news comments with civil-register attributes."""
    rows = _rows(data_dir() / "unhealthy-comments" / f"{'test' if split == 'test' else 'val'}.csv")
    attrs = ("antagonize", "condescending", "dismissive", "hostile", "sarcastic", "generalisation_unfair", "healthy")
    return ([prepare(r["comment"].strip()) for r in rows],
            {a: [int(float(r[a] or 0) >= 0.5) for r in rows] for a in attrs})


@eval_only
def congress_incivility() -> tuple[list[str], list[int]]:
    """Replies to US legislators, human-coded uncivil yes/no (GPL-3.0; evaluation only)."""
    rows = _rows(data_dir() / "incivility-congress-tweets" / "training-data.csv")
    return [prepare(r["text"].strip()) for r in rows], [int(r["uncivil"] == "yes") for r in rows]


@eval_only
def abuseval_test() -> tuple[list[str], list[str]]:
    """AbuseEval labels (NOTABU/EXP/IMP) for the OLID test tweets (CC BY-NC-SA; evaluation only)."""
    labels = {}
    with (data_dir() / "abuseval" / "abuseval_offenseval_test.tsv").open(encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 2:
                labels[parts[0]] = parts[-1]
    out_t, out_y = [], []
    with (data_dir() / "olid" / "testset-levela.tsv").open(encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            i, t = line.split("\t", 1)
            if i in labels:
                out_t.append(prepare(t.strip()))
                out_y.append(labels[i])
    return out_t, out_y


GAP_TRAIN_SOURCES: dict[str, Callable[[str], Corpus]] = {
    "sbic": sbic,
    "implicit-hate": implicit_hate,
    "dynahate": dynahate,
    "edos": edos,
    "hatemoji": hatemoji,
    "toxigen-demos": toxigen_demos,
    "counterspeech": counterspeech,
    "reddit-incivility": reddit_incivility,
}


def gap_set(split: str, sources: list[str] | None = None) -> Corpus:
    """The split of every gap source, rows that occur in any evaluation set dropped from train/val."""
    parts = []
    for name in sources or list(GAP_TRAIN_SOURCES):
        loader = GAP_TRAIN_SOURCES[name]
        assert not getattr(loader, "eval_only", False), name
        part = loader(split)
        part.sources = [name] * len(part)
        parts.append(data.drop_eval_overlap(part) if split != "test" else part)
    return Corpus.concat(parts, f"gap-{split}")


if __name__ == "__main__":
    from collections import Counter

    for split in SPLITS:
        c = gap_set(split)
        print(f"{split}: {len(c)} rows {dict(Counter(c.sources))}")
        print("  " + json.dumps(c.summary()))
