"""Past-posts audit results in the store: kept per post, found only for the checker that gave them,
replaced when checked again, on SQLite (and PostgreSQL when the tests are given one)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from pausecheck.store import Store, audit_results


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


K1 = ("x", "101", "a" * 64)
K2 = ("x", "102", "b" * 64)
K1_EDITED = ("x", "101", "c" * 64)  # the same post id, other content


def test_lookup_finds_only_the_asking_checkers_results(store: Store) -> None:
    with store.sessions.begin() as s:
        assert audit_results.save(s, [(K1, {"r": 1}), (K2, {"r": 2})], "pack-a") == 2
    with store.sessions() as s:
        assert audit_results.lookup(s, [K1, K2, K1_EDITED], "pack-a") == {K1: {"r": 1}, K2: {"r": 2}}
        assert audit_results.lookup(s, [K1, K2], "pack-b") == {}
        assert audit_results.count(s) == 2
        assert audit_results.count(s, "pack-b") == 0


def test_saving_again_replaces_the_result_and_its_checker(store: Store) -> None:
    with store.sessions.begin() as s:
        audit_results.save(s, [(K1, {"r": 1}), (K2, {"r": 2})], "pack-a")
    with store.sessions.begin() as s:
        audit_results.save(s, [(K1, {"r": 10}), (K1_EDITED, {"r": 11})], "pack-b",
                           at=datetime(2026, 1, 1, tzinfo=UTC))
    with store.sessions() as s:
        assert audit_results.lookup(s, [K1, K2, K1_EDITED], "pack-b") == {K1: {"r": 10}, K1_EDITED: {"r": 11}}
        assert audit_results.lookup(s, [K1, K2], "pack-a") == {K2: {"r": 2}}
        assert audit_results.count(s) == 3


def test_many_keys_are_looked_up_in_batches(store: Store) -> None:
    keys = [("mastodon", f"https://ex.social/users/a/statuses/{i}", f"{i:064x}") for i in range(1200)]
    with store.sessions.begin() as s:
        audit_results.save(s, [(k, {"i": i}) for i, k in enumerate(keys)], "d")
    with store.sessions() as s:
        found = audit_results.lookup(s, keys + keys[:10], "d")
    assert len(found) == 1200
    assert found[keys[1111]] == {"i": 1111}


def test_forget_deletes_every_result(store: Store) -> None:
    with store.sessions.begin() as s:
        audit_results.save(s, [(K1, {"r": 1})], "d")
    with store.sessions.begin() as s:
        assert audit_results.forget(s) == 1
    with store.sessions() as s:
        assert audit_results.count(s) == 0
