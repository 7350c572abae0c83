"""Reading archives safely: zip files, tar.gz files, extracted folders and single files.

Nothing is ever extracted to disk: members are read as streams, straight from the container.
Every container is listed and checked as a whole when it is opened, before any member is read:

* **Names.** A member whose path is absolute (``/etc/passwd``, ``C:\\…``), climbs out of the
  archive (``../``), or holds a NUL is refused, and so is a name that appears twice (two
  different ``data/tweets.js`` would let two readers see two different archives).
* **Kinds.** Symbolic links, hard links and device or FIFO entries are refused, in zips (from
  the Unix mode in the external attributes), tars and folders (``lstat``; files are opened with
  ``O_NOFOLLOW | O_NONBLOCK`` and re-checked with ``fstat``). Encrypted zip members are refused.
* **Sizes, from the headers.** At most :data:`MAX_MEMBERS` entries (checked from the zip's
  end-of-archive record before its central directory is read, and the directory itself at most
  :data:`MAX_DIRECTORY_BYTES`); at most :data:`MAX_TOTAL_BYTES` uncompressed in all; no member
  larger than :data:`RATIO_FLOOR` may unpack to more than :data:`MAX_RATIO` times its
  compressed size (a zip bomb). A member the importer parses may be at most
  :data:`MAX_DATA_BYTES`.
* **Sizes, while reading.** Every member is read through a counter that stops at the size its
  header declared and at :data:`MAX_DATA_BYTES`: a zip member's declared size is itself capped
  by the ratio check, so a member can never unpack past the ratio. A tar.gz has no per-member
  compressed sizes, so the whole gzip stream is watched instead: past :data:`RATIO_FLOOR`, the
  bytes unpacked may never exceed :data:`MAX_RATIO` times the bytes read from disk, nor
  :data:`MAX_TOTAL_BYTES` in all.
* **Nested archives** are never opened. A data file that turns out to be an archive (or an
  image, or any binary file) is refused with a message that says what it looks like.

The limits are module constants so that tests can lower them.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import io
import lzma
import os
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import IO

from pausecheck._exceptions import ArchiveError

#: Entries in one archive or folder (files, folders, links: everything listed).
MAX_MEMBERS = 100_000
#: A zip's central directory, read into memory by :mod:`zipfile`.
MAX_DIRECTORY_BYTES = 64 * 2**20
#: All members together, uncompressed, as the headers declare them (media included).
MAX_TOTAL_BYTES = 64 * 2**30
#: Uncompressed bytes per compressed byte, for members larger than RATIO_FLOOR.
MAX_RATIO = 200
#: Members smaller than this are not ratio-checked: a tiny file may compress very well.
RATIO_FLOOR = 2**20
#: One member the importer parses (tweets.js, outbox.json, an XML export…).
MAX_DATA_BYTES = 2 * 2**30
#: One small side file read whole (account.js, actor.json, profile_information.json).
MAX_SMALL_BYTES = 4 * 2**20
#: Folder depth when walking an extracted archive.
MAX_FOLDER_DEPTH = 32

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 1 << 16

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".bz2", ".xz", ".7z", ".rar", ".car")


@dataclass(frozen=True, slots=True)
class Member:
    """One file in a container: its path inside (POSIX, relative) and declared size."""

    name: str
    size: int

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]

    @property
    def depth(self) -> int:
        return self.name.count("/")


def check_name(raw: str, error: Callable[[str], ArchiveError]) -> str | None:
    """The member path normalised to ``a/b/c``; None for a folder entry; refused if hostile."""
    if "\x00" in raw:
        raise error(f"the entry {raw.split(chr(0))[0]!r}… has a NUL character in its name")
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":" and name[0].isalpha()):
        raise error(f"the entry {raw!r} has an absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise error(f"the entry {raw!r} points outside the archive ('..' in its path)")
    if not parts or name.endswith("/"):
        return None
    return "/".join(parts)


def describe_binary(head: bytes) -> str | None:
    """What a file that should be text looks like, from its first bytes; None if it may be text."""
    signatures: list[tuple[int, bytes, str]] = [
        (0, b"PK\x03\x04", "a zip archive"),
        (0, b"PK\x05\x06", "a zip archive"),
        (0, b"\x1f\x8b", "a gzip archive"),
        (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (0, b"Rar!\x1a\x07", "a RAR archive"),
        (0, b"\xfd7zXZ\x00", "an xz archive"),
        (0, b"BZh", "a bzip2 archive"),
        (257, b"ustar", "a tar archive"),
        (0, b"\x89PNG", "a PNG image"),
        (0, b"\xff\xd8\xff", "a JPEG image"),
        (0, b"GIF8", "a GIF image"),
        (0, b"%PDF", "a PDF document"),
        (0, b"\x00\x00\x00", "a binary file"),
    ]
    for offset, magic, what in signatures:
        if head[offset : offset + len(magic)] == magic:
            return what
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if head[4:8] == b"ftyp":
        return "a video file"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (exports are UTF-8)"
    if b"\x00" in head:
        return "a binary file"
    return None


def is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


class _Bounded(io.RawIOBase):
    """A read-only stream that stops at the member's declared size and at a hard limit, and
    turns the container library's own read errors into an ArchiveError."""

    def __init__(
        self,
        inner: IO[bytes],
        *,
        declared: int,
        limit: int,
        error: Callable[[str], ArchiveError],
        on_close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._inner = inner
        self._declared = declared
        self._limit = limit
        self._error = error
        self._on_close = on_close
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except ArchiveError:
            raise
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, tarfile.TarError, OSError, ValueError) as exc:
            raise self._error(f"is damaged ({exc})") from None
        n = len(data)
        buffer[:n] = data
        self.count += n
        if self.count > self._declared:
            raise self._error("holds more data than its header declares (changed, or a forged header)")
        if self.count > self._limit:
            raise self._error(f"is larger than the {human_size(self._limit)} limit for one file")
        return n

    def close(self) -> None:
        if not self.closed:
            try:
                self._inner.close()
            finally:
                if self._on_close is not None:
                    self._on_close()
                super().close()


def human_size(n: int) -> str:
    if n >= 2**30:
        return f"{n / 2**30:g} GB"
    if n >= 2**20:
        return f"{n / 2**20:g} MB"
    return f"{n:,} bytes"


def open_regular(path: str, error: Callable[[str], ArchiveError], *, follow: bool) -> io.FileIO:
    """Open a regular file for reading without blocking on FIFOs or devices; with
    ``follow=False`` a symbolic link is refused (the last path component)."""
    flags = _OPEN_FLAGS | (0 if follow else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error("is a symbolic link (links are not followed inside an archive)") from None
        raise error(f"cannot be opened: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error("is not a regular file (a device, FIFO or socket)")
        return io.FileIO(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


class Container:
    """A listed, checked archive. ``archive`` is the path as given (for messages), ``label``
    its base name (for ``ImportedPost.source``)."""

    kind = "container"

    def __init__(self, path: str) -> None:
        self.path = path
        self.archive = path
        self.label = os.path.basename(os.path.normpath(path)) or path
        self.members: list[Member] = []
        self._stamp = _stamp(path)

    def error(self, message: str, member: str | None = None) -> ArchiveError:
        return ArchiveError(message, archive=self.archive, member=member)

    def shown(self, member: Member) -> str | None:
        """The member's name as error messages and sources show it (None for a lone file,
        which the archive's own name already names)."""
        return member.name

    def _member_error(self, member: str) -> Callable[[str], ArchiveError]:
        return lambda message: self.error(message, member)

    def changed(self) -> bool:
        """Whether the file or folder changed on disk since it was opened."""
        return _stamp(self.path) != self._stamp

    def _check_listing(self) -> None:
        if len(self.members) > MAX_MEMBERS:
            raise self.error(f"holds more than {MAX_MEMBERS:,} files")
        seen: set[str] = set()
        total = 0
        for m in self.members:
            if m.name in seen:
                raise self.error("appears twice in the archive", m.name)
            seen.add(m.name)
            total += m.size
        if total > MAX_TOTAL_BYTES:
            raise self.error(f"unpacks to more than {human_size(MAX_TOTAL_BYTES)} in all (a zip bomb?)")

    def open_binary(self, member: Member, *, limit: int | None = None) -> io.BufferedReader:
        """A buffered binary stream of one member, bounded by its declared size and ``limit``
        (:data:`MAX_DATA_BYTES` by default)."""
        limit = MAX_DATA_BYTES if limit is None else limit
        if member.size > limit:
            raise self.error(f"is larger than the {human_size(limit)} limit for one file", member.name)
        return io.BufferedReader(self._open_raw(member, limit), buffer_size=_CHUNK)

    def _open_raw(self, member: Member, limit: int) -> _Bounded:
        raise NotImplementedError

    def close(self) -> None:
        """Release the container's file handles."""

    def __enter__(self) -> Container:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _stamp(path: str) -> tuple[int, int, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0, 0, 0)
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode)


class ZipArchive(Container):
    kind = "zip"

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self._file = open_regular(path, self.error, follow=True)
        try:
            self._check_directory()
            try:
                self._zip = zipfile.ZipFile(self._file)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
                raise self.error(f"is not a readable zip archive ({exc})") from None
            self._infos: dict[str, zipfile.ZipInfo] = {}
            self._list()
        except BaseException:
            self._file.close()
            raise

    def _check_directory(self) -> None:
        """Entry count and directory size from the end-of-archive record, before zipfile reads
        (and allocates for) the whole central directory."""
        size = os.fstat(self._file.fileno()).st_size
        tail_len = min(size, 22 + 65535)
        self._file.seek(size - tail_len)
        tail = self._file.read(tail_len)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise self.error("is not a complete zip archive (no end-of-archive record: truncated?)")
        _sig, disk, cd_disk, _n_disk, entries, cd_size, _cd_off, _clen = struct.unpack("<4s4H2LH", tail[at : at + 22])
        if disk or cd_disk:
            raise self.error("is one part of a split (multi-volume) zip archive; join the parts first")
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
            loc = at - 20
            if loc >= 0 and tail[loc : loc + 4] == b"PK\x06\x07":
                _s, _d, z64_offset, _disks = struct.unpack("<4sLQL", tail[loc : loc + 20])
                if z64_offset + 56 <= size:
                    self._file.seek(z64_offset)
                    rec = self._file.read(56)
                    if rec[:4] == b"PK\x06\x06":
                        fields = struct.unpack("<4sQ2H2L4Q", rec)
                        entries, cd_size = fields[7], fields[8]
        if entries > MAX_MEMBERS:
            raise self.error(f"holds {entries:,} entries; the limit is {MAX_MEMBERS:,}")
        if cd_size > MAX_DIRECTORY_BYTES:
            raise self.error(
                f"has a {human_size(cd_size)} table of contents; the limit is {human_size(MAX_DIRECTORY_BYTES)}"
            )
        self._file.seek(0)

    def _list(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise self.error(f"holds {len(infos):,} entries; the limit is {MAX_MEMBERS:,}")
        for info in infos:
            name = check_name(info.orig_filename, self.error)
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            shown = name or info.orig_filename
            if kind == stat.S_IFLNK:
                raise self.error("is a symbolic link; links in archives are refused", shown)
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise self.error("is a device, FIFO or socket entry; refused", shown)
            if info.flag_bits & 0x1:
                raise self.error("is encrypted; export the archive again without a password", shown)
            if name is None or info.is_dir():
                continue
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise self.error(
                    f"unpacks to {ratio:,} times its compressed size; the limit is {MAX_RATIO}:1 (a zip bomb?)", name
                )
            self.members.append(Member(name, info.file_size))
            self._infos[name] = info
        self._check_listing()

    def _open_raw(self, member: Member, limit: int) -> _Bounded:
        info = self._infos[member.name]
        err = self._member_error(member.name)
        try:
            inner = self._zip.open(info)
        except NotImplementedError as exc:
            raise err(f"uses a compression method Python cannot read ({exc})") from None
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError, ValueError) as exc:
            raise err(f"is damaged ({exc})") from None
        return _Bounded(inner, declared=info.file_size, limit=limit, error=err)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._zip.close()
        self._file.close()


class _RatioGuard(io.RawIOBase):
    """The unpacked tar stream of a tar.gz, checked against the compressed bytes read so far."""

    def __init__(self, unpacked: IO[bytes], packed: _CountingFile, error: Callable[[str], ArchiveError]) -> None:
        super().__init__()
        self._unpacked = unpacked
        self._packed = packed
        self._error = error
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        try:
            data = self._unpacked.read(len(buffer))
        except (zlib.error, EOFError, OSError) as exc:
            raise self._error(f"is a damaged gzip stream ({exc})") from None
        n = len(data)
        buffer[:n] = data
        self.count += n
        if self.count > MAX_TOTAL_BYTES:
            raise self._error(f"unpacks to more than {human_size(MAX_TOTAL_BYTES)} in all (a gzip bomb?)")
        if self.count > RATIO_FLOOR and self.count > MAX_RATIO * max(self._packed.count, 1):
            raise self._error(
                f"unpacks to more than {MAX_RATIO} times its compressed size while being read (a gzip bomb?)"
            )
        return n


class _CountingFile(io.RawIOBase):
    def __init__(self, inner: io.FileIO) -> None:
        super().__init__()
        self._inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        n = self._inner.readinto(buffer) or 0
        self.count += n
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


class TarArchive(Container):
    """A tar or tar.gz (Mastodon's archives before 2023), read in tarfile's stream mode: the
    listing is one pass over the stream, and opening a member is another pass up to it."""

    kind = "tar"

    def __init__(self, path: str, *, gzipped: bool) -> None:
        super().__init__(path)
        self._gzipped = gzipped
        with self._stream() as tar:
            self._list(tar)

    @contextlib.contextmanager
    def _stream(self) -> Iterator[tarfile.TarFile]:
        raw = _CountingFile(open_regular(self.path, self.error, follow=True))
        unpacked: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if self._gzipped else raw  # type: ignore[assignment]
        guarded = io.BufferedReader(_RatioGuard(unpacked, raw, self.error), buffer_size=_CHUNK)
        try:
            try:
                tar = tarfile.open(fileobj=guarded, mode="r|")  # noqa: SIM115 - closed by the with below
            except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
                what = "a gzip file but not a tar archive" if self._gzipped else "not a tar archive"
                raise self.error(f"is {what} ({exc})") from None
            with tar:
                yield tar
        finally:
            guarded.close()
            unpacked.close()
            raw.close()

    def _list(self, tar: tarfile.TarFile) -> None:
        count = 0
        total = 0
        try:
            while (info := tar.next()) is not None:
                count += 1
                if count > MAX_MEMBERS:
                    raise self.error(f"holds more than {MAX_MEMBERS:,} entries")
                name = check_name(info.name, self.error)
                shown = name or info.name
                if info.issym() or info.islnk():
                    raise self.error("is a link; links in archives are refused", shown)
                if info.isdir() or name is None:
                    continue
                if not info.isreg():
                    raise self.error("is a device, FIFO or other special entry; refused", shown)
                total += info.size
                if total > MAX_TOTAL_BYTES:
                    raise self.error(f"unpacks to more than {human_size(MAX_TOTAL_BYTES)} in all (a tar bomb?)")
                self.members.append(Member(name, info.size))
        except ArchiveError:
            raise
        except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
            raise self.error(f"is a damaged tar archive ({exc})") from None
        self._check_listing()

    def _open_raw(self, member: Member, limit: int) -> _Bounded:
        err = self._member_error(member.name)
        stream = self._stream()
        tar = stream.__enter__()
        try:
            while (info := tar.next()) is not None:
                if check_name(info.name, self.error) == member.name and info.isreg():
                    inner = tar.extractfile(info)
                    if inner is None:  # pragma: no cover - isreg() members always have data
                        break

                    def finish() -> None:
                        stream.__exit__(None, None, None)

                    return _Bounded(inner, declared=info.size, limit=limit, error=err, on_close=finish)
        except BaseException:
            stream.__exit__(None, None, None)
            raise
        stream.__exit__(None, None, None)
        raise err("disappeared from the archive while it was being read")


class FolderArchive(Container):
    """An extracted archive: the folder is walked without following links."""

    kind = "folder"

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self._walk()

    def _walk(self) -> None:
        stack: list[tuple[str, str, int]] = [(self.path, "", 0)]
        count = 0
        while stack:
            folder, rel, depth = stack.pop()
            entries: list[os.DirEntry[str]] = []
            try:
                with os.scandir(folder) as listing:
                    for entry in listing:
                        count += 1
                        if count > MAX_MEMBERS:
                            raise self.error(f"holds more than {MAX_MEMBERS:,} files and folders")
                        entries.append(entry)
            except OSError as exc:
                raise self.error(f"cannot be listed: {exc.strerror or exc}", rel or None) from None
            for entry in sorted(entries, key=lambda e: e.name):
                name = check_name(rel + entry.name, self.error)
                if name is None:
                    continue
                if entry.is_symlink():
                    raise self.error("is a symbolic link; links are not followed", name)
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_FOLDER_DEPTH:
                        raise self.error(f"is nested more than {MAX_FOLDER_DEPTH} folders deep", name)
                    stack.append((entry.path, name + "/", depth + 1))
                elif entry.is_file(follow_symlinks=False):
                    self.members.append(Member(name, entry.stat(follow_symlinks=False).st_size))
                else:
                    raise self.error("is a device, FIFO or socket; refused", name)
        self.members.sort(key=lambda m: m.name)
        self._check_listing()

    def _open_raw(self, member: Member, limit: int) -> _Bounded:
        err = self._member_error(member.name)
        f = open_regular(os.path.join(self.path, *member.name.split("/")), err, follow=False)
        return _Bounded(f, declared=member.size, limit=limit, error=err)

    def open_seekable(self, member: Member) -> io.FileIO:
        return open_regular(
            os.path.join(self.path, *member.name.split("/")), self._member_error(member.name), follow=False
        )


class FileArchive(Container):
    """One file given on its own (a Bluesky CAR, a WordPress XML, a LinkedIn CSV…), seen as a
    container with one member named after the file."""

    kind = "file"

    def __init__(self, path: str) -> None:
        super().__init__(path)
        with open_regular(path, self.error, follow=True) as f:
            size = os.fstat(f.fileno()).st_size
        self.members = [Member(self.label, size)]
        # The member is the archive itself: messages name it once.
        self.archive = path

    def error(self, message: str, member: str | None = None) -> ArchiveError:
        return ArchiveError(message, archive=self.archive)

    def shown(self, member: Member) -> str | None:
        return None

    def _open_raw(self, member: Member, limit: int) -> _Bounded:
        f = open_regular(self.path, self.error, follow=True)
        return _Bounded(f, declared=member.size, limit=limit, error=self.error)

    def open_seekable(self, member: Member) -> io.FileIO:
        return open_regular(self.path, self.error, follow=True)


def open_container(path: str | os.PathLike[str]) -> Container:
    """The right container for ``path``: a folder, a zip, a tar(.gz), or a single file."""
    spath = os.fspath(path)
    try:
        st = os.stat(spath)
    except OSError as exc:
        raise ArchiveError(f"cannot be opened: {exc.strerror or exc}", archive=spath) from None
    if stat.S_ISDIR(st.st_mode):
        return FolderArchive(spath)
    if not stat.S_ISREG(st.st_mode):
        raise ArchiveError("is not a regular file or folder (a device, FIFO or socket)", archive=spath)
    head = read_head(spath)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZipArchive(spath)
    if head.startswith(b"\x1f\x8b"):
        return TarArchive(spath, gzipped=True)
    if head[257:262] == b"ustar":
        return TarArchive(spath, gzipped=False)
    return FileArchive(spath)


def read_head(path: str, n: int = 512) -> bytes:
    with open_regular(path, lambda m: ArchiveError(m, archive=path), follow=True) as f:
        return f.read(n) or b""


def open_text(container: Container, member: Member, *, expect: str, limit: int | None = None) -> io.TextIOWrapper:
    """A UTF-8 text stream of ``member`` (a BOM is dropped), refused up front when its first
    bytes show an archive, an image or another binary file: ``expect`` names what it should be."""
    binary = open_binary_checked(container, member, expect=expect, limit=limit)
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")


def open_binary_checked(
    container: Container, member: Member, *, expect: str, limit: int | None = None
) -> io.BufferedReader:
    binary = container.open_binary(member, limit=limit)
    try:
        head = binary.peek(512)[:512]
        what = describe_binary(head)
        if what is not None:
            nested = " (archives inside the archive are not opened)" if "archive" in what else ""
            raise container.error(f"is {what}, not {expect}{nested}", member.name)
    except BaseException:
        binary.close()
        raise
    return binary


def read_small(container: Container, member: Member, *, expect: str) -> str:
    """A small side file read whole (at most :data:`MAX_SMALL_BYTES`)."""
    with open_text(container, member, expect=expect, limit=MAX_SMALL_BYTES) as f:
        try:
            return f.read()
        except UnicodeDecodeError:
            raise container.error("is not UTF-8 text", member.name) from None


__all__ = [
    "MAX_DATA_BYTES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_SMALL_BYTES",
    "MAX_TOTAL_BYTES",
    "RATIO_FLOOR",
    "Container",
    "FileArchive",
    "FolderArchive",
    "Member",
    "TarArchive",
    "ZipArchive",
    "describe_binary",
    "is_archive_name",
    "open_binary_checked",
    "open_container",
    "open_text",
    "read_small",
]
