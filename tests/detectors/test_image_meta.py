"""Tests for reading credit/rights metadata from attached images.

Every image is built here with Pillow (IPTC segments by hand), so no binary fixtures.
"""

from __future__ import annotations

import dataclasses
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, TiffImagePlugin
from PIL.PngImagePlugin import PngInfo

from pausecheck._exceptions import AttachmentError
from pausecheck.detectors.image_meta import ImageMetadata, read_image_metadata

Builder = Callable[[Path], Path]


# -- helpers that build real files ---------------------------------------------------------


def _picture(size: tuple[int, int] = (64, 48)) -> Image.Image:
    """A small gradient, so JPEG has real entropy-coded data to truncate."""
    return Image.linear_gradient("L").resize(size).convert("RGB")


def _exif(**tags: str | bytes) -> Image.Exif:
    ids = {"Artist": 0x013B, "Copyright": 0x8298, "ImageDescription": 0x010E,
           "Make": 0x010F, "Model": 0x0110, "Software": 0x0131}
    exif = Image.Exif()
    for name, value in tags.items():
        exif[ids[name]] = value
    return exif


def _iim(datasets: list[tuple[int, bytes]]) -> bytes:
    """IPTC-IIM record 2 datasets: 0x1C, record, dataset, big-endian 16-bit length, data."""
    return b"".join(b"\x1c\x02" + struct.pack(">BH", number, len(data)) + data
                    for number, data in datasets)


def _app13(datasets: list[tuple[int, bytes]]) -> bytes:
    """A JPEG APP13 segment: "Photoshop 3.0" + one 8BIM 0x0404 (IPTC-NAA) resource."""
    data = _iim(datasets)
    resource = (
        b"8BIM"
        + struct.pack(">H", 0x0404)
        + b"\x00\x00"  # empty Pascal name: length byte + pad to an even size
        + struct.pack(">I", len(data))
        + data
        + b"\x00" * (len(data) % 2)  # resource data is padded to an even length
    )
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload  # length counts itself


def _insert_after_soi(jpeg: bytes, segment: bytes) -> bytes:
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


def _xmp(description: str) -> str:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"'
        f"{description}"
        "</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )


SHUTTERSTOCK_XMP = _xmp(
    ">"
    "<dc:rights><rdf:Alt>"
    '<rdf:li xml:lang="x-default">© Shutterstock</rdf:li>'
    '<rdf:li xml:lang="en-GB">© Shutterstock</rdf:li>'
    "</rdf:Alt></dc:rights>"
    "<dc:creator><rdf:Seq><rdf:li>Ann Lee</rdf:li><rdf:li>Bo Chan</rdf:li></rdf:Seq></dc:creator>"
    "<photoshop:Credit>Shutterstock</photoshop:Credit>"
    "<xmpRights:WebStatement>https://www.shutterstock.com/license</xmpRights:WebStatement>"
    "</rdf:Description>"
)

ATTRIBUTE_XMP = _xmp(
    ' photoshop:Credit="Reuters" photoshop:Source="Reuters Pictures"'
    ' xmpRights:Marked="True">'
    '<Iptc4xmpCore:CreatorContactInfo rdf:parseType="Resource">'
    "<Iptc4xmpCore:CiUrlWork>https://www.reuters.com</Iptc4xmpCore:CiUrlWork>"
    "</Iptc4xmpCore:CreatorContactInfo>"
    "</rdf:Description>"
)

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz ['
    '<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
              for i in range(1, 10))
    + "]>"
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
    ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description'
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
    "<photoshop:Credit>&lol9;</photoshop:Credit></rdf:Description></rdf:RDF></x:xmpmeta>"
)

SHUTTERSTOCK_FIELDS = {
    "XMP:dc:creator": "Ann Lee; Bo Chan",
    "XMP:dc:rights": "© Shutterstock",  # x-default and en-GB say the same: kept once
    "XMP:photoshop:Credit": "Shutterstock",
    "XMP:xmpRights:WebStatement": "https://www.shutterstock.com/license",
}
ATTRIBUTE_FIELDS = {
    "XMP:photoshop:Credit": "Reuters",
    "XMP:photoshop:Source": "Reuters Pictures",
    "XMP:xmpRights:Marked": "True",
    "XMP:Iptc4xmpCore:CiUrlWork": "https://www.reuters.com",
}

EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
    ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description'
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
    "<photoshop:Credit>&e;</photoshop:Credit></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _jpeg(tmp_path: Path, name: str = "photo.jpg", **save: object) -> Path:
    path = tmp_path / name
    _picture().save(path, "JPEG", **save)
    return path


def _jpeg_with_iptc(tmp_path: Path, datasets: list[tuple[int, bytes]]) -> Path:
    path = _jpeg(tmp_path)
    path.write_bytes(_insert_after_soi(path.read_bytes(), _app13(datasets)))
    return path


def _png_with_text(tmp_path: Path, chunks: dict[str, str]) -> Path:
    info = PngInfo()
    for key, value in chunks.items():
        info.add_itxt(key, value)
    path = tmp_path / "image.png"
    _picture().save(path, "PNG", pnginfo=info)
    return path


def _png_claiming(tmp_path: Path, width: int, height: int) -> Path:
    """A 1x1 PNG whose IHDR is patched to claim ``width`` x ``height`` (CRC fixed up)."""
    path = tmp_path / "bomb.png"
    Image.new("L", (1, 1)).save(path, "PNG")
    data = bytearray(path.read_bytes())
    ihdr = 8 + 8  # signature, then the IHDR chunk's length and type
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13])))
    path.write_bytes(bytes(data))
    return path


def _tiff(tmp_path: Path) -> Path:
    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    ifd[0x013B] = "Jane Doe"
    ifd[0x8298] = "PA Images"
    ifd[700] = SHUTTERSTOCK_XMP.encode()
    ifd[33723] = _iim([(110, b"PA Images")])
    path = tmp_path / "scan.tif"
    _picture().save(path, "TIFF", tiffinfo=ifd)
    return path


def _write(name: str, data: bytes) -> Builder:
    def build(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return build


def _saved(name: str, fmt: str, **save: object) -> Builder:
    def build(tmp_path: Path) -> Path:
        path = tmp_path / name
        _picture().save(path, fmt, **save)
        return path

    return build


def _cut_in_half(builder: Builder) -> Builder:
    def build(tmp_path: Path) -> Path:
        path = builder(tmp_path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path

    return build


# -- metadata found ------------------------------------------------------------------------

METADATA_CASES: list[tuple[str, Builder, dict[str, str]]] = [
    (
        "jpeg-exif-artist-copyright",
        lambda p: _jpeg(p, exif=_exif(Artist="Jane Doe", Copyright="Getty Images")),
        {"EXIF:Artist": "Jane Doe", "EXIF:Copyright": "Getty Images"},
    ),
    (
        # Pillow reads EXIF text as Latin-1; UTF-8 written by real tools must survive.
        "jpeg-exif-utf8-copyright",
        lambda p: _jpeg(p, exif=_exif(Copyright="© Getty Images".encode())),
        {"EXIF:Copyright": "© Getty Images"},
    ),
    (
        # EXIF Copyright may hold "photographer\0editor".
        "jpeg-exif-nul-separated",
        lambda p: _jpeg(p, exif=_exif(Copyright=b"Jane Doe\x00Reuters\x00")),
        {"EXIF:Copyright": "Jane Doe; Reuters"},
    ),
    (
        "jpeg-exif-camera",
        lambda p: _jpeg(p, exif=_exif(Make="Google", Model="Pixel 8", Software="HDR+ 1.0",
                                      ImageDescription="Pothole on Mill Lane")),
        {"EXIF:Make": "Google", "EXIF:Model": "Pixel 8", "EXIF:Software": "HDR+ 1.0",
         "EXIF:ImageDescription": "Pothole on Mill Lane"},
    ),
    (
        "jpeg-iptc-app13",
        lambda p: _jpeg_with_iptc(p, [(80, b"John Smith"), (110, b"PA Images"),
                                      (116, "© PA Media".encode())]),
        {"IPTC:By-line": "John Smith", "IPTC:Credit": "PA Images",
         "IPTC:CopyrightNotice": "© PA Media"},
    ),
    (
        # Odd-length data exercises the resource padding; Latin-1 © is legacy IPTC.
        "jpeg-iptc-repeated-and-latin1",
        lambda p: _jpeg_with_iptc(p, [(80, b"Ann"), (80, b"Bo"), (115, b"Reuters"),
                                      (116, b"\xa9 Reuters"), (120, b"Protest")]),
        {"IPTC:By-line": "Ann; Bo", "IPTC:Source": "Reuters",
         "IPTC:CopyrightNotice": "© Reuters", "IPTC:Caption-Abstract": "Protest"},
    ),
    (
        "jpeg-xmp-elements",
        lambda p: _jpeg(p, xmp=SHUTTERSTOCK_XMP.encode()),
        SHUTTERSTOCK_FIELDS,
    ),
    (
        "jpeg-xmp-attributes-and-struct",
        lambda p: _jpeg(p, xmp=ATTRIBUTE_XMP.encode()),
        ATTRIBUTE_FIELDS,
    ),
    (
        "png-xmp-itxt",
        lambda p: _png_with_text(p, {"XML:com.adobe.xmp": SHUTTERSTOCK_XMP}),
        SHUTTERSTOCK_FIELDS,
    ),
    (
        "png-text-author-copyright",
        lambda p: _png_with_text(p, {"Author": "Jane Doe", "Copyright": "Alamy"}),
        {"PNG:Author": "Jane Doe", "PNG:Copyright": "Alamy"},
    ),
    (
        "webp-exif-and-xmp",
        _saved("image.webp", "WEBP", exif=_exif(Artist="Jane Doe"), xmp=ATTRIBUTE_XMP.encode()),
        {"EXIF:Artist": "Jane Doe", **ATTRIBUTE_FIELDS},
    ),
    (
        "tiff-tags-iptc-xmp",
        _tiff,
        {"EXIF:Artist": "Jane Doe", "EXIF:Copyright": "PA Images", "IPTC:Credit": "PA Images",
         **SHUTTERSTOCK_FIELDS},
    ),
    (
        # Malformed XMP is ignored; the rest of the metadata still counts.
        "jpeg-malformed-xmp",
        lambda p: _jpeg(p, exif=_exif(Artist="Jane Doe"), xmp=b"<x:xmpmeta><unclosed"),
        {"EXIF:Artist": "Jane Doe"},
    ),
    (
        "jpeg-billion-laughs-xmp",
        lambda p: _jpeg(p, exif=_exif(Artist="Jane Doe"), xmp=BILLION_LAUGHS.encode()),
        {"EXIF:Artist": "Jane Doe"},
    ),
    (
        "jpeg-external-entity-xmp",
        lambda p: _jpeg(p, exif=_exif(Artist="Jane Doe"), xmp=EXTERNAL_ENTITY.encode()),
        {"EXIF:Artist": "Jane Doe"},
    ),
    (
        # Over the 1 MB packet limit: ignored, not parsed.
        "png-oversized-xmp",
        lambda p: _png_with_text(
            p, {"XML:com.adobe.xmp": SHUTTERSTOCK_XMP + " " * (1024 * 1024)}),
        {},
    ),
    (
        # Terminal escapes in a hostile value are stripped; whitespace runs collapse.
        "jpeg-control-characters",
        lambda p: _jpeg(p, exif=_exif(Artist="\x1b[2JJane\r\n\t  Doe\x07")),
        {"EXIF:Artist": "[2JJane Doe"},
    ),
    (
        "jpeg-long-value-truncated",
        lambda p: _jpeg(p, exif=_exif(Artist="Getty " * 200)),
        {"EXIF:Artist": ("Getty " * 200)[:500].strip()},
    ),
]


@pytest.mark.parametrize(
    ("builder", "expected"),
    [pytest.param(builder, expected, id=case_id) for case_id, builder, expected in METADATA_CASES],
)
def test_metadata_fields(tmp_path: Path, builder: Builder, expected: dict[str, str]) -> None:
    meta = read_image_metadata(builder(tmp_path))

    assert dict(meta.fields) == expected
    assert len({key for key, _ in meta.fields}) == len(meta.fields)  # each key once
    assert all(0 < len(value) <= 500 for _, value in meta.fields)


def test_field_order_is_stable(tmp_path: Path) -> None:
    path = _jpeg(tmp_path, exif=_exif(Model="Pixel 8", Copyright="Getty Images", Artist="Jane"),
                 xmp=ATTRIBUTE_XMP.encode())

    keys = [key for key, _ in read_image_metadata(path).fields]

    assert keys == ["EXIF:Artist", "EXIF:Copyright", "EXIF:Model", "XMP:photoshop:Credit",
                    "XMP:photoshop:Source", "XMP:xmpRights:Marked",
                    "XMP:Iptc4xmpCore:CiUrlWork"]


def test_field_and_text_helpers(tmp_path: Path) -> None:
    path = _jpeg(tmp_path, exif=_exif(Artist="Jane Doe", Copyright="Getty Images"))

    meta = read_image_metadata(path)

    assert meta.field("EXIF:Copyright") == "Getty Images"
    assert meta.field("IPTC:Credit") is None
    assert meta.text() == "Jane Doe\nGetty Images"
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.width = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "fmt", "expected_format"),
    [
        ("plain.jpg", "JPEG", "JPEG"),
        ("plain.png", "PNG", "PNG"),
        ("plain.gif", "GIF", "GIF"),
        ("plain.webp", "WEBP", "WEBP"),
        ("plain.tif", "TIFF", "TIFF"),
    ],
)
def test_plain_image_has_no_fields(
    tmp_path: Path, name: str, fmt: str, expected_format: str
) -> None:
    path = tmp_path / name
    _picture((200, 150)).save(path, fmt)

    meta = read_image_metadata(path)

    assert meta == ImageMetadata(str(path), expected_format, 200, 150, ())
    assert meta.text() == ""


def test_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _jpeg(tmp_path, name="x.jpg")
    monkeypatch.chdir(tmp_path)

    assert read_image_metadata("x.jpg").path == "x.jpg"
    assert read_image_metadata(Path("x.jpg")).path == "x.jpg"


# -- errors --------------------------------------------------------------------------------


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nope.jpg"


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder.jpg"
    path.mkdir()
    return path


def _fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    path = tmp_path / "pipe.jpg"
    os.mkfifo(path)
    return path


ERROR_CASES: list[tuple[str, Builder, int | None, str]] = [
    ("missing", _missing, None, "file not found"),
    ("directory", _directory, None, "folder"),
    ("named-pipe", _fifo, None, "not a regular file"),
    ("empty", _write("empty.jpg", b""), None, "empty"),
    ("text-renamed-jpg", _write("notes.jpg", b"Dear residents,\nthe bins...\n"), None,
     "not a supported image"),
    ("random-bytes", _write("noise.png", bytes(range(256)) * 8), None, "not a supported image"),
    ("bmp-unsupported", _saved("image.bmp", "BMP"), None, "BMP"),
    ("heic-unsupported", _write("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64),
     None, "HEIC"),
    ("truncated-jpeg", _cut_in_half(lambda p: _jpeg(p)), None, "truncated"),
    ("truncated-png", _cut_in_half(_saved("image.png", "PNG")), None, ""),
    ("over-max-bytes", lambda p: _jpeg(p), 100, "over the 100 bytes limit"),
    # Over twice Pillow's limit: Pillow raises DecompressionBombError itself.
    ("bomb-error", lambda p: _png_claiming(p, 100_000, 100_000), None, "decompression bomb"),
    # 100 megapixels: over the limit but under twice it, where Pillow only warns.
    ("bomb-warning", lambda p: _png_claiming(p, 10_000, 10_000), None, "decompression bomb"),
]


@pytest.mark.parametrize(
    ("builder", "max_bytes", "phrase"),
    [pytest.param(b, m, phrase, id=case_id) for case_id, b, m, phrase in ERROR_CASES],
)
def test_errors_name_the_file(
    tmp_path: Path, builder: Builder, max_bytes: int | None, phrase: str
) -> None:
    path = builder(tmp_path)
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}

    with pytest.raises(AttachmentError) as caught:
        read_image_metadata(path, **kwargs)

    assert str(path) in str(caught.value)
    assert phrase in str(caught.value)


def test_lowered_pixel_limit_is_respected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _jpeg(tmp_path)  # 64 x 48 = 3072 pixels
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    with pytest.raises(AttachmentError, match="decompression bomb"):
        read_image_metadata(path)


def test_pixel_limit_survives_pillow_check_being_disabled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _png_claiming(tmp_path, 100_000, 100_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)

    with pytest.raises(AttachmentError, match="decompression bomb"):
        read_image_metadata(path)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: chmod 000 does not stop root, and CI often runs as root.
    path = _jpeg(tmp_path)

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)

    with pytest.raises(AttachmentError, match="permission denied") as caught:
        read_image_metadata(path)
    assert str(path) in str(caught.value)


def test_nul_in_path(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match="not a valid file name"):
        read_image_metadata(f"{tmp_path}/bad\x00name.jpg")


# -- hostile input never escapes as anything but AttachmentError ---------------------------

# Real signatures give the random tail a chance to reach each plugin's parser.
_SIGNATURES = [b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"II*\x00", b"MM\x00*",
               b"RIFF\x00\x00\x00\x00WEBPVP8 "]


def _read_or_attachment_error(path: Path) -> None:
    try:
        meta = read_image_metadata(path)
    except AttachmentError as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(meta, ImageMetadata)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_SIGNATURES), tail=st.binary(max_size=4096))
def test_arbitrary_bytes(tmp_path_factory: pytest.TempPathFactory, prefix: bytes,
                         tail: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "upload.jpg"
    path.write_bytes(prefix + tail)
    _read_or_attachment_error(path)


@pytest.fixture(scope="module")
def seed_images(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Valid files full of metadata, to be damaged byte by byte."""
    base = tmp_path_factory.mktemp("seeds")
    jpeg = _jpeg_with_iptc(base, [(80, b"John Smith"), (110, b"PA Images")])
    with_meta = _jpeg(base, name="meta.jpg", exif=_exif(Artist="Jane", Copyright="Getty"),
                      xmp=SHUTTERSTOCK_XMP.encode())
    png = _png_with_text(base, {"XML:com.adobe.xmp": SHUTTERSTOCK_XMP, "Author": "Jane"})
    return [p.read_bytes() for p in (jpeg, with_meta, png, _tiff(base))]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_real_images(tmp_path_factory: pytest.TempPathFactory,
                             seed_images: list[bytes], data: st.DataObject) -> None:
    image = bytearray(data.draw(st.sampled_from(seed_images)))
    for _ in range(data.draw(st.integers(1, 8))):
        image[data.draw(st.integers(0, len(image) - 1))] = data.draw(st.integers(0, 255))
    image = image[: data.draw(st.integers(1, len(image)))]
    path = tmp_path_factory.mktemp("mutant") / "upload.img"
    path.write_bytes(bytes(image))
    _read_or_attachment_error(path)
