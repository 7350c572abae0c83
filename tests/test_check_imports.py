"""``pausecheck check`` loads what a check needs and none of the rooms above the engine.

Every import costs start-up time (benchmarks/latency.py, cold start). The desk's web app, the
store's database layer, the audit's Dask runner, the evidence PDF's renderer and Pillow (for a
post with no image) are never needed to check a draft; only the light modules that give the
command-line parser the desk's and the inbox's options may be loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: Third-party packages a plain check must not import.
HEAVY = ("sqlalchemy", "alembic", "psycopg", "fastapi", "starlette", "uvicorn", "argon2", "dask", "distributed",
         "weasyprint", "playwright", "PIL")
#: The desk, store and inbox modules the parser reads (their options and defaults; no SQLAlchemy).
PARSER_ONLY = {"pausecheck.desk", "pausecheck.desk.cli", "pausecheck.store", "pausecheck.store.defaults",
               "pausecheck.inbox", "pausecheck.inbox.cli"}
ROOMS = ("pausecheck.desk", "pausecheck.store", "pausecheck.inbox", "pausecheck.audit", "pausecheck.importers")

_SCRIPT = """
import json, sys
from pausecheck.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""


def _modules_after(tmp_path: Path, *args: str) -> tuple[int, str, set[str]]:
    out = tmp_path / "modules.json"
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, str(out), *args], capture_output=True, text=True,
                          timeout=300, check=False)
    assert out.is_file(), proc.stderr
    data = json.loads(out.read_text("utf-8"))
    return data["code"], proc.stdout, set(data["modules"])


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def test_check_loads_no_web_app_database_cluster_or_pdf_renderer(tmp_path: Path) -> None:
    code, out, modules = _modules_after(tmp_path, "check", "Cllr Smith is a disgrace", "--at", "2026-03-10T12:00",
                                        "--format", "json")
    assert code == 1
    assert json.loads(out)["verdict"] == "revise"  # a real check ran (spaCy, Presidio, the models)
    assert {"spacy", "presidio_analyzer", "onnxruntime"} <= {_top(m) for m in modules}
    assert sorted(m for m in modules if _top(m) in HEAVY) == []
    assert sorted(m for m in modules if m.startswith(ROOMS) and m not in PARSER_ONLY) == []


def test_an_attached_image_is_what_loads_pillow(tmp_path: Path) -> None:
    from PIL import Image

    image = tmp_path / "photo.png"
    Image.new("RGB", (8, 8), "white").save(image)
    code, _out, modules = _modules_after(tmp_path, "check", "Thanks to everyone who came", "--image", str(image),
                                         "--at", "2026-03-10T12:00", "--format", "json")
    assert code == 0
    assert "PIL" in modules
