"""The engine: run a pack's detectors over analysed posts and apply the pack's policy.

Detectors report hits; only here do hits become findings, with the rule's threshold,
severity, wording, clause and suggestion. The verdict follows from the severities:
any ``block`` finding means do not publish, any ``revise`` finding means revise.

A :class:`Checker` is built from a frozen :class:`CheckerConfig` (which pack, preview rules or
not, which learned model) and a :class:`~pausecheck.resources.Resources` (spaCy, Presidio, the
models), so a long-running process controls what is loaded and can rebuild a Checker after a
pack is edited (:meth:`Checker.reload`) without reloading any model.
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time
from pathlib import Path
from typing import Literal, overload

from pausecheck._exceptions import EmptyInputError, InputError, InputTooLargeError, PackError
from pausecheck._types import ACCOUNTS, CARD_THRESHOLDS, CATEGORIES, SEVERITY_ORDER
from pausecheck.classifier import DEFAULT_MODEL
from pausecheck.detectors.base import Detector, Inspection, PackResources, PackSettings
from pausecheck.detectors.registry import build
from pausecheck.findings import (
    ChecklistQuestion,
    Clause,
    Edit,
    Finding,
    FixedPost,
    Hit,
    Notice,
    Replacement,
    Report,
    Span,
    Suggestion,
    Verdict,
    apply_edits,
)
from pausecheck.fixes import Proposal, propose
from pausecheck.policy.loader import Pack, load_pack
from pausecheck.policy.schema import Rule, Settings, When
from pausecheck.post import Post
from pausecheck.resources import Resources
from pausecheck.text.doc import Analyser, Doc
from pausecheck.text.language import language_name
from pausecheck.text.normalise import NormalisedText
from pausecheck.text.patterns import RegexTimeout

#: Posts analysed together by :meth:`Checker.check_many` (one spaCy ``pipe`` and one model call).
BATCH_SIZE = 64
#: Spans one rule's finding lists for one post; ``Finding.more`` counts the rest.
MAX_FINDINGS_PER_RULE = 20

#: Categories whose learned findings a report keeps beside another category's finding on the
#: same sentence (Checker._without_learned_repeats): the member must be told of these by name.
_NEVER_SUBSUMED = frozenset({"threat", "discrimination", "defamation"})

#: What a pack's Welsh rules (named ``welsh-…``) check, by category, in the order the language
#: notice lists them; personal data is found by patterns that read any language. The third item
#: is what they check when one of the category's Welsh rules reads the post through a gloss (the
#: ``glossed`` kind: the learned models on a word-by-word English reading).
_WELSH_COVERS = (("obscenity", "swearing", "swearing"), ("insult", "insults", "insults and put-downs"),
                 ("defamation", "accusations and hints of wrongdoing", "accusations and hints of wrongdoing"),
                 ("threat", "plain threats of violence", "plain and veiled threats"),
                 ("discrimination", "dehumanising words about groups", "attacks on groups"),
                 ("confidential", "confidential council business", "confidential council business"))


@dataclass(frozen=True)
class CheckerConfig:
    """What a Checker checks with. ``pack``: a bundled pack name or a pack folder (None: the
    default pack); ``preview``: also run rules marked preview; ``model``: the shipped learned
    model behind ``classifier`` rules that name none (None: the package default); ``fixes``:
    give findings a rewrite of the post where their rule has a fix (each rewrite is checked
    again, so a post with such findings costs one more check per finding); ``categories``: run
    only the rules of these categories (None: all), e.g. the inbox's, which reads a message
    received for abuse and has no use for a draft's timing, capacity or copyright rules."""

    pack: str | Path | None = None
    preview: bool = False
    model: str | None = None
    fixes: bool = False
    categories: tuple[str, ...] | None = None


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    clause: Clause
    threshold: float
    detectors: tuple[Detector, ...]


def pack_resources(pack: Pack, resources: Resources, model: str | None = None) -> PackResources:
    """What detectors may know of ``pack``: its vocabularies and the settings they read."""
    s: Settings = pack.manifest.settings
    settings = PackSettings(
        timezone=s.timezone,
        late_night=(_clock(s.late_night.start), _clock(s.late_night.end)),
        shorteners=tuple(s.shorteners),
        deny_domains=tuple(s.deny_domains),
        default_model=model or DEFAULT_MODEL,
    )
    # Only the lexicons some rule reads are loaded.
    names = {name for rule in pack.rules for spec in rule.detectors for name in spec.lexicons()}
    return PackResources(vocab=pack.vocab, settings=settings, lexicons={n: resources.lexicon(n) for n in names})


def _clock(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h), int(m))


class Checker:
    """A pack made ready to check posts: build once, call :meth:`check` many times.

    ``Checker(pack)`` takes a loaded :class:`Pack`, a bundled pack name or a folder;
    ``Checker.from_config(config, resources)`` is the same from a :class:`CheckerConfig`.
    Checkers built with the same ``resources`` share spaCy, Presidio and the models.
    """

    def __init__(self, pack: Pack | str | Path | None = None, *, preview: bool = False,
                 model: str | None = None, resources: Resources | None = None, fixes: bool = False,
                 categories: Iterable[str] | None = None) -> None:
        self.pack = pack if isinstance(pack, Pack) else load_pack(pack)
        only = None if categories is None else tuple(sorted(set(categories)))
        if only is not None and (unknown := [c for c in only if c not in CATEGORIES]):
            raise ValueError(f"unknown categories {unknown} (expected some of {', '.join(CATEGORIES)})")
        self.config = CheckerConfig(self.pack.path, preview, model, fixes, only)
        self.resources = resources if resources is not None else Resources()
        settings = self.pack.manifest.settings
        self.analyser = Analyser(
            vocabulary=self.pack.words(settings.recovery_vocab),
            roles=self.pack.words(settings.role_vocab),
            parties=self.pack.words(settings.party_vocab),
            groups=self.pack.words(settings.group_vocab),
            load_nlp=self.resources.nlp,
        )
        self._pack_resources = pack_resources(self.pack, self.resources, model)
        wanted = {"stable", "preview"} if preview else {"stable"}
        self._rules = tuple(self._compile(rule) for rule in self.pack.rules
                            if rule.status in wanted and (only is None or rule.category in only))
        # Learned rules still in preview do not run by default; every report says so.
        self._learned_off = tuple(r for r in self.pack.rules if r.status == "preview" and not preview
                                  and (only is None or r.category in only)
                                  and any(type(spec).calibrated for spec in r.detectors))
        self._models = tuple(sorted({m for r in self._rules for d in r.detectors for m in d.models()}))
        # The first check needs these; loading them now overlaps spaCy's import and load.
        self.resources.preload(self._models)
        # Rules whose every detector is learned: their findings give way to a word-list rule's.
        self._learned = frozenset(r.rule.code for r in self._rules
                                  if all(type(spec).calibrated for spec in r.rule.detectors))
        self._welsh_covered = self._welsh_coverage()

    def local_now(self) -> datetime:
        """Now, to the second, in the pack's time zone: the time of a draft checked without one
        (it is about to go out). The one clock the command line and the desk read."""
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(self.pack.manifest.settings.timezone)).replace(microsecond=0)

    @classmethod
    def from_config(cls, config: CheckerConfig, resources: Resources | None = None) -> Checker:
        return cls(config.pack, preview=config.preview, model=config.model, resources=resources, fixes=config.fixes,
                   categories=config.categories)

    def reload(self) -> Checker:
        """A new Checker with the same config, the pack read again from disk, the same resources."""
        return Checker.from_config(self.config, self.resources)

    def _compile(self, rule: Rule) -> _CompiledRule:
        detectors = tuple(build(spec, self._pack_resources) for spec in rule.detectors)
        if rule.threshold in CARD_THRESHOLDS:
            cuts = {round(d.calibrated_threshold(self.resources, rule.threshold), 6) for d in detectors}
            if len(cuts) != 1:
                raise PackError(f"rule {rule.code}: its learned detectors have different {rule.threshold} thresholds "
                                f"({', '.join(map(str, sorted(cuts)))}); give the rule a number as its threshold")
            threshold = cuts.pop()
        else:
            threshold = float(rule.threshold)
        spec = self.pack.clauses[rule.clause.ref]
        return _CompiledRule(rule, Clause(spec.id, spec.title, rule.clause.summary), threshold, detectors)

    def threshold(self, rule: str) -> float:
        """The threshold a rule (code or name) runs with in this Checker (calibrated ones resolved)."""
        code = self.pack.rule(rule).code
        for r in self._rules:
            if r.rule.code == code:
                return r.threshold
        raise KeyError(f"rule {rule} is not active in this checker (preview rules need preview=True)")

    def check(self, post: Post | str) -> Report:
        """Check one post. Raises :class:`~pausecheck.InputError` for input that cannot be checked."""
        [outcome] = self._check_batch([post], raise_errors=True)
        assert isinstance(outcome, Report)
        return outcome

    @overload
    def check_many(self, posts: Iterable[Post | str], *, errors: Literal["raise"] = "raise",
                   batch_size: int = BATCH_SIZE, workers: int = 1) -> Iterator[Report]: ...

    @overload
    def check_many(self, posts: Iterable[Post | str], *, errors: Literal["return"],
                   batch_size: int = BATCH_SIZE, workers: int = 1) -> Iterator[Report | InputError]: ...

    def check_many(self, posts: Iterable[Post | str], *, errors: Literal["raise", "return"] = "raise",
                   batch_size: int = BATCH_SIZE,
                   workers: int = 1) -> Iterator[Report] | Iterator[Report | InputError]:
        """Check posts in order, analysing them in batches (spaCy ``pipe``, one model call a batch).

        Reports come back lazily, in input order, so a long stream runs in bounded memory.
        ``errors="return"`` yields the :class:`~pausecheck.InputError` of a post that cannot be
        checked in its place instead of raising it, so one bad post never loses the others.

        ``workers`` above 1 checks batches in that many forked copies of this process (see
        :func:`can_fork`); where forking is unsafe the posts are checked here, one batch at a time.
        The reports are the same either way. Before the first fork the models' ONNX sessions are
        rebuilt without a thread pool, and this process keeps them so.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if workers > 1:
            self.resources.settle()
        if workers > 1 and can_fork():
            return self._iterate_forked(posts, errors == "raise", batch_size, workers)
        return self._iterate(posts, errors == "raise", batch_size)

    def _iterate(self, posts: Iterable[Post | str], raise_errors: bool,
                 batch_size: int) -> Iterator[Report | InputError]:
        for batch in _batched(posts, batch_size):
            yield from self._check_batch(batch, raise_errors)

    def _iterate_forked(self, posts: Iterable[Post | str], raise_errors: bool, batch_size: int,
                        workers: int) -> Iterator[Report | InputError]:
        """:meth:`_iterate` with each batch checked in a forked worker, at most two batches a
        worker in flight (bounded memory on a long stream), reports yielded in input order."""
        from concurrent.futures import Future, ProcessPoolExecutor

        # Forked children inherit this Checker, models loaded, so no worker loads anything; only
        # the posts and the reports cross between processes. The tokenizers library warns once
        # per fork when its thread pool has been used; the children have no use for it.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        # What a post may still load on first use is loaded once here, not once in every worker.
        if self._models:
            self.resources.span_tagger()
        self.resources.language()
        # ONNX Runtime's pool threads would not exist in the workers (see classifier/session.py).
        self.resources.single_threaded()
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_adopt, initargs=(self,))
        pending: deque[Future[list[Report | InputError]]] = deque()
        try:
            for batch in _batched(posts, batch_size):
                pending.append(pool.submit(_check_forked, batch, raise_errors))
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
            pool.shutdown(wait=True, cancel_futures=True)

    def check_rule(self, post: Post | str, rule: str) -> Finding | None:
        """The finding one rule (code or name) gives on a post, judged on its own.

        A report leaves out a learned rule's finding that repeats a word-list rule's on the same
        sentence; a rule's examples test the rule itself, so they are run through this.
        """
        code = self.pack.rule(rule).code
        if not any(r.rule.code == code for r in self._rules):
            raise KeyError(f"rule {rule} is not active in this checker (preview rules need preview=True)")
        [outcome] = self._check_batch([post], raise_errors=True, merge=False)
        assert isinstance(outcome, Report)
        return next((f for f in outcome.findings if f.code == code), None)

    def fix(self, post: Post | str, *, unsafe: bool = False) -> FixedPost:
        """The post with every rewrite its findings carry applied (``safe`` ones only unless
        ``unsafe``), checked again. Rewrites whose edits overlap an earlier one's are left out;
        if the rewrites together raise a rule the post did not, they are taken one at a time,
        each kept only while the result raises nothing new."""
        post = Post(post) if isinstance(post, str) else post
        report = self.check(post) if self.config.fixes else Checker.from_config(
            replace(self.config, fixes=True), self.resources).check(post)
        chosen = [f for f in sorted(report.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.start))
                  if f.replacement is not None and (unsafe or f.replacement.applicability == "safe")]
        taken: list[Finding] = []
        for f in chosen:
            assert f.replacement is not None
            if not any(_overlap(f.replacement.edits, g.replacement.edits) for g in taken if g.replacement):
                taken.append(f)
        before = {f.code for f in report.findings}

        def attempt(fs: Sequence[Finding]) -> tuple[str, tuple[Edit, ...], Report]:
            edits = tuple(sorted((e for f in fs if f.replacement for e in f.replacement.edits),
                                 key=lambda e: (e.start, e.end)))
            text = apply_edits(report.text, edits)
            [(outcome, _)] = self._reports([replace(post, text=text)], merge=True, fixes=False)
            assert isinstance(outcome, Report)
            return text, edits, outcome

        if not taken:
            return FixedPost(report.text, (), (), report)
        text, edits, after = attempt(taken)
        if not {f.code for f in after.findings} <= before:
            kept: list[Finding] = []
            for f in taken:
                trial = attempt([*kept, f])
                if {g.code for g in trial[2].findings} <= before:
                    kept.append(f)
            taken = kept
            text, edits, after = attempt(taken) if kept else (report.text, (), report)
        return FixedPost(text, edits, tuple(f.code for f in taken), after)

    def _check_batch(self, posts: Sequence[Post | str], raise_errors: bool,
                     merge: bool = True) -> list[Report | InputError]:
        return [r for r, _ in self._reports(posts, merge=merge, fixes=self.config.fixes, raise_errors=raise_errors)]

    def _reports(self, posts: Sequence[Post | str], *, merge: bool, fixes: bool,
                 raise_errors: bool = False) -> list[tuple[Report | InputError, set[str]]]:
        """Each post's report (or its input error) and the codes of every rule that fired on it,
        before a learned rule's repeat gives way to a word-list rule's. With ``fixes``, findings
        keep a rewrite only when the rewritten post, checked again, no longer raises their rule
        and raises no rule this post did not."""
        out: list[Report | InputError | None] = [None] * len(posts)
        fired: list[set[str]] = [set() for _ in posts]
        checked: list[tuple[int, Post]] = []
        ready: list[tuple[int, Post, NormalisedText]] = []
        for i, raw in enumerate(posts):
            try:
                ready.append((i, *self._prepared(raw)))
            except InputError as e:
                if raise_errors:
                    raise
                out[i] = e
        if ready:
            docs = self.analyser.analyse_many([norm for _, _, norm in ready])
            predictions = self._predict(docs)
            for k, ((i, post, _), doc) in enumerate(zip(ready, docs, strict=True)):
                ins = Inspection(doc, post, self.resources, {m: p[k] for m, p in predictions.items()})
                try:
                    out[i] = self._report(ins, merge, fixes, fired[i])
                    checked.append((i, post))
                except InputError as e:
                    if raise_errors:
                        raise
                    out[i] = e
        if fixes:
            self._verify(checked, out, fired)
        return [(o, codes) for o, codes in zip(out, fired, strict=True) if o is not None]

    def _verify(self, checked: Sequence[tuple[int, Post]], out: list[Report | InputError | None],
                fired: Sequence[set[str]]) -> None:
        """Check every proposed rewrite again (one batch) and keep those that pass; see _reports."""
        # Each finding's candidates in order (a rewrite, then its fallbacks); the first to pass wins.
        jobs: list[tuple[int, int, Replacement, Post]] = []
        for i, post in checked:
            report = out[i]
            assert isinstance(report, Report)
            for k, f in enumerate(report.findings):
                candidate = f.replacement
                while candidate is not None:
                    jobs.append((i, k, candidate, replace(post, text=candidate.text)))
                    candidate = candidate.fallback
        again = self._reports([p for *_, p in jobs], merge=True, fixes=False) if jobs else []
        kept: dict[tuple[int, int], Replacement] = {}
        for (i, k, candidate, _), (outcome, codes) in zip(jobs, again, strict=True):
            report = out[i]
            assert isinstance(report, Report)
            if (i, k) not in kept and isinstance(outcome, Report) and report.findings[k].code not in codes \
                    and codes <= fired[i]:
                kept[(i, k)] = replace(candidate, verdict=outcome.verdict, fallback=None)
        for i, _ in checked:
            report = out[i]
            assert isinstance(report, Report)
            if any(f.replacement is not None for f in report.findings):
                findings = tuple(f if f.replacement is None else replace(f, replacement=kept.get((i, k)))
                                 for k, f in enumerate(report.findings))
                out[i] = replace(report, findings=findings)

    def _predict(self, docs: Sequence[Doc]) -> dict[str, list[Mapping[str, float]]]:
        """Every model the active rules use, run once over the whole batch."""
        out: dict[str, list[Mapping[str, float]]] = {}
        for name in self._models:
            model = self.resources.model(name)
            rows = model.predict([d.model_text for d in docs])
            out[name] = [{h: float(p) for h, p in zip(model.heads, row, strict=True)} for row in rows]
        return out

    def _prepared(self, post: Post | str) -> tuple[Post, NormalisedText]:
        """The post with broken Unicode repaired, and its normalised view, both within the limit.

        The limit applies to the text as typed and again after normalisation: NFKC can grow a
        post many times over (one U+FDFA becomes 18 characters), and every later stage costs
        time in proportion to the normalised length.
        """
        post = Post(post) if isinstance(post, str) else post
        text = self._validated_text(post.text)
        if text is not post.text:
            post = Post(text, post.account, post.at, post.platform, post.attachments, post.in_meeting)
        norm = self.analyser.normalise(text)
        limit = self.pack.manifest.settings.max_chars
        if len(norm.text) > limit:
            raise InputTooLargeError(
                f"the post is {len(norm.text):,} characters once normalised (from {len(text):,} as typed); "
                f"the limit is {limit:,}. Check it in parts."
            )
        return post, norm

    def _report(self, ins: Inspection, merge: bool = True, fixes: bool = False,
                fired: set[str] | None = None) -> Report:
        post, doc = ins.post, ins.doc
        ins.images()  # every attachment is read before any rule runs: an unreadable one is bad input
        findings: list[Finding] = []
        warnings: list[str] = []
        for compiled in self._rules:
            if compiled.rule.when is not None and not _holds(compiled.rule.when, post, doc, ()):
                continue
            try:
                findings.extend(self._apply(compiled, ins, fixes))
            except RegexTimeout as e:
                # Fail closed and loud: a rule that could not finish is a finding, never a pass.
                findings.append(self._unfinished(compiled, str(e)))
                warnings.append(f"rule {compiled.rule.code} ({compiled.rule.name}) could not finish: {e}")
        if fired is not None:
            fired.update(f.code for f in findings)
        if merge:
            findings = self._without_learned_repeats(findings, doc)
        findings.sort(key=lambda f: (f.scope != "span", f.start, f.end, SEVERITY_ORDER[f.severity], f.code))
        return Report(
            verdict=_verdict(findings),
            findings=tuple(findings),
            checklist=self._checklist(post, doc, findings),
            text=doc.text,
            context={
                "account": post.account,
                "at": post.at.isoformat() if post.at else None,
                "platform": post.platform,
                "in_meeting": post.in_meeting,
                "attachments": [Path(a).name for a in post.attachments],
            },
            pack=(self.pack.id, self.pack.version),
            warnings=tuple(warnings),
            notices=self._language_notices(ins) + self._coverage_notices(post),
        )

    def _without_learned_repeats(self, findings: list[Finding], doc: Doc) -> list[Finding]:
        """Drop a learned rule's finding when rules that are not learned already flag each
        sentence it flags, in its category or at least as severely.

        A learned head scores the whole post and its span only points at the likeliest words,
        so beside a word-list finding it repeats the point with a weaker pointer: "Cllr Smith is
        an idiot" is one insult, explained by the word list, not two; a sentence already held
        back as an allegation is not also reported as a put-down. A learned finding in a
        sentence the word lists left alone stays: that is what the learned rules are for.

        A threat, an attack on a group or an allegation stays beside a finding of another
        category, however severe: "If Neil Brannigan turns up … there'll be a few lads waiting" is
        a threat whatever else the sentence holds (a resident's name, say), and the report must
        say so. Only a put-down gives way to another category's finding.
        """
        if not self._learned:
            return findings
        starts = [s.start for s in doc.sentences]

        def sentence(pos: int) -> int:
            return max(0, bisect.bisect_right(starts, pos) - 1)

        plain = [f for f in findings if f.code not in self._learned]

        def repeats(f: Finding) -> bool:
            own_only = f.category in _NEVER_SUBSUMED
            flagged = {sentence(s.start) for g in plain if g.category == f.category or (
                not own_only and SEVERITY_ORDER[g.severity] <= SEVERITY_ORDER[f.severity]) for s in g.spans}
            return bool(flagged and f.spans) and all(sentence(s.start) in flagged for s in f.spans)

        return [f for f in findings if f.code not in self._learned or not repeats(f)]

    def _coverage_notices(self, post: Post) -> tuple[Notice, ...]:
        """What this Checker never looks at: learned rules left in preview, the pictures."""
        out: list[Notice] = []
        if self._learned_off:
            n = len(self._learned_off)
            out.append(Notice("learned-rules-off", f"{n} rule{'s' if n > 1 else ''} using the learned model "
                                                   f"{'are' if n > 1 else 'is'} in preview and did not run "
                                                   "('--preview' runs them)."))
        if post.attachments:
            names = ", ".join(Path(a).name for a in post.attachments)
            out.append(Notice("images-not-read", f"Only the metadata of {names} was read (credits, captions), not "
                                                 "what the picture shows: look at it yourself before posting."))
        return tuple(out)

    def _language_notices(self, ins: Inspection) -> tuple[Notice, ...]:
        """Say so when the post is not (only) in English: the rules cover Welsh only in part, and
        only in a pack with Welsh rules (rules named ``welsh-…``, as in leeds-2019)."""
        guess = ins.language()
        if guess.code == "en":
            return ()
        covered = self._welsh_covered
        if guess.code == "cy":
            message = f"This post is in Welsh. {covered}; read it yourself against the guidance before posting."
        elif guess.code == "mixed":
            message = f"This post is partly in Welsh. {covered}; read the Welsh parts yourself before posting."
        else:
            message = (f"This post seems to be in {language_name(guess.code)}. pausecheck's rules are written for "
                       "English, so most were not applied: read it yourself against the guidance before posting.")
        return (Notice("language-not-checked", message),)

    def _welsh_coverage(self) -> str:
        """What the language notice says the pack's Welsh rules check (fixed for a Checker)."""
        welsh = {r.rule.category for r in self._rules if r.rule.name.startswith("welsh-")}
        if not welsh:
            return "This pack's rules are written for English, so most were not applied"
        glossed = {r.rule.category for r in self._rules if r.rule.name.startswith("welsh-")
                   and any(d.kind == "glossed" for d in r.rule.detectors)}
        kinds = [glossed_words if category in glossed else words
                 for category, words, glossed_words in _WELSH_COVERS if category in welsh]
        return f"pausecheck checks Welsh only for {', '.join(kinds)} and personal data"

    def _unfinished(self, compiled: _CompiledRule, why: str) -> Finding:
        rule = compiled.rule
        return Finding(
            code=rule.code, name=rule.name, title=rule.title, category=rule.category, severity=rule.severity,
            message=f"This rule ({rule.title.lower()}) could not finish checking this post: check it by hand.",
            why=rule.why.strip(), advice=rule.advice.strip(), suggestion=None, clause=compiled.clause,
            detector="engine", score=1.0, explanation=why, scope="post",
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

    def _apply(self, compiled: _CompiledRule, ins: Inspection, fixes: bool = False) -> list[Finding]:
        hits: list[tuple[Hit, str]] = []
        for det in compiled.detectors:
            hits.extend((hit, det.kind) for hit in det.find(ins, compiled.threshold) if hit.score >= compiled.threshold)
        kept = sorted(_keep_strongest(hits), key=lambda hk: (hk[0].scope != "span", hk[0].start, hk[0].end))
        # One finding per rule listing every span, so the reader sees one block per rule, not one
        # per matched word.
        return [self._finding(compiled, kept, ins, fixes)] if kept else []

    def _finding(self, compiled: _CompiledRule, kept: Sequence[tuple[Hit, str]], ins: Inspection,
                 fixes: bool = False) -> Finding:
        """One rule's hits (span hits in text order, then at most one post hit) as one finding.

        A rule that flags words and also the post as a whole (a meeting rule: "live from the
        chamber" and the post's in-meeting flag) gives a span finding whose explanation and
        evidence carry the post hit's too.
        """
        rule, doc = compiled.rule, ins.doc
        hits = [hk for hk in kept if hk[0].scope == "span"]
        post_hit = next((hk for hk in kept if hk[0].scope == "post"), None)
        listed = hits[:MAX_FINDINGS_PER_RULE]  # 2,000 phone numbers need one finding, not 2,000 spans
        more = len(hits) - len(listed)
        spans = tuple(
            Span(h.start, h.end, doc.text[h.start:h.end], h.score, h.explanation, kind, h.evidence, h.replacement)
            for h, kind in listed
        )
        # The strongest hit speaks for the finding; the first of equals (max keeps it).
        strongest, kind = max(hits or list(kept), key=lambda hk: hk[0].score)
        explanation, evidence = strongest.explanation, strongest.evidence
        if hits and post_hit is not None:
            explanation = f"{explanation}; {post_hit[0].explanation}"
            evidence = evidence + post_hit[0].evidence
        subject = "" if spans else _subject(strongest, kind, ins.post)
        quoted = _shorten(spans[0].match) if spans else subject
        others = max(len(hits) - 1, 0)
        if others and "'{match}'" in rule.message:
            message = rule.message.replace("'{match}'", f"'{quoted}' (and {others:,} more)")
        elif others:
            message = rule.message.replace("{match}", f"{quoted} (and {others:,} more)")
        elif quoted or "'{match}'" not in rule.message:
            message = rule.message.replace("{match}", quoted)
        else:  # a post finding with nothing to name: the post itself is what is meant
            message = _sentence_start(rule.message.replace("'{match}'", "this post"))
        return Finding(
            code=rule.code,
            name=rule.name,
            title=rule.title,
            category=rule.category,
            severity=rule.severity,
            message=message,
            why=rule.why.strip(),
            advice=rule.advice.strip(),
            suggestion=self._suggestion(rule, spans),
            clause=compiled.clause,
            detector=kind,
            score=max(h.score for h, _ in kept),
            explanation=explanation,
            scope="span" if spans else "post",
            evidence=evidence,
            spans=spans,
            more=more,
            subject=subject,
            replacement=_proposal(rule, spans, doc) if fixes and not more else None,
        )

    @staticmethod
    def _suggestion(rule: Rule, spans: Sequence[Span]) -> Suggestion | None:
        fixed = [s for s in spans if s.replacement is not None]
        if fixed:
            first = fixed[0]
            if rule.rewrite:
                text = rule.rewrite
            elif len(fixed) == 1:
                shown = f"'{first.replacement}'" if first.replacement else "nothing (delete it)"
                text = f"Replace '{_shorten(first.match)}' with {shown}."
            else:
                text = "Replace " + ", ".join(
                    f"'{_shorten(s.match)}' with " + (f"'{s.replacement}'" if s.replacement else "nothing")
                    for s in fixed) + "."
            return Suggestion(text, first.replacement, True)
        return Suggestion(rule.rewrite) if rule.rewrite else None

    def _checklist(self, post: Post, doc: Doc, findings: Sequence[Finding]) -> tuple[ChecklistQuestion, ...]:
        """The pack's questions this post gives a reason for, each with that reason (its
        trigger), the most relevant first (see :func:`_trigger`), one question per reason before
        a second for any. A question with no condition, or only conditions that hold for most
        posts, is left out: the post gives no reason for it."""
        ranked: list[tuple[tuple[int, int], int, ChecklistQuestion]] = []
        for i, item in enumerate(self.pack.checklist):
            if item.when is None or not _holds(item.when, post, doc, {f.category for f in findings}):
                continue
            found = _trigger(item.when, post, doc, findings)
            if found is None:
                continue
            rank, trigger = found
            spec = self.pack.clauses[item.clause]
            question = ChecklistQuestion(item.id, item.question, Clause(spec.id, spec.title, spec.summary),
                                         item.reason, trigger)
            ranked.append((rank, i, question))
        ranked.sort(key=lambda r: (r[0], r[1]))
        # A second question for the same reason waits behind the first question of every other
        # reason: a reader shown three questions should see three reasons when the post has them.
        asked: dict[str, int] = {}
        keyed: list[tuple[int, int, ChecklistQuestion]] = []
        for k, (_, _, q) in enumerate(ranked):
            keyed.append((asked.get(q.trigger, 0), k, q))
            asked[q.trigger] = asked.get(q.trigger, 0) + 1
        return tuple(q for _, _, q in sorted(keyed, key=lambda t: (t[0], t[1])))


def _proposal(rule: Rule, spans: Sequence[Span], doc: Doc) -> Replacement | None:
    """The rewrite the rule's fix makes of this post (with the next to try as its fallback),
    not yet checked again; None if it has none."""
    if rule.fix is None:
        return None
    return _replacement(rule.fix.strategy, propose(rule.fix, spans, doc), doc.text)


def _replacement(strategy: str, proposal: Proposal | None, original: str) -> Replacement | None:
    if proposal is None:
        return None
    fallback = _replacement(strategy, proposal.fallback, original)
    try:
        text = apply_edits(original, proposal.edits)
    except ValueError:
        return fallback
    if not proposal.edits or text == original or not text.strip():
        return fallback
    return Replacement(strategy, proposal.applicability, proposal.edits, text, fallback=fallback)


def _overlap(a: Sequence[Edit], b: Sequence[Edit]) -> bool:
    return any((x.start < y.end and y.start < x.end) or x.start == y.start for x in a for y in b)


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
    return when.categories is None or bool(set(when.categories) & set(categories))


def _trigger(when: When, post: Post, doc: Doc, findings: Sequence[Finding]) -> tuple[tuple[int, int], str] | None:
    """Why this post raises a question whose conditions hold, and how strongly, or None.

    The rank sorts first the questions a finding raises (by the finding's severity), then those
    the post's content raises (a meeting, links, images, the platform), then the account it
    goes out from. An account condition naming most accounts says nothing about this post, so
    it is no reason on its own; a question with no condition has no reason at all.
    """
    if when.categories is not None:
        hit = [f for f in findings if f.category in when.categories]
        worst = min(hit, key=lambda f: SEVERITY_ORDER[f.severity])
        named = " and ".join(f"{f.title.lower()} ({_quoted(f)})" if _quoted(f) else f.title.lower() for f in hit[:2])
        return (0, SEVERITY_ORDER[worst.severity]), f"the check found {named}"
    if when.in_meeting:
        return (1, 0), "you are posting from a meeting"
    if when.has_links:
        links = [u.text for u in doc.urls]
        shown = ", ".join(_shorten(u, 60) for u in links[:2]) + (f" and {len(links) - 2} more" if len(links) > 2 else "")
        return (1, 1), f"the post links to {shown}"
    if when.has_images:
        names = ", ".join(Path(a).name for a in post.attachments)
        return (1, 2), f"the post has {'an image' if len(post.attachments) == 1 else 'images'} attached ({names})"
    if when.platform is not None:
        return (1, 3), f"the post goes out on {post.platform}"
    if when.account is not None and len(set(when.account)) * 2 <= len(ACCOUNTS):
        return (2, 0), f"it goes out from your {post.account} account"
    return None


def _quoted(f: Finding) -> str:
    if f.spans:
        return f"'{_shorten(f.spans[0].match, 40)}'"
    return f"'{f.subject}'" if f.subject else ""


def _keep_strongest(hits: list[tuple[Hit, str]]) -> list[tuple[Hit, str]]:
    """One finding per rule per stretch of text: of overlapping hits, the highest score stays.

    Hits are taken strongest first (the earlier one wins a tie); a hit is kept when it overlaps
    no kept hit. Kept span hits are disjoint, so one sorted list of their starts answers "does
    this overlap?" with a binary search: O(n log n) in the number of hits.
    """
    import bisect

    order = sorted(range(len(hits)), key=lambda i: (-hits[i][0].score, i))
    starts: list[int] = []
    ends: list[int] = []
    have_post = False
    kept: list[int] = []
    for i in order:
        hit = hits[i][0]
        if hit.scope == "post":
            if have_post:
                continue
            have_post = True
        else:
            k = bisect.bisect_left(starts, hit.end)  # kept spans starting before this one ends
            if k and ends[k - 1] > hit.start:
                continue
            starts.insert(k, hit.start)
            ends.insert(k, hit.end)
        kept.append(i)
    return [hits[i] for i in sorted(kept)]


def _verdict(findings: Iterable[Finding]) -> Verdict:
    severities = {f.severity for f in findings}
    if "block" in severities:
        return Verdict.DO_NOT_PUBLISH
    if "revise" in severities:
        return Verdict.REVISE
    return Verdict.PUBLISH


def _subject(hit: Hit, kind: str, post: Post) -> str:
    """What a post finding is about, for a message that quotes it: the image a hit names in
    its evidence or, for an image hit that names none, the attachment when there is only one."""
    named = [value for key, value in hit.evidence if key == "image"]
    if named:
        return named[0]
    if kind == "image" and len(post.attachments) == 1:
        return Path(post.attachments[0]).name
    if kind == "image" and post.attachments:
        return "one of " + ", ".join(Path(a).name for a in post.attachments)
    return ""


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _batched(posts: Iterable[Post | str], size: int) -> Iterator[list[Post | str]]:
    """``posts`` in lists of ``size`` (the last may be shorter), read lazily."""
    batch: list[Post | str] = []
    for post in posts:
        batch.append(post)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def can_fork() -> bool:
    """Whether :meth:`Checker.check_many` may fork workers here: the platform forks, and this
    process runs no other thread (a fork copies a lock another thread holds, held forever in
    the child; a web server's threads are the case in point, so the desk checks in-process)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


#: The Checker a forked worker inherited, under "checker" (set by :func:`_adopt`, in workers only).
_FORKED: dict[str, Checker] = {}


def _adopt(checker: Checker) -> None:
    _FORKED["checker"] = checker


def _check_forked(posts: list[Post | str], raise_errors: bool) -> list[Report | InputError]:
    return _FORKED["checker"]._check_batch(posts, raise_errors)
