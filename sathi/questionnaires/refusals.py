"""Why a workbook is refused, and where: the uploader's own words for what cannot be understood."""

from __future__ import annotations

from django.utils.translation import gettext as _


class XLSFormRefused(Exception):
    """A workbook Sathi cannot read as an XLSForm. `message` is in the user's language; sheet, row (the
    spreadsheet's own row number) and column say where, when it is known."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""):
        self.message, self.sheet, self.row, self.column = str(message), sheet, row, column
        super().__init__(self.full_message())

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": self.column})
        return ", ".join(parts)

    def full_message(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


def warning(message: str, *, sheet: str = "", row: int | None = None, column: str = "") -> dict:
    """A warning as it is stored with the version and shown to the uploader."""
    return {"sheet": sheet, "row": row, "column": column, "message": str(message)}
