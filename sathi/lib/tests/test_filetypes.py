"""The one upload pipeline's rules, on real files made here: what is decoded, rebuilt, bounded or refused."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image, ImageFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from sathi.lib import filetypes
from sathi.lib.filetypes import Refused, accept
from sathi.lib.tests import samples

MB = 1024 * 1024
LIMITS = {"max_bytes": 10 * MB, "max_pixels": 16_000_000}


def refused(content: bytes, **limits) -> str:
    with pytest.raises(Refused) as err:
        accept(content, **{**LIMITS, **limits})
    return err.value.reason


def test_a_jpeg_with_gps_comes_back_without_gps_camera_or_comment():
    original = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it really has them
    assert b"PhoneMaker" in original and b"safe house" in original
    result = accept(original, **LIMITS)
    back = Image.open(io.BytesIO(result.content))
    assert result.content_type == "image/jpeg" and result.rebuilt and back.format == "JPEG"
    assert not back.getexif() and "comment" not in back.info and "exif" not in back.info
    assert b"PhoneMaker" not in result.content and b"safe house" not in result.content
    assert back.size == (40, 20)


def test_a_truncated_jpeg_is_refused():
    whole = samples.jpeg_with_gps(size=(600, 400))
    for cut in (len(whole) // 3, len(whole) - 40, len(whole) - 2):
        assert refused(whole[:cut]) == filetypes.DAMAGED


def test_a_jpeg_html_polyglot_comes_back_as_a_clean_image():
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    with_comment = samples.jpeg_with_gps(comment=html)
    for polyglot in (with_comment, with_comment + html):  # in a comment segment, and after the image's end
        assert html in polyglot
        result = accept(polyglot, **LIMITS)
        assert b"<script" not in result.content and b"<html" not in result.content
        assert Image.open(io.BytesIO(result.content)).format == "JPEG"
    # Starting as HTML, it is no image at all.
    assert refused(html + samples.jpeg_with_gps()) == filetypes.UNSUPPORTED


@pytest.fixture
def decoder_forbidden(monkeypatch):
    """Makes any decoding of image data fail the test: a refusal must come from the header alone."""

    def load(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_a_huge_dimension_png_is_refused_by_its_header_before_decoding(decoder_forbidden):
    nine_hundred_megapixels = samples.png_claiming(30_000, 30_000, rows=4)
    assert len(nine_hundred_megapixels) < 10_000  # tiny on the wire, 2.7 GB once decoded
    assert refused(nine_hundred_megapixels) == filetypes.TOO_MANY_PIXELS
    forty_nine_megapixels = samples.png_claiming(7_000, 7_000)  # a real, complete image under 10 MB
    assert len(forty_nine_megapixels) < 10 * MB
    assert refused(forty_nine_megapixels) == filetypes.TOO_MANY_PIXELS


def test_an_upload_whose_header_lies_about_its_size_is_refused():
    # The header claims 2,000 x 2,000 pixels; the data holds ten rows.
    assert refused(samples.png_claiming(2_000, 2_000, rows=10)) == filetypes.DAMAGED
    assert refused(samples.png_claiming(10, 10, rows=20)) == filetypes.DAMAGED  # and more than it says
    # Over the byte limit: refused before anything is parsed.
    assert refused(samples.png_claiming(50, 50), max_bytes=20) == filetypes.TOO_LARGE
    assert refused(b"") == filetypes.EMPTY


def test_a_large_jpeg_is_decoded_smaller_to_fit_the_pixel_cap():
    out = io.BytesIO()
    Image.new("RGB", (4_000, 3_000), (10, 120, 40)).save(out, "JPEG")
    result = accept(out.getvalue(), max_bytes=10 * MB, max_pixels=4_000_000)
    back = Image.open(io.BytesIO(result.content))
    assert back.size == (2_000, 1_500)  # decoded at half its size by the decoder itself
    assert refused(out.getvalue(), max_pixels=100_000) == filetypes.TOO_MANY_PIXELS  # even 1/8 is too big


def test_a_png_is_rebuilt_without_its_text_chunks_or_icc_profile():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "22.57N 88.36E")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 128, 0, 200)).save(out, "PNG", pnginfo=info, icc_profile=b"\x00" * 64)
    result = accept(out.getvalue(), **LIMITS)
    back = Image.open(io.BytesIO(result.content))
    assert back.getpixel((3, 3)) == (0, 128, 0, 200)
    assert "Location" not in back.info and "icc_profile" not in back.info and b"22.57N" not in result.content


def _with_catalog_entry(key: str, value) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(samples.pdf()))
    writer._root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_page_entry(key: str, value) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(samples.pdf()))
    writer.pages[0][NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _name(value: str) -> NameObject:
    return NameObject(value)


def test_a_pdf_with_javascript_is_refused():
    assert refused(samples.pdf(open_action=samples.javascript_action())) == filetypes.PDF_ACTIVE


ACTIVE_PDFS = {
    "document-level script": lambda: _with_catalog_entry(
        "/Names",
        DictionaryObject(
            {
                _name("/JavaScript"): DictionaryObject(
                    {_name("/Names"): ArrayObject([TextStringObject("x"), samples.javascript_action()])}
                )
            }
        ),
    ),
    "action on a page event": lambda: _with_page_entry(
        "/AA", DictionaryObject({_name("/O"): samples.javascript_action()})
    ),
    "launching a program": lambda: samples.pdf(
        open_action=DictionaryObject(
            {_name("/S"): _name("/Launch"), _name("/F"): TextStringObject("cmd.exe")}
        )
    ),
    "an embedded file": lambda: _with_catalog_entry(
        "/Names",
        DictionaryObject({_name("/EmbeddedFiles"): DictionaryObject({_name("/Names"): ArrayObject()})}),
    ),
    "an XFA form": lambda: _with_catalog_entry(
        "/AcroForm",
        DictionaryObject({_name("/Fields"): ArrayObject(), _name("/XFA"): TextStringObject("<x/>")}),
    ),
    "rich media": lambda: _with_page_entry(
        "/Annots",
        ArrayObject(
            [DictionaryObject({_name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/RichMedia")})]
        ),
    ),
    "an open action to another page": lambda: samples.pdf(
        open_action=DictionaryObject({_name("/S"): _name("/GoTo"), _name("/D"): ArrayObject()})
    ),
}


@pytest.mark.parametrize("kind", ACTIVE_PDFS)
def test_a_pdf_with_active_content_is_refused(kind):
    content = ACTIVE_PDFS[kind]()
    assert PdfReader(io.BytesIO(content)).pages  # a PDF that opens
    assert refused(content) == filetypes.PDF_ACTIVE


def test_a_clean_pdf_is_accepted():
    content = samples.pdf("Order of the magistrate, 12 March 2026")
    result = accept(content, **LIMITS)
    assert result.content == content and result.content_type == "application/pdf" and not result.rebuilt


def test_an_unparseable_pdf_is_refused():
    assert refused(b"%PDF-1.4\n" + b"\x00garbage" * 100) == filetypes.PDF_DAMAGED
    assert refused(samples.pdf()[:200]) == filetypes.PDF_DAMAGED
