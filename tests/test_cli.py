"""The command line: exit codes, formats, batch input and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pausecheck.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Thanks to everyone who came to the ward surgery today", 0),
        ("Cllr Smith is an idiot", 1),
        ("The council leader is corrupt", 2),
    ],
)
def test_exit_code_follows_the_verdict(capsys: pytest.CaptureFixture[str], text: str, code: int) -> None:
    assert run(capsys, "check", text)[0] == code


def test_json_report_is_versioned(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "Cllr Smith is an idiot")
    report = json.loads(out)
    assert report["schema"] == "pausecheck.report/3"
    assert report["verdict"] == "revise"
    f = report["findings"][0]
    assert {"code", "name", "category", "severity", "start", "end", "match", "message", "advice", "suggestion",
            "clause", "detector", "score", "explanation"} <= set(f)
    assert report["post"]["text"][f["start"]:f["end"]] == f["match"] == "idiot"


def test_sarif_maps_severities(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--format", "sarif", "The council leader is corrupt. Cllr Smith is an idiot")
    sarif = json.loads(out)
    levels = {r["ruleId"]: r["level"] for r in sarif["runs"][0]["results"]}
    assert levels["SMG-DEF-001"] == "error" and levels["SMG-ABU-001"] == "warning"
    assert sarif["version"] == "2.1.0"


def test_jsonl_batch_keeps_every_record(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Lovely day at the gala"}),
        "{not json",
        json.dumps({"id": "c", "text": "Cllr Smith is an idiot", "account": "personal"}),
        json.dumps({"id": "d", "text": "   "}),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "check", "--jsonl", str(f), "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a", "line-2", "c", "d"]
    assert records[0]["verdict"] == "publish" and records[2]["verdict"] == "revise"
    assert "not valid JSON" in records[1]["error"] and "empty" in records[3]["error"]
    # Some records were checked: the exit code is the worst verdict (revise), and stderr counts
    # the records that could not be checked.
    assert code == 1 and "line-2" in err and "2 of 4 records could not be checked" in err


def test_reads_a_file_and_stdin(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "draft.txt"
    f.write_text("\ufeffCllr Smith is an idiot", encoding="utf-8")
    assert run(capsys, "check", "-f", str(f))[0] == 1

    class _Stdin:
        buffer = __import__("io").BytesIO(b"Lovely day at the gala")

    monkeypatch.setattr("sys.stdin", _Stdin)
    assert run(capsys, "check", "-")[0] == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"a" * 30_000, "limit"),
    ],
)
def test_bad_files_get_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, words: str) -> None:
    f = tmp_path / "draft.txt"
    f.write_bytes(content)
    code, out, err = run(capsys, "check", "-f", str(f))
    assert code == 65
    assert words in err and out == ""


def test_unreadable_image_is_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    img = tmp_path / "photo.jpg"
    img.write_text("not an image")
    code, _, err = run(capsys, "check", "Lovely day", "--image", str(img))
    assert code == 65 and "photo.jpg" in err


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "text", "-f", "file.txt"),
        ("check", "text", "--at", "yesterday"),
        ("check", "text", "--account", "mayor"),
        ("check", "text", "--preview", "--model", "no-such-model"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_64(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    assert run(capsys, *args)[0] == 64


def test_check_with_a_named_model(capsys: pytest.CaptureFixture[str]) -> None:
    # No word-list insult here, so the learned rules' findings are the ones reported: the
    # personal-attack rule reads the named model, the put-down rule the model it names itself.
    code, out, _ = run(capsys, "check", "--model", "linear-v1", "--format", "json",
                       "The leader is a smug, self-serving hypocrite")
    report = json.loads(out)
    found = {f["code"]: f for f in report["findings"]}
    assert code == 1 and set(found) == {"SMG-ABU-005", "SMG-ABU-009"}
    # At linear-v1's precise threshold (0.52; the default model's is 0.66).
    assert "p=" in found["SMG-ABU-005"]["explanation"]
    assert "(threshold 0.52)" in found["SMG-ABU-005"]["explanation"]


def test_missing_file_is_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", "-f", str(tmp_path / "nope.txt"))
    assert code == 65 and "no such file" in err


def test_rules_and_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "Don't 4" in out and "SMG-ABU-001" in out
    code, out, _ = run(capsys, "rule", "personal-insult", "--format", "markdown")
    assert code == 0 and out.startswith("# SMG-ABU-001")
    code, out, _ = run(capsys, "rule", "personal-insult")  # laid out for the terminal: no Markdown marks
    assert code == 0 and "SMG-ABU-001 personal-insult" in out and "# SMG" not in out
    assert run(capsys, "rule", "no-such-rule")[0] == 64


def test_text_output_shows_markup_literally(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "[bold red]Cllr Smith[/] is an idiot \x1b[31m")
    assert "[bold red]" in out and "\x1b[31m" not in out


def test_late_night_time_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--format", "json", "--at", "2026-03-14T23:50:00+00:00", "Off to bed after a long day")
    assert any(f["category"] == "haste" for f in json.loads(out)["findings"])


def test_batch_with_bad_lines_keeps_every_record_in_every_format(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Lovely day at the gala"}),
        json.dumps({"id": "b", "text": "x", "images": None}),
        json.dumps({"id": "c", "text": "line\u2028separator inside a string", "in_meeting": "false"}, ensure_ascii=False),
        json.dumps({"id": "d", "text": "Cllr Smith is an idiot"}),
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "check", "--jsonl", str(f), "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c", "d"]
    assert "images" in records[1]["error"] and "in_meeting" in records[2]["error"]
    assert code == 1 and "2 of 4 records could not be checked" in err
    code, out, err = run(capsys, "check", "--jsonl", str(f), "--format", "sarif")
    sarif = json.loads(out)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == ["b", "c"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]} == {"d"}
    code, out, err = run(capsys, "check", "--jsonl", str(f), "--format", "text")
    assert code == 1 and "b:" in err and "c:" in err and out.count("Cllr Smith") >= 1


def test_a_batch_with_no_good_record_exits_65(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text('{"text": 5}\n{not json\n', encoding="utf-8")
    assert run(capsys, "check", "--jsonl", str(f), "--format", "json")[0] == 65


def test_score_handles_broken_unicode_and_isolates_bad_records(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    code, out, _ = run(capsys, "score", "you idiot \udc80")
    assert code == 0 and set(json.loads(out)["scores"]) >= {"insult", "threat"}
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": 1, "text": "hello"}\n{"id": 2, "text": null}\n{"id": 3, "text": "bye"}\n', encoding="utf-8")
    code, out, err = run(capsys, "score", "--jsonl", str(f))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"] and "error" in rows[1] and "scores" in rows[2]
    assert code == 65 and "2" in err


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "text": f"Lovely day at the gala {i}"}) for i in range(200)),
                 encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pausecheck", "check", "--jsonl", str(f), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line, as `| head -1` does
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_fix_prints_the_rewritten_post_and_exits_with_its_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    text = "What the f*ck is this. Her number is 07700 900412. Cllr Smith is an idiot"
    code = main(["check", "--fix", text, "--at", "2026-03-10T12:00"])
    out, err = capsys.readouterr()
    assert out == "What is this. Her number is [contact details removed]. Cllr Smith is an idiot\n"
    assert code == 1 and "SMG-PII-001" in err  # the insult (a review fix) is left: revise
    code = main(["check", "--fix", "--unsafe-fixes", text, "--at", "2026-03-10T12:00", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["verdict"] == "publish" and data["findings"] == []
    assert data["text"].endswith("I strongly disagree with Cllr Smith's decision on this.")


def test_unsafe_fixes_needs_fix() -> None:
    with pytest.raises(SystemExit) as e:
        main(["check", "--unsafe-fixes", "text"])
    assert e.value.code == 64


def test_check_json_carries_rechecked_replacements(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "Call Mrs Jones on 07700 900123 about the bins", "--format", "json", "--at", "2026-03-10T12:00"])
    data = json.loads(capsys.readouterr().out)
    pii = next(f for f in data["findings"] if f["code"] == "SMG-PII-001")
    r = pii["replacement"]
    assert r["applicability"] == "safe" and "07700" not in r["text"]
    assert data["post"]["text"][r["edits"][0]["start"]:r["edits"][0]["end"]] == "07700 900123"
