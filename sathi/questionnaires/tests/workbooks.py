"""Small XLSForms built in the test, and the six real forms read from the shared folder (never copied)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[3]
# The real forms live beside the repository (../shared/xlsforms); a git worktree one level deeper finds them
# one level further up. SATHI_XLSFORMS points elsewhere.
CANDIDATES = [ROOT / ".." / "shared" / "xlsforms", ROOT / ".." / ".." / "shared" / "xlsforms"]
REAL_FORMS = next(
    (Path(p) for p in [os.environ.get("SATHI_XLSFORMS", ""), *CANDIDATES] if p and Path(p).is_dir()), None
)


def real_form(name: str) -> bytes:
    if REAL_FORMS is None or not (REAL_FORMS / name).is_file():
        pytest.skip(f"the shared real XLSForms are not here ({CANDIDATES[0]}): {name} cannot be read")
    return (REAL_FORMS / name).read_bytes()


def xlsx(survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None) -> bytes:
    """A workbook whose sheets hold these rows (the first row of each is its header)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def simple_survey(*rows: list) -> list[list]:
    return [["type", "name", "label"], *rows]
