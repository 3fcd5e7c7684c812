"""Writes and files: coding free text to vocabularies; a version's de-identified answers as CSV and XLSX;
the form's own XLSForm back out.

De-identified: one row per complete submission, numbered 1, 2, 3 in no meaningful order (not its instance
id, not who sent it, not when); no /meta answers; identity-class answers never leave (not even for a role
that reads them: a name in a download is a name on a laptop); any other answer whose class the reader lacks
is the mask. Repeats are columns with their positions ("/data/hh/member[2]/age").
"""

from __future__ import annotations

import csv
import io
import random

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice, clean_choices
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.questionnaires.models import AnswerCode, QuestionnaireVersion, Submission
from sathi.questionnaires.results import VOCABULARIES
from sathi.questionnaires.submissions import MASK, answers_system, may_read_class
from sathi.questionnaires.vocab import CodingVocabulary, QuestionClass

NEVER_OUT = {QuestionClass.IDENTITY}
CSV_INJECTION = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def answers_code(*, actor, submission_id, path: str, vocabulary: str, codes: list[str]) -> list[AnswerCode]:
    """A researcher codes one free-text answer of a submission (she must be able to read it)."""
    if not policy.decide(actor, Verb.RUN_STUDY):
        raise Forbidden
    submission = Submission.objects.filter(pk=submission_id, organisation_id=actor.organisation_id).first()
    if submission is None:
        raise NotFound
    question = submission.version.questions.filter(path=path, type="text").first()
    if question is None:
        raise ValidationError({"path": _("Choose a text question of this form.")})
    if not may_read_class(actor, question.field_class):
        raise NotFound  # she cannot read the words, so there is nothing for her to code
    vocabulary = clean_choice(vocabulary, CodingVocabulary, field="vocabulary")
    codes = clean_choices(codes, VOCABULARIES[vocabulary], field="codes")
    with transaction.atomic():
        rows = [
            AnswerCode.objects.get_or_create(
                submission=submission,
                path=path,
                vocabulary=vocabulary,
                code=code,
                defaults={"coded_by_id": actor.user_id},
            )[0]
            for code in codes
        ]
        log_member_action(actor, "study.answers_coded", submission, ["codes"])
    return rows


def _version_for_download(actor, version_id) -> QuestionnaireVersion:
    if not (policy.decide(actor, Kind.SUBMISSION) and policy.decide(actor, Verb.EXPORT)):
        raise NotFound
    version = (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .filter(pk=version_id, questionnaire__organisation_id=actor.organisation_id)
        .first()
    )
    if version is None:
        raise NotFound
    return version


def deidentified_rows(*, actor, version_id) -> list[list]:
    """The header (question paths) and one row per complete submission, as the reader may see them."""
    version = _version_for_download(actor, version_id)
    classes = dict(version.questions.values_list("path", "field_class"))
    submissions = list(
        Submission.objects.filter(version=version, complete=True).prefetch_related("answer_sets")
    )
    random.SystemRandom().shuffle(submissions)  # the row order says nothing about who came when
    rows, columns = [], set()
    from sathi.questionnaires.instances import POSITION

    for submission in submissions:
        values = {}
        for path, value in answers_system(submission).items():
            question_path = POSITION.sub("", path)
            field_class = classes.get(question_path, QuestionClass.VIOLENCE)
            if "/meta/" in question_path or field_class in NEVER_OUT:
                continue
            if not may_read_class(actor, field_class):
                value = MASK
            values[path] = " ".join(value) if isinstance(value, list) else value
            columns.add(path)
        rows.append(values)
    header = sorted(columns)
    table = [["row", *header]]
    for number, values in enumerate(rows, start=1):
        table.append([number, *(_safe(values.get(path, "")) for path in header)])
    with transaction.atomic():
        log_member_action(actor, "questionnaire.answers_exported", version, ["answers"])
    return table


def _safe(value):
    if isinstance(value, str) and value.startswith(CSV_INJECTION):
        return "'" + value
    return value


def as_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 (Bengali, Hindi) only with the mark


def as_xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("answers")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsform_source(*, actor, version_id) -> tuple[bytes, str]:
    """The workbook as it was imported, and its file type (xlsx or xls)."""
    if not policy.decide(actor, Kind.QUESTIONNAIRE):
        raise NotFound
    version = (
        QuestionnaireVersion.objects.filter(
            pk=version_id, questionnaire__organisation_id=actor.organisation_id
        )
        .only("source", "file_type")
        .first()
    )
    if version is None:
        raise NotFound
    return bytes(version.source), version.file_type
