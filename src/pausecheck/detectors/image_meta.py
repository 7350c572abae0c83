"""Read the credit and rights metadata embedded in an attached image.

Why: under the Copyright, Designs and Patents Act 1988 a photo is protected whether or not
it is marked ©, and the fair-dealing defence for reporting current events excludes
photographs; an agency credit in the file means posting it almost certainly needs a licence.

Everything here treats the file as hostile: it is read once, size-capped, decoded only by
the five image plugins we support, and every failure becomes an ``AttachmentError`` that
names the file. Damaged *metadata* is ignored rather than fatal, because the picture
itself is still checkable.
"""

from __future__ import annotations

import codecs
import os
import stat
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageFile, IptcImagePlugin, UnidentifiedImageError
from PIL.JpegImagePlugin import JpegImageFile
from PIL.PngImagePlugin import PngImageFile

from pausecheck._exceptions import AttachmentError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Pillow's own default limit (about 89.5 megapixels). Used if something in the process has
#: switched Pillow's check off with ``Image.MAX_IMAGE_PIXELS = None``: we never want that.
FALLBACK_MAX_PIXELS = 89_478_485
MAX_XMP_CHARS = 1024 * 1024
MAX_VALUE_CHARS = 500
#: Pillow plugin names. Restricting Image.open to these keeps hostile files away from the
#: other ~40 plugins (EPS, for one, hands the file to Ghostscript).
SUPPORTED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "GIF")
_SUPPORTED_WORDS = "JPEG, PNG, WebP, TIFF or GIF"

_EXIF_TAGS: tuple[tuple[int, str], ...] = (
    (0x013B, "EXIF:Artist"),
    (0x8298, "EXIF:Copyright"),
    (0x010E, "EXIF:ImageDescription"),
    # A camera or phone make/model suggests the member took the photo themselves.
    (0x010F, "EXIF:Make"),
    (0x0110, "EXIF:Model"),
    (0x0131, "EXIF:Software"),
)

# IPTC-IIM record 2 datasets; key names follow ExifTool's so they are searchable.
_IPTC_DATASETS: tuple[tuple[int, str], ...] = (
    (80, "IPTC:By-line"),
    (110, "IPTC:Credit"),
    (115, "IPTC:Source"),
    (116, "IPTC:CopyrightNotice"),
    (120, "IPTC:Caption-Abstract"),
)

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_LI = f"{{{_RDF}}}li"
_RDF_RESOURCE = f"{{{_RDF}}}resource"
_XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
_XMP_PROPERTIES = (
    "dc:creator",
    "dc:rights",
    "photoshop:Credit",
    "photoshop:Source",
    "photoshop:AuthorsPosition",
    "xmpRights:WebStatement",
    "xmpRights:Marked",
    "xmpRights:UsageTerms",
    # The creator's work web address / e-mail often names the agency (gettyimages.com).
    "Iptc4xmpCore:CiUrlWork",
    "Iptc4xmpCore:CiEmailWork",
)


def _clark(qualified: str) -> str:
    """``dc:rights`` -> ``{http://purl.org/dc/elements/1.1/}rights``, ElementTree's form."""
    prefix, local = qualified.split(":")
    return f"{{{_XMP_NAMESPACES[prefix]}}}{local}"


# Keyed by the namespace URI, so whatever prefix the file chose, the key uses ours.
_XMP_KEYS = {_clark(name): f"XMP:{name}" for name in _XMP_PROPERTIES}

# PNG's own standard text keywords (tEXt/zTXt/iTXt).
_PNG_KEYWORDS = ("Author", "Copyright")

# C0 and C1 control characters: a hostile value must not drive the user's terminal.
_CONTROL_CHARS = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0)])

_UNSUPPORTED_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (4, b"ftypheic", "a HEIC photo (the iPhone default)"),
    (4, b"ftypheix", "a HEIC photo (the iPhone default)"),
    (4, b"ftypmif1", "a HEIF image"),
    (4, b"ftypavif", "an AVIF image"),
    (0, b"BM", "a BMP image"),
    (0, b"%PDF", "a PDF document"),
)


@dataclass(frozen=True, slots=True)
class ImageMetadata:
    """What an image says about who made it and who owns it."""

    path: str
    format: str
    width: int
    height: int
    #: (qualified key, value) pairs, each key at most once, in a fixed order:
    #: EXIF, then IPTC, then XMP, then PNG text.
    fields: tuple[tuple[str, str], ...]

    def field(self, key: str) -> str | None:
        """The value stored under ``key`` (e.g. ``"IPTC:Credit"``), or None."""
        for name, value in self.fields:
            if name == key:
                return value
        return None

    def text(self) -> str:
        """Every value, one per line, for matching agency names."""
        return "\n".join(value for _, value in self.fields)


def read_image_metadata(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImageMetadata:
    """Open ``path`` as an image and return its credit/rights metadata.

    Raises AttachmentError (naming the file) if it is missing, not a regular file, empty,
    over ``max_bytes``, not a supported image, damaged, or implausibly large when decoded.
    """
    name = os.fsdecode(path)
    data = _read_bounded(path, name, max_bytes)
    return _parse(name, data)


# -- reading the file ----------------------------------------------------------------------


def _error(name: str, problem: str) -> AttachmentError:
    return AttachmentError(f"{name}: {problem}")


def _read_bounded(path: str | os.PathLike[str], name: str, max_bytes: int) -> bytes:
    # Open first, then fstat the descriptor: checking and reading the same file, not a path
    # that could change in between. O_NONBLOCK stops a named pipe from hanging the open.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise _error(name, _open_problem(exc)) from exc
    try:
        _check_file(name, os.fstat(fd), max_bytes)
        data = _read_up_to(fd, max_bytes + 1)  # +1: notice a file that grew since fstat
    except OSError as exc:
        raise _error(name, f"the file could not be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    _check_length(name, len(data), max_bytes)
    return data


def _read_up_to(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0 and (chunk := os.read(fd, min(remaining, 1024 * 1024))):
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _open_problem(exc: OSError | ValueError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, IsADirectoryError):
        return "this is a folder, not an image file"
    if isinstance(exc, PermissionError):
        return "permission denied: the file cannot be read"
    if isinstance(exc, NotADirectoryError):
        return "file not found (part of the path is a file, not a folder)"
    if isinstance(exc, OSError):
        return f"the file could not be opened ({exc.strerror or exc})"
    return "this is not a valid file name"  # ValueError: an embedded NUL character


def _check_file(name: str, info: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _error(name, "this is a folder, not an image file")
    if not stat.S_ISREG(info.st_mode):
        raise _error(name, "this is not a regular file (a device, pipe or socket?)")
    _check_length(name, info.st_size, max_bytes)


def _check_length(name: str, size: int, max_bytes: int) -> None:
    if size == 0:
        raise _error(name, "the file is empty (0 bytes)")
    if size > max_bytes:
        raise _error(
            name,
            f"the file is {_human_size(size)}, over the {_human_size(max_bytes)} limit "
            "for attached images",
        )


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


# -- decoding the image --------------------------------------------------------------------


def _parse(name: str, data: bytes) -> ImageMetadata:
    with warnings.catch_warnings():
        # Pillow warns about odd but harmless things in hostile files; that is noise on the
        # user's terminal. The one warning that matters, a decompression bomb, is an error.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _parse_image(name, data)
        except AttachmentError:
            raise
        except UnidentifiedImageError as exc:
            raise _error(name, _unsupported_problem(data)) from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _error(name, _bomb_problem(_pixel_limit())) from exc
        # Pillow's parsers raise a wide, undocumented range of exceptions on hostile input
        # (OSError, SyntaxError, struct.error, ValueError, IndexError, EOFError, ...);
        # the caller must only ever see AttachmentError.
        except Exception as exc:
            raise _error(name, _damage_problem(exc)) from exc


def _parse_image(name: str, data: bytes) -> ImageMetadata:
    with Image.open(BytesIO(data), formats=SUPPORTED_FORMATS) as im:
        width, height = im.size
        if width * height > _pixel_limit():
            raise _error(name, _bomb_problem(_pixel_limit()))
        _decode(im)
        # A phone's multi-picture JPEG opens as "MPO"; to the user it is a JPEG.
        image_format = "JPEG" if im.format == "MPO" else (im.format or "unknown")
        fields = _collect_fields(im)
    return ImageMetadata(name, image_format, width, height, fields)


def _pixel_limit() -> int:
    # Read at call time so tests (and callers) can lower Pillow's limit.
    return Image.MAX_IMAGE_PIXELS or FALLBACK_MAX_PIXELS


def _decode(im: ImageFile.ImageFile) -> None:
    """Decode the pixels: the only way to find a truncated or corrupt file."""
    if isinstance(im, JpegImageFile):
        # Decode at 1/8 scale: every byte is still read (so truncation is caught) but a
        # 80-megapixel photo needs about 4 MB of memory instead of 240 MB.
        im.draft(None, (1, 1))
    im.load()


def _unsupported_problem(data: bytes) -> str:
    for offset, signature, description in _UNSUPPORTED_SIGNATURES:
        if data[offset : offset + len(signature)] == signature:
            return (
                f"this looks like {description}, which cannot be checked; "
                f"save it as {_SUPPORTED_WORDS} first"
            )
    return f"this is not a supported image ({_SUPPORTED_WORDS})"


def _bomb_problem(limit: int) -> str:
    return (
        f"the image claims to be over {limit / 1_000_000:.0f} megapixels, too large to open "
        "safely (possibly a 'decompression bomb'); resize it before attaching"
    )


def _damage_problem(exc: Exception) -> str:
    if "truncated" in str(exc).lower():
        return "the image is cut short (truncated); download or export it again"
    return "the image data is damaged and cannot be read"


# -- metadata ------------------------------------------------------------------------------


def _collect_fields(im: ImageFile.ImageFile) -> tuple[tuple[str, str], ...]:
    png_text = _png_text(im)
    return (
        *_exif_fields(im),
        *_iptc_fields(im),
        *_xmp_fields(_raw_xmp(im, png_text)),
        *_png_fields(png_text),
    )


def _field(key: str, values: Iterable[str]) -> list[tuple[str, str]]:
    """One (key, value) pair joining the distinct non-empty values, or nothing."""
    cleaned = dict.fromkeys(v for v in map(_clean, values) if v)  # ordered de-duplication
    if not cleaned:
        return []
    return [(key, "; ".join(cleaned)[:MAX_VALUE_CHARS].strip())]


def _clean(value: str) -> str:
    # NUL separates parts (EXIF Copyright is "photographer\0editor"); other control
    # characters are dropped and runs of whitespace become one space.
    parts = (" ".join(part.translate(_CONTROL_CHARS).split()) for part in value.split("\x00"))
    return "; ".join(part for part in parts if part)


def _decode_bytes(raw: bytes) -> str:
    # UTF-8 is what modern tools write; older IPTC/EXIF is usually Windows-1252, and a
    # replacement character is better than losing the agency name next to it.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _undo_latin1(value: str) -> str:
    # Pillow decodes EXIF text as Latin-1, but most tools write UTF-8: "Â© Getty" -> "© Getty".
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return _decode_bytes(value)
    if isinstance(value, str):
        return _undo_latin1(value)
    return ""  # numbers, tuples: not something a credit can be read from


def _exif_fields(im: Image.Image) -> list[tuple[str, str]]:
    try:
        exif = im.getexif()
        raw = [(key, exif.get(tag)) for tag, key in _EXIF_TAGS]
    except Exception:  # corrupt EXIF counts as none; the picture itself decoded fine
        return []
    return [pair for key, value in raw for pair in _field(key, [_as_text(value)])]


def _iptc_fields(im: ImageFile.ImageFile) -> list[tuple[str, str]]:
    try:
        info = IptcImagePlugin.getiptcinfo(im) or {}
    except Exception:  # corrupt IPTC counts as none, as for EXIF
        return []
    pairs: list[tuple[str, str]] = []
    for dataset, key in _IPTC_DATASETS:
        value = info.get((2, dataset))
        items = value if isinstance(value, list) else [value]  # repeatable datasets
        pairs += _field(key, [_decode_bytes(item) for item in items if isinstance(item, bytes)])
    return pairs


def _png_text(im: Image.Image) -> dict[str, str]:
    if not isinstance(im, PngImageFile):
        return {}
    try:
        # .text includes chunks after the image data, which .info does not.
        return {str(k): str(v) for k, v in im.text.items()}
    except Exception:
        return {}


def _png_fields(png_text: dict[str, str]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for word in _PNG_KEYWORDS:
        pairs += _field(f"PNG:{word}", [png_text.get(word, "")])
    return pairs


def _raw_xmp(im: Image.Image, png_text: dict[str, str]) -> object:
    """The XMP packet: JPEG APP1, WebP "XMP " chunk and TIFF tag 700 all land in info."""
    return im.info.get("xmp") or png_text.get("XML:com.adobe.xmp")


def _xmp_fields(raw: object) -> list[tuple[str, str]]:
    root = _parse_xmp(raw)
    if root is None:
        return []
    found: dict[str, list[str]] = {}
    for element in root.iter():
        if element.tag in _XMP_KEYS:
            found.setdefault(element.tag, []).extend(_xmp_element_values(element))
        # XMP may write a simple property as an attribute of rdf:Description instead.
        for attribute, value in element.attrib.items():
            if attribute in _XMP_KEYS:
                found.setdefault(attribute, []).append(value)
    return [pair for tag, key in _XMP_KEYS.items() for pair in _field(key, found.get(tag, []))]


def _parse_xmp(raw: object) -> ET.Element | None:
    """Parse a packet; None for anything malformed, oversized or carrying a DTD."""
    text = _xmp_text(raw)
    # XMP has no use for a DTD, and refusing one rules out entity-expansion ("billion
    # laughs") and external-entity tricks outright, whatever the expat version.
    if text is None or "<!DOCTYPE" in text or "<!ENTITY" in text:
        return None
    try:
        return ET.fromstring(text)
    except (ET.ParseError, ValueError, RecursionError):
        return None


def _xmp_text(raw: object) -> str | None:
    if isinstance(raw, tuple) and len(raw) == 1:  # how TIFF tags sometimes arrive
        raw = raw[0]
    if not isinstance(raw, (bytes, str)) or len(raw) > MAX_XMP_CHARS:
        return None
    text = raw if isinstance(raw, str) else _decode_xmp_bytes(raw)
    # Packets are padded with NULs/whitespace and may open with a stray BOM.
    return text.strip("\x00 \t\r\n\ufeff")


def _decode_xmp_bytes(raw: bytes) -> str:
    # XMP is UTF-8 in JPEG, PNG and WebP; a TIFF packet may be UTF-16/32 with a BOM.
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(codec, "replace")
    return raw.decode("utf-8", "replace")


def _xmp_element_values(element: ET.Element) -> list[str]:
    # rdf:Alt / rdf:Seq / rdf:Bag hold their values in rdf:li; a URI may be rdf:resource.
    items = [li.text or "" for li in element.iter(_RDF_LI)]
    if items:
        return items
    resource = element.get(_RDF_RESOURCE)
    return [resource] if resource else [element.text or ""]
