"""Relations, qualities, sites, events, factors and safety checks: violence-history class only."""

from __future__ import annotations

import uuid

from ninja import Router, Schema, Status

from sathi.api.vocab import vocab
from sathi.evidence import catalogue
from sathi.lib.errors import Forbidden, NotFound
from sathi.places.models import SiteType
from sathi.relations import chain, selectors, services
from sathi.relations.vocab import (
    Attitude,
    Choice,
    Domain,
    EntryRole,
    EventKind,
    Factor,
    HerWish,
    Kind,
    Quality,
    SafetyFlag,
    Stigma,
    Suggestion,
)

router = Router(tags=["relations"])

DomainValue = vocab(Domain)
KindValue = vocab(Kind)
EntryRoleBlank = vocab(EntryRole, blank=True)
QualityValue = vocab(Quality)
SiteTypeValue = vocab(SiteType)
EventKindValue = vocab(EventKind)
FactorValue = vocab(Factor)
AttitudeValue = vocab(Attitude)
StigmaValue = vocab(Stigma)
HerWishValue = vocab(HerWish)
ChoiceValue = vocab(Choice)
FlagValue = vocab(SafetyFlag)
SuggestionValue = vocab(Suggestion)


class RelationIn(Schema):
    domain: DomainValue
    kind: KindValue = ""
    name: str = ""
    other_id: uuid.UUID | None = None
    entry_role: EntryRoleBlank = ""
    in_contact: bool | None = None
    safe_to_contact: bool | None = None


class QualityIn(Schema):
    quality: QualityValue
    from_year: int | None = None
    to_year: int | None = None


class SiteIn(Schema):
    site_type: SiteTypeValue
    with_madam_or_owner: bool = False
    controls_earnings: bool = False
    controls_movement: bool = False
    violence: bool = False
    from_year: int | None = None
    to_year: int | None = None


class EventIn(Schema):
    kind: EventKindValue
    year: int | None = None
    age: int | None = None
    note: str = ""
    relation_ids: list[uuid.UUID] = []
    factors: list[FactorValue] = []


class CheckIn(Schema):
    household: DomainValue
    attitude: AttitudeValue
    stigma: StigmaValue
    her_wish: HerWishValue
    economic: str = ""
    member_ids: list[uuid.UUID] | None = None


class DecideIn(Schema):
    choice: ChoiceValue
    plan: dict[str, str] = {}


class CheckOut(Schema):
    id: uuid.UUID
    household: DomainValue
    flags: list[FlagValue]
    work_on: list[str]  # ids of her relations
    suggestion: SuggestionValue
    choice: ChoiceValue


class RelationOut(Schema):
    id: uuid.UUID
    domain: DomainValue
    kind: KindValue
    name: str
    entry_role: EntryRoleBlank
    qualities: list[QualityValue]
    in_contact: bool | None
    safe_to_contact: bool | None


class MapOut(Schema):
    relations: list[RelationOut]
    events: list[dict]
    sites: list[dict]
    factors: list[FactorValue]
    checks: list[CheckOut]


def _guard(call):
    try:
        return call()
    except Forbidden as exc:  # no violence-history class: the API says nothing exists
        raise NotFound from exc


@router.get("/people/{person_id}/relations", response=MapOut, operation_id="relations_map")
def relations_map(request, person_id: uuid.UUID):
    view = _guard(lambda: selectors.relations_view(actor=request.actor, person_id=person_id))
    return {
        "relations": [
            {
                "id": r.pk,
                "domain": r.domain,
                "kind": r.kind,
                "name": view.names[r.pk],
                "entry_role": r.entry_role,
                "qualities": [q.quality for q in r.qualities.all()],
                "in_contact": r.in_contact,
                "safe_to_contact": r.safe_to_contact,
            }
            for r in view.relations
        ],
        "events": [
            {"id": str(e.pk), "kind": e.kind, "year": e.year, "age": e.age, "note": view.notes.get(e.pk, "")}
            for e in view.events
        ],
        "sites": [
            {
                "site_type": s.site_type,
                "with_madam_or_owner": s.with_madam_or_owner,
                "violence": s.violence,
                "from_year": s.from_year,
                "to_year": s.to_year,
            }
            for s in view.sites
        ],
        "factors": [f.factor for f in view.factors],
        "checks": view.checks,
    }


@router.post("/people/{person_id}/relations", response={201: dict}, operation_id="relations_add")
def relations_add(request, person_id: uuid.UUID, payload: RelationIn):
    relation = _guard(
        lambda: services.relation_add(actor=request.actor, person_id=person_id, **payload.dict())
    )
    return Status(201, {"id": str(relation.pk)})


@router.post("/relations/{relation_id}/qualities", response={201: dict}, operation_id="qualities_add")
def qualities_add(request, relation_id: uuid.UUID, payload: QualityIn):
    row = _guard(lambda: services.quality_add(actor=request.actor, relation_id=relation_id, **payload.dict()))
    return Status(201, {"id": row.pk})


@router.post("/people/{person_id}/sites", response={201: dict}, operation_id="sites_add")
def sites_add(request, person_id: uuid.UUID, payload: SiteIn):
    row = _guard(
        lambda: services.site_history_add(actor=request.actor, person_id=person_id, **payload.dict())
    )
    return Status(201, {"id": row.pk})


@router.post("/people/{person_id}/events", response={201: dict}, operation_id="events_add")
def events_add(request, person_id: uuid.UUID, payload: EventIn):
    event = _guard(
        lambda: services.life_event_add(actor=request.actor, person_id=person_id, **payload.dict())
    )
    return Status(201, {"id": str(event.pk)})


@router.post(
    "/people/{person_id}/safety-checks", response={201: CheckOut}, operation_id="safety_checks_record"
)
def safety_checks_record(request, person_id: uuid.UUID, payload: CheckIn):
    return Status(
        201,
        _guard(
            lambda: services.safety_check_record(actor=request.actor, person_id=person_id, **payload.dict())
        ),
    )


@router.post("/safety-checks/{check_id}/decision", response=CheckOut, operation_id="safety_checks_decide")
def safety_checks_decide(request, check_id: uuid.UUID, payload: DecideIn):
    return _guard(
        lambda: services.safety_check_decide(actor=request.actor, check_id=check_id, **payload.dict())
    )


# --- the chain of risk: protected counts across the life courses (issue 11, item 3) ------------------------

TransitionValue = vocab([chain.ENTRY, chain.RE_ENTRY])
PointValue = vocab(chain.POINT_CODES)
BandValue = vocab(chain.BAND_CODES)


class ChainCellOut(Schema):
    place_of_origin: str
    point: PointValue
    band: BandValue
    count: int | None  # null: suppressed


class ChainOriginOut(Schema):
    place_of_origin: str
    people: int | None  # null: suppressed


class ChainOut(Schema):
    transition: TransitionValue
    threshold: int
    cells: list[ChainCellOut]
    origins: list[ChainOriginOut]


@router.get("/relations/chain-of-risk", response=ChainOut, operation_id="chain_of_risk")
def chain_of_risk(request, transition: TransitionValue = chain.ENTRY):
    """Which points of vulnerability came before an entry (or a re-entry), by place of origin and age band:
    counts of consenting people only, after the disclosure gate."""
    result = catalogue.figure("chain-of-risk", actor=request.actor, transition=transition)
    cells = [
        {"place_of_origin": origin, "point": point, "band": band, "count": count}
        for (origin, point), counts in zip(result.rows, result.table.cells, strict=True)
        for band, count in zip(result.bands, counts, strict=True)
    ]
    origins = [
        {"place_of_origin": o, "people": n}
        for o, n in zip(result.people.labels, result.people.counts, strict=True)
    ]
    return {
        "transition": result.transition,
        "threshold": result.table.threshold,
        "cells": cells,
        "origins": origins,
    }
