"""WordPress WXR exports: posts, pages, comments (the site's own and visitors'), CDATA, block
markup, drafts and spam; and XML that is refused before parsing (DOCTYPE, entities)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_builders import WXR_HEAD, WXR_TAIL, refused, write_zip, wxr_comment, wxr_item

from pausecheck.importers import detect_format, import_all, iter_wordpress
from pausecheck.importers import wordpress as wp

BODY = (
    "<!-- wp:paragraph -->\n<p>Planning update: <strong>bins</strong> &amp; roads.</p>\n<!-- /wp:paragraph -->\n\n"
    '[caption id="attachment_5" align="aligncenter" width="300"]<img src="https://alice.example/a.jpg" /> Ward map[/caption]\n\n'
    "A CDATA end split in two: ]]]]><![CDATA[> done."
)


def export(items: str, *, head: str = WXR_HEAD) -> str:
    return head + items + WXR_TAIL


@pytest.fixture
def site(tmp_path: Path) -> Path:
    comments = (
        wxr_comment(7, "You are wrong about the bins")
        + wxr_comment(
            8, "Thanks <b>Bob</b>, let us talk", author="Alice", user_id=1, email="alice@alice.example", parent=7
        )
        + wxr_comment(9, "Cheap pills", approved="spam")
        + wxr_comment(10, "Pending one", approved="0")
        + wxr_comment(11, "Linked from elsewhere", ctype="pingback")
        + wxr_comment(12, "Same person, logged out", author="Alice", email="ALICE@alice.example")
    )
    items = (
        wxr_item(5, "Ward news", BODY, comments=comments)
        + wxr_item(6, "Unfinished", "draft words", status="draft")
        + wxr_item(7, "About me", "<p>Your councillor</p>", post_type="page")
        + wxr_item(8, "", "", post_type="attachment")
        + wxr_item(9, "Old", "<p>Zero GMT date</p>", date_gmt="0000-00-00 00:00:00")
    )
    path = tmp_path / "alice.wordpress.2024-01-01.xml"
    path.write_text(export(items), encoding="utf-8")
    return path


def test_posts_pages_and_comments(site: Path) -> None:
    assert detect_format(site) == "wordpress"
    posts = import_all(site)
    assert [(p.kind, p.platform_id) for p in posts] == [
        ("post", "5"),
        ("comment", "5/comment/7"),
        ("comment", "5/comment/8"),
        ("comment", "5/comment/12"),
        ("post", "7"),
        ("post", "9"),
    ]
    post, visitor, reply, logged_out, page, old = posts
    assert post.text == "Ward news\n\nPlanning update: bins & roads.\n\nWard map\n\nA CDATA end split in two: ]]> done."
    assert post.url == "https://alice.example/5/"
    assert post.created_at == datetime(2023, 5, 1, 12, tzinfo=UTC)
    assert post.source == "alice.wordpress.2024-01-01.xml#1"
    # Other people's comments on the member's site are there, attributed to them.
    assert (visitor.author, visitor.own, visitor.text) == ("Bob", False, "You are wrong about the bins")
    assert visitor.url == "https://alice.example/5/#comment-7"
    assert visitor.in_reply_to == "5"
    assert visitor.created_at == datetime(2023, 5, 2, 9, tzinfo=UTC)
    assert (reply.author, reply.text, reply.in_reply_to) == (None, "Thanks Bob, let us talk", "5#comment-7")
    assert logged_out.own  # matched by the author's e-mail
    assert page.text == "About me\n\nYour councillor"
    assert old.created_at == datetime(2023, 5, 1, 12, tzinfo=UTC)  # from pubDate


def test_zip_of_several_exports_and_older_namespace(tmp_path: Path) -> None:
    old_head = WXR_HEAD.replace("export/1.2/", "export/1.1/").replace("<wp:wxr_version>1.2<", "<wp:wxr_version>1.1<")
    path = write_zip(
        tmp_path / "alice.wordpress.com-2024-01-01.zip",
        {
            "alice-2024-01-01-00_00_00/posts-1.xml": export(wxr_item(1, "One", "first"), head=old_head),
            "alice-2024-01-01-00_00_00/posts-2.xml": export(wxr_item(2, "Two", "second")),
        },
    )
    assert detect_format(path) == "wordpress"
    assert [p.text for p in iter_wordpress(path)] == ["One\n\nfirst", "Two\n\nsecond"]


def test_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        export(wxr_item(1, "x", "y")).replace("<rss", '<!DOCTYPE rss SYSTEM "https://evil.example/rss.dtd">\n<rss', 1)
    )
    refused(path, "DOCTYPE")


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    head = WXR_HEAD.replace("<rss", f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>\n<rss', 1)
    path = tmp_path / "export.xml"
    path.write_text(export(wxr_item(1, "&lol9;", "y"), head=head))
    refused(path, "no entity can be expanded or fetched")


def test_external_entity_is_refused(tmp_path: Path) -> None:
    head = WXR_HEAD.replace("<rss", '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss', 1)
    path = tmp_path / "export.xml"
    path.write_text(export(wxr_item(1, "&xxe;", "y"), head=head))
    refused(path, "DOCTYPE")


def test_doctype_after_a_long_comment_is_still_seen(tmp_path: Path) -> None:
    head = WXR_HEAD.replace("<rss", "<!--" + "x" * 70_000 + "-->\n<!DOCTYPE rss>\n<rss", 1)
    path = tmp_path / "export.xml"
    path.write_text(export(wxr_item(1, "a", "b"), head=head))
    refused(path, "no root element in its first 64 KB")


def test_undefined_entity_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export(wxr_item(1, "x", "y").replace("<title>", "<title>&nbsp;")))
    refused(path, "undefined entity")


def test_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(export(wxr_item(1, "x", "y")).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    refused(path, "UTF-16")
    path.write_text(export(wxr_item(1, "x", "y")).replace('encoding="UTF-8"', 'encoding="UTF-16"'))
    refused(path, "declares the encoding 'UTF-16'")


def test_xml_that_is_not_a_wordpress_export(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    refused(path, "not a WordPress export")
    path.write_text(export(wxr_item(1, "x", "y")).replace("<wp:wxr_version>1.2</wp:wxr_version>", ""))
    refused(path, "has items before its wp:wxr_version")


def test_truncated_xml(site: Path) -> None:
    data = site.read_bytes()
    site.write_bytes(data[: len(data) // 2])
    refused(site, "not well-formed XML")


def test_oversized_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wp, "MAX_ITEM_BYTES", 100_000)
    path = tmp_path / "export.xml"
    path.write_text(export(wxr_item(1, "big", "<p>" + "word " * 100_000 + "</p>")))
    refused(path, "item larger than")
