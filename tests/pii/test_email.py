"""E-mail addresses: our own pattern, the domain checked offline against the bundled suffix list."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from pii_helpers import found

from pausecheck.pii import PiiAnalyser
from pausecheck.pii.recognisers import email
from pausecheck.pii.recognisers.email import OfflineEmailRecognizer


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("Email jo.bloggs@example.co.uk.", ["jo.bloggs@example.co.uk"]),
        ("(a_b+bins@leeds.gov.uk)", ["a_b+bins@leeds.gov.uk"]),
        ("jo@xn--80ak6aa92e.com or siân@caerdydd.gov.wales", ["jo@xn--80ak6aa92e.com", "siân@caerdydd.gov.wales"]),
        ("mail O'Neill@example.org, today", ["O'Neill@example.org"]),
        # not addresses: a handle, no dot in the domain, a doubled dot, an unknown suffix
        ("thanks @LeedsCC and jo@localhost", []),
        ("jo..bloggs@example.com", []),
        ("see jo@example.notarealsuffix", []),
        ("a@b@example.com", []),
    ],
)
def test_addresses_found_whole_or_not_at_all(text, addresses):
    results = OfflineEmailRecognizer(context=["email"]).analyze(text, ["EMAIL_ADDRESS"])
    assert [text[r.start : r.end] for r in results] == addresses


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("jo@example.com", True),
        ("jo.bloggs@example.co.uk", True),
        ("j@b.org.uk", True),
        ("someone@leeds.gov.uk", True),
        ("jo@example.notarealsuffix", False),
    ],
)
def test_email_domain_checked_against_the_bundled_suffix_list(address, accepted):
    assert OfflineEmailRecognizer(context=["email"]).validate_result(address) is accepted


def test_no_socket_is_opened(nlp, monkeypatch, network_attempts):
    extractor = email._suffix_list()
    assert extractor.suffix_list_urls == ()
    # Forget any suffix list already read, so this test makes tldextract load it again.
    monkeypatch.setattr(extractor, "_extractor", None, raising=True)

    text = "Email jo.bloggs@example.co.uk or j@b.org.uk"
    hits = PiiAnalyser(nlp).analyse(text, nlp(text))
    assert found(hits, text) == [
        ("EMAIL_ADDRESS", "jo.bloggs@example.co.uk"),
        ("EMAIL_ADDRESS", "j@b.org.uk"),
    ]
    assert network_attempts == []


# Run in a fresh interpreter: nothing else in this test session may have touched tldextract.
_TLDEXTRACT_LEFT_ALONE = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network use")

    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.create_connection = socket.getaddrinfo = refuse

    import tldextract
    import tldextract.tldextract

    before = tldextract.tldextract.TLD_EXTRACTOR
    extract = tldextract.extract

    from pausecheck.pii import PiiAnalyser
    from pausecheck.text.nlp import load_pipeline

    def settings(extractor):
        return (
            extractor.suffix_list_urls,
            extractor.fallback_to_snapshot,
            extractor.include_psl_private_domains,
            extractor._cache.enabled,
            extractor._cache.cache_dir,
        )

    assert tldextract.tldextract.TLD_EXTRACTOR is before
    assert tldextract.extract is extract
    assert settings(before) == settings(tldextract.TLDExtract())

    nlp = load_pipeline()
    text = "Write to jo.bloggs@example.co.uk with the details"
    hits = PiiAnalyser(nlp).analyse(text, nlp(text))
    assert [(h.entity, text[h.start : h.end]) for h in hits] == [
        ("EMAIL_ADDRESS", "jo.bloggs@example.co.uk")
    ], hits
    assert "the domain has a known suffix" in hits[0].explanation
    # tldextract's own default extractor was never used, so it never read a suffix list.
    assert before._extractor is None
    print("ok")
    """
)


def test_importing_leaves_tldextract_alone_and_emails_are_found_offline():
    done = subprocess.run(
        [sys.executable, "-c", _TLDEXTRACT_LEFT_ALONE],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")


def test_tldextract_is_imported_for_the_first_address_not_with_the_analyser():
    code = textwrap.dedent(
        """
        import sys
        from pausecheck import Resources
        resources = Resources()
        text = "Ring Mrs Cerys Vaughan about her boiler"
        resources.pii().analyse(text, resources.nlp()(text))
        before = "tldextract" in sys.modules or "requests" in sys.modules
        text = "Write to cerys@example.co.uk about the boiler"
        hits = resources.pii().analyse(text, resources.nlp()(text))
        print(before, [text[h.start : h.end] for h in hits if h.entity == "EMAIL_ADDRESS"], "tldextract" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "False ['cerys@example.co.uk'] True"
