from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Router, Schema, Status

from sathi.legal import services

router = Router(tags=["legal"])


class ProceedingIn(Schema):
    kind: str
    status: str = "pending"
    event_date: date | None = None
    next_date: date | None = None
    rescue_at: datetime | None = None
    lawyer_id: int | None = None
    lawyer_name: str = ""
    notes: str = ""


class ProceedingPatch(Schema):
    version: int
    status: str | None = None
    event_date: date | None = None
    next_date: date | None = None


class ProceedingOut(Schema):
    id: uuid.UUID
    case_id: int
    kind: str
    status: str
    event_date: date | None
    next_date: date | None
    rescue_at: datetime | None
    version: int


@router.post("/cases/{case_id}/proceedings", response={201: ProceedingOut}, operation_id="proceedings_add")
def proceedings_add(request, case_id: int, payload: ProceedingIn):
    return Status(201, services.proceeding_add(actor=request.actor, case_id=case_id, **payload.dict()))


@router.patch("/proceedings/{proceeding_id}", response=ProceedingOut, operation_id="proceedings_update")
def proceedings_update(request, proceeding_id: uuid.UUID, payload: ProceedingPatch):
    changes = payload.dict(exclude_unset=True)
    return services.proceeding_update(actor=request.actor, proceeding_id=proceeding_id, **changes)
