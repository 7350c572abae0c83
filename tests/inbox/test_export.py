"""``pausecheck evidence export``: the zip's manifest verifies with ``sha256sum -c``, the CSV and
JSON hold the messages verbatim, the JSON's entries re-compute the chain, the timeline escapes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pausecheck.cli import main
from pausecheck.store import Store, evidence

T0 = datetime(2026, 3, 11, 21, 30, tzinfo=UTC)
HOSTILE = 'You <script>alert("x")</script> & "friends" — I know where you live'


def _fill(url: str) -> None:
    store = Store(url)
    with store.sessions.begin() as s:
        evidence.append(s, kind="message", content=HOSTILE, platform="x", platform_id="1", sender="@troll",
                        url="https://x.com/troll/status/1", received_at=T0, at=T0,
                        data={"categories": ["threat_to_life_or_safety", "threat_of_violence"], "priority": "high"})
        evidence.append(s, kind="message", content="again\nand again", platform="facebook", sender="Troll Two",
                        received_at=T0 + timedelta(days=2), at=T0 + timedelta(days=2),
                        data={"categories": ["grossly_offensive"], "priority": "medium"})
        evidence.append(s, kind="action", action="reported_police", content="rang 101", reference="CR/1/26",
                        refers_to=1, at=T0 + timedelta(days=2, hours=1))
        evidence.merge_alias(s, alias=("facebook", "Troll Two"), into=("x", "@troll"), reason="same photo",
                             at=T0 + timedelta(days=3))
        evidence.append(s, kind="message", content="unrelated", platform="email", sender="someone@example.org",
                        received_at=T0, at=T0 + timedelta(days=3), data={"categories": []})
    store.close()


def _unzip(zip_path: Path, into: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(into)
        return {n: z.read(n) for n in z.namelist()}


def test_export_all_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    _fill(url)
    impact = tmp_path / "impact.txt"
    impact.write_text("I no longer hold surgeries alone.", encoding="utf-8")
    out = tmp_path / "pack.zip"
    assert main(["evidence", "export", "--all", "--out", str(out), "--database", url, "--impact", str(impact)]) == 0
    folder = tmp_path / "unzipped"
    files = _unzip(out, folder)
    assert files["impact-statement.txt"].decode() == "I no longer hold surgeries alone."
    sha256sum = shutil.which("sha256sum")
    assert sha256sum is not None
    ok = subprocess.run([sha256sum, "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    listed = {line.split("  ", 1)[1] for line in files["MANIFEST.sha256"].decode().splitlines()}
    assert listed == set(files) - {"MANIFEST.sha256"}
    (folder / "entries.csv").write_bytes(files["entries.csv"] + b"x")
    bad = subprocess.run([sha256sum, "-c", "MANIFEST.sha256"], cwd=folder, capture_output=True, text=True,
                         check=False)
    assert bad.returncode != 0
    assert "entries.csv: FAILED" in bad.stdout
    # CSV and JSON hold every entry verbatim; the JSON's entries re-compute the chain
    rows = list(csv.DictReader(io.StringIO(files["entries.csv"].decode())))
    assert [r["content"] for r in rows] == [HOSTILE, "again\nand again", "rang 101", "same photo", "unrelated"]
    data = json.loads(files["entries.json"])
    prev = "0" * 64
    for record in data["entries"]:
        fields = {k: v for k, v in record.items() if k != "entry_hash"}
        assert fields["prev"] == prev
        digest = hashlib.sha256(json.dumps(fields, sort_keys=True, separators=(",", ":"),
                                           ensure_ascii=False).encode()).hexdigest()
        assert digest == record["entry_hash"]
        prev = digest
    assert data["head"] == prev
    # one timeline per sender, aliases merged: @troll's holds both messages and the police report
    timelines = sorted(n for n in files if n.startswith("timeline-"))
    assert timelines == ["timeline-email-someone-example-org.html", "timeline-x-troll.html"]
    page = files["timeline-x-troll.html"].decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;friends&quot;" in page
    assert "again\nand again" in page
    assert "CR/1/26" in page
    assert "possible course of conduct" in page


def test_export_one_sender(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    _fill(url)
    out = tmp_path / "one.zip"
    assert main(["evidence", "export", "--sender", "facebook:Troll Two", "--out", str(out), "--database", url]) == 0
    files = _unzip(out, tmp_path / "one")
    data = json.loads(files["entries.json"])
    assert data["complete"] is False
    assert [e["seq"] for e in data["entries"]] == [1, 2, 3, 4]
    assert [n for n in files if n.startswith("timeline-")] == ["timeline-x-troll.html"]
    assert main(["evidence", "export", "--sender", "x:nobody", "--out", str(tmp_path / "n.zip"),
                 "--database", url]) == 65
