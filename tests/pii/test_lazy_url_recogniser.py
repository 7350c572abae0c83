"""Presidio imported without its URL recogniser's regexes, which still work when asked for.

Each test runs in a fresh interpreter: whether the stand-in goes in depends on what the process
imported before, which in a test session is everything.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_pii_leaves_the_url_recogniser_unbuilt_and_the_analyser_working() -> None:
    out = _run("""
        import sys
        from pausecheck.pii import lazy_url_recogniser as lazy
        from pausecheck import Resources
        resources = Resources()
        text = "Ring Mrs Cerys Vaughan on 07700 900123 about her boiler"
        hits = resources.pii().analyse(text, resources.nlp()(text))
        print(lazy.is_stand_in(sys.modules[lazy.MODULE]), sorted({h.entity for h in hits}))
    """)
    assert out == "True ['PHONE_NUMBER', 'RESIDENT_NAME']"


def test_asking_for_the_url_recogniser_builds_presidios_own() -> None:
    out = _run("""
        import sys
        import pausecheck.pii
        from pausecheck.pii import lazy_url_recogniser as lazy
        from presidio_analyzer.predefined_recognizers import UrlRecognizer
        found = UrlRecognizer().analyze("the plans are on www.leeds.gov.uk now", ["URL"])
        real = sys.modules[lazy.MODULE]
        print(type(found[0]).__name__, found[0].start, found[0].end, lazy.is_stand_in(real),
              real.UrlRecognizer.__module__ == lazy.MODULE, real.PatternRecognizer.__name__)
    """)
    assert out == "RecognizerResult 17 33 False True PatternRecognizer"


def test_other_names_of_the_module_are_read_from_the_real_one() -> None:
    out = _run("""
        import sys
        import pausecheck.pii
        from pausecheck.pii import lazy_url_recogniser as lazy
        stand_in = sys.modules[lazy.MODULE]
        print(stand_in.PatternRecognizer.__name__, lazy.is_stand_in(sys.modules[lazy.MODULE]))
    """)
    assert out == "PatternRecognizer False"


def test_nothing_is_replaced_once_presidio_is_imported() -> None:
    out = _run("""
        import sys
        import presidio_analyzer
        from pausecheck.pii import lazy_url_recogniser as lazy
        print(lazy.install(), lazy.is_stand_in(sys.modules[lazy.MODULE]))
    """)
    assert out == "False False"
