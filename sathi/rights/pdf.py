"""Her own record as a PDF: A4, large type, Bengali and Devanagari shaped by HarfBuzz (fpdf2 + uharfbuzz) with
the vendored Noto fonts (OFL), so that no machine's fonts matter. Built in memory; never written to disk.

Shaped text must still read back as the words it shows (screen readers, copy and paste, search): fpdf2 maps
each glyph to the characters of its cluster, but gives the second glyph of a cluster (a pre-base vowel sign
drawn before its consonant, the parts of a conjunct) no mapping at all, so extraction shows stray codes. We
add an empty mapping for those glyphs to each font's ToUnicode CMap: the first glyph of the cluster already
carries all of its characters, in logical order.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from sathi.rights.summary import OwnRecord

FONTS = Path(settings.BASE_DIR) / "sathi" / "static" / "vendor" / "noto"
FAMILIES = {
    "latin": "NotoSans",
    "bengali": "NotoSansBengali",
    "devanagari": "NotoSansDevanagari",
}
# The font a language's text is set in first; the others catch any other script (a name written in Bengali
# in an English summary).
PRIMARY = {"en": "latin", "bn": "bengali", "hi": "devanagari"}
BODY, HEADING, TITLE = 13, 17, 22  # points: large type, readable when printed and on a phone


# Every block starts at the left margin on the next line (fpdf2's default moves right of the cell).
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


class _Document(FPDF):
    def __init__(self, language: str):
        super().__init__(format="A4")
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=16)
        for family, stem in FAMILIES.items():
            self.add_font(family, "", str(FONTS / f"{stem}-Regular.ttf"))
            self.add_font(family, "B", str(FONTS / f"{stem}-Bold.ttf"))
        primary = PRIMARY[language]
        self.primary = primary
        self.set_fallback_fonts([f for f in FAMILIES if f != primary], exact_match=False)
        self.set_text_shaping(True)
        self.set_lang(language)

    def header(self):
        # fpdf2 (2.8.9) draws a fallback font's run inside q/Q and then trusts the text state it had before;
        # on a page whose first run was a fallback, the next line would name no font at all (invisible, and
        # unreadable to extraction). Setting the current font at the top of every page keeps it right.
        if self.current_font is not None:
            self._out(f"BT /F{self.current_font.i} {self.font_size_pt:.2f} Tf ET")

    def footer(self):
        self.set_y(-12)
        self.set_font(self.primary, "", 9)
        self.cell(0, 6, str(self.page_no()), align="C")


def render(record: OwnRecord) -> bytes:
    with translation.override(record.language):
        pdf = _Document(record.language)
        pdf.set_title(_("Your own record"))
        pdf.add_page()
        pdf.set_font(pdf.primary, "B", TITLE)
        _block(pdf, 11, _("Your record at %(org)s") % {"org": record.organisation})
        pdf.set_font(pdf.primary, "", BODY)
        produced = formats.date_format(record.produced_on, "DATE_FORMAT")
        _block(pdf, 7, f"{_('Your code')}: {record.code} · {_('Made on')} {produced}")
        for section in record.sections:
            pdf.ln(4)
            pdf.set_font(pdf.primary, "B", HEADING)
            _block(pdf, 9, section.title)
            if section.intro:
                pdf.set_font(pdf.primary, "", BODY)
                _block(pdf, 7, section.intro)
            for entry in section.entries:
                if entry.heading:
                    pdf.ln(1)
                    pdf.set_font(pdf.primary, "B", BODY)
                    _block(pdf, 7, entry.heading)
                pdf.set_font(pdf.primary, "", BODY)
                for label, text in entry.lines:
                    _block(pdf, 7, f"{label}: {text}" if label else text)
        data = bytes(pdf.output())
    return _complete_to_unicode(pdf, data)


def _block(pdf: _Document, line_height: float, text: str) -> None:
    """One block of text (a line of her record), moved whole to the next page when it does not fit."""
    height = pdf.multi_cell(pdf.epw, line_height, text, dry_run=True, output="HEIGHT")
    if pdf.get_y() + height > pdf.page_break_trigger and pdf.get_y() > pdf.t_margin + 1:
        pdf.add_page()
    pdf.multi_cell(pdf.epw, line_height, text, **NEXT_LINE)


def _complete_to_unicode(pdf: FPDF, data: bytes) -> bytes:
    """Give the glyphs fpdf2 left unmapped (later glyphs of a shaped cluster) an empty ToUnicode mapping."""
    unmapped: dict[str, list[int]] = {}
    for font in pdf.fonts.values():
        subset = getattr(font, "subset", None)
        if subset is None:
            continue
        codes = [
            code
            for glyph, code in subset.items()
            if glyph is not None and isinstance(glyph.unicode, tuple) and not glyph.unicode
        ]
        if codes:
            unmapped[f"/F{font.i}"] = sorted(codes)
    if not unmapped:
        return data
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    done: set[int] = set()
    for page in writer.pages:
        fonts = page[NameObject("/Resources")].get_object().get("/Font", {})
        for name, ref in fonts.items():
            codes = unmapped.get(name)
            cmap_ref = ref.get_object().get("/ToUnicode")
            key = getattr(cmap_ref, "idnum", id(cmap_ref))
            if not codes or cmap_ref is None or key in done:
                continue
            done.add(key)
            cmap = cmap_ref.get_object()
            blocks = []
            for start in range(0, len(codes), 100):  # a bfchar block holds at most 100 entries
                chunk = codes[start : start + 100]
                blocks.append(
                    f"{len(chunk)} beginbfchar\n" + "".join(f"<{c:04X}> <>\n" for c in chunk) + "endbfchar\n"
                )
            text = cmap.get_data().decode("latin-1").replace("endcmap", "".join(blocks) + "endcmap", 1)
            cmap.set_data(text.encode("latin-1"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
