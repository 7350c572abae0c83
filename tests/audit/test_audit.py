"""``pausecheck audit``: archives in, findings.jsonl / findings.csv / posts.jsonl / report.html out."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from archive_builders import ACCOUNT_JS, tweet, write_zip, ytd

from pausecheck import Checker
from pausecheck.audit import NO_TEXT_REASON, audit
from pausecheck.audit.write import FILES, csv_cell
from pausecheck.cli import main

ALICE = "https://ex.social/users/alice"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
EVIL_URL = '=HYPERLINK("https://evil.example/","click")'


def note(n: int, content: str, *, url: str, published: str) -> dict[str, Any]:
    return {
        "id": f"{ALICE}/statuses/{n}/activity", "type": "Create", "actor": ALICE, "published": published,
        "to": [PUBLIC], "cc": [f"{ALICE}/followers"],
        "object": {
            "id": f"{ALICE}/statuses/{n}", "type": "Note", "summary": None, "inReplyTo": None,
            "published": published, "url": url, "attributedTo": ALICE, "to": [PUBLIC],
            "cc": [f"{ALICE}/followers"], "sensitive": False, "content": content, "tag": [], "attachment": [],
        },
    }


def mastodon_zip(path: Path) -> Path:
    items = [
        note(1, "<p>Cllr Jones is a liar and a fraud</p>", url="javascript:alert(1)", published="2023-03-01T09:00:00Z"),
        note(2, "<p>Cllr Green is an idiot</p>", url=EVIL_URL, published="2023-04-01T09:00:00Z"),
        {"id": f"{ALICE}/statuses/3/activity", "type": "Announce", "actor": ALICE,
         "published": "2023-01-02T08:00:00Z", "to": [PUBLIC], "cc": [],
         "object": "https://other.example/users/bob/statuses/9"},
    ]
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
              "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}
    actor = {"id": ALICE, "type": "Person", "followers": f"{ALICE}/followers", "outbox": "outbox.json"}
    return write_zip(path, {"outbox.json": json.dumps(outbox), "actor.json": json.dumps(actor)})


def x_zip(path: Path, *extra: dict[str, Any]) -> Path:
    tweets = [
        tweet("101", "Cllr Smith is an idiot", created_at="Sat Aug 12 16:10:37 +0000 2023"),
        tweet("102", "&lt;script&gt;alert(1)&lt;/script&gt; Cllr Brown is an idiot",
              created_at="Sun Aug 13 09:00:00 +0000 2023"),
        tweet("103", "A lovely day at the park", created_at="Mon Aug 14 09:00:00 +0000 2023"),
        *extra,
    ]
    return write_zip(path, {"data/account.js": ACCOUNT_JS, "data/tweets.js": ytd("tweets", 0, tweets)})


def run_cli(argv: list[str], checker: Checker, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setattr("pausecheck.cli._checker", lambda args: checker)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory, checker: Checker) -> tuple[int, Path, str]:
    root = tmp_path_factory.mktemp("audit")
    x, masto = x_zip(root / "twitter.zip"), mastodon_zip(root / "mastodon.zip")
    with pytest.MonkeyPatch.context() as mp:
        rc, stdout, _ = run_cli(["audit", str(x), str(masto), "--out", str(root / "out")], checker, mp)
    return rc, root / "out", stdout


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_writes_every_file_and_exits_with_the_worst_verdict(audited: tuple[int, Path, str]) -> None:
    rc, out, stdout = audited
    assert rc == 2  # "liar and a fraud" is do-not-publish
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert sorted(p.name for p in out.parent.iterdir()) == ["mastodon.zip", "out", "twitter.zip"]  # no temp left
    assert "audited 6 post(s) from 2 archive(s): 1 do-not-publish, 3 revise, 1 publish, 1 not checked" in stdout
    assert "report.html" in stdout


def test_findings_jsonl_and_csv_hold_the_known_findings(audited: tuple[int, Path, str]) -> None:
    _, out, _ = audited
    rows = jsonl(out / "findings.jsonl")
    got = {(r["platform"], r["id"], r["code"], r["severity"], r["match"]) for r in rows}
    assert ("x", "101", "SMG-ABU-001", "revise", "idiot") in got
    assert ("x", "102", "SMG-ABU-001", "revise", "idiot") in got
    assert ("mastodon", f"{ALICE}/statuses/1", "SMG-DEF-001", "block", "liar") in got
    assert not any(r["id"] == "103" for r in rows)
    smith = next(r for r in rows if r["id"] == "101")
    assert smith["url"] == "https://x.com/cllr_alice/status/101"
    assert smith["created_at"] == "2023-08-12T16:10:37+00:00"
    assert smith["clause"]
    assert smith["category"]
    assert smith["name"]
    assert smith["message"]
    with (out / "findings.csv").open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert len(table) == len(rows)
    for line, row in zip(table, rows, strict=True):
        assert line == {k: csv_cell(v) for k, v in row.items()}


def test_csv_injection_is_neutralised(audited: tuple[int, Path, str]) -> None:
    _, out, _ = audited
    with (out / "findings.csv").open(encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert "'" + EVIL_URL in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), (None, ""), ("a=b", "a=b"),
])
def test_csv_cell(value: str | None, cell: str) -> None:
    assert csv_cell(value) == cell


def test_posts_jsonl_has_one_line_per_post_and_the_repost_is_not_checked(audited: tuple[int, Path, str]) -> None:
    _, out, _ = audited
    posts = {p["id"]: p for p in jsonl(out / "posts.jsonl")}
    assert len(posts) == 6
    assert posts["101"]["verdict"] == "revise"
    assert posts["101"]["counts"] == {"block": 0, "revise": 1, "advise": 0}
    assert posts["103"]["verdict"] == "publish"
    assert posts["103"]["error"] is None
    assert posts[f"{ALICE}/statuses/1"]["verdict"] == "do-not-publish"
    boost = posts[f"{ALICE}/statuses/3/activity"]
    assert (boost["verdict"], boost["error"], boost["kind"]) == ("not checked", NO_TEXT_REASON, "repost")


def test_report_html_escapes_everything_and_runs_nothing(audited: tuple[int, Path, str]) -> None:
    _, out, _ = audited
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert '<html lang="en-GB">' in page
    assert "<title>" in page
    assert '<th scope="col">' in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs
    # Links out are http(s) only; the rest jump to a clause's section on the page itself.
    inside = [h for h in hrefs if h.startswith("#")]
    assert inside
    assert all(h.startswith(("https://", "http://")) for h in hrefs if h not in inside)
    assert all(f'id="{h[1:]}"' in page for h in inside)
    assert "javascript:alert(1)" in page  # shown as text, not a link
    assert not re.search(r"\b(src|srcset)=|<link|@import|url\(", page)  # nothing fetched
    assert "<mark>idiot</mark>" in page
    assert "<mark>liar</mark>" in page
    assert "block (do not publish)" in page  # severity as words
    assert NO_TEXT_REASON in page


def test_review_list_is_newest_first_and_leaves_out_publish(audited: tuple[int, Path, str]) -> None:
    _, out, _ = audited
    page = (out / "report.html").read_text(encoding="utf-8")
    review = page[page.index('id="review"'):page.index('id="not-checked"')]
    order = [review.index(s) for s in ("Cllr Brown", "Cllr Smith", "Cllr Green", "Cllr Jones")]
    assert order == sorted(order)
    assert "A lovely day" not in review


def test_unreadable_archive_exits_65_and_writes_nothing(
    tmp_path: Path, checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = x_zip(tmp_path / "twitter.zip")
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 this is not a zip file at all")
    rc, stdout, stderr = run_cli(["audit", str(good), str(bad), "--out", str(tmp_path / "out")], checker, monkeypatch)
    assert rc == 65
    assert "broken.zip" in stderr
    assert stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.zip", "twitter.zip"]


def test_rerun_replaces_the_audit_files_in_an_existing_folder(
    tmp_path: Path, checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "posts.jsonl").write_text("old")
    rc, _, _ = run_cli(["audit", str(x_zip(tmp_path / "t.zip")), "--out", str(out)], checker, monkeypatch)
    assert rc == 1
    assert (out / "notes.txt").read_text() == "mine"
    assert len(jsonl(out / "posts.jsonl")) == 3


def test_usage_errors_exit_64(tmp_path: Path, checker: Checker, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit) as e:
        run_cli(["audit"], checker, monkeypatch)
    assert e.value.code == 64
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit) as e:
        run_cli(["audit", str(x_zip(tmp_path / "t.zip")), "--out", str(tmp_path / "file")], checker, monkeypatch)
    assert e.value.code == 64


def test_a_post_over_the_limit_is_a_row_with_its_error(tmp_path: Path, checker: Checker) -> None:
    long = "word " * 5000  # 25,000 characters: over the pack's 20,000
    rows = list(audit([x_zip(tmp_path / "t.zip", tweet("104", long))], checker))
    assert [r.platform_id for r in rows] == ["101", "102", "103", "104"]
    last = rows[-1]
    assert last.result is None
    assert last.verdict == "not checked"
    assert last.error is not None
    assert "limit" in last.error
    assert rows[0].result is not None
    assert rows[0].verdict == "revise"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar_over_every_post(
    tmp_path: Path, checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pausecheck.report import progress

    seen: list[tuple[int, int]] = []

    class Recording(progress.BatchProgress):
        def __exit__(self, *exc: Any) -> None:
            seen.append((self.total, self.done))
            super().__exit__(*exc)

    monkeypatch.setattr(progress, "BatchProgress", Recording)
    monkeypatch.setattr("pausecheck.cli._checker", lambda args: checker)
    archives = [str(x_zip(tmp_path / "t.zip")), str(mastodon_zip(tmp_path / "m.zip"))]
    err = _Terminal()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert main(["audit", *archives, "--out", str(tmp_path / "out"), "--no-cache"]) == 2
    assert seen == [(6, 6)]  # the total read first, one step a post
    seen.clear()
    run_cli(["audit", *archives, "--out", str(tmp_path / "out2"), "--no-cache"], checker, monkeypatch)
    assert seen == []  # not a terminal: no bar
