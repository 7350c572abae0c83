"""No text leaves the machine: checking opens no socket, even for links, emails and images."""

from __future__ import annotations

from pathlib import Path

from pausecheck import Checker, Post, load_pack

IMAGE = Path(__file__).resolve().parents[1] / "examples" / "images" / "agency-photo.jpg"


def test_checking_opens_no_socket(network_attempts: list[object]) -> None:
    checker = Checker(load_pack())  # a fresh checker: loading must be offline too
    text = (
        "Email jane.doe@example.co.uk or see https://bit.ly/3xYz and www.leeds.gov.uk. "
        "Mr Green at 14 Oak Road LS12 3AB, call 07700 900123. Cllr Smith is a liar."
    )
    report = checker.check(Post(text, attachments=(str(IMAGE),)))
    assert report.findings
    assert network_attempts == []
