"""``pausecheck evidence verify`` and ``log``: exit 0 on a sound chain, 1 naming the first bad
entry after tampering; log lines cannot carry terminal escapes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pausecheck.cli import main
from pausecheck.store import Store, evidence

T0 = datetime(2026, 3, 11, 21, 30, tzinfo=UTC)


def _log(url: str) -> str:
    store = Store(url)
    with store.sessions.begin() as s:
        for i in range(3):
            evidence.append(s, kind="message", content=f"message {i}\x1b[2J", platform="x", sender="@a",
                            platform_id=str(i), received_at=T0 + timedelta(days=i), at=T0 + timedelta(days=i),
                            data={"categories": ["grossly_offensive"]})
        head = evidence.verify(s).head
    store.close()
    return head


def test_verify_passes_then_names_the_edited_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'e.sqlite3'}"
    head = _log(url)
    assert main(["evidence", "verify", "--database", url]) == 0
    assert f"3 entries, head {head}" in capsys.readouterr().out
    conn = sqlite3.connect(tmp_path / "e.sqlite3")
    conn.execute("DROP TRIGGER evidence_log_no_update")
    conn.execute("UPDATE evidence_log SET sender = '@b' WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["evidence", "verify", "--database", url]) == 1
    err = capsys.readouterr().err
    assert "TAMPERED" in err
    assert "first bad entry: 2" in err


def test_log_and_senders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'e.sqlite3'}"
    _log(url)
    assert main(["evidence", "log", "--database", url]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 3
    assert "\x1b" not in out
    assert "message 0\ufffd[2J" in out
    assert main(["evidence", "log", "--senders", "--database", url]) == 0
    assert "x:a: 3 incident(s) in 3 message(s)  POSSIBLE COURSE OF CONDUCT" in capsys.readouterr().out
