"""Notices in every emitter: the JSON list (always present) and a line under the verdict in text."""

from __future__ import annotations

import json
from dataclasses import replace

from pausecheck.findings import Notice, Report, Verdict
from pausecheck.report import to_json, to_text
from pausecheck.report.json_report import report_to_dict

MESSAGE = ("This post is partly in Welsh. pausecheck checks Welsh only for swearing, insults, accusations and hints of "
           "wrongdoing and personal data; read the Welsh parts yourself before posting.")
TEXT = "Roadworks on the A470 start Monday. Bydd y ffordd ar gau am wythnos."


def _report(*notices: Notice) -> Report:
    return Report(Verdict.PUBLISH, (), (), TEXT, {"account": "councillor"}, ("leeds-2019", "1.0.0"), notices=notices)


def test_json_notices_are_always_present() -> None:
    assert report_to_dict(_report())["notices"] == []
    data = json.loads(to_json(_report(Notice("language-not-checked", MESSAGE))))
    assert data["notices"] == [{"code": "language-not-checked", "message": MESSAGE}]
    assert list(data)[-1] == "notices"  # after the checklist; "warnings" (optional) would follow


def test_text_prints_each_notice_under_the_verdict() -> None:
    out = to_text(_report(Notice("language-not-checked", MESSAGE)), width=200)
    lines = out.splitlines()
    verdict = next(i for i, line in enumerate(lines) if "PUBLISH" in line)
    assert lines[verdict + 1] == "Not checked:"
    assert lines[verdict + 2] == f"  • {MESSAGE}"


def test_text_without_notices_is_unchanged() -> None:
    report = _report()
    assert "Not checked" not in to_text(report, width=100)
    assert to_text(report, width=100) == to_text(replace(report, notices=()), width=100)


def test_notice_text_is_never_markup() -> None:
    out = to_text(_report(Notice("language-not-checked", "[bold]not markup[/bold]")), width=200, color=True)
    assert "[bold]not markup[/bold]" in out
