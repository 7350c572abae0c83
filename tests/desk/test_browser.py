"""The desk in a real browser: Debian's chromium, headless, driven by Playwright, against the
desk served by uvicorn on a loopback port with a temporary SQLite store.

Covers compose → check → highlighted spans (focusable, described) → re-check → the countdown →
copy; the history round trip and deletion; sign-in and role separation on the council's server;
the catalogue and practice; keyboard-only use; and an axe-core scan with no serious or critical
violation on every page (and on the audit's report.html, with a screenshot of its first screen).

Set PAUSECHECK_SCREENSHOTS to a folder to keep the main pages' screenshots there (the README's
come from ``PAUSECHECK_SCREENSHOTS=docs/screenshots``).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    TIMEOUT_MS,
    VIEWPORT,
    LiveDesk,
    Pages,
    assert_accessible,
    axe_violations,
    png_size,
)
from PIL import Image
from playwright.sync_api import Page, expect

from pausecheck import Checker
from pausecheck.desk import DeskConfig, create_app
from pausecheck.desk.security import hash_password
from pausecheck.store import accounts

DRAFT = "Cllr Smith is a liar and an idiot."
CLEAN = "Lovely afternoon at the Roundhay summer fete, thank you to all the volunteers."
PASSWORD = "correct horse battery staple"
SECRET = "Mrs Hollingworth-Zabriskie at 14 Acacia Road is a liar"
PAUSE = 6  # seconds of cooling-off on the test desks (the real default is 30)


def _desk(tmp: Path, checker: Checker, **config: Any) -> LiveDesk:
    return LiveDesk(create_app(DeskConfig(database=f"sqlite:///{tmp / 'desk.sqlite3'}", cooling_off_seconds=PAUSE,
                                          cooling_off_late_seconds=PAUSE, **config), checker=checker))


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, desk_checker: Checker) -> Iterator[LiveDesk]:
    with _desk(tmp_path_factory.mktemp("desk"), desk_checker) as live:
        yield live


@pytest.fixture(scope="module")
def council_desk(tmp_path_factory: pytest.TempPathFactory, desk_checker: Checker) -> Iterator[LiveDesk]:
    live = _desk(tmp_path_factory.mktemp("council"), desk_checker, mode="council")
    with live.app.state.store.sessions.begin() as s:
        for name, role in (("amy", "member"), ("ben", "member"), ("mo", "monitoring-officer")):
            accounts.create_user(s, name, hash_password(PASSWORD), role=role, actor="test")
    with live:
        yield live


SHOTS = os.environ.get("PAUSECHECK_SCREENSHOTS")


def screenshot(page: Page, tmp_path: Path, name: str) -> None:
    """A screenshot of the page's first screen, checked as a real image; kept in
    $PAUSECHECK_SCREENSHOTS when that is set."""
    data = page.screenshot(type="png")
    assert png_size(data) == (VIEWPORT["width"], VIEWPORT["height"])
    small = Image.open(io.BytesIO(data)).convert("RGB").quantize(colors=64)
    path = tmp_path / f"{name}.png"
    small.save(path, optimize=True)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)


def check_draft(page: Page, text: str, platform: str = "") -> None:
    page.goto("/")
    page.get_by_label("Your draft").fill(text)
    if platform:
        page.get_by_label("Platform").select_option(platform)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url(re.compile(r"/checks/\d+$"))


def test_apply_a_rewrite_and_check_it_again(desk: LiveDesk, pages: Pages) -> None:
    draft = "Spoke to Mrs Jones about her damp flat, call her on 07700 900123 if you can help."
    page = pages.new(desk.url)
    page.goto("/")
    page.get_by_label("Your draft").fill(draft)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url(re.compile(r"/checks/\d+$"))
    expect(page.locator("p.post mark", has_text="07700 900123")).to_have_count(1)
    finding = page.locator(".finding", has_text="phone number")
    finding.get_by_role("link", name=re.compile("Apply this rewrite")).click()
    box = page.get_by_label("Your draft")
    expect(box).to_have_value(re.compile(r"call her on \[contact details removed\] if you can help"))
    assert_accessible(page)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url(re.compile(r"/checks/\d+$"))
    expect(page.locator("p.post")).not_to_contain_text("07700 900123")
    expect(page.locator(".finding", has_text="phone number")).to_have_count(0)


def test_compose_check_highlights_recheck_countdown_copy(desk: LiveDesk, pages: Pages, tmp_path: Path) -> None:
    page = pages.new(desk.url)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a draft before you post it")
    assert_accessible(page)
    screenshot(page, tmp_path, "compose")

    page.get_by_label("Your draft").fill(DRAFT)
    page.get_by_label("Platform").select_option("x")
    expect(page.locator("#length")).to_contain_text(f"{len(DRAFT)} of 280 characters")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url(re.compile(r"/checks/\d+$"))
    expect(page.locator("#verdict")).to_contain_text("Do not publish")
    screenshot(page, tmp_path, "result")

    # Each flagged span is a focusable <mark> whose accessible description is its finding.
    marks = page.locator("p.post mark")
    expect(marks.first).to_be_visible()
    flagged = {m.evaluate("m => m.firstChild.textContent") for m in marks.all()}
    assert {"liar", "idiot"} <= flagged
    for mark in marks.all():
        mark.focus()
        expect(mark).to_be_focused()
        number = re.search(r"finding-(\d+)", mark.get_attribute("aria-describedby") or "")
        assert number, "a flagged span is not described by a finding"
        title = page.locator(f"#finding-{number.group(1)} h4").inner_text()
        expect(mark).to_have_accessible_description(re.compile(re.escape(title.split(". ", 1)[1][:20])))
        expect(mark).to_contain_text("flagged: finding")  # said in words, never colour alone
    # A finding links back to its span in the post.
    page.locator(".finding a[href^='#span-']").first.click()
    assert re.search(r"#span-\d+-\d+$", page.url)

    # The pause: "Copy / Ready to post" is locked while the countdown runs, then unlocks.
    ready = page.get_by_role("button", name="Copy / Ready to post")
    expect(page.locator("#pause-note")).to_contain_text("Pause for")
    expect(ready).to_be_disabled()
    assert_accessible(page)
    expect(ready).to_be_enabled(timeout=PAUSE * 1000 + TIMEOUT_MS)
    expect(page.locator("#pause-note")).to_have_text("You can copy the post now.")
    ready.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready to post")
    assert_accessible(page)
    page.get_by_role("button", name="Copy the post").click()
    expect(page.locator("#copy-status")).to_have_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == DRAFT

    # Re-check: back to the findings, edit the draft, check again.
    page.get_by_role("link", name="Back to the findings").click()
    page.get_by_role("link", name="Edit this draft and check it again").click()
    box = page.get_by_label("Your draft")
    expect(box).to_have_value(DRAFT)
    expect(page.get_by_label("Platform")).to_have_value("x")
    box.fill(CLEAN)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_url(re.compile(r"/checks/\d+$"))
    expect(page.locator("#verdict")).to_contain_text("Publish")
    expect(page.locator("p.post mark")).to_have_count(0)
    expect(page.locator("#pause-note")).to_have_count(0)
    expect(page.get_by_role("button", name="Copy / Ready to post")).to_be_enabled()


def test_hostile_text_is_inert_in_the_browser(desk: LiveDesk, pages: Pages) -> None:
    page = pages.new(desk.url)
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    payload = '<img src=x onerror=alert(1)><script>alert(2)</script> Cllr Smith is an idiot'
    check_draft(page, payload)
    expect(page.locator("p.post")).to_contain_text("<script>alert(2)</script>")
    assert page.locator("p.post img").count() == 0
    page.goto("/history")
    expect(page.locator("table")).to_contain_text("<img src=x")
    assert not fired


def test_history_round_trip_and_deletion(desk: LiveDesk, pages: Pages, tmp_path: Path) -> None:
    page = pages.new(desk.url)
    marker = "hedgehog-7f3a"
    check_draft(page, f"The {marker} group's chair is an idiot.")
    checked_url = page.url
    check_draft(page, f"Thanks to the {marker} volunteers for a great day.")
    page.goto("/history")
    page.get_by_label("Search your drafts").fill(marker)
    page.get_by_role("button", name="Search").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    assert_accessible(page)
    screenshot(page, tmp_path, "history")

    # Re-open: the stored check, with its text and verdict.
    page.get_by_role("link", name=re.compile("chair is an idiot")).click()
    assert page.url == checked_url
    expect(page.locator("p.post")).to_contain_text(f"The {marker} group's chair is an idiot.")

    # Delete one: it is gone from the list and from its address.
    page.goto(f"/history?q={marker}")
    page.locator("tbody tr", has_text="chair is an idiot").get_by_role("button", name=re.compile("^Delete")).click()
    page.wait_for_url(re.compile(r"/history$"))
    page.goto(f"/history?q={marker}")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).not_to_contain_text("chair is an idiot")
    response = page.goto(checked_url)
    assert response is not None
    assert response.status == 404

    # Forget everything: needs the box ticked, then nothing is left.
    page.goto("/history")
    page.get_by_label(re.compile("Delete every check")).check()
    page.get_by_role("button", name="Forget everything").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted")
    expect(page.locator("main")).to_contain_text("No checks yet.")
    assert_accessible(page)


def test_catalogue_and_practice(desk: LiveDesk, pages: Pages, checker: Checker, tmp_path: Path) -> None:
    page = pages.new(desk.url)
    page.goto("/rules")
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(len(checker.pack.rules))
    assert_accessible(page)
    screenshot(page, tmp_path, "rules")
    first = checker.pack.rules[0]
    page.get_by_role("link", name=first.code, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(first.title)
    expect(page.locator("main")).to_contain_text(first.why.split(".")[0])
    assert_accessible(page)

    page.goto("/practice")
    expect(page.get_by_role("heading", name="A councillor drafts this")).to_be_visible()
    before = page.locator("main > p").first.inner_text()
    answered = int(before.split(" of ")[0])
    assert_accessible(page)
    screenshot(page, tmp_path, "practice")
    page.get_by_label("Do not publish").check()
    page.get_by_label("Which clause").select_option(index=1)
    page.get_by_role("button", name="See the answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^(Right|Not quite)$"))
    expect(page.get_by_role("status")).to_contain_text("You chose “Do not publish”")
    expect(page.locator("main")).to_contain_text(f"{answered + 1} of ")
    assert_accessible(page)

    page.goto("/docs")
    expect(page.get_by_role("heading", level=1)).to_contain_text("JSON API")
    assert_accessible(page)
    page.goto("/checks/999999")
    expect(page.get_by_role("alert")).to_contain_text("no such check")
    assert_accessible(page)


def _tab_until(page: Page, found: Callable[[dict[str, str]], bool], limit: int = 60) -> list[dict[str, str]]:
    """Press Tab until the focused element matches (or ``limit`` presses); the elements passed."""
    seen: list[dict[str, str]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = page.evaluate("""() => { const e = document.activeElement;
            const s = getComputedStyle(e);
            return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').slice(0, 60),
                    outline: s.outlineStyle, shadow: s.boxShadow, inner: !e.matches(':focus')}; }""")
        seen.append(el)
        if found(el):
            return seen
    raise AssertionError(f"Tab never reached it; focus went through {seen}")


def test_keyboard_only(desk: LiveDesk, pages: Pages) -> None:
    page = pages.new(desk.url)
    page.goto("/")
    seen = _tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "Check")
    assert seen[0]["text"] == "Skip to the main content"
    order = [el["id"] for el in seen]
    assert order.index("text") < order.index("account") < order.index("platform") < len(order) - 1
    for el in seen:  # focus is always visible
        if el["inner"]:  # inside a control's own parts (the date picker's button): the browser's ring
            continue
        assert el["outline"] != "none" or el["shadow"] != "none", el

    # Type the draft and check it with the keyboard alone.
    page.goto("/")
    _tab_until(page, lambda el: el["id"] == "text")
    page.keyboard.type(DRAFT)
    _tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "Check")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/checks/\d+$"))

    # The flagged spans and then the findings come next in the Tab order.
    seen = _tab_until(page, lambda el: el["tag"] == "mark")
    assert seen[-1]["id"].startswith("span-")
    seen = _tab_until(page, lambda el: el["tag"] == "a" and el["text"].startswith("“"))
    page.keyboard.press("Enter")
    assert re.search(r"#span-\d+-\d+$", page.url)


def sign_in(page: Page, name: str) -> None:
    page.goto("/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/(oversight)?$"))


def test_council_sign_in_and_role_separation(council_desk: LiveDesk, pages: Pages, tmp_path: Path) -> None:
    amy = pages.new(council_desk.url)
    response = amy.goto("/")
    assert response is not None
    assert amy.url.endswith("/login")
    assert_accessible(amy)
    screenshot(amy, tmp_path, "login")
    cookies = {c["name"]: c for c in amy.context.cookies()}
    assert all(c["httpOnly"] and c["sameSite"] == "Strict" for c in cookies.values())
    sign_in(amy, "amy")
    assert_accessible(amy)
    check_draft(amy, SECRET)
    amys_check = amy.url
    expect(amy.locator("p.post")).to_contain_text("Hollingworth-Zabriskie")
    session = next(c for c in amy.context.cookies() if "session" in c["name"])
    assert session["httpOnly"]
    assert session["secure"]
    assert session["sameSite"] == "Strict"

    # Another member cannot open it, nor find it in their history.
    ben = pages.new(council_desk.url)
    sign_in(ben, "ben")
    response = ben.goto(amys_check)
    assert response is not None
    assert response.status == 404
    assert "Hollingworth" not in ben.content()
    ben.goto("/history?q=Hollingworth")
    expect(ben.locator("main")).to_contain_text("No check contains")
    assert "Acacia" not in ben.content()

    # The Monitoring Officer sees the oversight counts, never a draft.
    mo = pages.new(council_desk.url)
    sign_in(mo, "mo")
    assert mo.url.endswith("/oversight")
    expect(mo.get_by_role("heading", level=1)).to_contain_text("Oversight")
    expect(mo.get_by_role("navigation", name="Main").get_by_role("link", name="History")).to_have_count(0)
    assert_accessible(mo)
    screenshot(mo, tmp_path, "oversight")
    for url in (amys_check, "/history", "/?again=1", "/practice"):
        response = mo.goto(url)
        assert response is not None
        assert response.status == 403, url
        assert "Hollingworth" not in mo.content()
    mo.goto("/oversight")
    assert "Hollingworth" not in mo.content()

    # Signing out ends the session.
    amy.goto("/")
    amy.get_by_role("button", name=re.compile("^Sign out")).click()
    amy.wait_for_url(re.compile(r"/login$"))
    amy.goto(amys_check)
    assert amy.url.endswith("/login")


def test_audit_report_html(tmp_path: Path, checker: Checker, pages: Pages, monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "importers"))
    from archive_builders import ACCOUNT_JS, tweet, write_zip, ytd

    from pausecheck.cli import main

    tweets = [tweet("101", "Cllr Smith is an idiot", created_at="Sat Aug 12 16:10:37 +0000 2023"),
              tweet("102", "A lovely day at the park", created_at="Mon Aug 14 09:00:00 +0000 2023")]
    archive = write_zip(tmp_path / "twitter.zip", {"data/account.js": ACCOUNT_JS,
                                                   "data/tweets.js": ytd("tweets", 0, tweets)})
    monkeypatch.setattr("pausecheck.cli._checker", lambda args: checker)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["audit", str(archive), "--out", str(tmp_path / "out")]) in (0, 1, 2)
    report = tmp_path / "out" / "report.html"

    page = pages.new("http://127.0.0.1")
    page.goto(report.as_uri())
    expect(page.locator("body")).to_contain_text("Cllr Smith is an idiot")
    assert_accessible(page)
    data = page.screenshot(type="png")
    assert png_size(data) == (VIEWPORT["width"], VIEWPORT["height"])
    image = Image.open(io.BytesIO(data)).convert("L")
    low, high = image.getextrema()
    assert high - low > 100, "the screenshot is blank"
    dark = sum(image.histogram()[:128])
    assert dark > 500, "the screenshot shows almost no text"


def test_the_axe_scan_finds_what_it_should(desk: LiveDesk, pages: Pages) -> None:
    """The scan is live: a page with an unlabelled field, an image without alt text and grey on
    grey text has serious or critical violations, and assert_accessible says so."""
    page = pages.new(desk.url)
    page.goto("/")
    page.evaluate("""() => { const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<input id=bad><img src=/static/desk.css>');
        const faint = document.createElement('p');  // styled through the CSSOM, which the CSP allows
        faint.textContent = 'faint text';
        faint.style.color = '#bbb';
        faint.style.background = '#ccc';
        main.append(faint); }""")
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt", "color-contrast"} <= found
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_live_check_as_you_type(desk: LiveDesk, pages: Pages) -> None:
    page = pages.new(desk.url)
    page.goto("/")
    live = page.locator("#live")
    expect(live).to_be_empty()
    box = page.get_by_label("Your draft")
    box.press_sequentially("Cllr Smith is a liar", delay=20)
    expect(live).to_contain_text("Do not publish")
    expect(live).to_contain_text("“liar”")
    page.get_by_label("When you mean to post it").fill("2026-03-14T14:30")
    box.fill(CLEAN)
    expect(live).to_contain_text("no problems found so far")
    expect(live).to_contain_text("Publish")
    assert_accessible(page)
    page.get_by_label("Platform").select_option("x")
    box.fill("a" * 281)
    expect(page.locator("#length")).to_contain_text("281 of 280 characters: too long for this platform")
