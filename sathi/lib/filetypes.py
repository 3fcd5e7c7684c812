"""What a file really is, decided by decoding all of it, never from its name or its first bytes.

An image is decoded whole and rebuilt from its pixels, so nothing but pixels survives: no EXIF (GPS, camera,
time), XMP, ICC profile, comment, text chunk or bytes appended after the image (a JPEG/HTML polyglot comes
back as a plain picture). A PDF is parsed whole and refused if it can act on its own: scripts, actions run on
opening or on events, launching programs, embedded files, XFA forms, rich media. Memory is bounded before
anything is decoded: the byte limit first, then the pixel count read from the image's header.
"""

from __future__ import annotations

import io
import warnings
import zlib
from dataclasses import dataclass

# Why a file is refused; the caller words each for the user.
EMPTY = "empty"
TOO_LARGE = "too_large"
UNSUPPORTED = "unsupported"
DAMAGED = "damaged"
TOO_MANY_PIXELS = "too_many_pixels"
PDF_DAMAGED = "pdf_damaged"
PDF_ACTIVE = "pdf_active"
PDF_LOCKED = "pdf_locked"

SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
# Pillow's names for what each type decodes as (a phone's JPEG with a depth map opens as MPO).
FORMATS = {"image/jpeg": {"JPEG", "MPO"}, "image/png": {"PNG"}}
# JPEG can be decoded at 1/2, 1/4 or 1/8 of its size by the decoder itself (DCT scaling), so a large photo
# is bounded while it is decoded, not after.
JPEG_SCALES = (1, 2, 4, 8)

# PDF names that make a document act: JavaScript, actions on opening or on events (OpenAction, AA),
# launching a program, embedded or attached files, XFA forms, rich media (Flash, video), sending or
# importing form data, and links that open other files.
PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/OpenAction", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/XFA"}
    | {"/RichMedia", "/RichMediaContent", "/RichMediaSettings"}
)
PDF_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition", "/Movie"}
    | {"/Sound", "/RichMediaExecute"}
)
PDF_ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/Filespec", "/RichMedia", "/Movie", "/Sound", "/Screen"})
PDF_MAX_OBJECTS = 200_000  # a bound on the walk, far above any real document of our size limit


class Refused(Exception):
    """The file is not accepted; `reason` is one of the constants above."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Accepted:
    content_type: str
    content: bytes  # what is to be stored: the rebuilt image, or the PDF as given
    rebuilt: bool  # an image rebuilt from its pixels (so stripped of every kind of metadata)


def sniff(head: bytes) -> str | None:
    """The type a file claims by its first bytes, or None for anything we never accept (HTML, archives...).
    A claim only: `accept` decides by decoding."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def accept(content: bytes, *, max_bytes: int, max_pixels: int) -> Accepted:
    """The file as it may be stored, or Refused. Nothing is written anywhere."""
    if not content:
        raise Refused(EMPTY)
    if len(content) > max_bytes:
        raise Refused(TOO_LARGE)
    content_type = sniff(content[:16])
    if content_type is None:
        raise Refused(UNSUPPORTED)
    if content_type == "application/pdf":
        check_pdf(content)
        return Accepted(content_type, content, rebuilt=False)
    return Accepted(content_type, rebuild_image(content, content_type, max_pixels=max_pixels), rebuilt=True)


def _jpeg_scale(width: int, height: int, max_pixels: int) -> int | None:
    for scale in JPEG_SCALES:
        if -(-width // scale) * -(-height // scale) <= max_pixels:
            return scale
    return None


def rebuild_image(content: bytes, content_type: str, *, max_pixels: int) -> bytes:
    """The image's pixels only, re-encoded in its own format. Orientation is applied to the pixels first,
    so the picture still stands upright. A damaged, incomplete or lying image is refused.

    Peak memory is about three copies of the decoded pixels (at most 4 bytes each): the decoded image, its
    upright or converted copy, and the rebuilt one; the header's dimensions are checked before decoding."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))  # lazy: reads the header only
        if image.format not in FORMATS[content_type]:
            raise Refused(DAMAGED)
        width, height = image.size
        if width * height > max_pixels:
            scale = _jpeg_scale(width, height, max_pixels) if content_type == "image/jpeg" else None
            if scale is None:
                raise Refused(TOO_MANY_PIXELS)
            image.draft(image.mode, (-(-width // scale), -(-height // scale)))
            if image.size[0] * image.size[1] > max_pixels:
                raise Refused(TOO_MANY_PIXELS)
        if content_type == "image/png":
            _check_png_data(content)
        image.load()  # the whole file: a truncated image raises here
        image = ImageOps.exif_transpose(image)
        if content_type == "image/jpeg" and image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        elif content_type == "image/png" and image.mode not in ("1", "L", "LA", "RGB", "RGBA", "I;16"):
            has_alpha = "A" in image.mode or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
        # A new image holding only the pixels carries no info at all, whatever an encoder would copy over.
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
        del image
        out = io.BytesIO()
        if content_type == "image/jpeg":
            clean.save(out, "JPEG", quality=90)
        else:
            clean.save(out, "PNG")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Refused(TOO_MANY_PIXELS) from exc
    except (OSError, SyntaxError, ValueError, TypeError, EOFError, KeyError, IndexError) as exc:
        raise Refused(DAMAGED) from exc
    return out.getvalue()


# Adam7 interlacing: (first column, first row, column step, row step) of each of the seven passes.
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _check_png_data(content: bytes) -> None:
    """Refuse a PNG whose image data is not exactly what its header promises. Pillow quietly fills in the
    missing rows of a short image (and ignores extra data), so a header could claim any size. Counted while
    decompressing in small pieces: nothing is held but the compressed data."""
    pos, idat, header = 8, [], None
    while pos + 8 <= len(content):
        length = int.from_bytes(content[pos : pos + 4], "big")
        kind, data = content[pos + 4 : pos + 8], content[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = data
        elif kind == b"IDAT":
            idat.append(data)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or len(header) != 13:
        raise Refused(DAMAGED)
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour, interlaced = header[8], header[9], header[12]
    if colour not in PNG_CHANNELS:
        raise Refused(DAMAGED)

    def size(w: int, h: int) -> int:
        return h * (1 + (w * PNG_CHANNELS[colour] * depth + 7) // 8) if w and h else 0

    if interlaced:
        expected = sum(
            size(
                (width - x + dx - 1) // dx if width > x else 0,
                (height - y + dy - 1) // dy if height > y else 0,
            )
            for x, y, dx, dy in ADAM7
        )
    else:
        expected = size(width, height)
    inflater, produced = zlib.decompressobj(), 0
    try:
        pending = b"".join(idat)
        while pending and produced <= expected:
            produced += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
    except zlib.error as exc:
        raise Refused(DAMAGED) from exc
    if produced != expected or not inflater.eof:
        raise Refused(DAMAGED)


def check_pdf(content: bytes) -> None:
    """Refuse a PDF that cannot be parsed whole, is locked, or holds anything that acts on its own. Every
    object in the file is looked at, reachable or not, since viewers repair broken files."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about repairs it makes; we judge the result
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise Refused(PDF_LOCKED)
            roots = [reader.trailer]
            for generation, numbers in reader.xref.items():
                roots.extend(IndirectObject(n, generation, reader) for n in numbers)
            roots.extend(IndirectObject(n, 0, reader) for n in reader.xref_objStm)
            if not reader.trailer.get("/Root"):
                raise Refused(PDF_DAMAGED)
            seen: set[tuple[int, int]] = set()
            stack = list(roots)
            while stack:
                item = stack.pop()
                if isinstance(item, IndirectObject):
                    if (item.idnum, item.generation) in seen:
                        continue
                    seen.add((item.idnum, item.generation))
                    if len(seen) > PDF_MAX_OBJECTS:
                        raise Refused(PDF_DAMAGED)
                    item = item.get_object()
                if isinstance(item, DictionaryObject):
                    if PDF_ACTIVE_KEYS & set(item.keys()):
                        raise Refused(PDF_ACTIVE)
                    if item.get("/S") in PDF_ACTIVE_ACTIONS or item.get("/Type") in PDF_ACTIVE_TYPES:
                        raise Refused(PDF_ACTIVE)
                    if item.get("/Subtype") in PDF_ACTIVE_TYPES | {"/FileAttachment"}:
                        raise Refused(PDF_ACTIVE)
                    stack.extend(item.values())
                elif isinstance(item, ArrayObject):
                    stack.extend(item)
            if len(reader.pages) < 1:
                raise Refused(PDF_DAMAGED)
    except Refused:
        raise
    except (PyPdfError, OSError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise Refused(PDF_DAMAGED) from exc
    except RecursionError as exc:
        raise Refused(PDF_DAMAGED) from exc
