"""Mastodon archives: zip and tar.gz, Create vs Announce, HTML to text, visibility, replies,
quotes, polls and content warnings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from archive_builders import refused, write_folder, write_tar_gz, write_zip

from pausecheck.importers import detect_format, import_all, iter_mastodon
from pausecheck.importers._html import html_to_text

ALICE = "https://ex.social/users/alice"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ACTOR = {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": ALICE,
    "type": "Person",
    "followers": f"{ALICE}/followers",
    "outbox": "outbox.json",
}


def create(
    n: int, content: str | None, *, to: list[str] | None = None, cc: list[str] | None = None, **note: Any
) -> dict[str, Any]:
    to = [PUBLIC] if to is None else to
    cc = [f"{ALICE}/followers"] if cc is None else cc
    return {
        "id": f"{ALICE}/statuses/{n}/activity",
        "type": "Create",
        "actor": ALICE,
        "published": "2023-01-01T12:00:00Z",
        "to": to,
        "cc": cc,
        "object": {
            "id": f"{ALICE}/statuses/{n}",
            "type": "Note",
            "summary": None,
            "inReplyTo": None,
            "published": f"2023-01-0{n % 9 + 1}T12:00:00Z",
            "url": f"https://ex.social/@alice/{n}",
            "attributedTo": ALICE,
            "to": to,
            "cc": cc,
            "sensitive": False,
            "content": content,
            "tag": [],
            "attachment": [],
            **note,
        },
    }


def outbox(items: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "outbox.json",
            "type": "OrderedCollection",
            "totalItems": len(items),
            "orderedItems": items,
        },
        indent=1,
    )


REFERENCE = outbox(
    [
        create(
            1,
            '<p>Hi <a href="https://other.example/@bob" class="u-url mention">@bob</a> &amp; all</p>',
            cc=[f"{ALICE}/followers", "https://other.example/users/bob"],
            tag=[{"type": "Mention", "href": "https://other.example/users/bob", "name": "@bob@other.example"}],
            attachment=[
                {
                    "type": "Document",
                    "mediaType": "image/png",
                    "url": "media_attachments/files/000/000/001/original/a.png",
                    "name": "alt text",
                }
            ],
        ),
        {
            "id": f"{ALICE}/statuses/2/activity",
            "type": "Announce",
            "actor": ALICE,
            "published": "2023-01-02T08:00:00Z",
            "to": [PUBLIC],
            "cc": [],
            "object": "https://other.example/users/bob/statuses/9",
        },
    ]
)


@pytest.mark.parametrize("container", ["zip", "tar.gz", "folder"])
def test_create_and_announce_in_every_container(tmp_path: Path, container: str) -> None:
    files: dict[str, bytes | str] = {
        "outbox.json": REFERENCE,
        "actor.json": json.dumps(ACTOR),
        "media_attachments/files/000/000/001/original/a.png": b"\x89PNG",
    }
    if container == "zip":
        path = write_zip(tmp_path / "archive-20230102120000-0123456789abcdef0123456789abcdef.zip", files)
    elif container == "tar.gz":
        path = write_tar_gz(tmp_path / "archive-20220102120000-0123456789abcdef0123456789abcdef.tar.gz", files)
    else:
        path = write_folder(tmp_path / "archive", files)
    assert detect_format(path) == "mastodon"
    note, boost = import_all(path)
    assert note.text == "Hi @bob & all"
    assert (note.kind, note.platform, note.platform_id) == ("post", "mastodon", f"{ALICE}/statuses/1")
    assert note.url == "https://ex.social/@alice/1"
    assert note.created_at == datetime(2023, 1, 2, 12, tzinfo=UTC)
    # A boost carries only a URI: listed for a look by hand, nothing to check.
    assert (boost.kind, boost.text, boost.quoted_ref) == ("repost", "", "https://other.example/users/bob/statuses/9")
    assert not boost.has_text


def test_html_is_turned_into_text_safely(tmp_path: Path) -> None:
    content = (
        '<p>Read <a href="https://example.com/a/very/long/path" rel="nofollow noopener" target="_blank">'
        '<span class="invisible">https://</span><span class="ellipsis">example.com/a/very/lo</span>'
        '<span class="invisible">ng/path</span></a></p><p>line one<br />line two</p>'
        "<script>fetch('https://evil.example/')</script><style>p{}</style><img src=\"https://evil.example/t.gif\">"
        "<p>&lt;not a tag&gt; &#8212; &eacute;</p>"
    )
    path = write_zip(tmp_path / "m.zip", {"outbox.json": outbox([create(1, content)])})
    (post,) = import_all(path)
    assert post.text == "Read https://example.com/a/very/long/path\n\nline one\nline two\n\n<not a tag> — é"


def test_reply_quote_poll_content_warning_and_direct(tmp_path: Path) -> None:
    items = [
        create(1, "<p>I disagree</p>", inReplyTo="https://other.example/users/bob/statuses/5"),
        create(2, "<p>Look at this</p>", quote="https://other.example/users/bob/statuses/6"),
        create(
            3,
            "<p>Which option?</p>",
            type="Question",
            oneOf=[{"type": "Note", "name": "Bins weekly"}, {"type": "Note", "name": "Bins fortnightly"}],
        ),
        create(4, "<p>Body text</p>", summary="Council tax"),
        create(5, "<p>Private word</p>", to=["https://other.example/users/bob"], cc=[]),
        create(6, "<p>Followers only</p>", to=[f"{ALICE}/followers"], cc=[]),
        create(7, None, contentMap={"en": "<p>From the map</p>"}),
        {"id": "x", "type": "Like", "object": "https://other.example/1"},
    ]
    path = write_zip(tmp_path / "m.zip", {"outbox.json": outbox(items), "actor.json": json.dumps(ACTOR)})
    posts = {p.platform_id.rsplit("/", 1)[-1]: p for p in import_all(path)}
    assert set(posts) == {"1", "2", "3", "4", "6", "7"}
    assert (posts["1"].kind, posts["1"].in_reply_to) == ("reply", "https://other.example/users/bob/statuses/5")
    assert (posts["2"].kind, posts["2"].quoted_ref) == ("quote", "https://other.example/users/bob/statuses/6")
    assert posts["3"].text == "Which option?\n\nBins weekly\n\nBins fortnightly"
    assert posts["4"].text == "Council tax\n\nBody text"
    assert posts["6"].kind == "post"
    assert posts["7"].text == "From the map"
    direct = [p for p in iter_mastodon(path, include_dms=True) if p.kind == "message"]
    assert [p.text for p in direct] == ["Private word"]


def test_inline_self_boost_carries_its_text(tmp_path: Path) -> None:
    boost = {
        "id": f"{ALICE}/statuses/8/activity",
        "type": "Announce",
        "actor": ALICE,
        "published": "2023-01-03T08:00:00Z",
        "object": create(8, "<p>my own words again</p>")["object"],
    }
    path = write_zip(tmp_path / "m.zip", {"outbox.json": outbox([boost])})
    (post,) = import_all(path)
    assert (post.kind, post.text, post.quoted_text) == ("repost", "my own words again", "my own words again")


def test_outbox_json_on_its_own(tmp_path: Path) -> None:
    lone = tmp_path / "outbox.json"
    lone.write_text(REFERENCE, encoding="utf-8")
    assert detect_format(lone) == "mastodon"
    assert len(import_all(lone)) == 2


def test_outbox_without_items_is_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.zip", {"outbox.json": json.dumps({"type": "OrderedCollection", "items": []})})
    refused(path, "has no orderedItems")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("plain", "plain"),
        ("<p>a</p><p>b</p>", "a\n\nb"),
        ("a<br>b", "a\nb"),
        ("<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"),
        ("<template><p>hidden</p></template>shown", "shown"),
        ("x &amp;&lt; y", "x &< y"),
        ("<p>unclosed <b>bold", "unclosed bold"),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text
