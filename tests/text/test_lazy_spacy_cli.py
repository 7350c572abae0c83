"""spaCy imported without its command line, which is spaCy's own the moment anything asks for it.

Each test runs in a fresh interpreter: whether the stand-in goes in depends on what the process
imported before, which in a test session is everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def _run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_check_never_imports_spacys_command_line() -> None:
    out = _run("""
        import json, sys
        from pausecheck import Checker
        report = Checker().check("Ring Mrs Cerys Vaughan on 07700 900123 about her boiler")
        print(json.dumps({"verdict": report.verdict.value,
                          "loaded": sorted(m for m in ("spacy.cli", "spacy.cli.info", "typer", "weasel")
                                           if m in sys.modules)}))
    """)
    assert out == {"verdict": "do-not-publish", "loaded": []}


def test_reading_spacy_cli_imports_the_real_package() -> None:
    out = _run("""
        import json, sys
        from pausecheck.text.nlp import import_spacy
        import_spacy()
        import spacy
        before = "spacy.cli" in sys.modules
        download = spacy.cli.download
        print(json.dumps({"before": before, "callable": callable(download),
                          "real": spacy.cli is sys.modules["spacy.cli"],
                          "file": sys.modules["spacy.cli"].__file__.endswith("__init__.py")}))
    """)
    assert out == {"before": False, "callable": True, "real": True, "file": True}


def test_importing_a_submodule_first_is_an_ordinary_import() -> None:
    # The case a stand-in left in sys.modules gets wrong: the submodule would be executed a
    # second time and bound over the function the real package exports under the same name.
    out = _run("""
        import json
        from pausecheck.text.nlp import import_spacy
        import_spacy()
        import spacy.cli.download
        from spacy.cli import info as cli_info
        print(json.dumps({"download": callable(spacy.cli.download), "info": callable(cli_info)}))
    """)
    assert out == {"download": True, "info": True}


def test_spacy_info_still_answers() -> None:
    out = _run("""
        import json
        from pausecheck.text.nlp import import_spacy
        import_spacy()
        import spacy
        data = spacy.info(silent=True)
        print(json.dumps({"keys": "pipelines" in data and "platform" in data}))
    """)
    assert out == {"keys": True}


def test_nothing_is_replaced_when_spacy_is_already_imported() -> None:
    out = _run("""
        import json, sys
        import spacy
        from pausecheck.text import lazy_spacy_cli
        from pausecheck.text.nlp import import_spacy
        installed = lazy_spacy_cli.install()
        import_spacy()
        print(json.dumps({"installed": installed, "cli": "spacy.cli" in sys.modules,
                          "getattr": "__getattr__" in vars(spacy)}))
    """)
    assert out == {"installed": False, "cli": True, "getattr": False}


def test_unknown_names_on_spacy_are_still_errors() -> None:
    out = _run("""
        import json
        from pausecheck.text.nlp import import_spacy
        import_spacy()
        import spacy
        try:
            spacy.no_such_name
        except AttributeError as e:
            print(json.dumps({"error": str(e)}))
    """)
    assert out == {"error": "module 'spacy' has no attribute 'no_such_name'"}
