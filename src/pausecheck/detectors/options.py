"""Option pieces shared by several detector kinds, and the base every kind's options extend.

Each kind declares its own options model beside its code (``lexicon.py`` has
``LexiconOptions``…); the registry collects them, and the policy schema builds its union of
detector specs from the registry. What sits here is only what more than one kind uses: a
named regex, a matcher (terms, vocab lists, regexes, targets, entities) and a modifier.

Options validate what they can see on their own (types, ranges, names of validators). What
needs the pack (vocabulary lists, regexes with ``{vocab:…}`` macros) is checked by
:meth:`KindOptions.check_references` against a :class:`~pausecheck.detectors.base.PackResources`, which
the pack loader calls at load time so the error names the rule file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from pausecheck._types import TargetKind
from pausecheck.text.patterns import compile_pattern

if TYPE_CHECKING:  # pragma: no cover
    from pausecheck.detectors.base import PackResources


class Strict(BaseModel):
    """Frozen, and an unknown key is an error (a typo in a pack never passes silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternSpec(Strict):
    """A named regular expression; ``{vocab:NAME}`` and ``{shape:NAME}`` macros expand at load."""

    name: str
    regex: str
    score: float = Field(0.6, ge=0, le=1)


class Matcher(Strict):
    """Something to find in the post: terms, regexes, targets or entities (any of them)."""

    label: str | None = None
    terms: list[str] = []
    vocab: list[str] = []
    patterns: list[PatternSpec] = []
    targets: list[TargetKind] = []
    entities: list[str] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Matcher:
        if not (self.terms or self.vocab or self.patterns or self.targets or self.entities):
            raise ValueError("a matcher needs at least one of terms, vocab, patterns, targets, entities")
        return self


Scope = Literal["sentence", "post", "window"]


class Modifier(Matcher):
    """A matcher that multiplies the score when found near the hit (``factor`` < 1 lowers it)."""

    factor: float = Field(..., ge=0, le=3)
    #: Leave out matches inside someone else's quoted or reported words: "my number" in a
    #: resident's quoted e-mail is theirs, not the member's.
    skip_reported: bool = False
    #: How near the hit a match must be, when this modifier says something of one detail rather
    #: than of the whole sentence: "call the council on" is about the number after it, not a
    #: resident's number later in the same sentence. Unset: the detector's own scope.
    scope: Scope | None = None
    #: Words between a match and the hit at most, with ``scope: window``.
    window: int = Field(6, ge=0, le=100)

    @model_validator(mode="after")
    def _window_needs_its_scope(self) -> Modifier:
        if "window" in self.model_fields_set and self.scope != "window":
            raise ValueError("a modifier's 'window' needs 'scope: window'")
        return self


class KindOptions(Strict):
    """The base of every detector kind's options. ``kind`` is the discriminator."""

    #: True for learned kinds, whose rules may write ``threshold: calibrated``.
    calibrated: ClassVar[bool] = False

    kind: str

    def lexicons(self) -> Iterator[str]:
        """Lexicons shipped by other packages that these options read (``Resources.lexicon``)."""
        return iter(())

    def matchers(self) -> Iterator[Matcher]:
        """Every matcher (anchors, requirements, modifiers) these options hold."""
        return iter(())

    def vocab_names(self) -> Iterator[str]:
        """Vocabulary lists named outside matchers (e.g. a lexicon's ``vocab``)."""
        return iter(())

    def regexes(self) -> Iterator[tuple[PatternSpec, bool]]:
        """Regexes named outside matchers, with whether they are case sensitive."""
        return iter(())

    def check_references(self, pack: PackResources) -> None:
        """Raise ``ValueError`` when these options refer to something the pack lacks."""
        for name in self.vocab_names():
            _need_vocab(pack, name)
        for spec, case_sensitive in self.regexes():
            _compiles(pack, spec, case_sensitive)
        for m in self.matchers():
            for name in m.vocab:
                _need_vocab(pack, name)
            for spec in m.patterns:
                _compiles(pack, spec, False)


def _need_vocab(pack: PackResources, name: str) -> None:
    if name not in pack.vocab:
        raise ValueError(f"unknown vocab list {name!r} (expected vocab/{name}.txt)")


def _compiles(pack: PackResources, spec: PatternSpec, case_sensitive: bool) -> None:
    try:
        compile_pattern(spec.regex, case_sensitive, pack.vocab)
    except regex.error as e:
        raise ValueError(f"pattern {spec.name!r} does not compile: {e}") from None
