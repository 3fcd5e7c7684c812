"""How wide a label is, measured on the fonts the pages use, so that pictures place labels without overlap.

The advance widths come from the vendored Noto TrueType files (sathi/static/vendor/noto/, the same faces the
stylesheet serves as WOFF2), read once with fontTools. Shaping is not done: a Bengali or Devanagari conjunct
is drawn narrower than its letters side by side, so the sum of the letters' advances is a width the browser
never exceeds, which is what placing labels needs (too wide is safe, too narrow overlaps).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[1] / "static" / "vendor" / "noto"
FACES = {
    ("latin", False): "NotoSans-Regular.ttf",
    ("latin", True): "NotoSans-Bold.ttf",
    ("bengali", False): "NotoSansBengali-Regular.ttf",
    ("bengali", True): "NotoSansBengali-Bold.ttf",
    ("devanagari", False): "NotoSansDevanagari-Regular.ttf",
    ("devanagari", True): "NotoSansDevanagari-Bold.ttf",
}
# The box a line of text takes in the browser: from the tallest ascent of the three faces (Noto Sans,
# 1.069 em) to the deepest descent (the Indic faces, 0.408 em), so 1.48 em; lines are set 1.5 em apart.
ASCENT, DESCENT, LINE_HEIGHT = 1.07, 0.41, 1.5
ELLIPSIS = "…"
VIRAMAS = {"\u09cd", "\u094d"}  # a consonant joined to the next: never break a line after it


def _script(char: str) -> str:
    code = ord(char)
    if 0x0980 <= code <= 0x09FF:
        return "bengali"
    if 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF:
        return "devanagari"
    return "latin"


@cache
def _advances(script: str, bold: bool) -> tuple[dict[int, float], float]:
    """Each character's advance in em, and the width given to a character the font lacks."""
    font = TTFont(FONTS / FACES[(script, bold)], lazy=True)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    font.close()
    return widths, max(widths.get(ord("M"), 0.9), 0.9)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in px of one line of `text` at `size` px."""
    total = 0.0
    for char in text:
        widths, missing = _advances(_script(char), bold)
        total += widths.get(ord(char), 0.0 if unicodedata.combining(char) else missing)
    return total * size


def line_height(size: float) -> float:
    return size * LINE_HEIGHT


def baseline(top: float, size: float) -> float:
    """Where to put the baseline of a line whose box starts at `top`."""
    return top + size * ASCENT


def _clusters(word: str) -> list[str]:
    """The word cut where a line may break inside it: never before a mark (a vowel sign), nor after a
    virama."""
    pieces: list[str] = []
    for char in word:
        if pieces and (unicodedata.category(char).startswith("M") or pieces[-1][-1] in VIRAMAS):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap(text: str, size: float, width: float, *, max_lines: int = 3, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width`: at spaces, inside a word too long for a line, and cut with an
    ellipsis when more than `max_lines` would be needed (the full text stays in the list beside)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        for piece in _clusters(word):
            if text_width(current + piece, size, bold=bold) <= width or not current:
                current += piece
            else:
                lines.append(current)
                current = piece
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + ELLIPSIS, size, bold=bold) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return lines


def fit(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """One line of `text` no wider than `width`, cut with an ellipsis if need be."""
    return wrap(text, size, width, max_lines=1, bold=bold)[0] if text.strip() else ""
