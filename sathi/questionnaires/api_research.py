"""The questionnaire operations beyond the forms: answers (imports, submissions, results, downloads) and
studies (cohorts, sessions, consent counts). The same services and policy as the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from sathi.api.vocab import vocab
from sathi.audit.services import log_member_action
from sathi.core.uploads import read_upload
from sathi.lib.disclosure import SUPPRESSED
from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import Kind
from sathi.prevention.vocab import Cohort, Gender
from sathi.questionnaires import downloads, feeding, imports, results, studies
from sathi.questionnaires.instances import SubmissionRefused
from sathi.questionnaires.models import QuestionnaireVersion, Submission
from sathi.questionnaires.submissions import answers_for, require_collect
from sathi.questionnaires.vocab import (
    AgeBand,
    CodingVocabulary,
    ImportStatus,
    SessionKind,
    SubmissionSource,
)

router = Router(tags=["questionnaires"])
StatusValue = vocab(ImportStatus)
SourceValue = vocab(SubmissionSource)
CohortValue = vocab(Cohort)
GenderValue = vocab(Gender)
AgeBandValue = vocab(AgeBand)
SessionKindValue = vocab(SessionKind)
VocabularyValue = vocab(CodingVocabulary)


class ImportOut(Schema):
    id: int
    version_id: int
    source: SourceValue
    status: StatusValue
    total: int
    done: int
    created: int
    unchanged: int
    replaced: int
    unknown_paths: list[str]
    failure: str


class SubmissionOut(Schema):
    id: int
    source: SourceValue
    encrypted: bool
    edits: int
    session_id: int | None
    answers: dict[str, object]  # path -> value, or the mask for a class the reader lacks


class StudyCellOut(Schema):
    row: str
    column: str
    count: int | None  # None: hidden by the disclosure gate


class StudyTableOut(Schema):
    masked: bool  # the reader may not read the question's class: nothing is counted for her
    label: str = ""
    threshold: int = 0
    cells: list[StudyCellOut] = []
    row_totals: list[int | None] = []


class StudyIn(Schema):
    title: str


class IdOut(Schema):
    id: int


class StudyOut(Schema):
    id: int
    title: str
    cohorts: list[CohortValue]


class CohortIn(Schema):
    cohort: CohortValue
    questionnaire_id: int | None = None


class ParticipantIn(Schema):
    gender: GenderValue
    age_band: AgeBandValue
    consent_spoken: bool
    consent_language: str


class StudySessionIn(Schema):
    kind: SessionKindValue
    held_on: date
    place_id: int
    researcher_id: int
    community_researcher: bool = False
    participants: list[ParticipantIn]


class StudySessionOut(Schema):
    id: int
    research_session_id: int | None
    participants: int


class CodesIn(Schema):
    path: str
    vocabulary: VocabularyValue
    codes: list[str]


class LinkIn(Schema):
    session_id: int


class FedOut(Schema):
    vulnerabilities: int
    choices: int
    ratings: int


class ImportReceivedOut(Schema):
    id: int
    received_at: datetime


def _import_out(row) -> dict:
    return {name: getattr(row, name) for name in ImportOut.model_fields}


def _table_out(table, label: str = "") -> dict:
    def entry(value):
        return None if value is SUPPRESSED else value

    cells = [
        {"row": row, "column": column, "count": entry(count)}
        for row, counts in zip(table.row_labels, table.cells, strict=True)
        for column, count in zip(table.col_labels, counts, strict=True)
    ]
    totals = [entry(v) for v in table.row_totals]
    return {
        "masked": False,
        "label": label,
        "threshold": table.threshold,
        "cells": cells,
        "row_totals": totals,
    }


@router.post(
    "/questionnaire-versions/{version_id}/imports",
    response={202: ImportOut},
    operation_id="submission_imports_start",
)
def submission_imports_start(request, version_id: int, file: File[UploadedFile | None] = None):
    """Multipart `file`: a Kobo XLSX, JSON or CSV export, or an ODK Central OData JSON. The import runs as a
    background job: read its progress with submission_imports_get."""
    if file is None:
        require_collect(request.actor)  # who may not import learns nothing more
        raise ValidationError({"file": _("Attach the export (XLSX, CSV or JSON).")})
    try:
        row = imports.submissions_import(
            actor=request.actor, version_id=version_id, content=read_upload(file)
        )
    except SubmissionRefused as exc:
        raise ValidationError({"file": exc.full_message()}) from None
    return Status(202, _import_out(row))


@router.get("/submission-imports/{import_id}", response=ImportOut, operation_id="submission_imports_get")
def submission_imports_get(request, import_id: int):
    return _import_out(imports.import_for(actor=request.actor, import_id=import_id))


@router.post(
    "/submission-imports/{import_id}/resume",
    response={202: ImportOut},
    operation_id="submission_imports_resume",
)
def submission_imports_resume(request, import_id: int):
    return Status(
        202, _import_out(imports.submissions_import_resume(actor=request.actor, import_id=import_id))
    )


@router.get(
    "/questionnaire-versions/{version_id}/submissions",
    response=list[SubmissionOut],
    operation_id="submissions_list",
)
def submissions_list(request, version_id: int):
    """Each complete submission's answers; an answer whose class the reader lacks is the mask."""
    actor = request.actor
    if not policy.decide(actor, Kind.SUBMISSION):
        raise NotFound
    version = QuestionnaireVersion.objects.filter(
        pk=version_id, questionnaire__organisation_id=actor.organisation_id
    ).first()
    if version is None:
        raise NotFound
    rows = list(
        Submission.objects.filter(version=version, complete=True).prefetch_related("answer_sets")[:200]
    )
    log_member_action(actor, "questionnaire.answers_read", version, ["answers"])
    return [
        {
            "id": s.pk,
            "source": s.source,
            "encrypted": s.encrypted,
            "edits": s.edits,
            "session_id": s.session_id,
            "answers": answers_for(actor, s),
        }
        for s in rows
    ]


@router.get(
    "/questionnaire-versions/{version_id}/results",
    response=StudyTableOut,
    operation_id="questionnaire_results",
)
def questionnaire_results(request, version_id: int, question: str, by: str = "cohort", language: str = "en"):
    try:
        result = results.question_table(
            actor=request.actor, version_id=version_id, path=question, by=by, language=language
        )
    except results.Masked:
        return {"masked": True}
    return _table_out(result.table, result.label)


@router.get(
    "/questionnaire-versions/{version_id}/crosstab",
    response=StudyTableOut,
    operation_id="questionnaire_crosstab",
)
def questionnaire_crosstab(request, version_id: int, rows: str, columns: str, language: str = "en"):
    try:
        table = results.cross_table(
            actor=request.actor,
            version_id=version_id,
            rows_path=rows,
            columns_path=columns,
            language=language,
        )
    except results.Masked:
        return {"masked": True}
    return _table_out(table)


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@router.get("/questionnaire-versions/{version_id}/answers.csv", operation_id="answers_csv")
def answers_csv(request, version_id: int):
    rows = downloads.deidentified_rows(actor=request.actor, version_id=version_id)
    return _file(downloads.as_csv(rows), "text/csv; charset=utf-8", f"answers-{version_id}.csv")


@router.get("/questionnaire-versions/{version_id}/answers.xlsx", operation_id="answers_xlsx")
def answers_xlsx(request, version_id: int):
    rows = downloads.deidentified_rows(actor=request.actor, version_id=version_id)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _file(downloads.as_xlsx(rows), kind, f"answers-{version_id}.xlsx")


@router.get("/questionnaire-versions/{version_id}/xlsform", operation_id="questionnaire_xlsform")
def questionnaire_xlsform(request, version_id: int):
    content, file_type = downloads.xlsform_source(actor=request.actor, version_id=version_id)
    kind = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls": "application/vnd.ms-excel",
    }[file_type]
    return _file(content, kind, f"form-{version_id}.{file_type}")


@router.post("/studies", response={201: IdOut}, operation_id="studies_create")
def studies_create(request, payload: StudyIn):
    return Status(201, {"id": studies.study_create(actor=request.actor, title=payload.title).pk})


@router.get("/studies", response=list[StudyOut], operation_id="studies_list")
def studies_list(request):
    return [
        {"id": s.pk, "title": s.title, "cohorts": [c.cohort for c in s.cohorts.all()]}
        for s in studies.study_list(actor=request.actor)
    ]


@router.post("/studies/{study_id}/cohorts", response={201: IdOut}, operation_id="study_cohorts_add")
def study_cohorts_add(request, study_id: int, payload: CohortIn):
    row = studies.cohort_add(actor=request.actor, study_id=study_id, **payload.dict())
    return Status(201, {"id": row.pk})


@router.post(
    "/study-cohorts/{cohort_id}/sessions",
    response={201: StudySessionOut},
    operation_id="study_sessions_record",
)
def study_sessions_record(request, cohort_id: int, payload: StudySessionIn):
    data = payload.dict()
    participants = [studies.Participant(**p) for p in data.pop("participants")]
    session = studies.session_record(
        actor=request.actor, cohort_id=cohort_id, participants=participants, **data
    )
    return Status(
        201,
        {
            "id": session.pk,
            "research_session_id": session.research_session_id,
            "participants": len(participants),
        },
    )


@router.get("/studies/{study_id}/participants", response=StudyTableOut, operation_id="study_participants")
def study_participants(request, study_id: int, by: str = "gender"):
    return _table_out(studies.participants_table(actor=request.actor, study_id=study_id, by=by))


@router.post("/submissions/{submission_id}/session", response=IdOut, operation_id="submissions_link")
def submissions_link(request, submission_id: int, payload: LinkIn):
    studies.submission_session_link(
        actor=request.actor, submission_id=submission_id, session_id=payload.session_id
    )
    return {"id": submission_id}


@router.post("/submissions/{submission_id}/feed", response=FedOut, operation_id="submissions_feed")
def submissions_feed(request, submission_id: int):
    return feeding.submission_feed(actor=request.actor, submission_id=submission_id).__dict__


@router.post("/submissions/{submission_id}/codes", response={201: IdOut}, operation_id="answer_codes_add")
def answer_codes_add(request, submission_id: int, payload: CodesIn):
    rows = downloads.answers_code(actor=request.actor, submission_id=submission_id, **payload.dict())
    return Status(201, {"id": rows[0].pk if rows else 0})
