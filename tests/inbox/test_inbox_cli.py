"""``pausecheck inbox import|list``: CSV, JSON lines and a WordPress export's comments go into
the evidence log in one transaction; a malformed file imports nothing (exit 65); re-importing
adds nothing; a threat to life prints the 999 banner first."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import pytest

from pausecheck.cli import main
from pausecheck.store import Store, evidence

sys.path.insert(0, str(Path(__file__).parents[1] / "importers"))
from archive_builders import WXR_HEAD, WXR_TAIL, wxr_comment, wxr_item

ROWS = [
    {"sender": "@angry1", "platform": "x", "url": "https://x.com/angry1/status/9", "time": "2026-03-10T22:15:00Z",
     "text": "I know where you live and I'm coming for you tonight", "id": "9"},
    {"sender": "Pat Resident", "platform": "facebook", "url": "", "time": "2026-03-10T09:00:00",
     "text": "Your vote on the library closure was a disgrace and I will vote you out", "id": ""},
]


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _messages(url: str) -> list[evidence.EvidenceEntry]:
    store = Store(url)
    with store.sessions() as s:
        rows = [e for e in evidence.entries(s) if e.kind == "message"]
    store.close()
    return rows


def test_csv_import_banner_idempotent_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    contacts = tmp_path / "contacts.json"
    contacts.write_text(json.dumps({"police_liaison": "PC Example, 0113 000 0000"}), encoding="utf-8")
    f = _csv(tmp_path / "in.csv", ROWS)
    assert main(["inbox", "import", str(f), "--database", url, "--contacts", str(contacts)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "!!! If you or anyone is in immediate danger, call 999. !!!"
    assert "101" in out.splitlines()[1]
    assert "PC Example" in out
    assert "imported 2 message(s), 0 already in the log; 1 high priority" in out
    rows = _messages(url)
    threat, lawful = rows
    assert threat.content == ROWS[0]["text"]
    assert threat.platform_id == "9"
    assert threat.url == ROWS[0]["url"]
    assert "threat_to_life_or_safety" in threat.data["categories"]
    assert threat.data["priority"] == "high"
    assert lawful.data["categories"] == []
    # a time without an offset is in the pack's zone (GMT in March): 09:00 local is 09:00 UTC
    assert lawful.received_at is not None
    assert lawful.received_at.isoformat() == "2026-03-10T09:00:00+00:00"
    assert main(["inbox", "import", str(f), "--database", url]) == 0
    assert "imported 0 message(s), 2 already in the log" in capsys.readouterr().out
    assert len(_messages(url)) == 2
    assert main(["inbox", "list", "--database", url]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("!!! If you or anyone is in immediate danger, call 999")
    first_message = next(line for line in listed if line.startswith("#"))
    assert first_message.startswith("#1 [high]")


def test_a_malformed_file_imports_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    bad = tmp_path / "in.jsonl"
    good = {"sender": "a", "platform": "email", "time": "2026-03-10T10:00:00Z", "text": "hello"}
    bad.write_text(json.dumps(good) + "\n" + json.dumps({**good, "time": "yesterday"}) + "\n", encoding="utf-8")
    assert main(["inbox", "import", str(bad), "--database", url]) == 65
    err = capsys.readouterr().err
    assert "in.jsonl:2" in err
    assert "ISO 8601" in err
    assert _messages(url) == []
    bad.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    assert main(["inbox", "import", str(bad), "--database", url]) == 65
    assert _messages(url) == []


def test_jsonl_with_attachment_and_platform_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    (tmp_path / "shot.png").write_bytes(b"\x89PNG fake screenshot")
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"sender": "x1", "time": "2026-03-10T10:00:00+01:00", "text": "stop the cuts",
                             "attachments": ["shot.png"]}) + "\n", encoding="utf-8")
    assert main(["inbox", "import", str(f), "--database", url]) == 65
    assert "no platform" in capsys.readouterr().err
    assert main(["inbox", "import", str(f), "--database", url, "--platform", "Email"]) == 0
    (entry,) = _messages(url)
    assert entry.platform == "email"
    assert entry.attachments == [{"name": "shot.png", "sha256": hashlib.sha256(b"\x89PNG fake screenshot").hexdigest()}]
    assert entry.received_at is not None
    assert entry.received_at.isoformat() == "2026-03-10T09:00:00+00:00"


def test_wordpress_comments_are_messages_and_the_sites_own_are_not(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    comments = (wxr_comment(1, "Someone should burn your house down", author="Mallory")
                + wxr_comment(2, "Thanks all for coming", author="Alice", user_id=1, email="alice@alice.example")
                + wxr_comment(3, "Good point about the buses", author="Bob"))
    wxr = tmp_path / "site.xml"
    wxr.write_text(WXR_HEAD + wxr_item(10, "Library", "Our library plans", comments=comments) + WXR_TAIL,
                   encoding="utf-8")
    assert main(["inbox", "import", str(wxr), "--database", url]) == 0
    assert capsys.readouterr().out.startswith("!!! If you or anyone is in immediate danger, call 999")
    rows = _messages(url)
    assert [(e.sender, e.platform, e.content) for e in rows] == [
        ("Mallory", "wordpress", "Someone should burn your house down"),
        ("Bob", "wordpress", "Good point about the buses")]
    assert rows[0].data["channel"] == "comment"

def test_workers_must_be_a_positive_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _csv(tmp_path / "in.csv", ROWS)
    assert main(["inbox", "import", str(f), "--database", f"sqlite:///{tmp_path / 'd.sqlite3'}",
                 "--workers", "0"]) == 64
    assert "--workers takes a number from 1" in capsys.readouterr().err
    assert not (tmp_path / "d.sqlite3").exists() or _messages(f"sqlite:///{tmp_path / 'd.sqlite3'}") == []


def test_an_import_checked_by_forked_workers_logs_what_one_process_does(tmp_path: Path) -> None:
    """Enough messages for the import to fork (FORK_FROM), in a fresh process (pytest's own may
    run a test server's thread, and then the import rightly checks in-process)."""
    import subprocess

    from pausecheck.inbox.service import FORK_FROM

    texts = [r["text"] for r in ROWS] + ["Thanks for sorting the bins on Elm Road", "You are a lying crook, councillor"]
    rows = [{**ROWS[i % 2], "sender": f"@s{i % 37}", "id": str(1000 + i), "text": f"{texts[i % 4]} ({i})"}
            for i in range(FORK_FROM + 20)]
    f = _csv(tmp_path / "many.csv", rows)
    logs = {}
    for workers in ("1", "2"):
        url = f"sqlite:///{tmp_path / f'w{workers}.sqlite3'}"
        done = subprocess.run([sys.executable, "-m", "pausecheck", "inbox", "import", str(f), "--database", url,
                               "--workers", workers], capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        logs[workers] = [(e.platform_id, e.content, e.data["categories"], e.data["priority"], e.data["verdict"])
                         for e in _messages(url)]
    assert len(logs["2"]) == len(rows)
    assert logs["2"] == logs["1"]
    assert any(p == "high" for *_, p, _ in logs["2"])
    assert any(c == [] for _, _, c, _, _ in logs["2"])
