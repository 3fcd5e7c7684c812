"""The questionnaire operations: import an XLSForm (multipart), list the questionnaires, read a version."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sathi.api.vocab import vocab
from sathi.core.uploads import read_upload
from sathi.questionnaires import selectors, services
from sathi.questionnaires.refusals import XLSFormRefused
from sathi.questionnaires.vocab import ClassSource, QuestionClass

ClassValue = vocab(QuestionClass)
ClassValueBlank = vocab(QuestionClass, blank=True)
SourceValue = vocab(ClassSource)

router = Router(tags=["questionnaires"])


class WarningOut(Schema):
    sheet: str
    row: int | None
    column: str
    message: str


class QuestionOut(Schema):
    position: int
    path: str
    name: str
    type: str
    labels: dict[str, str]
    hints: dict[str, str]
    choice_list: str
    field_class: ClassValue
    class_source: SourceValue


class VersionOut(Schema):
    id: int
    questionnaire_id: int
    form_id: str
    title: str
    number: int
    form_version: str
    imported_at: datetime
    warnings: list[WarningOut]


class VersionDetailOut(VersionOut):
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    id: int
    form_id: str
    title: str
    versions: list[int]  # version ids, newest first


@router.post("/questionnaires", response={201: VersionDetailOut}, operation_id="questionnaires_import")
def questionnaires_import(
    request,
    default_class: ClassValueBlank = Form(""),  # noqa: B008 (Form[...] of an enum type would make it required)
    group_classes: str = Form(""),  # noqa: B008
    file: File[UploadedFile | None] = None,
):
    """Multipart: `file` (.xlsx or .xls), optional `default_class`, optional `group_classes` (a JSON object:
    group path, e.g. "/data/household", -> field class). A refusal is 400 with the sheet, row and column in
    `fields.file`. Optional here so that access is checked before the file is."""
    content = read_upload(file)
    try:
        classes = json.loads(group_classes) if group_classes.strip() else {}
    except json.JSONDecodeError:
        classes = None
    if not isinstance(classes, dict) or not all(isinstance(v, str) for v in classes.values()):
        services.xlsform_access(actor=request.actor)  # who may not import learns nothing more
        raise ValidationError({"group_classes": _("Send a JSON object: group path -> field class.")})
    try:
        imported = services.questionnaire_import(
            actor=request.actor,
            organisation=request.actor.organisation,
            data=content,
            filename=file.name if file is not None else "",
            group_classes=classes,
            default_class=default_class or services.DEFAULT_CLASS,
        )
    except XLSFormRefused as exc:
        raise ValidationError({"file": exc.full_message()}) from None
    return Status(201, _version_out(imported.version, questions=True))


@router.get("/questionnaires", response=list[QuestionnaireOut], operation_id="questionnaires_list")
def questionnaires_list(request):
    services.xlsform_access(actor=request.actor, listing=True)
    return [
        {
            "id": q.pk,
            "form_id": q.form_id,
            "title": q.title,
            "versions": [v.pk for v in sorted(q.versions.all(), key=lambda v: -v.number)],
        }
        for q in selectors.questionnaire_list(actor=request.actor)
    ]


@router.get(
    "/questionnaire-versions/{version_id}",
    response=VersionDetailOut,
    operation_id="questionnaire_versions_get",
)
def questionnaire_versions_get(request, version_id: int):
    services.xlsform_access(actor=request.actor, listing=True)
    return _version_out(selectors.version_for(actor=request.actor, version_id=version_id), questions=True)


def _version_out(version, *, questions: bool) -> dict:
    out = {
        "id": version.pk,
        "questionnaire_id": version.questionnaire_id,
        "form_id": version.questionnaire.form_id,
        "title": version.questionnaire.title,
        "number": version.number,
        "form_version": version.form_version,
        "imported_at": version.imported_at,
        "warnings": version.warnings,
    }
    if questions:
        out["questions"] = list(version.questions.all())
    return out
