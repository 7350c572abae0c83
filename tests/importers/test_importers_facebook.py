"""Facebook JSON exports: the three folder layouts, mojibake, shares, comments, Messenger."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_builders import fb_json, refused, write_folder, write_zip

from pausecheck.importers import ArchiveError, detect_format, import_all, iter_facebook
from pausecheck.importers.facebook import fix_mojibake

POSTS = [
    {
        "timestamp": 1700000000,
        "title": "Alice Example updated her status.",
        "data": [{"post": "Café time 😀 it’s “fine”"}, {"update_timestamp": 1700000000}],
    },
    {
        "timestamp": 1700000050,
        "title": "Alice Example added a new photo.",
        "data": [],
        "attachments": [{"data": [{"media": {"uri": "posts/media/a.jpg"}}]}],
    },
    {
        "timestamp": 1700000060,
        "title": "Alice Example shared a link.",
        "attachments": [{"data": [{"external_context": {"url": "https://news.example/story"}}]}],
    },
]
COMMENTS = {
    "comments_v2": [
        {
            "timestamp": 1700000100,
            "title": "Alice Example commented on Bob's post.",
            "data": [{"comment": {"timestamp": 1700000100, "comment": "Łódź is lovely", "author": "Alice Example"}}],
        }
    ]
}
THREAD = {
    "participants": [{"name": "Bob"}, {"name": "Alice Example"}],
    "title": "Bob",
    "is_still_participant": True,
    "thread_type": "Regular",
    "thread_path": "inbox/bob_123456789",
    "messages": [
        {"sender_name": "Bob", "timestamp_ms": 1700000200000, "content": "Réponse"},
        {"sender_name": "Alice Example", "timestamp_ms": 1700000300000, "content": "Merci, José"},
    ],
}
PROFILE = {"profile_v2": {"name": {"full_name": "Alice Example", "first_name": "Alice"}}}

LAYOUTS = {
    "2018-2021": {
        "posts/your_posts_1.json": fb_json(POSTS),
        "comments/comments.json": fb_json({"comments": COMMENTS["comments_v2"]}),
        "messages/inbox/bob_123456789/message_1.json": fb_json(THREAD),
        "profile_information/profile_information.json": fb_json({"profile": PROFILE["profile_v2"]}),
    },
    "2022-2024": {
        "your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json": fb_json(POSTS),
        "your_activity_across_facebook/comments_and_reactions/comments.json": fb_json(COMMENTS),
        "your_activity_across_facebook/messages/inbox/bob_123456789/message_1.json": fb_json(THREAD),
        "personal_information/profile_information/profile_information.json": fb_json(PROFILE),
    },
    "2024-": {
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": fb_json(POSTS),
        "your_facebook_activity/comments_and_reactions/comments.json": fb_json(COMMENTS),
        "your_facebook_activity/messages/e2ee_cutover/bob_123456789/message_1.json": fb_json(THREAD),
        "personal_information/profile_information/profile_information.json": fb_json(PROFILE),
    },
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_folder_layout(tmp_path: Path, layout: str) -> None:
    path = write_zip(tmp_path / "facebook-alice.zip", LAYOUTS[layout])
    assert detect_format(path) == "facebook"
    post, share, comment, message = import_all(path, include_dms=True)
    assert post.text == "Café time 😀 it’s “fine”"
    assert post.kind == "post"
    assert post.created_at == datetime.fromtimestamp(1700000000, UTC)
    assert post.url is None
    assert post.platform_id.startswith("post:1700000000:")
    assert (share.kind, share.text, share.quoted_ref) == ("repost", "", "https://news.example/story")
    assert (comment.kind, comment.text) == ("comment", "Łódź is lovely")
    assert (message.kind, message.text, message.in_reply_to) == ("message", "Merci, José", "bob_123456789")
    assert message.created_at == datetime.fromtimestamp(1700000300, UTC)


def test_the_escapes_are_really_in_the_file(tmp_path: Path) -> None:
    raw = LAYOUTS["2024-"]["your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"]
    assert "Caf\\u00c3\\u00a9 time \\u00f0\\u009f\\u0098\\u0080" in raw
    assert "it\\u00e2\\u0080\\u0099s" in raw


def test_reference_minimal_fixture_verbatim(tmp_path: Path) -> None:
    files = {
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": (
            '[{"timestamp":1700000000,"title":"Alice Example updated her status.",\n'
            '  "data":[{"post":"Caf\\u00c3\\u00a9 time \\u00f0\\u009f\\u0098\\u0080"},{"update_timestamp":1700000000}]}]'
        ),
        "your_facebook_activity/comments_and_reactions/comments.json": (
            '{"comments_v2":[{"timestamp":1700000100,"title":"Alice Example commented on Bob\'s post.",\n'
            '  "data":[{"comment":{"timestamp":1700000100,"comment":"nice","author":"Alice Example"}}]}]}'
        ),
        "your_facebook_activity/messages/inbox/bob_123456789/message_1.json": (
            '{"participants":[{"name":"Bob"},{"name":"Alice Example"}],"title":"Bob","is_still_participant":true,\n'
            ' "thread_type":"Regular","thread_path":"inbox/bob_123456789",\n'
            ' "messages":[{"sender_name":"Bob","timestamp_ms":1700000200000,"content":"R\\u00c3\\u00a9ponse"}]}'
        ),
    }
    path = write_folder(tmp_path / "export", files)
    # Bob's message is not the account holder's (named by their comments): not yielded.
    assert [(p.kind, p.text) for p in import_all(path, include_dms=True)] == [
        ("post", "Café time 😀"),
        ("comment", "nice"),
    ]


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Caf\u00c3\u00a9", "Café"),
        ("\u00e2\u0080\u0099", "’"),
        ("\u00c5\u0082", "ł"),
        ("\u00f0\u009f\u0098\u0080", "😀"),
        ("plain ascii", "plain ascii"),
        # Real characters above U+00FF beside mojibake: each run is repaired on its own.
        ("\u201cCaf\u00c3\u00a9\u201d", "“Café”"),
        # A lone Latin-1 character that is not a UTF-8 sequence is left as it was.
        ("na\u00efve caf\u00e9", "naïve café"),
        ("\u00c3\u00a9\u00e9", "éé"),
    ],
)
def test_fix_mojibake(raw: str, fixed: str) -> None:
    assert fix_mojibake(raw) == fixed


def test_posts_file_as_an_object_several_parts_and_groups(tmp_path: Path) -> None:
    files = {
        "posts/your_posts_2.json": fb_json([{"timestamp": 1700000002, "data": [{"post": "second file"}]}]),
        "posts/your_posts_1.json": fb_json(
            {"status_updates_v2": [{"timestamp": 1700000001, "data": [{"post": "first file"}]}]}
        ),
        "groups/your_posts_in_groups.json": fb_json(
            {"group_posts_v2": [{"timestamp": 1700000003, "data": [{"post": "in the residents' group"}]}]}
        ),
        "groups/your_comments_in_groups.json": fb_json(
            {
                "group_comments_v2": [
                    {
                        "timestamp": 1700000004,
                        "data": [{"comment": {"timestamp": 1700000004, "comment": "agreed", "group": "Residents"}}],
                    }
                ]
            }
        ),
    }
    path = write_zip(tmp_path / "fb.zip", files)
    assert [p.text for p in iter_facebook(path)] == ["first file", "second file", "in the residents' group", "agreed"]


def test_messages_need_a_name(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "fb.zip",
        {"posts/your_posts_1.json": fb_json(POSTS[:1]), "messages/inbox/bob_1/message_1.json": fb_json(THREAD)},
    )
    assert len(import_all(path)) == 1
    refused(path, "cannot be told from those you received", include_dms=True)


def test_html_export_is_not_read(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "fb.zip", {"your_facebook_activity/posts/your_posts_1.html": "<html></html>"})
    refused(path, "is not an X, Facebook")
    with pytest.raises(ArchiveError, match="choose JSON"):
        list(iter_facebook(path))
