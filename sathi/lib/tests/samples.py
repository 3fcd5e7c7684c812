"""Real files made on the spot for upload tests: PDFs built with pypdf, photos with Pillow. Synthetic only."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject


def pdf(
    text: str = "Copy of the FIR, case 123/2026", *, open_action: DictionaryObject | None = None
) -> bytes:
    """A one-page PDF that shows `text` in Helvetica; with `open_action`, an action run on opening."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if open_action is not None:
        writer._root_object[NameObject("/OpenAction")] = open_action
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_action(script: str = "app.alert('hello')") -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(script)}
    )


def jpeg_with_gps(size=(40, 20), *, comment: bytes = b"taken at the safe house") -> bytes:
    """A photo as a phone takes it: camera make and model, GPS position, an orientation and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 34.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (88.0, 21.0, 36.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=comment)
    return out.getvalue()


def png_claiming(width: int, height: int, *, rows: int | None = None) -> bytes:
    """A PNG whose header says `width` x `height` (8-bit RGB). Its image data holds `rows` rows of black
    (all of them when None), compressed as it goes, so even a huge one is cheap to make here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * width)
    parts = [packer.compress(row) for _ in range(height if rows is None else rows)]
    idat = b"".join(parts) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
