"""Every error pausecheck raises on purpose.

    PausecheckError
    ├── PackError        a policy pack failed to load (names the file and line)
    ├── ArchiveError     a platform archive cannot be imported (names the archive and the file in it)
    └── InputError       a post or attachment cannot be checked
        ├── EmptyInputError
        ├── InputTooLargeError
        ├── EncodingError      bytes that are not valid UTF-8, or a binary file
        └── AttachmentError    an image that cannot be read

The CLI maps PackError and InputError to exit codes; nothing else is caught. ArchiveError is
raised only by ``pausecheck.importers``, which the check command does not use yet.
"""

from __future__ import annotations


class PausecheckError(Exception):
    """Base class: catch this to catch every deliberate pausecheck error."""


class PackError(PausecheckError):
    """A policy pack is invalid. ``file`` and ``line`` say where, when known."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = file or "<pack>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")
        self.detail = message


class ArchiveError(PausecheckError):
    """A platform archive (an X, Facebook, Mastodon, Bluesky, LinkedIn or WordPress export) is
    unreadable, damaged or hostile. ``archive`` names the file or folder as it was given and
    ``member`` the file inside it, when known; ``detail`` is the reason alone.
    """

    def __init__(self, message: str, *, archive: str | None = None, member: str | None = None) -> None:
        self.archive = archive
        self.member = member
        self.detail = message
        where = ": ".join(part for part in (archive, member) if part)
        super().__init__(f"{where}: {message}" if where else message)


class InputError(PausecheckError):
    """The input cannot be checked; the message says why in plain words."""


class EmptyInputError(InputError):
    """The post has no text to check."""


class InputTooLargeError(InputError):
    """The post or file is over a documented size limit."""


class EncodingError(InputError):
    """The bytes are not valid UTF-8 text (or look like a binary file)."""


class AttachmentError(InputError):
    """An attached file is missing, unreadable, or not a supported image."""
