"""A KoboToolbox XLSX export read as rows like Kobo's JSON (nothing is written here).

Kobo writes the submissions on the first sheet, one row each, with headers as paths ("group/question") and
its own columns (`_uuid`, `_index`, `_submission_time`...); each repeat on a sheet of its own, named after
the repeat, one row per item, pointing at its submission (or, for a repeat inside a repeat, at its item)
by `_parent_table_name` and `_parent_index`, which are the `_index` of that row. A `select_multiple` comes as
its space-separated answer and one 1/0 column per choice ("group/question/choice"): the answer is read,
the choice columns are not questions. The workbook is refused before it is opened when it is too large,
locked with a password, an old .xls, or not a workbook at all.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _

from sathi.questionnaires.instances import FormShape, SubmissionRefused
from sathi.questionnaires.workbook import ENCRYPTED_STREAM, INFLATION_LIMIT, OLE2_MAGIC

SELECT_MULTIPLE = {"select all that apply", "select_multiple", "select multiple"}
SHEET_TITLE = 31  # Excel's longest sheet name: Kobo cuts a repeat's name to it


def is_workbook(content: bytes) -> bool:
    return content.startswith((b"PK", OLE2_MAGIC))


def xlsx_rows(content: bytes, shape: FormShape) -> tuple[list[dict], list[str]]:
    """The submissions as Kobo JSON objects (repeats as lists of items under the repeat's path), and the
    sheets that are no repeat of this form."""
    _check(content)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; none is worth more words
        raise SubmissionRefused(_not_an_export()) from None
    try:
        titles = list(book.sheetnames)
        tables = {title: _table(book[title], shape) for title in titles}
    finally:
        book.close()
    if not titles:
        raise SubmissionRefused(_not_an_export())
    main = titles[0]
    by_index = {title: {str(row.get("_index", "")): row for row in rows} for title, rows in tables.items()}
    unknown: list[str] = []
    for title in titles[1:]:
        repeat = _repeat_of(title, shape)
        if repeat is None:
            unknown.append(title)
            continue
        for number, item in enumerate(tables[title], start=2):
            parent_sheet = str(item.get("_parent_table_name") or main)
            parent = by_index.get(parent_sheet, {}).get(str(item.get("_parent_index", "")))
            if parent is None:
                raise SubmissionRefused(
                    _("Row %(row)d of the sheet “%(sheet)s” belongs to no submission (its _parent_index).")
                    % {"row": number, "sheet": title[:SHEET_TITLE]}
                )
            parent.setdefault(repeat, []).append(item)
    for title in titles[1:]:
        for item in tables[title]:  # Kobo's own columns of an item are not answers
            for key in [k for k in item if k.startswith("_")]:
                del item[key]
    return tables[main], unknown


def _check(content: bytes) -> None:
    cap = settings.SATHI_MAX_UPLOAD_BYTES
    if len(content) > cap:
        raise SubmissionRefused(_("The file is too large: at most %(mb)d MB.") % {"mb": cap // (1024 * 1024)})
    if content.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in content:
            raise SubmissionRefused(
                _("This workbook is locked with a password. Save an unlocked copy and upload that.")
            )
        raise SubmissionRefused(_("This is an old .xls workbook: export the submissions from Kobo as XLSX."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SubmissionRefused(_not_an_export()) from None
    if "xl/workbook.xml" not in names:
        raise SubmissionRefused(_not_an_export())
    if inflated > cap * INFLATION_LIMIT:
        raise SubmissionRefused(_("This workbook is too large once opened."))


def _table(sheet, shape: FormShape) -> list[dict]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
    # A choice's own 1/0 column of a select_multiple ("hh/needs/water") is not a question.
    kept = [
        (i, name)
        for i, name in enumerate(header)
        if name and shape.types.get(f"{shape.root}/{name.rsplit('/', 1)[0]}") not in SELECT_MULTIPLE
    ]
    table = []
    for values in rows:
        row = {}
        for i, name in kept:
            value = _cell(values[i]) if i < len(values) else ""
            if value != "":
                row[name] = value
        if row:
            table.append(row)
    return table


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _repeat_of(title: str, shape: FormShape) -> str | None:
    """The repeat a sheet holds (its path without the root), by its name as Kobo cuts it."""
    found = [r for r in shape.repeats if r.rsplit("/", 1)[-1][:SHEET_TITLE] == title]
    return found[0].removeprefix(shape.root + "/") if len(found) == 1 else None


def _not_an_export() -> str:
    return _("This is not a Kobo export Sathi can read: export the submissions as XLSX, CSV or JSON.")
