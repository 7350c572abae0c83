"""The store on SQLite and PostgreSQL: migrations agree with the models, history is per owner,
retention and forget-everything really delete, the audit log chains, oversight suppresses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from pausecheck.store import SUPPRESS_BELOW, Store, accounts, history, oversight, practice
from pausecheck.store.models import Base

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)  # a Wednesday


def _report(verdict: str = "revise", findings: list[tuple[str, str, str, str]] | None = None,
            text: str = "draft") -> dict[str, Any]:
    """A JSON report (pausecheck.report/1) with findings given as (code, category, clause, severity)."""
    return {
        "schema": "pausecheck.report/1",
        "pack": {"id": "leeds-2019", "version": "1"},
        "verdict": verdict,
        "post": {"text": text, "length": len(text)},
        "findings": [{"code": c, "category": cat, "clause": {"ref": ref, "title": "t", "summary": "s"},
                      "severity": sev, "match": "m"} for c, cat, ref, sev in (findings or [])],
        "checklist": [],
        "notices": [],
    }


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    yield s
    s.close()


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    assert set(inspect(store.engine).get_table_names()) >= set(Base.metadata.tables)


def test_migrating_twice_is_harmless(db_url: str) -> None:
    Store(db_url).close()
    again = Store(db_url)
    with again.sessions() as s:
        assert accounts.local_user(s).username == accounts.LOCAL_USER
    again.close()


def test_history_is_per_owner_and_searchable(store: Store) -> None:
    with store.sessions.begin() as s:
        alice = accounts.create_user(s, "alice", "h")
        bob = accounts.create_user(s, "bob", "h")
        a1 = history.add_check(s, alice.id, "Bins on Elm Street 100%_done", {"account": "councillor"},
                               _report(findings=[("SMG-ABU-001", "insult", "D1", "block")]), at=NOW)
        history.add_check(s, alice.id, "Second draft", {}, _report("publish"), at=NOW + timedelta(minutes=1))
        b1 = history.add_check(s, bob.id, "Bob's draft about elm trees", {}, _report(), at=NOW)
        a1_id, b1_id, alice_id, bob_id = a1.id, b1.id, alice.id, bob.id
    with store.sessions() as s:
        assert [c.text for c in history.list_checks(s, alice_id)] == ["Second draft", "Bins on Elm Street 100%_done"]
        assert [c.id for c in history.list_checks(s, alice_id, "ELM")] == [a1_id]
        # % and _ are searched for literally, not as wildcards
        assert [c.id for c in history.list_checks(s, alice_id, "100%_")] == [a1_id]
        assert history.list_checks(s, alice_id, "0%x") == []
        assert history.get_check(s, alice_id, b1_id) is None
        got = history.get_check(s, alice_id, a1_id)
        assert got is not None
        assert got.report["findings"][0]["code"] == "SMG-ABU-001"
        assert got.created_at == NOW
    with store.sessions.begin() as s:
        assert history.delete_check(s, alice_id, b1_id) is False  # not hers
        assert history.delete_check(s, bob_id, b1_id) is True
    with store.sessions() as s:
        assert history.count_checks(s, bob_id) == 0
        assert history.count_checks(s, alice_id) == 2


def test_reminders_fall_due_for_their_owner_only(store: Store) -> None:
    with store.sessions.begin() as s:
        alice = accounts.create_user(s, "alice", "h")
        bob = accounts.create_user(s, "bob", "h")
        late = history.add_check(s, alice.id, "Written at midnight", {"late": True}, _report(), at=NOW)
        other = history.add_check(s, alice.id, "Another", {}, _report(), at=NOW)
        ids = (alice.id, bob.id, late.id, other.id)
    alice_id, bob_id, late_id, other_id = ids
    morning = NOW + timedelta(hours=8)
    with store.sessions.begin() as s:
        assert history.set_reminder(s, bob_id, late_id, morning) is False  # not his draft
        assert history.set_reminder(s, alice_id, late_id, morning) is True
    with store.sessions() as s:
        assert history.due_reminders(s, alice_id, now=morning - timedelta(minutes=1)) == []
        assert [c.id for c in history.due_reminders(s, alice_id, now=morning)] == [late_id]
        assert history.due_reminders(s, bob_id, now=morning) == []
        assert history.get_check(s, alice_id, late_id).remind_at == morning  # type: ignore[union-attr]
    with store.sessions.begin() as s:
        assert history.set_reminder(s, alice_id, late_id, None) is True  # done or cancelled
    with store.sessions() as s:
        assert history.due_reminders(s, alice_id, now=morning + timedelta(days=1)) == []
        assert other_id != late_id


def test_retention_deletes_old_checks_only(store: Store) -> None:
    with store.sessions.begin() as s:
        uid = accounts.local_user(s).id
        history.add_check(s, uid, "old", {}, _report(), at=NOW - timedelta(days=history.RETENTION_DAYS + 1))
        history.add_check(s, uid, "recent", {}, _report(), at=NOW - timedelta(days=history.RETENTION_DAYS - 1))
        assert history.purge_expired(s, now=NOW) == 1
    with store.sessions() as s:
        assert [c.text for c in history.list_checks(s, uid)] == ["recent"]


def test_forget_everything_leaves_no_trace_in_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    store = Store(f"sqlite:///{path}")
    marker = "Mrs Quintessa Ravenscroft-Abernathy of 14 Larkspur Close"
    with store.sessions.begin() as s:
        uid = accounts.local_user(s).id
        for i in range(40):  # enough rows to fill several pages
            history.add_check(s, uid, f"{marker} draft {i}", {"account": "personal"},
                              _report(text=f"{marker} draft {i}",
                                      findings=[("SMG-PRIV-003", "personal_data", "D5", "block")]))
        practice.record_answer(s, uid, "SMG-ABU-001/fail/0", "do-not-publish", "D1", True)
    assert marker.encode() in path.read_bytes()
    with store.sessions.begin() as s:
        assert history.forget_everything(s, uid) == 40
    store.compact()
    store.close()
    data = path.read_bytes()
    assert marker.encode() not in data
    assert b"Ravenscroft" not in data
    assert b"Larkspur" not in data
    assert not any(p.name.startswith(path.name + "-") for p in tmp_path.iterdir())  # no journal or WAL left
    reopened = Store(f"sqlite:///{path}")
    with reopened.sessions() as s:
        assert history.count_checks(s, uid) == 0
        assert practice.progress(s, uid) == practice.Progress(0, 0)
    reopened.close()


def test_forget_everything_keeps_other_members(store: Store) -> None:
    with store.sessions.begin() as s:
        a = accounts.create_user(s, "a", "h")
        b = accounts.create_user(s, "b", "h")
        history.add_check(s, a.id, "a's", {}, _report(findings=[("X-Y-001", "insult", "D1", "block")]))
        history.add_check(s, b.id, "b's", {}, _report(findings=[("X-Y-001", "insult", "D1", "block")]))
        assert history.forget_everything(s, a.id) == 1
    with store.sessions() as s:
        assert [c.text for c in history.list_checks(s, b.id)] == ["b's"]
        assert history.count_checks(s, a.id) == 0


def test_sessions_expire_and_only_the_hash_is_kept(store: Store) -> None:
    with store.sessions.begin() as s:
        user = accounts.create_user(s, "carol", "h")
        token, row = accounts.create_session(s, user, now=NOW)
        assert row.token_hash != token
        assert token not in row.token_hash
    with store.sessions() as s:
        found = accounts.session_user(s, token, now=NOW + timedelta(hours=1))
        assert found is not None
        assert found[0].username == "carol"
        assert accounts.session_user(s, token, now=NOW + timedelta(hours=accounts.SESSION_HOURS + 1)) is None
        assert accounts.session_user(s, token + "x", now=NOW) is None


def test_audit_log_chains_and_shows_tampering(store: Store) -> None:
    with store.sessions.begin() as s:
        user = accounts.create_user(s, "dave", "h", actor="admin")
        accounts.append_audit(s, "sign-in", "dave", remote="127.0.0.1")
        accounts.set_role(s, user, "monitoring-officer", actor="admin")
        accounts.append_audit(s, "sign-out", "dave")
    with store.sessions.begin() as s:
        assert accounts.verify_audit(s) is None
        events = [e.event for e in reversed(accounts.audit_log(s))]
        assert events == ["account-created", "sign-in", "role-changed", "sign-out"]
        tampered = accounts.audit_log(s)[1]  # the role change
        tampered.detail = "member->member"
        tampered_id = tampered.id
    with store.sessions() as s:
        assert accounts.verify_audit(s) == tampered_id


def test_unknown_role_is_refused(store: Store) -> None:
    with store.sessions() as s, pytest.raises(ValueError, match="unknown role"):
        accounts.create_user(s, "eve", "h", role="admin")


def test_failed_sign_ins_count_by_name_or_address(store: Store) -> None:
    with store.sessions.begin() as s:
        for _ in range(3):
            accounts.append_audit(s, "sign-in-refused", "frank", remote="10.0.0.1", at=NOW)
        accounts.append_audit(s, "sign-in-refused", "gina", remote="10.0.0.2", at=NOW - timedelta(hours=2))
    with store.sessions() as s:
        since = NOW - timedelta(minutes=15)
        assert accounts.failed_sign_ins(s, username="frank", remote=None, since=since) == 3
        assert accounts.failed_sign_ins(s, username="someone", remote="10.0.0.1", since=since) == 3
        assert accounts.failed_sign_ins(s, username="gina", remote="10.0.0.2", since=since) == 0


def test_oversight_counts_suppress_small_numbers_and_hold_no_text(store: Store) -> None:
    with store.sessions.begin() as s:
        members = [accounts.create_user(s, f"m{i}", "h") for i in range(3)]
        for i in range(7):
            history.add_check(s, members[i % 3].id, f"secret draft {i}", {},
                              _report("do-not-publish", [("SMG-ABU-001", "insult", "D1", "block")]), at=NOW)
        history.add_check(s, members[0].id, "secret other", {},
                          _report("revise", [("SMG-PRIV-003", "personal_data", "D5", "revise")]), at=NOW)
    with store.sessions() as s:
        counts = oversight.weekly_counts(s, now=NOW + timedelta(days=1))
    week = datetime(2026, 3, 9, tzinfo=UTC).date()
    assert counts.weeks == (week,)
    assert counts.checks[week].value == 8
    assert counts.verdicts[week, "do-not-publish"].value == 7
    assert counts.verdicts[week, "revise"].value is None  # 1 < SUPPRESS_BELOW
    assert str(counts.verdicts[week, "revise"]) == f"fewer than {SUPPRESS_BELOW}"
    assert counts.categories[week, "insult"].value == 7
    assert counts.clauses[week, "D5"].value is None
    assert "secret" not in repr(counts)


def test_practice_progress_counts_the_last_answer(store: Store) -> None:
    with store.sessions.begin() as s:
        uid = accounts.local_user(s).id
        practice.record_answer(s, uid, "R1/fail/0", "publish", "D1", False)
        practice.record_answer(s, uid, "R1/fail/0", "do-not-publish", "D1", True)
        practice.record_answer(s, uid, "R2/pass/1", "revise", "D2", False)
    with store.sessions() as s:
        assert practice.progress(s, uid) == practice.Progress(answered=2, right=1)


def test_naive_times_are_refused(store: Store) -> None:
    from sqlalchemy.exc import StatementError

    with store.sessions() as s:
        uid = accounts.local_user(s).id
        with pytest.raises(StatementError, match="aware UTC"):
            history.add_check(s, uid, "x", {}, _report(), at=datetime(2026, 1, 1))
