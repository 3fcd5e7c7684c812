"""An uploaded XLSForm, read, fixed where its meaning is clear, checked, and converted by pyxform.

`convert_xlsform(content)` returns a `Converted` (the XForm, pyxform's JSON, the questions and every
warning) or raises `XLSFormRefused` naming the sheet, row and column. Nothing here writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from sathi.questionnaires import fixes, workbook
from sathi.questionnaires.expressions import EXPRESSION_COLUMNS, check, is_expression
from sathi.questionnaires.languages import by_code
from sathi.questionnaires.refusals import XLSFormRefused, warning
from sathi.questionnaires.vocab import QuestionClass

CLASS_COLUMN = "sathi::class"
GROUP_TYPES = {"group", "repeat"}
PYXFORM_ROW = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
PYXFORM_SHEET = re.compile(r"[Oo]n the '([^']+)' sheet")
PYXFORM_COLUMN = re.compile(r"the '([^']+)' (?:value|column)")
UNKNOWN_TYPE = re.compile(r"[Uu]nknown question type '([^']*)'")


@dataclass
class QuestionData:
    position: int
    path: str
    name: str
    type: str
    labels: dict
    hints: dict
    choice_list: str
    choices: list
    sheet_class: str  # from the `sathi::class` column, or ""
    row: int | None


@dataclass
class Converted:
    form_id: str
    title: str
    form_version: str
    file_type: str
    xform: str
    structure: dict
    questions: list[QuestionData] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def groups(self) -> list[QuestionData]:
        return [q for q in self.questions if q.type in GROUP_TYPES]


def convert_xlsform(content: bytes, *, filename: str = "") -> Converted:
    book = workbook.read(content)
    data = book.data
    classes = _take_class_column(data)
    warnings = fixes.trimmed_headers(book.raw_headers)
    warnings += fixes.rename_reserved_groups(data)
    warnings += fixes.allow_duplicate_choices(data)
    warnings += fixes.define_missing_lists(data)
    warnings += fixes.straighten_quotes(data)
    warnings += fixes.drop_instance_tag(data)
    rows_by_name = _check_expressions(data, warnings)
    stem = re.sub(r"\.xlsx?$", "", filename or "", flags=re.IGNORECASE).strip()
    data.fallback_form_name = re.sub(r"\W+", "_", stem).strip("_") or None
    pyxform_warnings: list[str] = []
    try:
        result = convert(xlsform=workbook.as_dict(data), warnings=pyxform_warnings, validate=False)
    except PyXFormError as exc:
        raise _refusal(str(exc), data.survey) from None
    except (
        ZeroDivisionError
    ):  # pyxform has a few crashes on odd input; the author gets words, never a traceback
        raise XLSFormRefused(_("This workbook cannot be converted to a form.")) from None
    warnings += [_pyxform_warning(text) for text in pyxform_warnings]
    structure = result._pyxform
    settings_row = (data.settings or [{}])[0]
    converted = Converted(
        form_id=str(structure.get("id_string") or "data")[:100],
        title=str(settings_row.get("form_title") or structure.get("title") or stem or "form")[:200],
        form_version=str(structure.get("version") or "")[:100],
        file_type=book.file_type,
        xform=result.xform,
        structure=structure,
        warnings=warnings,
    )
    root = "/" + str(structure.get("name") or "data")
    converted.questions = list(_questions(structure.get("children", []), root, classes, rows_by_name))
    return converted


def _take_class_column(data) -> dict[int, str]:
    """The `sathi::class` column, read and removed (pyxform would take it for a language): row -> class."""
    classes: dict[int, str] = {}
    for index, row in enumerate(data.survey):
        value = str(row.pop(CLASS_COLUMN, "") or "").strip().casefold()
        if not value:
            continue
        if value not in QuestionClass.values:
            raise XLSFormRefused(
                _("“%(value)s” is not a field class. Use one of: %(classes)s.")
                % {"value": value, "classes": ", ".join(QuestionClass.values)},
                sheet="survey",
                row=fixes.row_number(index),
                column=CLASS_COLUMN,
            )
        classes[fixes.row_number(index)] = value
    if data.survey_header:
        data.survey_header = [{k: v for k, v in data.survey_header[0].items() if k != CLASS_COLUMN}]
    return classes


def _check_expressions(data, warnings: list[dict]) -> dict[str, int]:
    rows_by_name: dict[str, int] = {}
    for index, row in enumerate(data.survey):
        name = str(row.get("name", "")).strip()
        if name and not str(row.get("type", "")).strip().casefold().startswith("end"):
            rows_by_name.setdefault(name, fixes.row_number(index))
    names = set(rows_by_name)
    for index, row in enumerate(data.survey):
        number = fixes.row_number(index)
        for column in EXPRESSION_COLUMNS:
            value = row.get(column)
            if isinstance(value, str) and is_expression(column, value):
                for function in sorted(check(value, names=names, sheet="survey", row=number, column=column)):
                    warnings.append(
                        warning(
                            _("%(function)s() is a function of CHT's forms; ODK Collect does not know it.")
                            % {"function": function},
                            sheet="survey",
                            row=number,
                            column=column,
                        )
                    )
        warnings.extend(fixes.drop_dangling_trigger(row, number, names))
    return rows_by_name


def _questions(children, parent: str, classes: dict[int, str], rows: dict[str, int], counter=None):
    counter = counter if counter is not None else [0]
    for child in children:
        name = str(child.get("name", ""))
        path = f"{parent}/{name}"
        kind = str(child.get("type", ""))
        row = rows.get(name)
        counter[0] += 1
        yield QuestionData(
            position=counter[0],
            path=path[:500],
            name=name[:200],
            type=kind[:60],
            labels=by_code(child.get("label")),
            hints=by_code(child.get("hint")),
            choice_list=str(child.get("list_name") or child.get("itemset") or "")[:200],
            choices=[
                {"name": str(c.get("name", "")), "labels": by_code(c.get("label"))}
                for c in child.get("choices") or []
            ],
            sheet_class=classes.get(row, "") if row else "",
            row=row,
        )
        if kind in GROUP_TYPES:
            yield from _questions(child.get("children", []), path, classes, rows, counter)


def _refusal(text: str, survey) -> XLSFormRefused:
    row_match = PYXFORM_ROW.match(text)
    sheet_match = PYXFORM_SHEET.search(text)
    column_match = PYXFORM_COLUMN.search(text)
    message = PYXFORM_ROW.sub("", text).strip()
    unknown = UNKNOWN_TYPE.search(text)
    if unknown:
        # pyxform names the type but not its row: the first row that has it.
        kind = " ".join(unknown.group(1).split())
        row = next(
            (
                fixes.row_number(i)
                for i, r in enumerate(survey)
                if " ".join(str(r.get("type", "")).split()) == kind
            ),
            None,
        )
        message = _("“%(type)s” is not a question type XLSForms know.") % {"type": kind}
        return XLSFormRefused(message, sheet="survey", row=row, column="type")
    return XLSFormRefused(
        message,
        sheet=sheet_match.group(1) if sheet_match else ("survey" if row_match else ""),
        row=int(row_match.group(1)) if row_match else None,
        column=column_match.group(1) if column_match else "",
    )


def _pyxform_warning(text: str) -> dict:
    row_match = PYXFORM_ROW.match(text)
    sheet_match = PYXFORM_SHEET.search(text)
    column_match = PYXFORM_COLUMN.search(text)
    return warning(
        PYXFORM_ROW.sub("", text).strip(),
        sheet=sheet_match.group(1) if sheet_match else ("survey" if row_match else ""),
        row=int(row_match.group(1)) if row_match else None,
        column=column_match.group(1) if column_match else "",
    )
