"""What others sent the account, where the archive holds it (``received=True``): X direct
messages (one-to-one and group files, the ``window.YTD…`` prefix, the account id from
``account.js``) and Facebook Messenger messages (every box, message_N parts, mojibake). Hostile
DM and Messenger files are refused before the first item."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_builders import ACCOUNT_JS, fb_json, refused, tweet, write_zip, ytd

from pausecheck.importers import _json, import_all, iter_facebook, iter_mastodon, iter_x

# One-to-one file in the reference's shape: Bob (2002) writes, Alice (1001, the account) answers,
# a reaction, a t.co link in Bob's second message, and Alice's own message last.
DMS = """window.YTD.direct_messages.part0 = [ {
  "dmConversation" : {
    "conversationId" : "1001-2002",
    "messages" : [ {
      "messageCreate" : {"id" : "9001", "senderId" : "2002", "recipientId" : "1001", "text" : "you will regret the vote, you know it",
        "createdAt" : "2020-01-20T21:42:09.068Z", "mediaUrls" : [ ], "urls" : [ ], "reactions" : [ ]}
    }, {
      "reactionCreate" : {"senderId" : "1001", "reactionKey" : "like", "eventId" : "9001", "createdAt" : "2020-01-20T21:42:30.000Z"}
    }, {
      "messageCreate" : {"id" : "9002", "senderId" : "2002", "recipientId" : "1001", "text" : "read https://t.co/abc",
        "createdAt" : "2020-01-20T21:43:00.000Z", "mediaUrls" : [ ],
        "urls" : [ {"url" : "https://t.co/abc", "expanded" : "https://blog.example/cllr", "display" : "blog.example/cllr"} ], "reactions" : [ ]}
    }, {
      "messageCreate" : {"id" : "9003", "senderId" : "1001", "recipientId" : "2002", "text" : "Please stop messaging me.",
        "createdAt" : "2020-01-20T21:44:00.000Z", "mediaUrls" : [ ], "urls" : [ ], "reactions" : [ ]}
    } ]
  }
} ]"""
# Group file: numeric conversation id, no recipientId, no urls (pre-2021), join and rename events.
GROUP = """window.YTD.direct_messages_group.part0 = [ {
  "dmConversation" : {
    "conversationId" : "1234567890123456789",
    "messages" : [ {
      "joinConversation" : {"initiatingUserId" : "3003", "participantsSnapshot" : ["1001", "2002", "3003"], "createdAt" : "2021-03-01T10:00:00.000Z"}
    }, {
      "conversationNameUpdate" : {"initiatingUserId" : "3003", "name" : "Ward 4", "createdAt" : "2021-03-01T10:00:01.000Z"}
    }, {
      "messageCreate" : {"id" : "9101", "senderId" : "3003", "text" : "We know where you live", "createdAt" : "2021-03-01T10:05:00.000Z", "mediaUrls" : [ ]}
    }, {
      "messageCreate" : {"id" : "9102", "senderId" : "1001", "text" : "Reported.", "createdAt" : "2021-03-01T10:06:00.000Z", "mediaUrls" : [ ]}
    } ]
  }
} ]"""


def x_zip(tmp_path: Path, **extra: str) -> Path:
    files = {
        "data/account.js": ACCOUNT_JS,
        "data/tweets.js": ytd("tweets", 0, [tweet("1500", "Surgery on Saturday")]),
        "data/direct-messages.js": DMS,
        "data/direct-messages-group.js": GROUP,
    }
    files.update({k.replace("__", "/").replace("_", "-") + ".js": v for k, v in extra.items()})
    return write_zip(tmp_path / "twitter-2024.zip", files)


def test_x_received_direct_messages(tmp_path: Path) -> None:
    path = x_zip(tmp_path)
    received = [p for p in import_all(path, received=True) if not p.own]
    # Files in name order ("direct-messages-group.js" sorts first), messages in file order.
    assert [(p.platform_id, p.author, p.text) for p in received] == [
        ("9101", "3003", "We know where you live"),
        ("9001", "2002", "you will regret the vote, you know it"),
        ("9002", "2002", "read https://blog.example/cllr"),
    ]
    group, first, _ = received
    assert first.kind == group.kind == "message"
    assert first.created_at == datetime(2020, 1, 20, 21, 42, 9, 68000, tzinfo=UTC)
    assert first.in_reply_to == "1001-2002"
    assert first.url == "https://x.com/messages/1001-2002"
    assert group.url == "https://x.com/messages/1234567890123456789"
    assert group.source == "twitter-2024.zip:data/direct-messages-group.js#1.3"


def test_x_received_and_sent_are_separate_choices(tmp_path: Path) -> None:
    path = x_zip(tmp_path)
    assert [p.kind for p in import_all(path)] == ["post"]
    sent = [p.platform_id for p in import_all(path, include_dms=True) if p.kind == "message"]
    assert sent == ["9102", "9003"]
    assert all(p.own for p in import_all(path, include_dms=True))
    both = [p.platform_id for p in import_all(path, include_dms=True, received=True) if p.kind == "message"]
    assert both == ["9101", "9102", "9001", "9002", "9003"]
    assert [p.platform_id for p in iter_x(path, received=True) if not p.own] == ["9101", "9001", "9002"]


def test_x_received_needs_account_js(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "t.zip", {"data/direct-messages.js": DMS})
    refused(path, "cannot be told from those you received", received=True)


def test_x_dm_part_files_and_singular_name(tmp_path: Path) -> None:
    part1 = DMS.replace("part0", "part1").replace('"9001"', '"9201"').replace('"9002"', '"9202"').replace(
        '"9003"', '"9203"')
    path = write_zip(tmp_path / "t.zip", {"data/account.js": ACCOUNT_JS, "data/direct-message.js": DMS,
                                          "data/direct-messages-part1.js": part1})
    ids = [p.platform_id for p in import_all(path, received=True) if not p.own]
    assert sorted(ids) == ["9001", "9002", "9201", "9202"]


X_HOSTILE = [
    (DMS[:-40], "ends before its JSON is complete"),
    (DMS.replace('"text" : "read', '"text" : 42, "x": "read'), "text should be a string"),
    (DMS.replace('"senderId" : "2002", "recipientId" : "1001", "text" : "read',
                 '"recipientId" : "1001", "text" : "read'), "has no senderId"),
    (DMS.replace('"senderId" : "2002", "recipientId" : "1001", "text" : "read',
                 '"senderId" : {"id": 2002}, "recipientId" : "1001", "text" : "read'), "senderId should be an id"),
    (DMS.replace('"createdAt" : "2020-01-20T21:43:00.000Z"', '"createdAt" : "yesterday"'), "not an ISO 8601"),
    (DMS.replace('"messages" : [ {', '"messages" : 7, "x": [ {', 1), "expected '\\['"),
    ("window.YTD.direct_messages.part0 = [NaN]", "should be an object"),
    ('window.YTD.direct_messages.part0 = [{"dmConversation": {"messages": [NaN]}}]', "NaN"),
    ("alert(1); window.YTD.direct_messages.part0 = []", "does not start with|not valid JSON|ends before"),
    ("window.YTD.direct_messages.part0 = [" + "[" * 100_000 + "]" * 100_000 + "]", "nested too deeply|should be"),
]


@pytest.mark.parametrize(("content", "match"), X_HOSTILE)
def test_x_hostile_dm_file_yields_nothing(tmp_path: Path, content: str, match: str) -> None:
    # The good messages come first in the file: still nothing is yielded.
    path = write_zip(tmp_path / "t.zip", {"data/account.js": ACCOUNT_JS, "data/direct-messages-group.js": GROUP,
                                          "data/direct-messages.js": content})
    refused(path, match, received=True)


def test_x_huge_dm_entry_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json, "MAX_ENTRY_CHARS", 100_000)
    huge = DMS.replace("you will regret the vote", "x" * 300_000)
    path = write_zip(tmp_path / "t.zip", {"data/account.js": ACCOUNT_JS, "data/direct-messages.js": huge})
    refused(path, "longer than", received=True)


# --- Facebook Messenger ------------------------------------------------------------------------

PROFILE = {"profile_v2": {"name": {"full_name": "Alice Example"}}}


def thread(messages: list[dict[str, object]], *, participants: tuple[str, ...] = ("Bob Žák", "Alice Example"),
           path: str = "inbox/bobzak_123456789") -> str:
    return fb_json({"participants": [{"name": n} for n in participants], "title": participants[0],
                    "is_still_participant": True, "thread_type": "Regular", "thread_path": path,
                    "messages": messages})


# Newest first, as in sample exports; message_2 holds the older half of the thread.
PART1 = [
    {"sender_name": "Alice Example", "timestamp_ms": 1700000400000, "content": "Please don’t contact me here."},
    {"sender_name": "Bob Žák", "timestamp_ms": 1700000300000, "content": "Réponse: you’ll pay for this",
     "reactions": [{"reaction": "\U0001f620", "actor": "Alice Example"}]},
    {"sender_name": "Bob Žák", "timestamp_ms": 1700000300000, "content": "same millisecond"},
    {"sender_name": "Bob Žák", "timestamp_ms": 1700000250000, "photos": [{"uri": "messages/photos/a.jpg",
                                                                         "creation_timestamp": 1700000250}]},
    {"sender_name": "Bob Žák", "timestamp_ms": 1700000240000, "is_unsent": True},
]
PART2 = [
    {"sender_name": "Bob Žák", "timestamp_ms": 1700000200000, "content": "Look", "type": "Share",
     "share": {"link": "https://news.example/story"}},
    {"sender_name": "Bob Žák", "timestamp_ms": 1700000100000, "content": "Bob Žák left the group.",
     "type": "Unsubscribe"},
]
GROUP_THREAD = [{"sender_name": "Carol", "timestamp_ms": 1700000500000, "content": "\U0001f621 resign"}]


def fb_zip(tmp_path: Path, root: str = "your_facebook_activity/") -> Path:
    return write_zip(tmp_path / "facebook-alice.zip", {
        "personal_information/profile_information/profile_information.json": fb_json(PROFILE),
        f"{root}messages/inbox/bobzak_123456789/message_1.json": thread(PART1),
        f"{root}messages/inbox/bobzak_123456789/message_2.json": thread(PART2),
        f"{root}messages/message_requests/carol_42/message_1.json": thread(
            GROUP_THREAD, participants=("Carol", "Alice Example"), path="message_requests/carol_42"),
        # The same message in the pre-E2EE history keeps its id.
        f"{root}messages/e2ee_cutover/bobzak_123456789/message_1.json": thread(PART1[1:2]),
    })


@pytest.mark.parametrize("root", ["", "your_activity_across_facebook/", "your_facebook_activity/"])
def test_messenger_received(tmp_path: Path, root: str) -> None:
    items = [p for p in import_all(fb_zip(tmp_path, root), received=True) if not p.own]
    got = [(p.platform_id, p.author, p.text) for p in items]
    assert {g[:3] for g in got} == {
        ("bobzak_123456789/1700000300000", "Bob Žák", "Réponse: you’ll pay for this"),
        ("bobzak_123456789/1700000300000#2", "Bob Žák", "same millisecond"),
        ("bobzak_123456789/1700000200000", "Bob Žák", "Look"),
        ("carol_42/1700000500000", "Carol", "\U0001f621 resign"),
    }
    assert len(got) == 5  # the e2ee_cutover copy comes too, under the same id
    first = next(p for p in items if p.text == "same millisecond")
    assert first.kind == "message"
    assert first.in_reply_to == "bobzak_123456789"
    assert first.created_at == datetime.fromtimestamp(1700000300, UTC)
    assert first.url is None
    assert all("left the group" not in p.text for p in items)
    # Only the holder's message with include_dms; none without either choice.
    assert [p.text for p in iter_facebook(fb_zip(tmp_path, root), include_dms=True)] == [
        "Please don’t contact me here."]


def test_messenger_escapes_are_really_in_the_file(tmp_path: Path) -> None:
    raw = thread(PART1)
    assert "Bob \\u00c5\\u00bd\\u00c3\\u00a1k" in raw
    assert "Žák" not in raw


def test_messenger_received_needs_the_holders_name(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "f.zip", {"posts/your_posts_1.json": "[]",
                                          "messages/inbox/bobzak_1/message_1.json": thread(PART1)})
    refused(path, "cannot be told from those you received", received=True)


FB_HOSTILE = [
    (thread(PART1)[:-30], "ends before its JSON is complete"),
    (thread([{"sender_name": "Bob", "timestamp_ms": "yesterday", "content": "hi"}]), "Unix time"),
    (thread([{"sender_name": ["Bob"], "timestamp_ms": 1700000000000, "content": "hi"}]), "sender_name should be"),
    (thread([{"sender_name": "Bob", "timestamp_ms": 1700000000000, "content": {"text": "hi"}}]), "content should be"),
    (thread([{"sender_name": "Bob", "timestamp_ms": 1700000000000, "content": "hi", "type": 3}]), "type should be"),
    (thread([{"timestamp_ms": 1700000000000, "content": "hi"}]), "has no sender_name"),
    (thread([{"sender_name": "Bob", "timestamp_ms": 1e20, "content": "hi"}]), "plausible"),
    (thread([]).replace('"messages": []', '"messages": "none"'), "list|'\\['"),
    ("[1, 2]", "'\\{'"),
    ('{"messages": [NaN]}', "NaN"),
]


@pytest.mark.parametrize(("content", "match"), FB_HOSTILE)
def test_messenger_hostile_thread_yields_nothing(tmp_path: Path, content: str, match: str) -> None:
    path = write_zip(tmp_path / "f.zip", {
        "personal_information/profile_information/profile_information.json": fb_json(PROFILE),
        "messages/inbox/aaa_1/message_1.json": thread(PART1),  # a good thread first
        "messages/inbox/zzz_9/message_1.json": content,
    })
    refused(path, match, received=True)


def test_messenger_huge_message_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json, "MAX_ENTRY_CHARS", 100_000)
    path = write_zip(tmp_path / "f.zip", {
        "personal_information/profile_information/profile_information.json": fb_json(PROFILE),
        "messages/inbox/zzz_9/message_1.json": thread([{"sender_name": "Bob", "timestamp_ms": 1700000000000,
                                                         "content": "x" * 300_000}]),
    })
    refused(path, "longer than", received=True)


# --- Mastodon: the archive holds nothing received --------------------------------------------


def test_mastodon_archive_has_nothing_received(tmp_path: Path) -> None:
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", "type": "OrderedCollection",
              "totalItems": 1, "orderedItems": [{
                  "id": "https://ex.social/users/alice/statuses/1/activity", "type": "Create",
                  "actor": "https://ex.social/users/alice", "published": "2023-01-01T12:00:00Z",
                  "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [],
                  "object": {"id": "https://ex.social/users/alice/statuses/1", "type": "Note",
                             "inReplyTo": "https://other.example/users/bob/statuses/9",
                             "published": "2023-01-01T12:00:00Z", "url": "https://ex.social/@alice/1",
                             "attributedTo": "https://ex.social/users/alice",
                             "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [],
                             "content": "<p>Thanks Bob</p>"}}]}
    path = write_zip(tmp_path / "archive-20240101000000-0123456789abcdef0123456789abcdef.zip",
                     {"outbox.json": json.dumps(outbox), "actor.json": json.dumps({"type": "Person"})})
    items = import_all(path, received=True)
    assert [(p.kind, p.own) for p in items] == [("reply", True)]
    assert list(iter_mastodon(path)) == items
