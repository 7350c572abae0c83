"""Recognise an export from the file or folder, and import it.

:func:`open_archive` streams (a generator: nothing is opened until the first ``next()``);
:func:`import_all` is all-or-nothing (a list of every post, or an ArchiveError and no list);
:func:`detect_format` only says which platform an export comes from.

Recognition, in this order of evidence:

* a folder, zip or tar(.gz): by the names inside: ``tweets.js``-like files → X; ``your_posts…json``,
  ``comments.json`` → Facebook; ``outbox.json`` → Mastodon; ``Shares.csv`` / ``Comments.csv`` →
  LinkedIn; ``*.xml`` → WordPress. Two platforms in one container is an error (import them one
  at a time), and so is a container holding only other archives (they are never opened);
* a single file: by its first bytes: a CAR header → Bluesky; XML → WordPress;
  ``window.YTD.``/``Grailbird.`` → an X data file on its own; otherwise by name (``outbox.json``,
  ``Shares.csv``, ``Comments.csv``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator

from pausecheck.importers import bluesky, facebook, linkedin, mastodon, wordpress, x_twitter
from pausecheck.importers._archive import Container, FileArchive, describe_binary, is_archive_name, open_container
from pausecheck.importers._run import Options, Producer, stream
from pausecheck.importers.base import ImportedPost, Platform, check_account

_PRODUCERS: dict[Platform, Producer] = {
    "x": x_twitter.posts,
    "facebook": facebook.posts,
    "mastodon": mastodon.posts,
    "bluesky": bluesky.posts,
    "linkedin": linkedin.posts,
    "wordpress": wordpress.posts,
}

_NAMES = {
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "linkedin": "LinkedIn",
    "wordpress": "WordPress",
}
_KNOWN = "an X, Facebook, Mastodon, Bluesky, LinkedIn or WordPress export"


def _detect_file(container: FileArchive) -> Platform:
    member = container.members[0]
    with container.open_binary(member, limit=max(member.size, 1)) as f:
        head = f.read(512)
    if bluesky.looks_like(head):
        return "bluesky"
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"<"):
        return "wordpress"
    if stripped.startswith((b"window.YTD.", b"Grailbird.")):
        return "x"
    name = member.basename.lower()
    if name == "outbox.json":
        return "mastodon"
    if name in ("shares.csv", "comments.csv"):
        return "linkedin"
    what = describe_binary(head)
    if not head:
        raise container.error(f"is empty, not {_KNOWN}")
    looks = f" (it looks like {what})" if what else ""
    raise container.error(f"is not {_KNOWN}{looks}")


def _detect(container: Container) -> Platform:
    if isinstance(container, FileArchive):
        return _detect_file(container)
    names = [m.name for m in container.members]
    tests: list[tuple[Platform, Callable[[list[str]], bool]]] = [
        ("x", x_twitter.looks_like),
        ("facebook", facebook.looks_like),
        ("mastodon", mastodon.looks_like),
        ("linkedin", linkedin.looks_like),
        ("wordpress", wordpress.looks_like),
    ]
    found = [platform for platform, test in tests if test(names)]
    if len(found) > 1 and found[-1] == "wordpress":
        found.pop()  # stray .xml files beside another platform's export
    if len(found) == 1:
        return found[0]
    if found:
        shown = " and ".join(_NAMES[p] for p in found)
        raise container.error(f"holds more than one platform's export ({shown}); import them one at a time")
    nested = [n for n in names if is_archive_name(n)]
    if nested:
        listed = ", ".join(nested[:3]) + (" …" if len(nested) > 3 else "")
        raise container.error(
            f"holds other archives ({listed}) but no export files: archives inside archives are not opened; "
            "extract the inner one and import that"
        )
    if not names:
        raise container.error(f"is empty, not {_KNOWN}")
    raise container.error(f"is not {_KNOWN}: none of their data files is in it")


def detect_format(path: str | os.PathLike[str]) -> Platform:
    """Which platform's export ``path`` is (a zip, tar.gz, folder or single file); an
    ArchiveError when it is none of them, or is hostile (see ``_archive``)."""
    with open_container(path) as container:
        return _detect(container)


def open_archive(
    path: str | os.PathLike[str],
    *,
    include_dms: bool = False,
    account: str = "councillor",
    prevalidate: bool = True,
    received: bool = False,
) -> Generator[ImportedPost, None, None]:
    """Every post in the export at ``path``, recognised from its contents, as a stream.

    Nothing happens until the first ``next()``. The archive is then opened and every member's
    header checked, and (unless ``prevalidate=False``) read through once without yielding, so
    a damaged or hostile archive raises ArchiveError *before the first post*; the posts are
    yielded on a second read. With ``prevalidate=False`` posts come sooner, but an ArchiveError
    may arrive after some have been yielded. Memory stays constant either way (Bluesky keeps an
    index of about 150 bytes per post). ``account`` is given to every Post;
    ``include_dms`` also yields the direct messages the account sent (X, Facebook Messenger,
    Mastodon direct posts). ``received`` also yields what others sent the account where the
    archive holds it (X and Facebook Messenger direct messages received: ``author`` names the
    sender); WordPress visitors' comments come either way.
    """
    options = Options(check_account(account), include_dms, received)

    def pick(container: Container) -> Producer:
        return _PRODUCERS[_detect(container)]

    return stream(path, pick, options, prevalidate=prevalidate)


def import_all(
    path: str | os.PathLike[str], *, include_dms: bool = False, account: str = "councillor", received: bool = False
) -> list[ImportedPost]:
    """Every post in the export at ``path``, all or nothing: the complete list, or an
    ArchiveError and no posts at all. Nothing is ever written to disk. ``received``: see
    :func:`open_archive`."""
    return list(open_archive(path, include_dms=include_dms, account=account, prevalidate=True, received=received))
