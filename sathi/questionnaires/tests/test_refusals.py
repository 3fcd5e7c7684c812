"""What cannot be understood is refused, naming the sheet, row and column, and nothing is saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings

from sathi.audit.models import AuditEvent
from sathi.questionnaires.models import Question, Questionnaire, QuestionnaireVersion
from sathi.questionnaires.refusals import XLSFormRefused
from sathi.questionnaires.services import questionnaire_import
from sathi.questionnaires.tests.workbooks import simple_survey, xlsx

pytestmark = pytest.mark.django_db


def _refused(personas, data: bytes) -> XLSFormRefused:
    events = AuditEvent.objects.count()
    with pytest.raises(XLSFormRefused) as caught:
        questionnaire_import(
            actor=personas.supervisor, organisation=personas.org, data=data, filename="f.xlsx"
        )
    assert (
        Questionnaire.objects.count() == QuestionnaireVersion.objects.count() == Question.objects.count() == 0
    )
    assert AuditEvent.objects.count() == events
    return caught.value


def test_a_workbook_without_a_survey_sheet_is_refused_and_nothing_is_saved(personas):
    data = xlsx(survey=None, choices=[["list_name", "name", "label"], ["yn", "yes", "Yes"]])
    refusal = _refused(personas, data)
    assert "no “survey” sheet" in refusal.message


def test_an_unknown_question_type_is_refused_with_its_sheet_row_and_column(personas):
    data = xlsx(simple_survey(["text", "a", "A"], ["txet", "b", "B"]))
    refusal = _refused(personas, data)
    assert (refusal.sheet, refusal.row, refusal.column) == ("survey", 3, "type")
    assert "“txet” is not a question type" in refusal.message
    assert "sheet “survey”, row 3, column “type”" in str(refusal)


def test_a_broken_expression_is_refused_with_its_sheet_row_column_and_position(personas):
    survey = [["type", "name", "label", "relevant"], ["integer", "age", "Age", ""]]
    survey.append(["text", "why", "Why", "${age} > 18 and"])
    refusal = _refused(personas, xlsx(survey))
    assert (refusal.sheet, refusal.row, refusal.column) == ("survey", 3, "relevant")
    assert (
        "(at character 13)" in refusal.message
    )  # the dangling "and" and "${age} > 18 and" in refusal.message
    assert "sheet “survey”, row 3, column “relevant”" in str(refusal)


def test_an_expression_naming_no_question_is_refused_with_its_cell(personas):
    survey = [["type", "name", "label", "constraint"], ["integer", "age", "Age", "${agee} < 120"]]
    refusal = _refused(personas, xlsx(survey))
    assert (refusal.sheet, refusal.row, refusal.column) == ("survey", 2, "constraint")
    assert "${agee}" in refusal.message


def test_an_undefined_choice_list_that_is_not_yes_no_is_refused_with_its_cell(personas):
    survey = simple_survey(["select_one colours", "colour", "Colour"])
    refusal = _refused(personas, xlsx(survey, choices=[["list_name", "name", "label"], ["yn", "y", "Y"]]))
    assert (refusal.sheet, refusal.row, refusal.column) == ("survey", 2, "type")
    assert "“colours”" in refusal.message


def test_an_unknown_field_class_in_the_sathi_class_column_is_refused(personas):
    survey = [["type", "name", "label", "sathi::class"], ["text", "a", "A", "secret"]]
    refusal = _refused(personas, xlsx(survey))
    assert (refusal.sheet, refusal.row, refusal.column) == ("survey", 2, "sathi::class")


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(personas):
    refusal = _refused(personas, b"%PDF-1.4 not a workbook")
    assert "not a spreadsheet" in refusal.message


def test_a_zip_that_is_not_a_workbook_is_refused_clearly(personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "not a spreadsheet" in _refused(personas, buffer.getvalue()).message


def test_a_password_protected_workbook_is_refused_clearly(personas):
    # An encrypted .xlsx: an OLE2 compound file whose directory names an EncryptedPackage stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    assert "locked with a password" in _refused(personas, data).message


def test_a_50_mb_upload_is_refused_clearly(personas):
    refusal = _refused(personas, b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024))
    assert "too large: at most 10 MB" in refusal.message


@override_settings(SATHI_MAX_UPLOAD_BYTES=1024 * 1024)
def test_the_size_cap_is_a_setting(personas):
    assert "at most 1 MB" in _refused(personas, b"\0" * (1024 * 1024 + 1)).message
