"""Incidents, raids, persons affected, responses, evidence and the raid report: violence-history class only.

Roles without the violence class are refused a new incident or the list (403); for anything that already
exists the API says nothing exists (404), as for the outsider. Reports are numbers through the disclosure
gate: a suppressed value is null.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from sathi.core.uploads import read_upload
from sathi.evidence import catalogue
from sathi.lib import paging
from sathi.lib.disclosure import ProtectedCounts
from sathi.lib.errors import Forbidden, NotFound
from sathi.people.selectors import MASK
from sathi.violations import involvements, responses, selectors, services
from sathi.violations.schemas import (
    AffectedIn,
    AffectedPatch,
    EvidenceKindBlank,
    EvidenceOut,
    IncidentIn,
    IncidentItem,
    IncidentOut,
    IncidentPatch,
    IncidentSaved,
    OutcomeEndIn,
    OutcomeIn,
    OutcomeOut,
    PerpetratorIn,
    RaidIn,
    RaidOut,
    RaidReportOut,
    ResponseIn,
    ResponseIndicatorsOut,
    ResponsePatch,
    SourceIn,
    UuidOut,
    VersionedIdOut,
)

router = Router(tags=["violations"])

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
    services.require_documenter(request.actor)
    return selectors.incident_list(actor=request.actor, **paging.window(limit, offset))


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


@router.post("/incidents/{incident_id}/review", response=IncidentSaved, operation_id="incidents_review")
def incidents_review(request, incident_id: uuid.UUID):
    """A caseworker or supervisor reviews an incident a peer worker recorded."""
    return _saved(_guard(lambda: services.incident_review(actor=request.actor, incident_id=incident_id)))


@router.put("/incidents/{incident_id}/raid", response=RaidOut, operation_id="raid_details_save")
def raid_details_save(request, incident_id: uuid.UUID, payload: RaidIn):
    return _guard(
        lambda: services.raid_details_save(actor=request.actor, incident_id=incident_id, **payload.dict())
    )


@router.post("/incidents/{incident_id}/sources", response={201: UuidOut}, operation_id="sources_add")
def sources_add(request, incident_id: uuid.UUID, payload: SourceIn):
    source = _guard(
        lambda: services.source_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(source.pk)})


@router.post("/incidents/{incident_id}/affected", response={201: VersionedIdOut}, operation_id="affected_add")
def affected_add(request, incident_id: uuid.UUID, payload: AffectedIn):
    row = _guard(
        lambda: involvements.affected_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(row.pk), "version": row.version})


@router.patch("/affected/{affected_id}", response=VersionedIdOut, operation_id="affected_update")
def affected_update(request, affected_id: uuid.UUID, payload: AffectedPatch):
    changes = payload.dict(exclude_unset=True)
    row = _guard(
        lambda: involvements.affected_update(actor=request.actor, affected_id=affected_id, **changes)
    )
    return {"id": str(row.pk), "version": row.version}


@router.post("/affected/{affected_id}/outcomes", response={201: OutcomeOut}, operation_id="outcomes_record")
def outcomes_record(request, affected_id: uuid.UUID, payload: OutcomeIn):
    return Status(
        201,
        _guard(
            lambda: involvements.outcome_record(
                actor=request.actor, affected_id=affected_id, **payload.dict()
            )
        ),
    )


@router.post("/outcomes/{outcome_id}/end", response=OutcomeOut, operation_id="outcomes_end")
def outcomes_end(request, outcome_id: int, payload: OutcomeEndIn):
    return _guard(
        lambda: involvements.outcome_end(actor=request.actor, outcome_id=outcome_id, until=payload.until)
    )


@router.post(
    "/incidents/{incident_id}/perpetrators", response={201: UuidOut}, operation_id="perpetrators_add"
)
def perpetrators_add(request, incident_id: uuid.UUID, payload: PerpetratorIn):
    row = _guard(
        lambda: involvements.perpetrator_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(row.pk)})


@router.post(
    "/incidents/{incident_id}/responses", response={201: VersionedIdOut}, operation_id="responses_add"
)
def responses_add(request, incident_id: uuid.UUID, payload: ResponseIn):
    row = _guard(
        lambda: responses.response_add(actor=request.actor, incident_id=incident_id, **payload.dict())
    )
    return Status(201, {"id": str(row.pk), "version": row.version})


@router.patch("/responses/{response_id}", response=VersionedIdOut, operation_id="responses_update")
def responses_update(request, response_id: uuid.UUID, payload: ResponsePatch):
    changes = payload.dict(exclude_unset=True)
    row = _guard(lambda: responses.response_update(actor=request.actor, response_id=response_id, **changes))
    return {"id": str(row.pk), "version": row.version}


# --- evidence ----------------------------------------------------------------------------------


@router.post("/incidents/{incident_id}/evidence", response={201: EvidenceOut}, operation_id="evidence_attach")
def evidence_attach(
    request,
    incident_id: uuid.UUID,
    kind: EvidenceKindBlank = Form(""),  # noqa: B008 (Form[...] of an enum type would make it required)
    file: File[UploadedFile | None] = None,
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
    result = catalogue.figure(
        "raid-report", actor=request.actor, start=start, end=end, district_id=district_id
    )
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
    content = catalogue.figure(
        "raid-report-file", actor=request.actor, start=start, end=end, fmt=fmt, district_id=district_id
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
    result = catalogue.figure(
        "response-indicators", actor=request.actor, start=start, end=end, district_id=district_id
    )
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
