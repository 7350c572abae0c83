"""Importers: the platforms' own archives of past posts, as posts to check.

Offline and read-only: archives are read as streams from where they lie; nothing is extracted
to disk, fetched, or executed. Each importer yields :class:`ImportedPost` values (a
:class:`~pausecheck.post.Post` plus the platform, id, URL, kind, time and the archive entry
it came from). This package imports nothing from pausecheck but ``post``, ``_types`` and
``_exceptions``: never the engine, detectors or policy.

Which functions stream and which are all-or-nothing:

* :func:`import_all` — **all or nothing**: the list of every post, or an ArchiveError and
  nothing (no partial list; nothing is ever written to disk).
* :func:`open_archive` and the per-format ``iter_x``, ``iter_facebook``, ``iter_mastodon``,
  ``iter_bluesky``, ``iter_linkedin``, ``iter_wordpress`` — **streams** (generators, in
  constant memory). Nothing happens until the first ``next()``; then every header in the
  container is checked and, by default (``prevalidate=True``), the whole archive is read once
  without yielding, so any fault raises ArchiveError before the first post. With
  ``prevalidate=False`` the first pass is skipped and a fault may surface after some posts.
* :func:`detect_format` — which platform an export is from.

Formats (one module each): ``x_twitter`` (zip, folder or a lone ``.js``), ``facebook`` (JSON
export, three folder layouts, mojibake repaired), ``mastodon`` (zip, tar.gz, folder, or
``outbox.json``), ``bluesky`` (``.car``), ``linkedin`` (zip, folder or CSV), ``wordpress``
(WXR ``.xml``, folder or zip). Limits on hostile archives are in ``_archive`` (containers),
``_json`` (entries), ``_cbor`` (CAR blocks) and ``wordpress`` (XML).
"""

from __future__ import annotations

from pausecheck._exceptions import ArchiveError
from pausecheck.importers.base import KINDS, PLATFORMS, ImportedPost, Kind, Platform
from pausecheck.importers.bluesky import iter_bluesky
from pausecheck.importers.detect import detect_format, import_all, open_archive
from pausecheck.importers.facebook import iter_facebook
from pausecheck.importers.linkedin import iter_linkedin
from pausecheck.importers.mastodon import iter_mastodon
from pausecheck.importers.wordpress import iter_wordpress
from pausecheck.importers.x_twitter import iter_x

__all__ = [
    "KINDS",
    "PLATFORMS",
    "ArchiveError",
    "ImportedPost",
    "Kind",
    "Platform",
    "detect_format",
    "import_all",
    "iter_bluesky",
    "iter_facebook",
    "iter_linkedin",
    "iter_mastodon",
    "iter_wordpress",
    "iter_x",
    "open_archive",
]
