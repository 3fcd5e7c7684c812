"""Incidents, raids, persons affected, responses, evidence and the raid report: violence-history class only.

Roles without the violence class are refused a new incident or the list (403); for anything that already
exists the API says nothing exists (404), as for the outsider. Reports are numbers through the disclosure
gate: a suppressed value is null.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sathi.api.vocab import vocab
from sathi.lib.disclosure import ProtectedCounts
from sathi.lib.errors import Forbidden, NotFound
from sathi.people.selectors import MASK
from sathi.people.vocab import Gender
from sathi.uploads import read_upload
from sathi.violations import report, selectors, services
from sathi.violations.vocab import (
    Act,
    AgeBand,
    Agency,
    Confidentiality,
    Consequence,
    DatePrecision,
    Degree,
    EvidenceKind,
    Force,
    HeldAt,
    IncidentType,
    ItpaSection,
    LegalBasis,
    OutcomeKind,
    OwnDecision,
    PerpetratorType,
    Reliability,
    ResponseAction,
    ResponseOutcome,
    SourceKind,
    Undertaking,
    Verification,
)

IncidentTypeValue = vocab(IncidentType)
PrecisionValue = vocab(DatePrecision)
PrecisionBlank = vocab(DatePrecision, blank=True)
VerificationValue = vocab(Verification)
ConfidentialityValue = vocab(Confidentiality)
LegalBasisValue = vocab(LegalBasis)
AgencyValue = vocab(Agency)
SectionValue = vocab(ItpaSection)
ForceValue = vocab(Force)
HeldAtValue = vocab(HeldAt)
SourceKindValue = vocab(SourceKind)
ReliabilityValue = vocab(Reliability)
GenderValue = vocab(Gender)
GenderBlank = vocab(Gender, blank=True)
AgeBandValue = vocab(AgeBand)
AgeBandBlank = vocab(AgeBand, blank=True)
ActValue = vocab(Act)
ConsequenceValue = vocab(Consequence)
OwnDecisionValue = vocab(OwnDecision)
UndertakingValue = vocab(Undertaking)
OutcomeKindValue = vocab(OutcomeKind)
PerpetratorTypeValue = vocab(PerpetratorType)
DegreeValue = vocab(Degree)
ActionValue = vocab(ResponseAction)
ResponseOutcomeValue = vocab(ResponseOutcome)
EvidenceKindValue = vocab(EvidenceKind)

router = Router(tags=["violations"])

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Versioned(Schema):
    version: int


class IncidentIn(Schema):
    incident_type: IncidentTypeValue
    start_date: date
    place_id: int
    verification: VerificationValue
    start_precision: PrecisionValue = "day"
    end_date: date | None = None
    end_precision: PrecisionBlank = ""
    description: str = ""
    confidentiality: ConfidentialityValue = "internal"


class IncidentPatch(Versioned):
    verification: VerificationValue | None = None
    confidentiality: ConfidentialityValue | None = None
    description: str | None = None
    start_date: date | None = None
    start_precision: PrecisionValue | None = None
    end_date: date | None = None
    end_precision: PrecisionBlank | None = None
    place_id: int | None = None


class RaidIn(Schema):
    legal_basis: LegalBasisValue
    version: int | None = None  # null: the first record of this raid's details
    agencies: list[AgencyValue] = []
    agency_names: list[str] = []
    itpa_sections: list[SectionValue] = []
    warrant_shown: bool | None = None
    picked_up_known: int = 0
    picked_up_estimated: int | None = None
    minors_per_police: int | None = None
    minors_verified: int | None = None
    force_used: ForceValue = "not_known"
    held_at: list[HeldAtValue] = []
    held_hours: int | None = None
    phones_taken: int | None = None
    phones_returned: int | None = None
    money_taken: bool | None = None
    money_returned: bool | None = None
    legal_counsel: bool | None = None
    media_present: bool | None = None
    collective_told: bool | None = None


class SourceIn(Schema):
    kind: SourceKindValue
    reliability: ReliabilityValue
    note: str = ""


class AffectedIn(Schema):
    person_id: uuid.UUID | None = None  # null: an anonymous record (age band and gender only)
    gender: GenderBlank = ""
    age_band: AgeBandBlank = ""
    acts: list[ActValue] = []
    consequences: list[ConsequenceValue] = []
    own_decision: OwnDecisionValue = "not_asked"
    undertaking: UndertakingValue = "not_known"
    account: str = ""


class AffectedPatch(Versioned):
    age_band: AgeBandBlank | None = None
    acts: list[ActValue] | None = None
    consequences: list[ConsequenceValue] | None = None
    own_decision: OwnDecisionValue | None = None
    undertaking: UndertakingValue | None = None
    account: str | None = None


class OutcomeIn(Schema):
    kind: OutcomeKindValue
    on: date
    until: date | None = None
    against_her_wish: bool | None = None
    later_incident_id: uuid.UUID | None = None


class OutcomeEndIn(Schema):
    until: date


class PerpetratorIn(Schema):
    perpetrator_type: PerpetratorTypeValue
    degree: DegreeValue = "not_known"
    office: str = ""
    station: str = ""
    number: int = 1
    note: str = ""


class ResponseIn(Schema):
    action: ActionValue
    reported_at: datetime
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: ResponseOutcomeValue = "pending"
    affected_id: uuid.UUID | None = None
    note: str = ""


class ResponsePatch(Versioned):
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: ResponseOutcomeValue | None = None
    note: str | None = None


class IdOut(Schema):
    id: str


class VersionedIdOut(IdOut):
    version: int


class IncidentItem(Schema):
    id: uuid.UUID
    incident_type: IncidentTypeValue
    start_date: date
    start_precision: PrecisionValue
    district: str
    verification: VerificationValue
    confidentiality: ConfidentialityValue
    affected: int
    open_responses: int
    version: int


class IncidentSaved(Schema):
    id: uuid.UUID
    incident_type: IncidentTypeValue
    start_date: date
    start_precision: PrecisionValue
    end_date: date | None
    end_precision: PrecisionBlank
    verification: VerificationValue
    confidentiality: ConfidentialityValue
    version: int


class RaidOut(Schema):
    agencies: list[AgencyValue]
    agency_names: list[str]
    legal_basis: LegalBasisValue
    itpa_sections: list[SectionValue]
    warrant_shown: bool | None
    picked_up_known: int
    picked_up_estimated: int | None
    minors_per_police: int | None
    minors_verified: int | None
    force_used: ForceValue
    held_at: list[HeldAtValue]
    held_hours: int | None
    phones_taken: int | None
    phones_returned: int | None
    money_taken: bool | None
    money_returned: bool | None
    legal_counsel: bool | None
    media_present: bool | None
    collective_told: bool | None
    version: int


class SourceOut(Schema):
    id: uuid.UUID
    kind: SourceKindValue
    reliability: ReliabilityValue
    note: str | None


class OutcomeOut(Schema):
    id: int
    kind: OutcomeKindValue
    on: date
    until: date | None
    against_her_wish: bool | None
    later_incident_id: uuid.UUID | None


class AffectedOut(Schema):
    id: uuid.UUID
    person_code: str | None  # null: anonymous, or a person the reader may not open
    gender: GenderValue
    age_band: AgeBandValue
    picked_up: bool
    acts: list[ActValue]
    consequences: list[ConsequenceValue]
    own_decision: OwnDecisionValue
    undertaking: UndertakingValue
    account: str | None  # null: none, or hers and masked for this reader
    outcomes: list[OutcomeOut]
    version: int


class PerpetratorOut(Schema):
    id: uuid.UUID
    perpetrator_type: PerpetratorTypeValue
    degree: DegreeValue
    office: str
    station: str
    number: int
    note: str | None


class ResponseOut(Schema):
    id: uuid.UUID
    affected_id: uuid.UUID | None
    action: ActionValue
    reported_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    outcome: ResponseOutcomeValue
    note: str | None
    version: int


class EvidenceOut(Schema):
    id: uuid.UUID
    incident_id: uuid.UUID
    kind: EvidenceKindValue
    content_type: str
    size: int
    sha256: str
    metadata_stripped: bool
    uploaded_at: datetime


class EvidenceItem(EvidenceOut):
    name: str | None


class IncidentOut(IncidentSaved):
    place: str
    district: str
    description: str | None
    raid: RaidOut | None
    sources: list[SourceOut]
    affected: list[AffectedOut]
    perpetrators: list[PerpetratorOut]
    responses: list[ResponseOut]
    evidence: list[EvidenceItem]


class CountsOut(Schema):
    counts: dict[str, int | None]  # null: suppressed
    total: int | None


class RaidReportOut(Schema):
    start: date
    end: date
    district: str | None
    threshold: int
    raids: int | None
    picked_up: int | None
    documented: int | None
    police_record: CountsOut
    verified_age: CountsOut
    own_decision: CountsOut
    released: CountsOut
    undertakings: CountsOut
    violence: CountsOut
    phones: CountsOut
    legal_basis: CountsOut
    share_minors_police: float | None
    share_minors_verified: float | None
    share_own_decision: float | None
    share_returned: float | None
    share_signed: float | None
    share_violence: float | None
    persons_per_raid: float | None
    median_detention_hours: float | None


class ResponseIndicatorsOut(Schema):
    start: date
    end: date
    district: str | None
    threshold: int
    actions: CountsOut
    outcomes: CountsOut
    responded: int | None
    resolved: int | None
    median_hours_to_first_response: float | None
    median_days_to_resolution: float | None


def _guard(call):
    try:
        return call()
    except Forbidden as exc:  # no violence-history class: the API says nothing exists
        raise NotFound from exc


def _saved(incident) -> dict:
    return {
        "id": incident.pk,
        "incident_type": incident.incident_type,
        "start_date": incident.start_date,
        "start_precision": incident.start_precision,
        "end_date": incident.end_date,
        "end_precision": incident.end_precision,
        "verification": incident.verification,
        "confidentiality": incident.confidentiality,
        "version": incident.version,
    }


def _evidence_out(evidence) -> dict:
    return {
        "id": evidence.pk,
        "incident_id": evidence.incident_id,
        "kind": evidence.kind,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "metadata_stripped": evidence.metadata_stripped,
        "uploaded_at": evidence.uploaded_at,
    }


def _incident_out(view: selectors.IncidentView) -> dict:
    incident = view.incident
    return {
        **_saved(incident),
        "place": view.place,
        "district": incident.district.name,
        "description": view.description,
        "raid": view.raid,
        "sources": [
            {"id": s.pk, "kind": s.kind, "reliability": s.reliability, "note": n} for s, n in view.sources
        ],
        "affected": [
            {
                "id": a.affected.pk,
                "person_code": a.person_code,
                "gender": a.affected.gender,
                "age_band": a.affected.age_band,
                "picked_up": a.affected.picked_up,
                "acts": a.affected.acts,
                "consequences": a.affected.consequences,
                "own_decision": a.affected.own_decision,
                "undertaking": a.affected.undertaking,
                "account": None if a.account == MASK else a.account,
                "outcomes": list(a.affected.outcomes.all()),
                "version": a.affected.version,
            }
            for a in view.affected
        ],
        "perpetrators": [
            {
                "id": p.pk,
                "perpetrator_type": p.perpetrator_type,
                "degree": p.degree,
                "office": p.office,
                "station": p.station,
                "number": p.number,
                "note": n,
            }
            for p, n in view.perpetrators
        ],
        "responses": [
            {
                "id": r.pk,
                "affected_id": r.affected_id,
                "action": r.action,
                "reported_at": r.reported_at,
                "first_response_at": r.first_response_at,
                "resolved_at": r.resolved_at,
                "outcome": r.outcome,
                "note": n,
                "version": r.version,
            }
            for r, n in view.responses
        ],
        "evidence": [{**_evidence_out(e), "name": name} for e, name in view.evidence],
    }


def _counts(protected: ProtectedCounts) -> dict:
    return {"counts": dict(zip(protected.labels, protected.counts, strict=True)), "total": protected.total}


# --- incidents ---------------------------------------------------------------------------------


@router.get("/incidents", response=list[IncidentItem], operation_id="incidents_list")
def incidents_list(request, limit: int = 50, offset: int = 0):
    services.require_violence_class(request.actor)
    return selectors.incident_list(actor=request.actor, limit=max(1, min(limit, 200)), offset=max(0, offset))


@router.post("/incidents", response={201: IncidentSaved}, operation_id="incidents_record")
def incidents_record(request, payload: IncidentIn):
    return Status(201, _saved(services.incident_record(actor=request.actor, **payload.dict())))


@router.get("/incidents/{incident_id}", response=IncidentOut, operation_id="incidents_get")
def incidents_get(request, incident_id: uuid.UUID):
    return _incident_out(
        _guard(lambda: selectors.incident_view(actor=request.actor, incident_id=incident_id))
    )


@router.patch("/incidents/{incident_id}", response=IncidentSaved, operation_id="incidents_update")
def incidents_update(request, incident_id: uuid.UUID, payload: IncidentPatch):
    changes = payload.dict(exclude_unset=True)
    return _saved(
        _guard(lambda: services.incident_update(actor=request.actor, incident_id=incident_id, **changes))
    )


@router.put("/incidents/{incident_id}/raid", response=RaidOut, operation_id="raid_details_save")
def raid_details_save(request, incident_id: uuid.UUID, payload: RaidIn):
    return _guard(
        lambda: services.raid_details_save(actor=request.actor, incident_id=incident_id, **payload.dict())
    )


@router.post("/incidents/{incident_id}/sources", response={201: IdOut}, operation_id="sources_add")
def sources_add(request, incident_id: uuid.UUID, payload: SourceIn):
    source = _guard(
        lambda: services.source_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(source.pk)})


@router.post("/incidents/{incident_id}/affected", response={201: VersionedIdOut}, operation_id="affected_add")
def affected_add(request, incident_id: uuid.UUID, payload: AffectedIn):
    row = _guard(
        lambda: services.affected_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(row.pk), "version": row.version})


@router.patch("/affected/{affected_id}", response=VersionedIdOut, operation_id="affected_update")
def affected_update(request, affected_id: uuid.UUID, payload: AffectedPatch):
    changes = payload.dict(exclude_unset=True)
    row = _guard(lambda: services.affected_update(actor=request.actor, affected_id=affected_id, **changes))
    return {"id": str(row.pk), "version": row.version}


@router.post("/affected/{affected_id}/outcomes", response={201: OutcomeOut}, operation_id="outcomes_record")
def outcomes_record(request, affected_id: uuid.UUID, payload: OutcomeIn):
    return Status(
        201,
        _guard(
            lambda: services.outcome_record(actor=request.actor, affected_id=affected_id, **payload.dict())
        ),
    )


@router.post("/outcomes/{outcome_id}/end", response=OutcomeOut, operation_id="outcomes_end")
def outcomes_end(request, outcome_id: int, payload: OutcomeEndIn):
    return _guard(
        lambda: services.outcome_end(actor=request.actor, outcome_id=outcome_id, until=payload.until)
    )


@router.post("/incidents/{incident_id}/perpetrators", response={201: IdOut}, operation_id="perpetrators_add")
def perpetrators_add(request, incident_id: uuid.UUID, payload: PerpetratorIn):
    row = _guard(
        lambda: services.perpetrator_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(row.pk)})


@router.post(
    "/incidents/{incident_id}/responses", response={201: VersionedIdOut}, operation_id="responses_add"
)
def responses_add(request, incident_id: uuid.UUID, payload: ResponseIn):
    row = _guard(
        lambda: services.response_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(row.pk), "version": row.version})


@router.patch("/responses/{response_id}", response=VersionedIdOut, operation_id="responses_update")
def responses_update(request, response_id: uuid.UUID, payload: ResponsePatch):
    changes = payload.dict(exclude_unset=True)
    row = _guard(lambda: services.response_update(actor=request.actor, response_id=response_id, **changes))
    return {"id": str(row.pk), "version": row.version}


# --- evidence ----------------------------------------------------------------------------------


@router.post("/incidents/{incident_id}/evidence", response={201: EvidenceOut}, operation_id="evidence_attach")
def evidence_attach(
    request, incident_id: uuid.UUID, kind: Form[str] = "", file: File[UploadedFile | None] = None
):
    """Multipart: `kind` and `file`. Both optional here so that access is checked before anything is
    validated: the service refuses a missing file or kind after it has decided who may attach."""
    content = read_upload(file)
    evidence = _guard(
        lambda: services.evidence_attach(
            actor=request.actor,
            incident_id=incident_id,
            kind=kind,
            filename=file.name if file is not None else "",
            content=content,
        )
    )
    return Status(201, _evidence_out(evidence))


@router.get("/evidence/{evidence_id}", response=EvidenceOut, operation_id="evidence_get")
def evidence_get(request, evidence_id: uuid.UUID):
    return _evidence_out(selectors.evidence_get(actor=request.actor, evidence_id=evidence_id))


@router.get("/evidence/{evidence_id}/file", operation_id="evidence_file")
def evidence_file(request, evidence_id: uuid.UUID):
    """The bytes, as an attachment under a name that says nothing; never cached, never sniffed."""
    evidence, _name, content = selectors.evidence_open(actor=request.actor, evidence_id=evidence_id)
    response = HttpResponse(content, content_type=evidence.content_type)
    filename = f"evidence-{evidence.pk.hex[:8]}.{EXTENSIONS.get(evidence.content_type, 'bin')}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


# --- reports -----------------------------------------------------------------------------------


@router.get("/reports/raids", response=RaidReportOut, operation_id="raid_report")
def raid_report(request, start: date, end: date, district_id: int | None = None):
    result = report.raid_report(actor=request.actor, start=start, end=end, district_id=district_id)
    counted = (
        "police_record",
        "verified_age",
        "own_decision",
        "released",
        "undertakings",
        "violence",
        "phones",
        "legal_basis",
    )
    return {
        **{name: getattr(result, name) for name in RaidReportOut.model_fields if name not in counted},
        **{name: _counts(getattr(result, name)) for name in counted},
    }


def _export(request, fmt: str, start: date, end: date, district_id: int | None) -> HttpResponse:
    content = report.raid_report_export(
        actor=request.actor, start=start, end=end, fmt=fmt, district_id=district_id
    )
    response = HttpResponse(content, content_type=EXPORTS[fmt])
    filename = f"report-{start.isoformat()}-{end.isoformat()}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@router.get("/reports/raids.csv", operation_id="raid_report_csv")
def raid_report_csv(request, start: date, end: date, district_id: int | None = None):
    return _export(request, "csv", start, end, district_id)


@router.get("/reports/raids.xlsx", operation_id="raid_report_xlsx")
def raid_report_xlsx(request, start: date, end: date, district_id: int | None = None):
    return _export(request, "xlsx", start, end, district_id)


@router.get("/reports/responses", response=ResponseIndicatorsOut, operation_id="response_indicators")
def response_indicators(request, start: date, end: date, district_id: int | None = None):
    result = report.response_indicators(actor=request.actor, start=start, end=end, district_id=district_id)
    return {
        "start": result.start,
        "end": result.end,
        "district": result.district,
        "threshold": result.threshold,
        "actions": _counts(result.actions),
        "outcomes": _counts(result.outcomes),
        "responded": result.responded,
        "resolved": result.resolved,
        "median_hours_to_first_response": result.median_hours_to_first_response,
        "median_days_to_resolution": result.median_days_to_resolution,
    }
