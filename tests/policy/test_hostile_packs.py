"""Hostile packs are refused quickly, in bounded memory, with a PackError that names the file.

A pack folder comes from a council, and the desk loads packs all day, so each attack the loader
was once open to has a test here: an alias bomb, deep nesting, /dev/zero, a FIFO, links out of
the pack, oversized files and too many of them. Each test copies the bundled pack and adds one
hostile file. The time and memory bounds are guards (a regression shows as a hang or a blow-up),
not benchmarks: a refusal takes milliseconds.
"""

from __future__ import annotations

import os
import shutil
import stat
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from pausecheck import PackError, load_pack
from pausecheck.cli import main
from pausecheck.policy import loader
from pausecheck.policy.loader import PACKS_DIR

from pack_fixtures import RULE  # a rule that loads, for hostile variants of a valid file


# "Billion laughs": nine levels of nine aliases each, about 1 KB, 9**9 (387 million) strings
# once expanded. Before the alias bound it grew past 3 GB in a minute.
ALIAS_BOMB = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" for i in range(1, 10)
)
DEPTH = 20_000
FIVE_SECONDS = 5.0  # how long a hung load is given before the test gives up on it


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "leeds-2019", pack)
    return pack


#: A bound that catches a hang or a blow-up (an alias bomb, a FIFO read), not a speed: a pack
#: loads in about 0.1 s warm, and 1 s was once passed under a busy CI machine (1.16 s).
REFUSED_WITHIN = 5.0


def refused(dest: Path, *, memory: bool = False) -> PackError:
    """Load ``dest``, expecting a PackError within ``REFUSED_WITHIN`` (and under 50 MB if ``memory``)."""
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(PackError) as err:
            load_pack(dest)
        elapsed = time.perf_counter() - start
        if memory:
            peak = tracemalloc.get_traced_memory()[1]
            assert peak < 50 * 2**20, f"peak memory {peak / 2**20:.0f} MB"
    finally:
        if memory:
            tracemalloc.stop()
    assert elapsed < REFUSED_WITHIN, f"took {elapsed:.2f} s"
    return err.value


def refused_in_thread(dest: Path, blocker: Path) -> PackError:
    """As :func:`refused`, with the load in a thread: a FIFO that blocked it must fail the test,
    not hang it. ``blocker`` is opened for writing afterwards to release a reader stuck on it."""
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            load_pack(dest)
        except BaseException as e:  # handed to the test thread
            outcome.append(e)
        else:
            outcome.append(None)

    start = time.perf_counter()
    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(FIVE_SECONDS)
    elapsed = time.perf_counter() - start
    if thread.is_alive():
        # Unblock the reader (a writer end lets its open() return) so the thread can finish.
        fd = os.open(blocker, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(FIVE_SECONDS)
        pytest.fail(f"loading a pack with a FIFO at {blocker.name} blocked")
    assert len(outcome) == 1
    assert isinstance(outcome[0], PackError), outcome
    assert elapsed < REFUSED_WITHIN, f"took {elapsed:.2f} s"
    return outcome[0]


def symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except OSError as e:  # e.g. Windows without the privilege
        pytest.skip(f"cannot make a symbolic link here: {e}")


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this platform")


def rule_file(dest: Path) -> Path:
    # Sorts first in rules/, so it is the first rule read.
    return dest / "rules" / "aaa-hostile.yaml"


# --- YAML --------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["pack.yaml", "rule"])
def test_an_alias_bomb_is_refused_before_it_expands(dest: Path, where: str) -> None:
    if where == "pack.yaml":
        target = dest / "pack.yaml"
        target.write_text(target.read_text("utf-8") + ALIAS_BOMB, encoding="utf-8")
    else:
        target = rule_file(dest)
        target.write_text(RULE + ALIAS_BOMB, encoding="utf-8")
    assert len(ALIAS_BOMB) < 1200
    err = refused(dest, memory=True)
    assert err.file == str(target)
    assert "aliases expand this file by more than 10,000 nodes" in err.detail, err.detail
    assert err.line is not None
    assert err.line > 1


def test_the_bundled_packs_own_aliases_still_load() -> None:
    # defamation-insinuation.yaml shares its modifiers with &proper-channels / *proper-channels.
    pack = load_pack("leeds-2019")
    shared = [f for f in pack.rule_files.values() if f.name == "defamation-insinuation.yaml"]
    assert shared
    assert "*proper-channels" in shared[0].read_text("utf-8")


def test_an_alias_to_a_block_that_contains_it_is_refused(dest: Path) -> None:
    target = rule_file(dest)
    target.write_text(RULE.replace("    terms: [nincompoop]", "    terms: &loop [nincompoop, *loop]"), encoding="utf-8")
    err = refused(dest)
    assert err.file == str(target)
    assert err.line == 9
    assert "refers to a block that contains it" in err.detail


def _deep(kind: str) -> str:
    if kind == "flow list":
        return "[" * DEPTH + "]" * DEPTH
    if kind == "flow mapping":
        return "{a: " * DEPTH + "1" + "}" * DEPTH
    return "- " * DEPTH + "x"  # a block list: "- - - - x"


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The loader as shipped (libyaml's parser), and with PyYAML's pure-Python parser, which is
    what it uses where PyYAML was built without libyaml (and which has no depth limit of its own)."""
    if request.param == "python":
        monkeypatch.setattr(loader, "_LineLoader", loader._PythonLineLoader)
    return str(request.param)


@pytest.mark.parametrize("kind", ["flow list", "flow mapping", "block list"])
@pytest.mark.parametrize("where", ["pack.yaml", "rule"])
def test_deep_nesting_is_refused_without_recursion_error(dest: Path, kind: str, where: str, parser: str) -> None:
    if where == "pack.yaml":
        target = dest / "pack.yaml"
        text = target.read_text("utf-8")
    else:
        target = rule_file(dest)
        text = RULE
    lines = text.count("\n")
    target.write_text(text + "deep:\n  " + _deep(kind) + "\n", encoding="utf-8")
    err = refused(dest, memory=True)
    assert err.file == str(target)
    assert "nested deeper than 64 levels" in err.detail, err.detail
    assert err.line == lines + 2


def test_nesting_through_an_alias_counts(dest: Path) -> None:
    target = rule_file(dest)
    block = "[" * 40 + "]" * 40
    target.write_text(RULE + f"deep: &d {block}\ndeeper: {'[' * 30}*d{']' * 30}\n", encoding="utf-8")
    err = refused(dest)
    assert err.file == str(target)
    assert err.line == 17
    assert "nested deeper than 64 levels (through *d)" in err.detail


def test_a_pattern_nested_thousands_of_groups_deep_is_a_pack_error(dest: Path) -> None:
    # The regex parser recurses once per group: a RecursionError must not escape the loader.
    target = rule_file(dest)
    pattern = "(" * DEPTH + "x" + ")" * DEPTH
    target.write_text(
        RULE.replace("  - kind: lexicon\n    terms: [nincompoop]",
                     f"  - kind: pattern\n    patterns: [{{name: p, regex: '{pattern}'}}]"),
        encoding="utf-8",
    )
    err = refused(dest)
    assert err.file == str(target)
    assert "nested too deeply" in err.detail


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("severity: revise", "severity: {[a]: 1}", "mapping key must be a plain value"),
        ("severity: revise", "severity: 0x_", "a value cannot be read"),
        ("severity: revise", "severity: !!timestamp soon", "a value cannot be read"),
        ("severity: revise", "severity: !!map [a]", "expected a mapping"),
    ],
)
def test_values_pyyaml_cannot_build_are_pack_errors(dest: Path, old: str, new: str, words: str) -> None:
    # Each of these once escaped the loader as a bare TypeError, ValueError or AttributeError.
    target = rule_file(dest)
    target.write_text(RULE.replace(old, new), encoding="utf-8")
    err = refused(dest)
    assert err.file == str(target)
    assert err.line == 4
    assert words in err.detail, err.detail


# --- Files that are not plain files -------------------------------------------------------------


@needs_dev_zero
@pytest.mark.parametrize("name", ["rules/aaa-hostile.yaml", "vocab/zero.txt", "pack.yaml"])
def test_a_link_to_dev_zero_is_refused_unread(dest: Path, name: str) -> None:
    link = dest / name
    link.unlink(missing_ok=True)
    symlink(link, Path("/dev/zero"))
    err = refused(dest, memory=True)
    assert err.file == str(link)
    assert "symbolic link to a path outside the pack folder" in err.detail


@needs_fifo
@pytest.mark.parametrize("name", ["rules/aaa-hostile.yaml", "vocab/pipe.txt", "pack.yaml"])
def test_a_fifo_is_refused_without_blocking(dest: Path, name: str) -> None:
    fifo = dest / name
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    err = refused_in_thread(dest, fifo)
    assert err.file == str(fifo)
    assert "not a regular file (a named pipe)" in err.detail


def test_a_folder_named_like_a_rule_is_refused(dest: Path) -> None:
    folder = dest / "rules" / "aaa-hostile.yaml"
    folder.mkdir()
    err = refused(dest)
    assert err.file == str(folder)
    assert "not a regular file (a folder)" in err.detail


@needs_fifo
def test_a_file_swapped_for_a_fifo_after_the_check_cannot_block(
    dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # lstat says "regular file" (the check passes), but by the open it is a FIFO: O_NONBLOCK
    # keeps the open from waiting for a writer, and fstat refuses it.
    fifo = rule_file(dest)
    os.mkfifo(fifo)
    real_lstat = os.lstat

    def lstat_as_regular(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        st = real_lstat(path)
        if Path(path) == fifo:
            return os.stat_result((stat.S_IFREG | 0o644, *tuple(st)[1:]))
        return st

    monkeypatch.setattr(os, "lstat", lstat_as_regular)
    err = refused_in_thread(dest, fifo)
    assert err.file == str(fifo)
    assert "named pipe" in err.detail


# --- Links ---------------------------------------------------------------------------------------


def test_a_rule_linked_from_outside_the_pack_is_refused(dest: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(RULE, encoding="utf-8")  # a valid rule: the link, not the content, is wrong
    link = rule_file(dest)
    symlink(link, outside)
    err = refused(dest)
    assert err.file == str(link)
    assert "symbolic link to a path outside the pack folder" in err.detail


def test_a_link_inside_the_pack_is_refused_too(dest: Path) -> None:
    # The documented choice: a pack holds plain files, so even a link that stays inside it is
    # refused (the O_NOFOLLOW open enforces that without a race). The message says to copy.
    link = rule_file(dest)
    symlink(link, dest / "rules" / "slur.yaml")
    err = refused(dest)
    assert err.file == str(link)
    assert "is a symbolic link; a pack holds plain files only" in err.detail


@pytest.mark.parametrize("where", ["rules/outside", "rules", "vocab"])
def test_a_linked_folder_that_leaves_the_pack_is_refused(dest: Path, tmp_path: Path, where: str) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(dest / where if (dest / where).is_dir() else dest / "rules", outside)
    link = dest / where
    if link.exists():
        shutil.rmtree(link)
    symlink(link, outside)
    err = refused(dest)
    assert err.file == str(link)
    assert "symbolic link to a path outside the pack folder" in err.detail


def test_the_pack_folder_itself_may_be_reached_through_a_link(dest: Path, tmp_path: Path) -> None:
    current = tmp_path / "current"
    symlink(current, dest)
    assert load_pack(current).id == "leeds-2019"


# --- Sizes and counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2 * 2**20 + 1, 2**30])
@pytest.mark.parametrize("name", ["rules/aaa-hostile.yaml", "vocab/big.txt", "pack.yaml"])
def test_a_file_over_2_mb_is_refused_unread(dest: Path, name: str, size: int) -> None:
    big = dest / name
    with big.open("wb") as f:
        f.truncate(size)  # sparse: zeros that take no disk
    tracemalloc.start()
    try:
        err = refused(dest)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.file == str(big)
    assert "larger than 2 MB" in err.detail
    assert peak < 16 * 2**20, f"peak memory {peak / 2**20:.0f} MB: the file was read"  # refused from its size


def test_a_file_that_grows_after_the_size_check_is_refused(dest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both checks see a small file (as if it grew after them): the read of at most 2 MB + 1
    # bytes still finds it too big, without reading the rest of its 1 GB.
    big = rule_file(dest)
    with big.open("wb") as f:
        f.truncate(2**30)
    real_lstat, real_fstat = os.lstat, os.fstat
    big_ino = real_lstat(big).st_ino

    def small(st: os.stat_result) -> os.stat_result:
        if st.st_ino != big_ino:
            return st
        fields = list(st)
        fields[stat.ST_SIZE] = 10
        return os.stat_result(fields)

    monkeypatch.setattr(os, "lstat", lambda path, *a, **k: small(real_lstat(path, *a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: small(real_fstat(fd)))
    tracemalloc.start()
    try:
        err = refused(dest)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"peak memory {peak / 2**20:.0f} MB"
    assert err.file == str(big)
    assert "larger than 2 MB" in err.detail


def test_the_whole_pack_is_capped(dest: Path) -> None:
    # Nine files just under 2 MB each: each is allowed, together they pass the 16 MB cap.
    line = "# " + "x" * 1000 + "\n"
    for i in range(9):
        (dest / "vocab" / f"big{i}.txt").write_text(line * (1900 * 1024 // len(line)), encoding="utf-8")
    err = refused(dest)
    assert err.file == str(dest / "vocab" / "big8.txt")
    assert "files together are larger than 16 MB" in err.detail


def test_too_many_rule_files_are_refused_before_any_is_read(dest: Path) -> None:
    sub = dest / "rules" / "many"
    sub.mkdir()
    for i in range(2_001 - len(list((dest / "rules").glob("*.yaml")))):
        (sub / f"r{i:04}.yaml").touch()  # empty: reading any of them would be a different error
    err = refused(dest)
    assert err.file == str(dest / "rules")
    assert "more than 2,000 rule files" in err.detail


def test_too_many_vocab_lists_are_refused(dest: Path) -> None:
    for i in range(501):
        (dest / "vocab" / f"v{i:03}.txt").touch()
    err = refused(dest)
    assert err.file == str(dest / "vocab")
    assert "more than 500 vocab lists" in err.detail


def test_a_rules_folder_of_many_other_files_is_refused_without_listing_it_all(dest: Path) -> None:
    junk = dest / "rules" / "junk"
    junk.mkdir()
    for i in range(10_001):
        (junk / f"{i}.md").touch()
    err = refused(dest)
    assert err.file == str(dest / "rules")
    assert "more than 10,000 entries" in err.detail


def test_limits_are_what_the_docstring_says() -> None:
    assert loader._MAX_FILE_BYTES == 2 * 2**20
    assert (loader._MAX_RULE_FILES, loader._MAX_VOCAB_FILES, loader._MAX_DEPTH) == (2_000, 500, 64)


# --- The pack's settings -----------------------------------------------------------------------


def test_an_unknown_time_zone_is_refused_at_load(dest: Path) -> None:
    manifest = dest / "pack.yaml"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace("Europe/London", "Mars/Olympus_Mons"), encoding="utf-8")
    err = refused(dest)
    assert err.file == str(manifest)
    assert "unknown time zone 'Mars/Olympus_Mons'" in err.detail
    assert err.line == text[: text.index("Europe/London")].count("\n") + 1


# --- Through the command line --------------------------------------------------------------------


def _alias_bomb(dest: Path) -> tuple[Path, str]:
    target = rule_file(dest)
    target.write_text(RULE + ALIAS_BOMB, encoding="utf-8")
    return target, "aliases expand this file"


def _deep_file(dest: Path) -> tuple[Path, str]:
    target = rule_file(dest)
    target.write_text(RULE + "deep: " + _deep("flow mapping") + "\n", encoding="utf-8")
    return target, "nested deeper than 64 levels"


def _fifo(dest: Path) -> tuple[Path, str]:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    target = dest / "vocab" / "pipe.txt"
    os.mkfifo(target)
    return target, "named pipe"


def _outside_link(dest: Path) -> tuple[Path, str]:
    target = rule_file(dest)
    symlink(target, dest.parent / "outside.yaml")
    (dest.parent / "outside.yaml").write_text(RULE, encoding="utf-8")
    return target, "outside the pack folder"


def _too_big(dest: Path) -> tuple[Path, str]:
    target = rule_file(dest)
    with target.open("wb") as f:
        f.truncate(2 * 2**20 + 1)
    return target, "larger than 2 MB"


HOSTILE: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "alias bomb": _alias_bomb,
    "deep nesting": _deep_file,
    "fifo": _fifo,
    "outside link": _outside_link,
    "too big": _too_big,
}


@pytest.fixture(params=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest, dest: Path) -> tuple[Path, str]:
    return HOSTILE[request.param](dest)


def test_the_cli_exits_65_and_names_the_problem(
    capsys: pytest.CaptureFixture[str], dest: Path, hostile: tuple[Path, str]
) -> None:
    target, words = hostile
    start = time.perf_counter()
    code = main(["rules", "--pack", str(dest)])
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    assert code == 65
    assert "invalid policy pack" in err
    assert str(target) in err
    assert words in err, err
    assert "Traceback" not in err
    assert elapsed < REFUSED_WITHIN, f"took {elapsed:.2f} s"
