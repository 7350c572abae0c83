"""The engine: run a pack's detectors over one analysed post and apply the pack's policy.

Detectors report hits; only here do hits become findings, with the rule's threshold,
severity, wording, clause and suggestion. The verdict follows from the severities:
any ``block`` finding means do not publish, any ``revise`` finding means revise.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pausecheck._exceptions import EmptyInputError, InputTooLargeError
from pausecheck.detectors.base import Detector
from pausecheck.detectors.image import images
from pausecheck.detectors.registry import build
from pausecheck.findings import (
    SEVERITY_ORDER,
    ChecklistQuestion,
    Clause,
    Finding,
    Hit,
    Report,
    Suggestion,
    Verdict,
)
from pausecheck.policy.loader import Pack, load_pack
from pausecheck.policy.schema import DetectorSpec, Rule, When
from pausecheck.post import Post
from pausecheck.text.doc import Analyser, Doc


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    clause: Clause
    detectors: tuple[Detector, ...]


def _with_model(spec: DetectorSpec, model: str | None) -> DetectorSpec:
    """A classifier spec that names no model gets the checker's ``model``; other specs are kept."""
    if model is None or spec.kind != "classifier" or spec.model is not None:
        return spec
    return spec.model_copy(update={"model": model})


class Checker:
    """A pack made ready to check posts: build once, call :meth:`check` many times."""

    def __init__(self, pack: Pack | None = None, *, preview: bool = False, model: str | None = None,
                 analyser: Analyser | None = None) -> None:
        """``model``: the shipped learned model behind ``classifier`` rules that name none
        (default :data:`pausecheck.classifier.DEFAULT_MODEL`)."""
        self.pack = pack if pack is not None else load_pack()
        settings = self.pack.manifest.settings
        self.analyser = analyser or Analyser(
            vocabulary=self.pack.words(settings.recovery_vocab),
            roles=self.pack.words(settings.role_vocab),
        )
        wanted = {"stable", "preview"} if preview else {"stable"}
        self._rules = tuple(
            _CompiledRule(rule, self._clause(rule), tuple(build(_with_model(spec, model), self.pack) for spec in rule.detectors))
            for rule in self.pack.rules
            if rule.status in wanted
        )

    def _clause(self, rule: Rule) -> Clause:
        spec = self.pack.clauses[rule.clause.ref]
        return Clause(spec.id, spec.title, rule.clause.summary)

    def check(self, post: Post | str) -> Report:
        post = Post(post) if isinstance(post, str) else post
        text = self._validated_text(post.text)
        if text is not post.text:
            post = Post(text, post.account, post.at, post.platform, post.attachments, post.in_meeting)
        doc = self.analyser.analyse(text)
        images(doc, post)  # read every attachment up front: an unreadable one is bad input
        findings: list[Finding] = []
        for compiled in self._rules:
            if compiled.rule.when is not None and not _holds(compiled.rule.when, post, doc, ()):
                continue
            findings.extend(self._apply(compiled, doc, post))
        findings.sort(key=lambda f: (f.scope != "span", f.start, f.end, SEVERITY_ORDER[f.severity], f.code))
        checklist = self._checklist(post, doc, findings)
        return Report(
            verdict=_verdict(findings),
            findings=tuple(findings),
            checklist=checklist,
            text=text,
            context={
                "account": post.account,
                "at": post.at.isoformat() if post.at else None,
                "platform": post.platform,
                "in_meeting": post.in_meeting,
                "attachments": [Path(a).name for a in post.attachments],
            },
            pack=(self.pack.id, self.pack.version),
        )

    def _validated_text(self, text: str) -> str:
        if not text.strip():
            raise EmptyInputError("the post is empty: there is nothing to check")
        limit = self.pack.manifest.settings.max_chars
        if len(text) > limit:
            raise InputTooLargeError(
                f"the post is {len(text):,} characters; the limit is {limit:,}. Check it in parts."
            )
        if any("\ud800" <= c <= "\udfff" for c in text):
            # Lone surrogates (broken UTF-16) cannot be printed or encoded; U+FFFD keeps offsets.
            return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
        return text

    def _apply(self, compiled: _CompiledRule, doc: Doc, post: Post) -> list[Finding]:
        rule = compiled.rule
        best: list[tuple[Hit, str]] = []
        for det in compiled.detectors:
            for hit in det.find(doc, post):
                if hit.score < rule.threshold:
                    continue
                best = _keep_strongest(best, hit, det.kind)
        return [self._finding(compiled, hit, kind, doc) for hit, kind in best]

    def _finding(self, compiled: _CompiledRule, hit: Hit, kind: str, doc: Doc) -> Finding:
        rule = compiled.rule
        match = doc.text[hit.start:hit.end]
        message = rule.message.replace("{match}", _shorten(match))
        suggestion = None
        if hit.replacement is not None:
            shown = f"'{hit.replacement}'" if hit.replacement else "nothing (delete it)"
            suggestion = Suggestion(rule.rewrite or f"Replace '{_shorten(match)}' with {shown}.", hit.replacement, True)
        elif rule.rewrite:
            suggestion = Suggestion(rule.rewrite)
        return Finding(
            code=rule.code,
            name=rule.name,
            title=rule.title,
            category=rule.category,
            severity=rule.severity,
            start=hit.start,
            end=hit.end,
            match=match,
            message=message,
            why=rule.why.strip(),
            advice=rule.advice.strip(),
            suggestion=suggestion,
            clause=compiled.clause,
            detector=kind,
            score=hit.score,
            explanation=hit.explanation,
            scope=hit.scope,
            evidence=hit.evidence,
        )

    def _checklist(self, post: Post, doc: Doc, findings: Iterable[Finding]) -> tuple[ChecklistQuestion, ...]:
        categories = {f.category for f in findings}
        out = []
        for item in self.pack.checklist:
            if item.when is not None and not _holds(item.when, post, doc, categories):
                continue
            spec = self.pack.clauses[item.clause]
            out.append(ChecklistQuestion(item.id, item.question, Clause(spec.id, spec.title, spec.summary), item.reason))
        return tuple(out)


def _holds(when: When, post: Post, doc: Doc, categories: Iterable[str]) -> bool:
    if when.account is not None and post.account not in when.account:
        return False
    if when.in_meeting is not None and post.in_meeting != when.in_meeting:
        return False
    if when.has_images is not None and bool(post.attachments) != when.has_images:
        return False
    if when.has_links is not None and bool(doc.urls) != when.has_links:
        return False
    if when.platform is not None and (post.platform or "").lower() not in [p.lower() for p in when.platform]:
        return False
    if when.categories is not None and not set(when.categories) & set(categories):
        return False
    return True


def _keep_strongest(kept: list[tuple[Hit, str]], hit: Hit, kind: str) -> list[tuple[Hit, str]]:
    """One finding per rule per stretch of text: overlapping hits keep the highest score."""
    out: list[tuple[Hit, str]] = []
    for other, other_kind in kept:
        overlaps = (
            hit.scope == other.scope == "post"
            or (hit.scope == other.scope == "span" and hit.start < other.end and other.start < hit.end)
        )
        if not overlaps:
            out.append((other, other_kind))
        elif other.score >= hit.score:
            return kept
    out.append((hit, kind))
    return out


def _verdict(findings: Iterable[Finding]) -> Verdict:
    severities = {f.severity for f in findings}
    if "block" in severities:
        return Verdict.DO_NOT_PUBLISH
    if "revise" in severities:
        return Verdict.REVISE
    return Verdict.PUBLISH


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.cache
def _checker_for_source(pack_key: str | None) -> Checker:
    return Checker(load_pack(pack_key))


#: Checkers built for Pack objects passed to check(), keyed by identity (a Pack holds dicts,
#: so it is not hashable); the Pack is kept alongside so its id cannot be reused.
_checkers_by_pack: dict[int, tuple[Pack, Checker]] = {}


def check(post: Post | str, pack: Pack | str | None = None) -> Report:
    """Check one draft post. ``pack`` is a loaded Pack, a bundled pack name or a pack directory.

    The Checker for a pack is built once and reused, so repeated calls do not reload models
    or recompile rules.
    """
    if isinstance(pack, Pack):
        entry = _checkers_by_pack.get(id(pack))
        if entry is None or entry[0] is not pack:
            entry = _checkers_by_pack[id(pack)] = (pack, Checker(pack))
        return entry[1].check(post)
    return _checker_for_source(None if pack is None else str(pack)).check(post)
