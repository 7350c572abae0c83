"""The closed vocabularies of pausecheck, each defined once.

Everything that names a severity, a rule category, a kind of target, a learned model's head or
an account type imports it from here, so a new value is added in one place and the type
checker finds every ``match`` that forgot it.
"""

from __future__ import annotations

from typing import Literal, get_args

#: How much a finding weighs: ``block`` means do not publish, ``revise`` asks for a rewrite,
#: ``advise`` is a note that leaves the verdict alone.
Severity = Literal["block", "revise", "advise"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

#: The closed list of rule categories (documented in the README and docs/packs.md).
Category = Literal[
    "insult",
    "discrimination",
    "threat",
    "obscenity",
    "defamation",
    "confidential",
    "personal_data",
    "casework",
    "predetermination",
    "capacity",
    "council_resources",
    "public_views_without_consent",
    "copyright",
    "haste",
    "links",
    "security",
    "meetings",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)

#: Who a stretch of text is aimed at: "you", a named or titled person, an @handle, someone by
#: office ("the leader"), or a pronoun standing for someone the post has named.
#: Who or what a sentence is about: a person named, addressed or pointed at by pronoun; a role;
#: a public body or organisation ("the partnership board"); a trading firm, by name or premises
#: ("Kingsway Lettings", "the chippy on Queen St"), which can sue for libel as a body cannot; a group of people defined by a
#: protected characteristic or commonly targeted ("asylum seekers"), or "they" after one.
TargetKind = Literal["second_person", "person", "handle", "role", "pronoun", "body", "business", "group"]
TARGET_KINDS: tuple[TargetKind, ...] = get_args(TargetKind)

#: Thresholds a learned rule may take from its model card: ``calibrated`` (best F1 on validation
#: data) or ``precise`` (the lowest whose validation precision reaches 0.8).
CardThreshold = Literal["calibrated", "precise"]
CARD_THRESHOLDS: tuple[CardThreshold, ...] = get_args(CardThreshold)

#: The heads public labelled data teach: every learned model predicts them, in this order.
PublicHead = Literal["offensive", "insult", "identity_attack", "threat", "obscene"]
HEADS: tuple[PublicHead, ...] = get_args(PublicHead)
#: A head a rule may name: the public ones, and four that our own drafts teach:
#: ``allegation`` (an allegation of dishonesty, corruption or a crime; models from minilm-ft-v5),
#: ``veiled_threat`` (a threat put as a hint, a joke or a question), ``putdown`` (contempt for
#: a person, civil-worded or not; both from minilm-ft-v6), and ``group_attack`` (an attack on a whole
#: group for who they are, in any words; from minilm-ft-v7). Checking with a rule that names a head
#: its model lacks raises ModelError, saying so.
Head = Literal[PublicHead, "allegation", "veiled_threat", "putdown", "group_attack"]

#: The account a post goes out from.
Account = Literal["personal", "councillor", "party", "council"]
ACCOUNTS: tuple[Account, ...] = get_args(Account)

#: Where a finding points: at words the member can edit, or at the post as a whole.
Scope = Literal["span", "post"]
