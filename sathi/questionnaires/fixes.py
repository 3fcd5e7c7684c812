"""What strict pyxform refuses in real forms but whose meaning is clear: fixed, each with a warning.

Each fix works on pyxform's own reading of the workbook (a `DefinitionData`: rows are dicts, a row's
spreadsheet number is its index + 2) and says what it changed, naming the sheet, row and column.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext as _
from pyxform.xls2json_backends import DefinitionData

from sathi.questionnaires.expressions import EXPRESSION_COLUMNS, TYPOGRAPHIC_QUOTES, references
from sathi.questionnaires.languages import language_code
from sathi.questionnaires.refusals import XLSFormRefused, warning

FIRST_ROW = 2  # row 1 is the header
# Names pyxform keeps for the form's own metadata; CHT forms use `meta` for a group of their own.
RESERVED_GROUP_NAMES = {"meta"}
# A list the form uses but never defines, whose name says what it holds.
YES_NO_LISTS = {"yes_no", "yesno", "yes_or_no", "noyes", "no_yes"}
YES_NO_LABELS = {
    "yes": {"en": "Yes", "bn": "হ্যাঁ", "hi": "हाँ"},
    "no": {"en": "No", "bn": "না", "hi": "नहीं"},
}
INSTANCE_TAG = "instance::tag"
SELECT = re.compile(r"^(select_one|select_multiple|rank)\s+(?P<list>\S+)(\s+or_other)?$")


def row_number(index: int) -> int:
    return index + FIRST_ROW


def trimmed_headers(raw_headers: dict[str, list[str]]) -> list[dict]:
    """pyxform trims a header's spaces without a word; the author should know ("name " read as "name")."""
    found = []
    for sheet, headers in raw_headers.items():
        if sheet not in ("survey", "choices", "settings"):
            continue
        for position, header in enumerate(headers):
            if header and header != header.strip():
                found.append(
                    warning(
                        _("The column header “%(raw)s” has spaces around it; it is read as “%(name)s”.")
                        % {"raw": header, "name": header.strip()},
                        sheet=sheet,
                        row=1,
                        column=_column_letter(position),
                    )
                )
    return found


def rename_reserved_groups(data: DefinitionData) -> list[dict]:
    found = []
    taken = {str(row.get("name", "")).strip() for row in data.survey}
    for reserved in RESERVED_GROUP_NAMES:
        new = next(n for n in (f"{reserved}_group", f"cht_{reserved}", f"{reserved}_sathi") if n not in taken)
        renamed = False
        for index, row in enumerate(data.survey):
            if str(row.get("name", "")).strip() != reserved:
                continue
            kind = " ".join(str(row.get("type", "")).split()).replace(" ", "_")
            if kind not in ("begin_group", "end_group", "begin_repeat", "end_repeat"):
                continue
            row["name"] = new
            renamed = True
            if kind.startswith("begin"):
                found.append(
                    warning(
                        _(
                            "A group may not be named “%(old)s” (the name is kept for the form's own "
                            "metadata); it is renamed “%(new)s”."
                        )
                        % {"old": reserved, "new": new},
                        sheet="survey",
                        row=row_number(index),
                        column="name",
                    )
                )
        if renamed:
            for row in data.survey:
                for column, value in row.items():
                    if isinstance(value, str) and "${" + reserved + "}" in value:
                        row[column] = value.replace("${" + reserved + "}", "${" + new + "}")
    return found


def allow_duplicate_choices(data: DefinitionData) -> list[dict]:
    rows_by_choice: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(data.choices or []):
        list_name, name = _list_name(row), str(row.get("name", "")).strip()
        if list_name and name:
            rows_by_choice[(list_name, name)].append(row_number(index))
    duplicates = {key: rows for key, rows in rows_by_choice.items() if len(rows) > 1}
    if not duplicates or _setting(data, "allow_choice_duplicates").casefold() in ("yes", "true", "1"):
        return []
    data.settings = [{**(data.settings[0] if data.settings else {}), "allow_choice_duplicates": "yes"}]
    data.settings_header = [dict.fromkeys(data.settings[0])]
    return [
        warning(
            _(
                "The list “%(list)s” has the choice “%(name)s” more than once (rows %(rows)s); "
                "duplicates are allowed for this form."
            )
            % {"list": list_name, "name": name, "rows": ", ".join(map(str, rows))},
            sheet="choices",
            row=rows[1],
            column="name",
        )
        for (list_name, name), rows in sorted(duplicates.items())
    ]


def define_missing_lists(data: DefinitionData) -> list[dict]:
    """A yes/no list used but not defined is added; any other undefined list is refused."""
    defined = {_list_name(row) for row in data.choices or []}
    defined |= {_list_name(row) for row in data.external_choices or []}
    found, added = [], set()
    for index, row in enumerate(data.survey):
        match = SELECT.match(" ".join(str(row.get("type", "")).split()))
        if not match or match["list"] in defined or match["list"] in added:
            continue
        list_name = match["list"]
        if list_name.casefold() not in YES_NO_LISTS:
            raise XLSFormRefused(
                _("The choice list “%(list)s” is used here but the choices sheet does not define it.")
                % {"list": list_name},
                sheet="survey",
                row=row_number(index),
                column="type",
            )
        _add_yes_no(data, list_name)
        added.add(list_name)
        found.append(
            warning(
                _(
                    "The choice list “%(list)s” is not on the choices sheet; Sathi added its choices "
                    "yes and no."
                )
                % {"list": list_name},
                sheet="survey",
                row=row_number(index),
                column="type",
            )
        )
    return found


def straighten_quotes(data: DefinitionData) -> list[dict]:
    found = []
    for index, row in enumerate(data.survey):
        for column in EXPRESSION_COLUMNS:
            value = row.get(column)
            if isinstance(value, str) and value != value.translate(TYPOGRAPHIC_QUOTES):
                row[column] = value.translate(TYPOGRAPHIC_QUOTES)
                found.append(
                    warning(
                        _("Curly quotes (’ ‘ “ ”) in the expression are read as straight quotes."),
                        sheet="survey",
                        row=row_number(index),
                        column=column,
                    )
                )
    return found


def drop_dangling_trigger(row: dict, number: int, names: set[str]) -> list[dict]:
    """A `trigger` naming a question this form lacks (osm-fieldwork adds `feature` when it merges forms)
    can never fire: it is dropped."""
    value = row.get("trigger")
    if not isinstance(value, str) or not value.strip():
        return []
    missing = sorted(references(value) - names)
    if not missing:
        return []
    del row["trigger"]
    return [
        warning(
            _("The trigger refers to ${%(name)s}, which is not in this form; the trigger is left out.")
            % {"name": missing[0]},
            sheet="survey",
            row=number,
            column="trigger",
        )
    ]


def drop_instance_tag(data: DefinitionData) -> list[dict]:
    """pyxform cannot write an instance attribute named `tag` (it collides with its own argument; CHT
    forms use `instance::tag` for the contact a form creates): the column is left out, row by row."""
    rows = [
        row_number(i) for i, row in enumerate(data.survey) if str(row.pop(INSTANCE_TAG, "") or "").strip()
    ]
    found = []
    if rows:
        found.append(
            warning(
                _("The column “%(column)s” cannot be converted to a form; it is left out (rows %(rows)s).")
                % {"column": INSTANCE_TAG, "rows": ", ".join(map(str, rows))},
                sheet="survey",
                row=rows[0],
                column=INSTANCE_TAG,
            )
        )
    if data.survey_header:
        data.survey_header = [{k: v for k, v in data.survey_header[0].items() if k != INSTANCE_TAG}]
    return found


def _add_yes_no(data: DefinitionData, list_name: str) -> None:
    header = dict.fromkeys(data.choices_header[0]) if data.choices_header else {"list_name": None}
    list_column = "list name" if "list name" in header and "list_name" not in header else "list_name"
    header.setdefault(list_column, None)
    header.setdefault("name", None)
    label_columns = [c for c in header if c == "label" or c.startswith("label::")] or ["label"]
    rows = []
    for name, labels in YES_NO_LABELS.items():
        row = {list_column: list_name, "name": name}
        for column in label_columns:
            language = language_code(column.partition("::")[2]) if "::" in column else "en"
            row[column] = labels.get(language, labels["en"])
        rows.append(row)
    for column in label_columns:
        header.setdefault(column, None)
    data.choices = [*(data.choices or []), *rows]
    data.choices_header = [header]


def _list_name(row: dict) -> str:
    return str(row.get("list_name", row.get("list name", ""))).strip()


def _setting(data: DefinitionData, name: str) -> str:
    return str((data.settings or [{}])[0].get(name, "")).strip()


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
