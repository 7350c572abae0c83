"""The inbox in a real browser (the fixtures and helpers of test_browser.py): paste a threat and
see the 999 banner as an alert, paste an insult, go to the moderation queue and remove it; the
axe scan finds no serious or critical violation on the inbox, the queue, the sender log and the
export page, whose form downloads the evidence pack."""

from __future__ import annotations

import json
import re
import zipfile

from browser_support import LiveDesk, Pages, assert_accessible
from playwright.sync_api import Page, expect
from test_browser import desk  # noqa: F401  (the fixture)

THREAT = "I know where you live and I'm coming for you tonight"
INSULT = "<img src=x onerror=alert(1)> you are a lying idiot"


def add(page: Page, sender: str, text: str) -> None:
    page.goto("/inbox")
    page.get_by_label("Sender's handle or name").fill(sender)
    page.get_by_label("The message, exactly as written").fill(text)
    page.get_by_role("button", name="Add to my evidence log").click()
    page.wait_for_url(re.compile(r"/inbox\?added="))


def test_inbox_threat_banner_then_queue_and_remove(desk: LiveDesk, pages: Pages) -> None:  # noqa: F811
    page = pages.new(desk.url)
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    add(page, "@critic", "Your vote on the library closure was a disgrace")
    expect(page.get_by_role("alert")).to_have_count(0)
    add(page, "@angry1", THREAT)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("If you or anyone is in immediate danger, call 999.")
    assert alert.get_by_role("button").count() == 0
    assert_accessible(page)
    add(page, "@troll", INSULT)
    expect(page.locator("table")).to_contain_text("<img src=x onerror=alert(1)>")
    page.get_by_role("link", name="The moderation queue").click()
    page.wait_for_url(re.compile(r"/inbox/queue$"))
    assert_accessible(page)
    item = page.locator(".queue > li").filter(has_text="lying idiot")
    item.get_by_role("button", name=re.compile(r"^Removed")).click()
    page.wait_for_url(re.compile(r"/inbox/queue$"))
    expect(page.locator(".queue")).not_to_contain_text("lying idiot")
    page.goto("/inbox/queue?done=1")
    expect(page.locator(".queue > li").filter(has_text="lying idiot")).to_contain_text("State: removed")
    page.goto("/inbox")
    expect(page.get_by_role("alert")).to_contain_text("call 999")  # still there: never dismissed
    page.get_by_role("link", name="@angry1").click()
    expect(page.locator("h1")).to_contain_text("angry1")
    assert_accessible(page)
    assert not fired


def test_export_page_downloads_the_pack(desk: LiveDesk, pages: Pages) -> None:  # noqa: F811
    page = pages.new(desk.url)
    add(page, "@export1", "Watch your back at the count")  # the desk is shared: a sender of its own
    page.get_by_role("link", name="Export evidence").click()
    page.wait_for_url(re.compile(r"/inbox/export$"))
    expect(page.locator("h1")).to_have_text("Export an evidence pack")
    assert_accessible(page)
    page.get_by_label("Whose messages").select_option("x:export1")
    page.get_by_label("Your impact statement").fill("I no longer canvass alone.")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the evidence pack").click()
    download = info.value
    assert re.fullmatch(r"evidence-pack-\d{8}-\d{6}\.zip", download.suggested_filename)
    with zipfile.ZipFile(download.path()) as z:
        files = {n: z.read(n) for n in z.namelist()}
    assert files["report.pdf"].startswith(b"%PDF-")
    assert files["impact-statement.txt"] == b"I no longer canvass alone."
    assert [e["content"] for e in json.loads(files["entries.json"])["entries"]] == ["Watch your back at the count"]
