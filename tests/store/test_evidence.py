"""The harassment log: entries chain, the database refuses edits and deletes, and verify()
names the first bad entry after the file is tampered with behind the triggers' back."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from pausecheck.store import Store, evidence

T0 = datetime(2026, 3, 11, 21, 30, tzinfo=UTC)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _fill(store: Store) -> None:
    with store.sessions.begin() as s:
        evidence.append(s, kind="message", content="I know where you live", platform="x", platform_id="111",
                        sender="@Troll1", url="https://x.com/Troll1/status/111", received_at=T0, at=T0,
                        attachments=[evidence.Attachment("shot.png", "ab" * 32)], data={"categories": ["threat"]})
        evidence.append(s, kind="message", content="Still here, councillor", platform="x", platform_id="112",
                        sender="troll1", received_at=T0 + timedelta(days=1), at=T0 + timedelta(days=1),
                        data={"categories": ["persistent"]})
        evidence.append(s, kind="action", action="reported_police", content="rang 101", reference="CR/123/26",
                        refers_to=1, at=T0 + timedelta(days=1, hours=1))
        evidence.append(s, kind="message", content="Your vote on the library was wrong", platform="facebook",
                        sender="Jo Bloggs", received_at=T0, at=T0 + timedelta(days=2), data={"categories": []})


def test_an_entry_holds_what_police_ask_for_and_chains(store: Store) -> None:
    _fill(store)
    with store.sessions() as s:
        rows = evidence.entries(s)
        assert [r.id for r in rows] == [1, 2, 3, 4]
        first = rows[0]
        assert first.prev_hash == evidence.GENESIS
        assert first.content == "I know where you live"
        assert first.content_sha256 == hashlib.sha256(b"I know where you live").hexdigest()
        assert first.captured_at == T0
        # 21:30 UTC on 11 March is 21:30 GMT; the local time names its offset
        assert first.captured_local == "2026-03-11T21:30:00.000000+00:00"
        assert first.timezone == "Europe/London"
        assert first.attachments == [{"name": "shot.png", "sha256": "ab" * 32}]
        assert [r.prev_hash for r in rows[1:]] == [r.entry_hash for r in rows[:-1]]
        # the hash is SHA-256 over the documented canonical JSON, re-computed here independently
        fields = {"seq": 2, "kind": "message", "action": None, "owner": "local",
                  "captured_at": "2026-03-12T21:30:00.000000Z", "captured_local": "2026-03-12T21:30:00.000000+00:00",
                  "timezone": "Europe/London", "received_at": "2026-03-12T21:30:00.000000Z", "platform": "x",
                  "platform_id": "112", "url": None, "sender": "troll1", "content": "Still here, councillor",
                  "content_sha256": hashlib.sha256(b"Still here, councillor").hexdigest(), "attachments": [],
                  "refers_to": None, "reference": None, "data": {"categories": ["persistent"]}, "dedupe_key": None,
                  "prev": rows[0].entry_hash}
        blob = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        assert rows[1].entry_hash == hashlib.sha256(blob).hexdigest()
        result = evidence.verify(s)
        assert result.ok
        assert result.count == 4
        assert result.head == rows[-1].entry_hash
        assert evidence.verify(s, head=rows[-1].entry_hash).ok


def test_summer_time_is_shown_with_its_offset(store: Store) -> None:
    with store.sessions.begin() as s:
        e = evidence.append(s, kind="note", content="n", at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
        assert e.captured_local == "2026-07-01T13:00:00.000000+01:00"


def test_the_database_refuses_update_and_delete(store: Store) -> None:
    _fill(store)
    for sql in ("UPDATE evidence_log SET content = 'nothing' WHERE id = 1", "DELETE FROM evidence_log WHERE id = 4"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(sql))
    if store.dialect == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text("TRUNCATE evidence_log"))
    with store.sessions() as s:
        assert evidence.verify(s).ok
        assert evidence.entries(s)[0].content == "I know where you live"


def test_two_entries_cannot_chain_from_the_same_entry(store: Store) -> None:
    _fill(store)
    with store.sessions() as s:
        last = evidence.entries(s)[-1]
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(text("INSERT INTO evidence_log (id, kind, owner, captured_at, captured_local, timezone, content, "
                          "content_sha256, attachments, data, prev_hash, entry_hash) VALUES (99, 'note', 'local', "
                          "'2026-03-11 00:00:00', 'x', 'UTC', 'fork', 'x', '[]', '{}', :prev, 'x')"),
                     {"prev": last.prev_hash})


def test_unknown_kinds_and_actions_are_refused(store: Store) -> None:
    with store.sessions.begin() as s:
        with pytest.raises(ValueError, match="unknown evidence kind"):
            evidence.append(s, kind="edit", content="x")
        with pytest.raises(ValueError, match="unknown action"):
            evidence.append(s, kind="action", action="deleted", content="x")


def test_senders_merge_by_hand_and_two_incidents_are_a_course_of_conduct(store: Store) -> None:
    _fill(store)
    with store.sessions.begin() as s:
        evidence.append(s, kind="message", content="you again", platform="facebook", sender="Troll One",
                        data={"categories": ["grossly_offensive"]}, at=T0 + timedelta(days=3))
        before = {(x.platform, x.handle): x for x in evidence.senders(s)}
        # the handle's case and its @ do not make another sender
        assert before[("x", "troll1")].incidents == 2
        assert before[("x", "troll1")].course_of_conduct
        assert before[("facebook", "troll one")].incidents == 1
        assert not before[("facebook", "troll one")].course_of_conduct
        assert not before[("facebook", "jo bloggs")].course_of_conduct  # a message with no category is no incident
        merge = evidence.merge_alias(s, alias=("facebook", "Troll One"), into=("x", "@troll1"), reason="same photo")
        assert merge.kind == "merge"
        after = {(x.platform, x.handle): x for x in evidence.senders(s)}
        assert ("facebook", "troll one") not in after
        assert after[("x", "troll1")].incidents == 3
        assert after[("x", "troll1")].aliases == (("facebook", "troll one"),)
        assert evidence.verify(s).ok


# --- tampering with the file behind the triggers' back --------------------------------------

def _sqlite_path(store: Store) -> str:
    assert store.engine.url.database
    return store.engine.url.database


def _tamper(path: str, *statements: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER evidence_log_no_update")
    conn.execute("DROP TRIGGER evidence_log_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


TAMPERING = {
    "content edited": (["UPDATE evidence_log SET content = 'a friendly message' WHERE id = 2"], 2, "SHA-256"),
    "content and its hash edited": (
        ["UPDATE evidence_log SET content = 'hi', content_sha256 = "
         f"'{hashlib.sha256(b'hi').hexdigest()}' WHERE id = 2"], 2, "edited"),
    "a field edited": (["UPDATE evidence_log SET reference = 'none' WHERE id = 3"], 3, "edited"),
    "a row deleted": (["DELETE FROM evidence_log WHERE id = 2"], 3, "where entry 2 should be"),
    "two rows swapped": (["UPDATE evidence_log SET id = 100 WHERE id = 2", "UPDATE evidence_log SET id = 2 WHERE id = 3",
                          "UPDATE evidence_log SET id = 3 WHERE id = 100"], 2, "does not chain"),
    "a hash altered": (["UPDATE evidence_log SET entry_hash = 'ff' || substr(entry_hash, 3) WHERE id = 1"], 1, "edited"),
    "a forged row at the end": (
        ["INSERT INTO evidence_log (id, kind, owner, captured_at, captured_local, timezone, content, content_sha256, "
         "attachments, data, prev_hash, entry_hash) SELECT 5, 'note', 'local', captured_at, captured_local, timezone, "
         "'forged', content_sha256, attachments, data, 'f' || substr(prev_hash, 2), entry_hash FROM evidence_log "
         "WHERE id = 4"], 5, "does not chain"),
    "a forged row in a gap": (
        ["UPDATE evidence_log SET id = id + 100 WHERE id >= 3", "UPDATE evidence_log SET id = id - 99 WHERE id >= 100",
         "INSERT INTO evidence_log (id, kind, owner, captured_at, captured_local, timezone, content, content_sha256, "
         "attachments, data, prev_hash, entry_hash) SELECT 3, 'note', 'local', captured_at, captured_local, timezone, "
         "'forged', content_sha256, attachments, data, 'e' || substr(entry_hash, 2), entry_hash FROM evidence_log "
         "WHERE id = 2"], 3, "does not chain"),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_is_found_and_the_first_bad_entry_named(tmp_path: Path, how: str) -> None:
    store = Store(f"sqlite:///{tmp_path / 'log.sqlite3'}")
    _fill(store)
    store.close()
    statements, bad, reason = TAMPERING[how]
    _tamper(str(tmp_path / "log.sqlite3"), *statements)
    again = Store(f"sqlite:///{tmp_path / 'log.sqlite3'}")
    with again.sessions() as s:
        result = evidence.verify(s)
    again.close()
    assert not result.ok
    assert result.bad_entry == bad
    assert reason in result.reason


def test_deleting_the_newest_entry_is_found_against_a_kept_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.sqlite3'}"
    store = Store(url)
    _fill(store)
    with store.sessions() as s:
        head = evidence.verify(s).head
    store.close()
    _tamper(str(tmp_path / "log.sqlite3"), "DELETE FROM evidence_log WHERE id = 4")
    again = Store(url)
    with again.sessions() as s:
        assert evidence.verify(s).ok  # the chain alone cannot see a missing tail
        result = evidence.verify(s, head=head)
    again.close()
    assert not result.ok
    assert head in result.reason


def test_entries_appended_after_one_another_in_one_batch_chain_like_those_read_back(store: Store) -> None:
    """An import passes each entry the one before it (one batched write); the chain is the same
    as appending them one at a time, and it goes on from what the log already held."""
    _fill(store)
    with store.sessions.begin() as s:
        last = evidence.last_entry(s)
        assert last is not None
        for i in range(3):
            last = evidence.append(s, kind="message", content=f"batch {i}", platform="x", platform_id=f"b{i}",
                                   sender="@batch", received_at=T0, at=T0, key=f"key-{i}", after=last)
    with store.sessions() as s:
        assert evidence.verify(s).ok
        assert [e.content for e in evidence.entries(s)][-3:] == ["batch 0", "batch 1", "batch 2"]
        assert evidence.known_keys(s, ["key-1", "nope", "key-2", "key-1"]) == {"key-1", "key-2"}


def test_a_stale_predecessor_cannot_go_unnoticed(store: Store) -> None:
    _fill(store)
    with store.sessions.begin() as s:
        stale = evidence.entries(s)[0]  # not the newest: its successor's number is taken
        evidence.append(s, kind="note", content="late", at=T0, after=stale)
        with pytest.raises(IntegrityError):
            s.flush()
        s.rollback()
    with store.sessions() as s:
        assert evidence.verify(s).ok
