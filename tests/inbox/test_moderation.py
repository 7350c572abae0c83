"""The moderation queue: flagged messages pending until a decision entry; keeping needs a
reason; sorted by risk; each decision is an entry in the chained log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pausecheck.cli import main
from pausecheck.inbox.moderation import queue
from pausecheck.store import Store, evidence

T0 = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)


def _fill(url: str) -> None:
    store = Store(url)
    with store.sessions.begin() as s:
        evidence.append(s, kind="message", content="He takes bribes", platform="facebook", sender="A", at=T0,
                        data={"categories": ["false_statement"], "priority": "medium", "channel": "comment"})
        evidence.append(s, kind="message", content="Nice work", platform="facebook", sender="B", at=T0,
                        data={"categories": [], "priority": "none"})
        evidence.append(s, kind="message", content="burn your house", platform="facebook", sender="C",
                        at=T0 + timedelta(hours=2), data={"categories": ["threat_to_life_or_safety"], "priority": "high"})
    store.close()


def test_queue_states_and_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    _fill(url)
    store = Store(url)
    with store.sessions() as s:
        items = queue(s, now=T0 + timedelta(hours=5))
    assert [(q.entry.id, q.state, q.aware_for) for q in items] == [(3, "pending", timedelta(hours=3)),
                                                                   (1, "pending", timedelta(hours=5))]
    store.close()
    assert main(["moderate", "keep", "1", "--database", url]) == 64
    assert "needs a reason" in capsys.readouterr().err
    assert main(["moderate", "remove", "1", "--database", url]) == 0
    assert main(["moderate", "escalate", "3", "--reason", "to the police", "--database", url]) == 0
    assert main(["moderate", "remove", "99", "--database", url]) == 64
    capsys.readouterr()
    assert main(["moderate", "list", "--database", url]) == 0
    assert capsys.readouterr().out == ""
    assert main(["moderate", "list", "--all", "--database", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("#3 [high] escalated (to the police)")
    assert out[1].startswith("#1 [medium] removed")
    store = Store(url)
    with store.sessions() as s:
        actions = [(e.action, e.refers_to) for e in evidence.entries(s) if e.kind == "action"]
        assert actions == [("removed", 1), ("escalated", 3)]
        assert evidence.verify(s).ok
    store.close()
