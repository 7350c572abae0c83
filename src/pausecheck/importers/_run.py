"""Running an importer: open the container, check it, read it twice, yield the second time.

Every public importer is a generator built by :func:`stream`. On the first ``next()`` it opens
the archive (which lists and checks every member's header: see ``_archive``), then, unless
``prevalidate=False``, reads the whole archive once without yielding anything, building and
dropping every ImportedPost, so that a broken entry anywhere (the last line of the third
``tweets-part2.js``) raises ArchiveError before the first post is handed out. The second pass
yields. Both passes stream in constant memory; the price is reading the archive twice. If the
file changes on disk between the passes, or the second pass yields a different number of items,
that is an ArchiveError too.
"""

from __future__ import annotations

import contextlib
import csv
import lzma
import os
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from pausecheck._exceptions import ArchiveError
from pausecheck._types import Account
from pausecheck.importers._archive import Container, open_container
from pausecheck.importers.base import ImportedPost, Where


@dataclass(frozen=True, slots=True)
class Options:
    """``include_dms``: also the direct messages the account *sent*. ``received``: also the
    words others sent the account that the archive holds (X and Messenger direct messages
    received), yielded with ``author`` set to the sender; only the inbox asks for these."""

    account: Account
    include_dms: bool
    received: bool = False


Producer = Callable[[Container, Where, Options], Iterator[ImportedPost]]


def one_format(producer: Producer) -> Callable[[Container], Producer]:
    """The picker for an importer of one format: whatever the container, ``producer`` reads it."""
    return lambda _container: producer


@contextlib.contextmanager
def guard(where: Where) -> Iterator[None]:
    """Turn the errors of the standard library's readers into an ArchiveError."""
    try:
        yield
    except ArchiveError:
        raise
    except UnicodeDecodeError:
        raise where.error("is not UTF-8 text") from None
    except RecursionError:
        raise where.error("is nested too deeply to read") from None
    except ParseError as exc:
        raise where.error(f"is not well-formed XML ({exc})") from None
    except csv.Error as exc:
        raise where.error(f"is not a readable CSV file ({exc})") from None
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, tarfile.TarError, OSError) as exc:
        raise where.error(f"cannot be read ({exc})") from None


def where_for(container: Container) -> Where:
    return Where(archive=container.archive, label=container.label)


def stream(
    path: str | os.PathLike[str],
    pick: Callable[[Container], Producer],
    options: Options,
    *,
    prevalidate: bool = True,
) -> Generator[ImportedPost, None, None]:
    """The generator behind every importer (see the module docstring)."""
    container = open_container(path)
    try:
        where = where_for(container)
        producer = pick(container)
        expected: int | None = None
        if prevalidate:
            with guard(where):
                expected = sum(1 for _ in producer(container, where, options))
            if container.changed():
                raise where.error("changed on disk while it was being read")
        count = 0
        with guard(where):
            for item in producer(container, where, options):
                count += 1
                yield item
        if expected is not None and count != expected:
            raise where.error("changed on disk while it was being read")
    finally:
        container.close()
