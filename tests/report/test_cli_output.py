"""The command line's human output: the check time, the batch summary, the progress bar."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pausecheck.cli import main
from pausecheck.report.progress import BatchProgress


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.real_clock
def test_the_check_time_defaults_to_now_in_the_packs_time_zone(capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(ZoneInfo("Europe/London"))
    code, out, _ = run(capsys, "check", "--format", "json", "Thanks to everyone who came tonight.")
    at = datetime.fromisoformat(json.loads(out)["post"]["at"])
    assert at.utcoffset() == before.utcoffset()  # London time, not UTC or the machine's zone
    assert abs(at - before) < timedelta(minutes=1)
    code, out, _ = run(capsys, "check", "--format", "json", "--at", "2026-03-14T23:40", "Thanks all.")
    data = json.loads(out)
    assert data["post"]["at"] == "2026-03-14T23:40:00"
    assert "SMG-HST-001" in {f["code"] for f in data["findings"]}  # --at still wins


def test_a_text_batch_ends_with_a_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "drafts.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "Thanks to the bin crews.", "at": "2026-03-10T12:00"},
        {"id": "b", "text": "Cllr Smith is an idiot and a moron.", "at": "2026-03-10T12:00"},
        {"id": "c", "text": 5},
    ]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--jsonl", str(path), "--format", "text")
    assert code == 1
    summary = out[out.index("Summary"):]
    assert "2 posts checked: 1 publish, 1 revise." in summary
    assert "Findings by category: insult 1." in summary  # one finding for two insults
    assert "1 record could not be checked" in summary
    assert "c:" in err
    code, out, _ = run(capsys, "check", "--jsonl", str(path), "--format", "json")
    assert "Summary" not in out  # machine formats stay one JSON object per line
    assert json.loads(out.splitlines()[-1])["schema"] == "pausecheck.report/3"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_after_the_delay_only() -> None:
    quiet = io.StringIO()
    with BatchProgress(5, stream=quiet, delay=0) as bar:
        for _ in range(5):
            bar.advance()
    assert quiet.getvalue() == ""  # not a terminal: no bar, ever
    term = _Terminal()
    with BatchProgress(5, stream=term, delay=3600) as bar:
        for _ in range(5):
            bar.advance()
    assert term.getvalue() == ""  # a short batch never shows it
    term = _Terminal()
    with BatchProgress(5, stream=term, delay=0) as bar:
        bar.advance()
        bar.advance()
    assert "checking" in term.getvalue() and "2/5" in term.getvalue()
