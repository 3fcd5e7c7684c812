"""Reading an uploaded workbook: what is refused before pyxform sees it, then pyxform's own reader.

The workbook is read with pyxform's backend (`get_xlsform`), so that Sathi reads exactly what pyxform would
convert; only the header rows are read again, raw, to see what that backend trims without a word.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, fields

from django.conf import settings
from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from sathi.questionnaires.refusals import XLSFormRefused

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE2 file holding this stream (MS-OFFCRYPTO); its directory names are UTF-16.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# A zip this small can hold gigabytes once inflated: its members may inflate to this many times the cap.
INFLATION_LIMIT = 20


@dataclass
class Workbook:
    data: DefinitionData
    file_type: str  # "xlsx" or "xls"
    raw_headers: dict[str, list[str]]  # sheet -> its first row as written, spaces and all


def sniff(content: bytes) -> str:
    """'xlsx' or 'xls', or a refusal: too large, empty, locked with a password, or not a spreadsheet."""
    cap = settings.SATHI_MAX_UPLOAD_BYTES
    if len(content) > cap:
        raise XLSFormRefused(_("The file is too large: at most %(mb)d MB.") % {"mb": cap // (1024 * 1024)})
    if not content:
        raise XLSFormRefused(_("The file is empty."))
    if content.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in content:
            raise XLSFormRefused(_locked())
        return "xls"
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                inflated = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            raise XLSFormRefused(_not_a_spreadsheet()) from None
        if "xl/workbook.xml" in names:
            if inflated > cap * INFLATION_LIMIT:
                raise XLSFormRefused(_("This workbook is too large once opened."))
            return "xlsx"
    raise XLSFormRefused(_not_a_spreadsheet())


def read(content: bytes) -> Workbook:
    file_type = sniff(content)
    try:
        data = get_xlsform(io.BytesIO(content), file_type=f".{file_type}")
    except PyXFormError as exc:
        if "encrypt" in str(exc).lower():
            raise XLSFormRefused(_locked()) from None
        raise XLSFormRefused(_not_a_spreadsheet()) from None
    except Exception:  # xlrd and openpyxl raise many kinds on a damaged file; none is worth more words
        raise XLSFormRefused(_not_a_spreadsheet()) from None
    if not data.survey:
        raise XLSFormRefused(
            _("This workbook has no “survey” sheet (or it is empty). An XLSForm lists its questions there.")
        )
    return Workbook(data=data, file_type=file_type, raw_headers=_raw_headers(content, file_type))


def as_dict(data: DefinitionData) -> dict:
    """The fields pyxform's `convert` takes back as a dict (a shallow copy: rows are shared)."""
    return {field.name: getattr(data, field.name) for field in fields(data)}


def _raw_headers(content: bytes, file_type: str) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    if file_type == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                first = next(sheet.iter_rows(max_row=1, values_only=True), ())
                headers[sheet.title] = [str(v) if v is not None else "" for v in first]
        finally:
            book.close()
    else:
        import xlrd

        book = xlrd.open_workbook(file_contents=content, on_demand=True)
        for sheet in book.sheets():
            values = sheet.row_values(0) if sheet.nrows else []
            headers[sheet.name] = [str(v) if v is not None else "" for v in values]
    return headers


def _locked() -> str:
    return _("This workbook is locked with a password. Save an unlocked copy and upload that.")


def _not_a_spreadsheet() -> str:
    return _("This is not a spreadsheet Sathi can read. Upload the XLSForm as .xlsx or .xls.")
