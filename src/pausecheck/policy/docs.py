"""Generate the rule catalogue (docs/rules/) from the pack: one source for CLI, docs and web.

Run ``python -m pausecheck.policy.docs docs/rules`` to regenerate; a test fails when the
committed pages differ from what this module would write.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pausecheck.policy.coverage import coverage_table
from pausecheck.policy.loader import Pack, load_pack
from pausecheck.policy.schema import Example, Rule

_SEVERITY = {"block": "block (do not publish)", "revise": "revise", "advise": "advise (verdict stays publish)"}


def _example(e: Example) -> str:
    if isinstance(e, str):
        return f"- `{_code(e)}`"
    ctx = [f"account={e.account}"]
    if e.at:
        ctx.append(f"at={e.at}")
    if e.in_meeting:
        ctx.append("in a meeting")
    if e.images:
        ctx.append("images=" + ", ".join(e.images))
    return f"- `{_code(e.text)}` ({'; '.join(ctx)})"


def _code(s: str) -> str:
    return " ".join(s.split()).replace("`", "'")


def _threshold(rule: Rule) -> str:
    """The rule's one threshold; a calibrated one is named with the default model card's value."""
    if rule.threshold != "calibrated":
        return str(rule.threshold)
    from pausecheck.classifier import DEFAULT_MODEL, model_folder, read_manifest

    cards = read_manifest(model_folder(DEFAULT_MODEL)).thresholds
    values = sorted({cards[h] for d in rule.detectors if (h := getattr(d, "head", None)) in cards})
    shown = ", ".join(f"{v:.2f}" for v in values)
    return f"calibrated: the model card's, {shown} for {DEFAULT_MODEL}"


def rule_markdown(pack: Pack, rule: Rule) -> str:
    clause = pack.clauses[rule.clause.ref]
    lines = [
        f"# {rule.code} `{rule.name}`: {rule.title}",
        "",
        f"- **Severity:** {_SEVERITY[rule.severity]}",
        f"- **Category:** `{rule.category}`",
        f"- **Status:** {rule.status}",
        f"- **Clause:** {clause.id} — {clause.title}. {rule.clause.summary}",
    ]
    if rule.also:
        lines.append("- **Also relates to:** " + ", ".join(rule.also))
    if rule.when:
        conds = ", ".join(f"{k}={v}" for k, v in rule.when.model_dump(exclude_none=True).items())
        lines.append(f"- **Applies when:** {conds}")
    lines.append("- **Detectors:** " + ", ".join(f"`{d.kind}`" for d in rule.detectors)
                 + f" (threshold {_threshold(rule)})")
    lines += ["", "## What it flags", "", rule.message.replace("{match}", "…"), "", "## Why it matters", "", rule.why.strip(),
              "", "## What to do instead", "", rule.advice.strip()]
    if rule.fix:
        safety = "safe" if rule.fix.safety == "safe" else "needs review"
        if rule.fix.strategy == "template" and rule.fix.applicability is None:
            safety += "; safe when it only drops a name-call aside"
        lines += ["", f"Rewrite of the post: the `{rule.fix.strategy}` fix ({safety}), shown only when the "
                  "rewritten post passes this rule and raises no new one."]
    if rule.rewrite:
        lines += ["", f"Example wording (advice, not a rewrite of your post): *{rule.rewrite.strip()}*"]
    lines += ["", "## Examples that are flagged", ""] + [_example(e) for e in rule.examples.fail]
    lines += ["", "## Examples that pass", ""] + [_example(e) for e in rule.examples.pass_]
    if rule.redirects:
        lines += ["", "Former names: " + ", ".join(rule.redirects)]
    return "\n".join(lines) + "\n"


def index_markdown(pack: Pack) -> str:
    lines = [
        f"# Rule catalogue: {pack.manifest.title}",
        "",
        "Generated from the policy pack by `python -m pausecheck.policy.docs docs/rules`. Do not edit by hand.",
        "",
        "| Code | Name | Severity | Category | Clause | Title |",
        "|---|---|---|---|---|---|",
    ]
    for r in sorted(pack.rules, key=lambda r: r.code):
        lines.append(f"| [{r.code}]({r.code}.md) | `{r.name}` | {r.severity} | {r.category} | {r.clause.ref} | {r.title} |")
    lines += ["", "## Coverage of the guidance, clause by clause", "",
              "| Clause | Title | Rules | Also checked by | Checklist questions |", "|---|---|---|---|---|"]
    for row in coverage_table(pack):
        lines.append(
            f"| {row['clause']} | {row['title']} | {', '.join(row['rules']) or '—'} | "
            f"{', '.join(row['also_rules']) or '—'} | {', '.join(row['checklist']) or '—'} |"
        )
    lines += ["", "## Checklist questions", "", "Shown to the member where text alone cannot tell.", ""]
    for item in pack.checklist:
        lines.append(f"- **{item.id}** ({item.clause}): {item.question}")
    return "\n".join(lines) + "\n"


def generate(pack: Pack) -> dict[str, str]:
    pages = {"README.md": index_markdown(pack)}
    for r in pack.rules:
        pages[f"{r.code}.md"] = rule_markdown(pack, r)
    return pages


def write(folder: Path, pack: Pack) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pages = generate(pack)
    for old in folder.glob("*.md"):
        if old.name not in pages:
            old.unlink()
    written = []
    for name, text in pages.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    for p in write(target, load_pack()):
        print(p)
