"""``pausecheck inbox import ARCHIVE`` with platform archives, recognised by their contents: X
direct messages received and Facebook Messenger messages received become messages in the
log (the member's own words and posts do not); one transaction, so a hostile DM file imports
nothing; re-importing adds nothing (platform ids)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pausecheck.cli import main
from pausecheck.store import Store, evidence

sys.path.insert(0, str(Path(__file__).parents[1] / "importers"))
from archive_builders import ACCOUNT_JS, fb_json, tweet, write_folder, write_zip, ytd
from test_importers_received import DMS, GROUP, PART1, PART2, PROFILE, thread


def _messages(url: str) -> list[evidence.EvidenceEntry]:
    store = Store(url)
    with store.sessions() as s:
        rows = [e for e in evidence.entries(s) if e.kind == "message"]
    store.close()
    return rows


def _x_files() -> dict[str, str]:
    return {"data/account.js": ACCOUNT_JS,
            "data/tweets.js": ytd("tweets", 0, [tweet("1500", "Surgery on Saturday at the library")]),
            "data/direct-messages.js": DMS, "data/direct-messages-group.js": GROUP}


def test_x_archive_direct_messages_received(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    archive = write_zip(tmp_path / "twitter-2024.zip", _x_files())
    assert main(["inbox", "import", str(archive), "--database", url]) == 0
    out = capsys.readouterr().out
    assert "imported 3 message(s), 0 already in the log" in out
    rows = _messages(url)
    assert sorted((e.platform, e.platform_id, e.sender, e.content) for e in rows) == [
        ("x", "9001", "2002", "you will regret the vote, you know it"),
        ("x", "9002", "2002", "read https://blog.example/cllr"),
        ("x", "9101", "3003", "We know where you live"),
    ]
    by_id = {e.platform_id: e for e in rows}
    assert by_id["9001"].url == "https://x.com/messages/1001-2002"
    assert by_id["9101"].data["channel"] == "message"
    assert by_id["9101"].data["parent_id"] == "1234567890123456789"
    # The extracted folder is the same archive: every message is already in the log.
    folder = write_folder(tmp_path / "extracted", _x_files())
    assert main(["inbox", "import", str(folder), "--database", url]) == 0
    assert "imported 0 message(s), 3 already in the log" in capsys.readouterr().out
    assert len(_messages(url)) == 3


@pytest.mark.parametrize("damage", [
    lambda s: s[:-40],  # cut short
    lambda s: s.replace('"text" : "read', '"text" : ["read"], "x" : "read'),  # wrong type
    lambda s: s.replace('"createdAt" : "2020-01-20T21:43:00.000Z"', '"createdAt" : 1579556580'),
])
def test_x_hostile_dm_file_imports_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          damage: Callable[[str], str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    files = _x_files()
    files["data/direct-messages.js"] = damage(files["data/direct-messages.js"])
    archive = write_zip(tmp_path / "twitter.zip", files)
    assert main(["inbox", "import", str(archive), "--database", url]) == 65
    assert "direct-messages.js" in capsys.readouterr().err
    assert _messages(url) == []  # the group file's good message is not imported either


def _fb_files(last: str | None = None) -> dict[str, str]:
    files = {
        "personal_information/profile_information/profile_information.json": fb_json(PROFILE),
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": fb_json(
            [{"timestamp": 1700000000, "data": [{"post": "Ward surgery moved"}]}]),
        "your_facebook_activity/messages/inbox/bobzak_123456789/message_1.json": thread(PART1),
        "your_facebook_activity/messages/inbox/bobzak_123456789/message_2.json": thread(PART2),
    }
    if last is not None:
        files["your_facebook_activity/messages/inbox/zzz_9/message_1.json"] = last
    return files


def test_facebook_messenger_received(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    archive = write_zip(tmp_path / "facebook-alice.zip", _fb_files())
    assert main(["inbox", "import", str(archive), "--database", url]) == 0
    assert "imported 3 message(s)" in capsys.readouterr().out
    rows = _messages(url)
    assert sorted((e.platform, e.platform_id, e.sender, e.content) for e in rows) == [
        ("facebook", "bobzak_123456789/1700000200000", "Bob Žák", "Look"),
        ("facebook", "bobzak_123456789/1700000300000", "Bob Žák", "Réponse: you’ll pay for this"),
        ("facebook", "bobzak_123456789/1700000300000#2", "Bob Žák", "same millisecond"),
    ]
    assert main(["inbox", "import", str(archive), "--database", url]) == 0
    assert "imported 0 message(s), 3 already in the log" in capsys.readouterr().out


def test_facebook_hostile_thread_imports_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    bad = thread([{"sender_name": "Bob", "timestamp_ms": "soon", "content": "hi"}])
    archive = write_zip(tmp_path / "facebook.zip", _fb_files(bad))
    assert main(["inbox", "import", str(archive), "--database", url]) == 65
    assert "zzz_9/message_1.json" in capsys.readouterr().err
    assert _messages(url) == []


def test_an_archive_with_nothing_received_imports_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    files = _x_files()
    del files["data/direct-messages.js"], files["data/direct-messages-group.js"]
    assert main(["inbox", "import", str(write_zip(tmp_path / "t.zip", files)), "--database", url]) == 0
    assert "imported 0 message(s)" in capsys.readouterr().out
    assert _messages(url) == []
