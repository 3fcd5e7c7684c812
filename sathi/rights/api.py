"""The API of her rights: her own record (JSON and PDF), corrections, erasure, crossing a border."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from sathi.accounts import lockout
from sathi.api.vocab import vocab
from sathi.people.vocab import Language
from sathi.relations.vocab import HOUSEHOLDS
from sathi.rights import corrections, crossing, erasure, pdf, summary
from sathi.rights import vocab as v
from sathi.screening.vocab import LabourSector

router = Router(tags=["rights"])

SummaryLanguage = vocab(v.SUMMARY_LANGUAGES)


class EntryOut(Schema):
    heading: str
    lines: list[tuple[str, str]]


class SectionOut(Schema):
    key: str
    title: str
    intro: str
    entries: list[EntryOut]


class OwnRecordOut(Schema):
    language: SummaryLanguage
    code: str
    organisation: str
    produced_on: date
    sections: list[SectionOut]


@router.get("/people/{person_id}/own-record", response=OwnRecordOut, operation_id="own_record_get")
def own_record_get(request, person_id: uuid.UUID, language: SummaryLanguage):
    """Everything held about her, in the language she chooses (every class: it is hers). Audited; never
    stored. 400 when she does not speak the language."""
    return summary.own_record(actor=request.actor, person_id=person_id, language=language)


@router.get("/people/{person_id}/own-record/pdf", operation_id="own_record_pdf")
def own_record_pdf(request, person_id: uuid.UUID, language: SummaryLanguage):
    """The same, as a PDF with shaped Bengali and Devanagari (A4, large type)."""
    record = summary.own_record(actor=request.actor, person_id=person_id, language=language)
    response = HttpResponse(pdf.render(record), content_type="application/pdf")
    name = f"summary-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class CorrectionIn(Schema):
    field: vocab(v.CorrectableField)
    wrong: str
    right: str


class CorrectionDecisionIn(Schema):
    version: int
    accept: bool
    reason: str = ""


class CorrectionOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    field: vocab(v.CorrectableField)
    status: vocab(v.CorrectionStatus)
    requested_at: datetime
    decided_at: datetime | None
    version: int


@router.post(
    "/people/{person_id}/corrections", response={201: CorrectionOut}, operation_id="corrections_request"
)
def corrections_request(request, person_id: uuid.UUID, payload: CorrectionIn):
    return Status(
        201, corrections.correction_request(actor=request.actor, person_id=person_id, **payload.dict())
    )


@router.post(
    "/corrections/{correction_id}/decision", response=CorrectionOut, operation_id="corrections_decide"
)
def corrections_decide(request, correction_id: uuid.UUID, payload: CorrectionDecisionIn):
    return corrections.correction_decide(actor=request.actor, correction_id=correction_id, **payload.dict())


class ErasureIn(Schema):
    basis: vocab(v.ErasureBasis)
    reason: str
    password: str
    code: str


class ErasureOut(Schema):
    person_id: uuid.UUID
    basis: vocab(v.ErasureBasis)
    erased_at: datetime
    notices: int


@router.post("/people/{person_id}/erasure", response={201: ErasureOut}, operation_id="people_erase")
def people_erase(request, person_id: uuid.UUID, payload: ErasureIn):
    """Destroy her key (a supervisor; the password and a current authenticator code in the body). 400 with
    why and until when while an open proceeding of hers as complainant holds the record. A wrong password or
    code counts against the sign-in lockout, as on the page."""
    username = request.actor.user.get_username()
    attempt = {"username": username, "address": lockout.client_address(request), "device": None}
    if lockout.login_locked(**attempt):
        raise ValidationError({"password": _("Too many wrong passwords. Wait a few minutes and try again.")})
    try:
        erased = erasure.person_erase(actor=request.actor, person_id=person_id, **payload.dict())
    except erasure.NotReauthenticated:
        lockout.login_failed(**attempt)  # the API runs no transaction around an operation: the count stays
        raise
    return Status(201, erased)


class CrossingIn(Schema):
    version: int | None = None
    nationality: vocab(v.Country) = ""
    country_of_origin: vocab(v.Country) = ""
    moved_across_border: bool = False
    migration_status: vocab(v.MigrationStatus) = v.MigrationStatus.NOT_KNOWN
    identified_by: vocab(v.IdentifiedBy, blank=True) = ""
    labour_sector: vocab(LabourSector, blank=True) = ""
    reflection_from: date | None = None
    reflection_until: date | None = None
    first_questioned_on: date | None = None


class StageOut(Schema):
    stage: vocab(v.Stage)
    status: vocab(v.StageStatus)
    on: date | None


class CrossingOut(Schema):
    person_id: uuid.UUID
    nationality: vocab(v.Country)
    country_of_origin: vocab(v.Country)
    moved_across_border: bool
    migration_status: vocab(v.MigrationStatus)
    reflection_from: date | None
    reflection_until: date | None
    first_questioned_on: date | None
    questioned_in_reflection: bool
    version: int


class CrossingViewOut(Schema):
    applies: bool
    smuggled: bool
    crossing: CrossingOut | None
    latest_wish: vocab(v.BorderWish, blank=True)
    latest_wish_words: str
    stages: list[StageOut]


@router.get("/people/{person_id}/crossing", response=CrossingViewOut, operation_id="crossing_get")
def crossing_get(request, person_id: uuid.UUID):
    from sathi.rights.selectors import crossing_view

    view = crossing_view(actor=request.actor, person_id=person_id)
    wish = view.latest_wish
    return {
        "applies": view.applies,
        "smuggled": view.smuggled,
        "crossing": view.crossing,
        "latest_wish": wish.wish if wish else "",
        "latest_wish_words": wish.words if wish else "",
        "stages": [{"stage": s.stage, "status": s.status, "on": s.on} for s in view.stages],
    }


@router.put("/people/{person_id}/crossing", response=CrossingOut, operation_id="crossing_save")
def crossing_save(request, person_id: uuid.UUID, payload: CrossingIn):
    return crossing.crossing_save(actor=request.actor, person_id=person_id, **payload.dict())


class WishIn(Schema):
    wish: vocab(v.BorderWish)
    stated_on: date
    words: str = ""


class CreatedOut(Schema):
    id: str


def _created(row):
    return Status(201, {"id": str(row.pk)})


@router.post(
    "/people/{person_id}/crossing/wishes", response={201: CreatedOut}, operation_id="border_wishes_record"
)
def border_wishes_record(request, person_id: uuid.UUID, payload: WishIn):
    return _created(crossing.wish_record(actor=request.actor, person_id=person_id, **payload.dict()))


class StageIn(Schema):
    stage: vocab(v.Stage)
    status: vocab(v.StageStatus)
    on: date
    note: str = ""


@router.post("/people/{person_id}/crossing/stages", response={201: CreatedOut}, operation_id="stages_record")
def stages_record(request, person_id: uuid.UUID, payload: StageIn):
    return _created(crossing.stage_record(actor=request.actor, person_id=person_id, **payload.dict()))


class ProtectionIn(Schema):
    phase: vocab(v.Phase)
    threat: vocab(v.Threat)
    measures: list[vocab(v.ProtectionMeasure)] = []
    on: date


@router.post(
    "/people/{person_id}/crossing/protection", response={201: CreatedOut}, operation_id="protection_record"
)
def protection_record(request, person_id: uuid.UUID, payload: ProtectionIn):
    return _created(crossing.protection_record(actor=request.actor, person_id=person_id, **payload.dict()))


class ResidenceIn(Schema):
    kind: vocab(v.ResidenceKind)
    status: vocab(v.ResidenceStatus)
    conditions: list[vocab(v.ResidenceCondition)] = []
    on: date


@router.post(
    "/people/{person_id}/crossing/residence", response={201: CreatedOut}, operation_id="residence_steps_add"
)
def residence_steps_add(request, person_id: uuid.UUID, payload: ResidenceIn):
    """Refused (400) when conditional on testifying: residence never depends on being a witness."""
    return _created(crossing.residence_step_add(actor=request.actor, person_id=person_id, **payload.dict()))


class CompensationIn(Schema):
    kind: vocab(v.CompensationKind)
    payer: vocab(v.CompensationFrom)
    claimed_on: date
    amount_claimed: int | None = None
    awarded_on: date | None = None
    amount_awarded: int | None = None
    received_on: date | None = None
    amount_received: int | None = None


class CompensationPatch(Schema):
    version: int
    awarded_on: date | None = None
    amount_awarded: int | None = None
    received_on: date | None = None
    amount_received: int | None = None


class CompensationOut(Schema):
    id: int
    kind: vocab(v.CompensationKind)
    payer: vocab(v.CompensationFrom)
    claimed_on: date
    awarded_on: date | None
    received_on: date | None
    version: int


@router.post(
    "/people/{person_id}/crossing/compensation",
    response={201: CompensationOut},
    operation_id="compensation_record",
)
def compensation_record(request, person_id: uuid.UUID, payload: CompensationIn):
    """Claimed, then awarded, then received: a date out of that order is refused (400)."""
    return Status(
        201, crossing.compensation_record(actor=request.actor, person_id=person_id, **payload.dict())
    )


@router.patch("/compensation/{compensation_id}", response=CompensationOut, operation_id="compensation_update")
def compensation_update(request, compensation_id: int, payload: CompensationPatch):
    changes = payload.dict(exclude_unset=True)
    return crossing.compensation_update(actor=request.actor, compensation_id=compensation_id, **changes)


class RepatriationIn(Schema):
    destination: vocab(v.Country)
    household: vocab(sorted(HOUSEHOLDS))
    consent_given: bool = False
    consent_informed: bool = False
    consent_language: vocab(Language, blank=True) = ""
    consent_on: date | None = None
    safety_check_id: uuid.UUID | None = None
    cwc_order_on: date | None = None
    home_inquiry_on: date | None = None


class RepatriationOut(Schema):
    id: uuid.UUID
    destination: vocab(v.Country)
    status: vocab(v.PlanStatus)
    started_on: date | None
    version: int


class StartIn(Schema):
    version: int
    started_on: date | None = None


@router.post(
    "/people/{person_id}/crossing/repatriation",
    response={201: RepatriationOut},
    operation_id="repatriation_plan",
)
def repatriation_plan(request, person_id: uuid.UUID, payload: RepatriationIn):
    return Status(201, crossing.repatriation_plan(actor=request.actor, person_id=person_id, **payload.dict()))


@router.post("/repatriation/{plan_id}/start", response=RepatriationOut, operation_id="repatriation_start")
def repatriation_start(request, plan_id: uuid.UUID, payload: StartIn):
    """Refused (400, with what is missing) without her informed consent in a language she speaks, her wish to
    return, a safety check of the household of return, and for a minor the CWC's order and a home inquiry."""
    return crossing.repatriation_start(actor=request.actor, plan_id=plan_id, **payload.dict())
