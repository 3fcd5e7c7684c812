"""Evidence in the API: the catalogue, a table released through the ledger, the ledger itself, DHIS2 and
community alerts. The same catalogue, ledger, policy and services as the pages."""

from __future__ import annotations

import datetime
import uuid

from ninja import Router, Schema, Status

from sathi.api.vocab import vocab
from sathi.evidence import alerts, catalogue, dhis2, ledger, services
from sathi.evidence.models import Release
from sathi.evidence.vocab import AlertDanger, PlaceLevel, ReleaseDoor, ReleaseFormat, ReleasePurpose
from sathi.lib import paging
from sathi.lib.errors import Forbidden
from sathi.people import policy
from sathi.people.policy import Kind

router = Router(tags=["evidence"])
PurposeValue = vocab(ReleasePurpose)
LevelValue = vocab(PlaceLevel)
DangerValue = vocab(AlertDanger)
DoorValue = vocab(ReleaseDoor)
FormatValue = vocab(ReleaseFormat)


class DimensionOut(Schema):
    key: str
    label: str
    values: list[str]


class TableEntryOut(Schema):
    name: str
    title: str
    counts: str
    levels: list[str]
    dimensions: list[DimensionOut]


class FrameIn(Schema):
    table: str
    start: str  # YYYY-MM
    end: str
    level: LevelValue = PlaceLevel.DISTRICT
    within: str = ""
    rows: str = catalogue.PLACE
    columns: list[str] = []
    purpose: PurposeValue = ReleasePurpose.INTERNAL


class TableOut(Schema):
    release_id: uuid.UUID | None
    threshold: int
    rows: list[str]
    columns: list[list[str]]
    cells: list[list[int | None]]  # null: suppressed
    row_totals: list[int | None]
    col_totals: list[int | None]
    grand_total: int | None
    hidden_for_differencing: int


class ReleaseOut(Schema):
    id: uuid.UUID
    table: str
    parameters: dict
    door: DoorValue
    fmt: FormatValue
    purpose: PurposeValue
    released_at: datetime.datetime
    suppressed: int
    suppressed_for_differencing: int
    values_sha256: str


class DryRunOut(Schema):
    release_id: uuid.UUID | None
    values: int
    status: int
    summary: dict


class MappingIn(Schema):
    org_units: dict[str, str]
    cells: dict[str, dict[str, str]]


class MappingOut(Schema):
    table: str
    org_units: dict[str, str]
    cells: dict[str, dict[str, str]]


class CommunityAlertIn(Schema):
    incident_id: uuid.UUID
    danger: DangerValue
    text: str
    area_ids: list[int]
    expires_on: datetime.date


class CommunityAlertOut(Schema):
    id: uuid.UUID
    danger: DangerValue
    text: str
    areas: list[str]
    expires_on: datetime.date


def _frame(payload: FrameIn) -> catalogue.Frame:
    return catalogue.frame(
        table=payload.table,
        start=payload.start,
        end=payload.end,
        level=payload.level,
        within=payload.within,
        rows=payload.rows,
        columns=tuple(payload.columns),
    )


@router.get("/figures/catalogue", response=list[TableEntryOut], operation_id="evidence_catalogue")
def evidence_catalogue(request):
    tables = catalogue.readable(request.actor)
    if not tables:
        raise Forbidden
    return [
        {
            "name": t.name,
            "title": str(t.title),
            "counts": str(t.counts),
            "levels": list(t.levels),
            "dimensions": [
                {"key": d.key, "label": str(d.label), "values": [v for v, _lab in d.choices()]}
                for d in t.dimensions
            ],
        }
        for t in tables
    ]


@router.post("/figures/tables", response=TableOut, operation_id="evidence_table")
def evidence_table(request, payload: FrameIn):
    """A catalogue table through the disclosure gate and the ledger; the answer is recorded as a release."""
    released = ledger.release(
        actor=request.actor,
        frame=_frame(payload),
        door=ReleaseDoor.API,
        fmt=ReleaseFormat.JSON,
        purpose=payload.purpose,
    )
    if released.everything_hidden:
        raise services.too_fine()
    t = released.table
    return {
        "release_id": released.release.pk if released.release else None,
        "threshold": t.threshold,
        "rows": released.row_keys,
        "columns": [list(k) for k in released.col_keys],
        "cells": [list(r) for r in t.cells],
        "row_totals": list(t.row_totals),
        "col_totals": list(t.col_totals),
        "grand_total": t.grand_total,
        "hidden_for_differencing": released.for_differencing,
    }


@router.get("/figures/releases", response=list[ReleaseOut], operation_id="evidence_releases")
def evidence_releases(request, limit: int = 100, offset: int = 0):
    if not policy.decide(request.actor, Kind.RELEASE_LEDGER):
        raise Forbidden
    page = paging.window(limit, offset)
    rows = Release.objects.filter(organisation_id=request.actor.organisation_id).order_by("-released_at")
    return list(rows[page["offset"] : page["offset"] + page["limit"]])


@router.post("/figures/dhis2", response=DryRunOut, operation_id="evidence_dhis2_dry_run")
def evidence_dhis2_dry_run(request, payload: FrameIn):
    """A dry run of the table's data values against the configured DHIS2 (nothing is imported there)."""
    try:
        pushed = services.dhis2_dry_run(actor=request.actor, frame=_frame(payload), purpose=payload.purpose)
    except dhis2.PushFailed as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError({"dhis2": str(exc)}) from exc
    return {
        "release_id": pushed.released.release.pk if pushed.released.release else None,
        "values": pushed.values,
        "status": pushed.answer.status,
        "summary": pushed.answer.summary,
    }


@router.put(
    "/figures/dhis2/mappings/{table}", response=MappingOut, operation_id="evidence_dhis2_mapping_save"
)
def evidence_dhis2_mapping_save(request, table: str, payload: MappingIn):
    mapping = services.dhis2_mapping_save(
        actor=request.actor, table=table, org_units=payload.org_units, cells=payload.cells
    )
    return {"table": mapping.table, "org_units": mapping.org_units, "cells": mapping.cells}


@router.get("/community-alerts", response=list[CommunityAlertOut], operation_id="community_alerts_list")
def community_alerts_list(request):
    if not policy.decide(request.actor, Kind.ALERT):
        raise Forbidden
    return [
        {"id": a.id, "danger": a.danger_code, "text": a.text, "areas": a.areas, "expires_on": a.expires_on}
        for a in alerts.for_member(request.actor)
    ]


@router.post("/community-alerts", response={201: CommunityAlertOut}, operation_id="community_alerts_send")
def community_alerts_send(request, payload: CommunityAlertIn):
    alert = alerts.alert_send(
        actor=request.actor,
        incident_id=payload.incident_id,
        danger=payload.danger,
        text=payload.text,
        area_ids=payload.area_ids,
        expires_on=payload.expires_on,
    )
    return Status(
        201,
        {
            "id": alert.pk,
            "danger": alert.danger,
            "text": payload.text,
            "areas": [a.name for a in alert.areas.all()],
            "expires_on": alert.expires_on,
        },
    )
