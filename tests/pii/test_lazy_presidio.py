"""Presidio imported with only the recognisers the analyser builds; the rest load when asked for.

Each test runs in a fresh interpreter: whether the stand-ins go in depends on what the process
imported before, which in a test session is everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

_UNUSED = (
    "presidio_analyzer.predefined_recognizers.generic.url_recognizer",
    "presidio_analyzer.predefined_recognizers.country_specific.us.us_ssn_recognizer",
    "presidio_analyzer.predefined_recognizers.country_specific.germany.de_kfz_recognizer",
    "presidio_analyzer.predefined_recognizers.ner.gliner_recognizer",
)


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_the_analyser_works_without_importing_recognisers_it_never_builds() -> None:
    out = _run(f"""
        import sys
        from pausecheck.pii import lazy_presidio as lazy
        from pausecheck import Resources
        resources = Resources()
        text = "Ring Mrs Cerys Vaughan on 07700 900123 about her boiler, NI number AB 12 34 56 C"
        hits = resources.pii().analyse(text, resources.nlp()(text))
        print(sorted({{h.entity for h in hits}}), [m in sys.modules for m in {_UNUSED!r}],
              [lazy.is_stand_in(sys.modules[p]) for p in lazy.LAZY_PACKAGES])
    """)
    assert out == "['PHONE_NUMBER', 'RESIDENT_NAME', 'UK_NINO'] [False, False, False, False] [True, True, True, True]"


def test_a_name_asked_for_imports_its_own_module_only() -> None:
    out = _run("""
        import sys
        import pausecheck.pii
        from presidio_analyzer.predefined_recognizers import UrlRecognizer, UsSsnRecognizer
        import presidio_analyzer
        found = UrlRecognizer().analyze("the plans are on www.leeds.gov.uk now", ["URL"])
        print(found[0].start, found[0].end, UrlRecognizer.__module__, UsSsnRecognizer.__name__,
              presidio_analyzer.predefined_recognizers.generic.UrlRecognizer is UrlRecognizer,
              "presidio_analyzer.predefined_recognizers.country_specific.germany.de_kfz_recognizer" in sys.modules)
    """)
    assert out == ("17 33 presidio_analyzer.predefined_recognizers.generic.url_recognizer UsSsnRecognizer True False")


def test_a_name_outside_the_map_runs_the_real_package() -> None:
    out = _run("""
        import pausecheck.pii
        from pausecheck.pii import lazy_presidio as lazy
        import presidio_analyzer.predefined_recognizers as package
        names = package.__all__
        print(len(names) > 100, all(hasattr(package, n) for n in names), lazy.is_stand_in(package),
              type(package.PREDEFINED_RECOGNIZERS).__name__)
        try:
            package.not_a_name
        except AttributeError as e:
            print(e)
    """)
    assert out.splitlines() == [
        "True True False list",
        "module 'presidio_analyzer.predefined_recognizers' has no attribute 'not_a_name'",
    ]


_DEFAULT_REGISTRY = """
    {before}
    from presidio_analyzer import RecognizerRegistry
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers()
    print(json.dumps(sorted(type(r).__module__ + "." + type(r).__name__ for r in registry.recognizers)))
"""


def test_presidios_default_registry_is_the_same_with_pausecheck_imported_first() -> None:
    alone = json.loads(_run(_DEFAULT_REGISTRY.format(before="import json")))
    after = json.loads(_run(_DEFAULT_REGISTRY.format(before="import json; import pausecheck.pii")))
    assert after == alone
    assert any(name.endswith("url_recognizer.UrlRecognizer") for name in after)


def test_nothing_is_replaced_once_presidio_is_imported() -> None:
    out = _run("""
        import sys
        import presidio_analyzer
        from pausecheck.pii import lazy_presidio as lazy
        print(lazy.install(), [lazy.is_stand_in(sys.modules[p]) for p in lazy.LAZY_PACKAGES])
    """)
    assert out == "False [False, False, False, False]"
