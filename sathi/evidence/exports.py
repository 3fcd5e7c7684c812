"""Downloads of a released table (issue 14, item 2): CSV, XLSX, HXL-tagged CSV, DHIS2 data values.

- CSV is UTF-8 with a byte-order mark, so that Excel opens Bengali and Hindi labels correctly.
- Every text cell that a spreadsheet could read as a formula is neutralised (OWASP, CSV injection): one
  beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so it opens as
  text. Numbers stay numbers.
- HXL adds the hashtag row under the header (#date, #adm2 or #adm3, #sector, #affected +f +children ...).
  It is written only for a table whose small cells are already suppressed: every catalogue release is, and
  `hxl_rows` checks again that no shown count is under the threshold.
- File names are neutral: the table's catalogue name and the period, never a person or a place.
"""

from __future__ import annotations

import csv
import io
import re

from django.utils.translation import gettext as _

from sathi.evidence import catalogue
from sathi.evidence.catalogue import ALL, MONTH, PLACE
from sathi.evidence.ledger import Released
from sathi.evidence.vocab import PlaceLevel

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that would start a formula opens as text; numbers and empty cells are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def marker() -> str:
    return _("suppressed")


def rows(released: Released) -> list[list]:
    """Header, one line per row label, and the totals: hidden entries as one marker for all."""
    return released.table.as_rows(marker=marker(), total_label=_("Total"), corner=row_heading(released))


def row_heading(released: Released) -> str:
    entry = catalogue.CATALOGUE[released.frame.table]
    if released.frame.rows == PLACE:
        return str(PlaceLevel(released.frame.level).label)
    if released.frame.rows == MONTH:
        return _("Month")
    return str(entry.dimension(released.frame.rows).label)


def filename(released: Released, extension: str) -> str:
    f = released.frame
    return f"{f.table}-{catalogue.month_label(f.start)}-{catalogue.month_label(f.end)}.{extension}"


def to_csv(table_rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    for row in table_rows:
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table_rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "table"
    for r, row in enumerate(table_rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                # Set as a string explicitly: openpyxl would otherwise store "=..." as a formula.
                cell.value = neutralise(value)
                cell.data_type = "s"
            else:
                cell.value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- HXL ----------------------------------------------------------------------------------------------

_ATTRIBUTE = re.compile(r"[^a-z0-9_]")
_GENDER_ATTRIBUTES = {"woman": "+f", "man": "+m"}
_AGE_ATTRIBUTES = {"under_16": "+children", "16_17": "+adolescents"}


class NotProtected(ValueError):
    """A table with a shown count under the threshold: it may not be written as HXL or DHIS2."""


def _attribute(axis: str, value: str) -> str:
    if axis == "gender" and value in _GENDER_ATTRIBUTES:
        return _GENDER_ATTRIBUTES[value]
    if axis == "age_band":
        return _AGE_ATTRIBUTES.get(value, "+adults" if value not in ("unknown",) else "+age_unknown")
    clean = _ATTRIBUTE.sub("_", f"{axis}_{value}".lower())
    return "+" + clean


def check_protected(released: Released) -> None:
    threshold = released.table.threshold
    numbers = [v for row in released.table.cells for v in row]
    numbers += [*released.table.row_totals, *released.table.col_totals, released.table.grand_total]
    if any(v is not None and 0 < v < threshold for v in numbers):
        raise NotProtected("a shown count is under the disclosure threshold")


def _row_tag(released: Released) -> str:
    f = released.frame
    if f.rows == PLACE:
        return "#adm3 +name" if f.level == PlaceLevel.BLOCK else "#adm2 +name"
    if f.rows == MONTH:
        return "#date"
    hxl = catalogue.CATALOGUE[f.table].dimension(f.rows).hxl
    return hxl if hxl.startswith("#") else f"#indicator {hxl}"


def hxl_rows(released: Released) -> list[list]:
    check_protected(released)
    entry = catalogue.CATALOGUE[released.frame.table]
    table_rows = rows(released)
    tags = [_row_tag(released)]
    for key in released.col_keys:
        if key == (ALL,):
            tags.append(f"{entry.hxl_subject} +total")
            continue
        attributes = [
            "+date_" + v.replace("-", "_") if axis == MONTH else _attribute(axis, v)
            for axis, v in zip(released.frame.columns, key, strict=True)
        ]
        tags.append(" ".join([entry.hxl_subject, *attributes]))
    tags.append(f"{entry.hxl_subject} +total")
    start, end = catalogue.month_label(released.frame.start), catalogue.month_label(released.frame.end)
    header = [_("From"), _("Until"), *table_rows[0]]
    out = [header, ["#date +start", "#date +end", *tags]]
    out += [[start, end, *row] for row in table_rows[1:]]
    return out
