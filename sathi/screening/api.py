"""Boards, sittings, presentations, screenings, decisions and indicators: the same services and policy."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Router, Schema, Status

from sathi.api.vocab import vocab
from sathi.evidence import catalogue
from sathi.lib import palermo
from sathi.people import sealing
from sathi.people.policy import Kind, Verb
from sathi.people.vocab import AgeStatus
from sathi.screening import selectors, services
from sathi.screening.models import ReappearanceAlert, Screening
from sathi.screening.vocab import (
    ActChoice,
    BroughtBy,
    Classification,
    ControlChoice,
    LabourSector,
    MeansChoice,
    MemberCategory,
    PurposeChoice,
    SiteEventKind,
)

router = Router(tags=["screening"])

CategoryValue = vocab(MemberCategory)
BroughtByValue = vocab(BroughtBy)
SiteEventKindValue = vocab(SiteEventKind)
ActValue = vocab(ActChoice)
MeansValue = vocab(MeansChoice)
ControlValue = vocab(ControlChoice)
PurposeValue = vocab(PurposeChoice)
LabourSectorBlank = vocab(LabourSector, blank=True)
ClassificationValue = vocab(Classification)
ReadingValue = vocab(palermo.Reading)
ReasonValue = vocab(palermo.Reason)
AgeStatusValue = vocab(AgeStatus)
PeriodValue = vocab(("month", "year"))


class BoardIn(Schema):
    area_id: int
    name: str
    quorum: int


class BoardOut(Schema):
    id: int
    name: str
    area_id: int
    quorum: int
    members_serving: int
    sex_workers_serving: int
    sex_workers_are_majority: bool


class MemberIn(Schema):
    name: str
    category: CategoryValue
    term_start: date
    term_end: date | None = None


class SittingIn(Schema):
    held_on: date
    member_ids: list[uuid.UUID]
    minutes: str = ""


class PresentationIn(Schema):
    person_id: uuid.UUID
    presented_on: date
    arrived_on: date
    brought_by: BroughtByValue
    site_id: int | None = None
    account: str = ""
    sitting_id: uuid.UUID | None = None


class SiteEventIn(Schema):
    site_id: int
    kind: SiteEventKindValue
    occurred_on: date


class UuidOut(Schema):
    id: str


class ScreeningIn(Schema):
    person_id: uuid.UUID
    acts: list[ActValue] | None = None  # null: not asked
    means: list[MeansValue] | None = None
    control_since: list[ControlValue] = []
    purposes: list[PurposeValue] | None = None
    labour_sector: LabourSectorBlank = ""
    came_without_force: bool | None = None
    irregular_crossing_consented: bool = False
    consent_words: str = ""
    presentation_id: uuid.UUID | None = None
    period_from: date | None = None  # which period of the person's life it is about
    period_to: date | None = None
    site_id: int | None = None  # a red-light area, or a site of the caller's organisation
    site_words: str = ""  # where, when the site is not on the places list (location class)


class SuggestionOut(Schema):
    reading: ReadingValue
    classification: ClassificationValue
    reasons: list[ReasonValue]


class ScreeningOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    age_status: AgeStatusValue
    screened_on: date
    labour_sector: LabourSectorBlank  # "" when none was given (forced labour only)
    period_from: date | None
    period_to: date | None
    site_id: int | None
    site_words: str | None  # null when none was written; the mask without the location class
    suggestions: list[SuggestionOut]
    decision: ClassificationValue | None


class DecisionIn(Schema):
    classification: ClassificationValue
    differs_reason: str = ""
    sitting_id: uuid.UUID | None = None
    rules_explained: bool = False
    offered_health: bool = False
    offered_savings: bool = False
    offered_legal_aid: bool = False
    offered_membership: bool = False
    counselling_sessions: int = 0
    social_welfare_plan: str = ""
    police_involved: bool = False
    police_reason: str = ""
    removed_on: date | None = None
    reintegrate_with_family: bool = False


class DecisionOut(Schema):
    classification: ClassificationValue
    case_id: int | None
    police_involved: bool


class IndicatorRow(Schema):
    period: str
    entrants: int | None  # null: suppressed
    minors: int | None
    adults_not_consenting: int | None
    share_minors: float | None
    share_adults_not_consenting: float | None
    median_age: float | None
    refusals: int | None


class IndicatorsOut(Schema):
    threshold: int
    rows: list[IndicatorRow]
    removals: int | None
    median_days_to_removal: float | None
    minor_outcomes: dict[str, int | None]


def _board_out(board) -> dict:
    composition = services.board_composition(board)
    return {
        "id": board.pk,
        "name": board.name,
        "area_id": board.area_id,
        "quorum": board.quorum,
        "members_serving": composition.total,
        "sex_workers_serving": composition.sex_workers,
        "sex_workers_are_majority": composition.sex_workers_are_majority,
    }


def _screening_out(actor, screening: Screening) -> dict:
    decision = getattr(screening, "decision", None)
    return {
        "id": screening.pk,
        "person_id": screening.person_id,
        "age_status": screening.age_status,
        "screened_on": screening.screened_on,
        "labour_sector": screening.labour_sector,
        "period_from": screening.period_from,
        "period_to": screening.period_to,
        "site_id": screening.site_id,
        "site_words": sealing.read(actor, screening, "site_words_sealed"),
        "suggestions": screening.suggestions,
        "decision": decision.classification if decision else None,
    }


@router.get("/boards", response=list[BoardOut], operation_id="boards_list")
def boards_list(request):
    services.require(request.actor, Kind.SCREENING)
    return [_board_out(b) for b in selectors.boards(request.actor)]


@router.post("/boards", response={201: BoardOut}, operation_id="boards_create")
def boards_create(request, payload: BoardIn):
    return Status(201, _board_out(services.board_create(actor=request.actor, **payload.dict())))


@router.get("/boards/{board_id}", response=BoardOut, operation_id="boards_get")
def boards_get(request, board_id: int):
    services.require(request.actor, Kind.BOARD)
    return _board_out(services.board_for(request.actor, board_id))


@router.post("/boards/{board_id}/members", response={201: UuidOut}, operation_id="board_members_add")
def board_members_add(request, board_id: int, payload: MemberIn):
    member = services.board_member_add(actor=request.actor, board_id=board_id, **payload.dict())
    return Status(201, {"id": str(member.pk)})


@router.post("/boards/{board_id}/sittings", response={201: UuidOut}, operation_id="sittings_hold")
def sittings_hold(request, board_id: int, payload: SittingIn):
    sitting = services.sitting_hold(actor=request.actor, board_id=board_id, **payload.dict())
    return Status(201, {"id": str(sitting.pk)})


@router.post("/boards/{board_id}/presentations", response={201: UuidOut}, operation_id="presentations_record")
def presentations_record(request, board_id: int, payload: PresentationIn):
    presentation = services.presentation_record(actor=request.actor, board_id=board_id, **payload.dict())
    return Status(201, {"id": str(presentation.pk)})


@router.post("/boards/{board_id}/site-events", response={201: UuidOut}, operation_id="site_events_record")
def site_events_record(request, board_id: int, payload: SiteEventIn):
    event = services.site_event_record(actor=request.actor, board_id=board_id, **payload.dict())
    return Status(201, {"id": str(event.pk)})


@router.get("/boards/{board_id}/indicators", response=IndicatorsOut, operation_id="board_indicators")
def board_indicators(request, board_id: int, by: PeriodValue = "month"):
    """Numbers only, through the disclosure gate: suppressed counts are null."""
    services.require(request.actor, Kind.BOARD_INDICATORS)
    board = services.board_for(request.actor, board_id)
    result = catalogue.figure("board-indicators", board, by="year" if by == "year" else "month")
    return {
        "threshold": result.threshold,
        "rows": result.rows,
        "removals": result.removals,
        "median_days_to_removal": result.median_days_to_removal,
        "minor_outcomes": result.minor_outcomes,
    }


@router.post("/screenings", response={201: ScreeningOut}, operation_id="screenings_record")
def screenings_record(request, payload: ScreeningIn):
    screening = services.screening_record(actor=request.actor, **payload.dict())
    return Status(201, _screening_out(request.actor, screening))


@router.get("/screenings/{screening_id}", response=ScreeningOut, operation_id="screenings_get")
def screenings_get(request, screening_id: uuid.UUID):
    view = selectors.screening_view(actor=request.actor, screening_id=screening_id)
    return _screening_out(request.actor, view.screening)


@router.post(
    "/screenings/{screening_id}/decision", response={201: DecisionOut}, operation_id="decisions_record"
)
def decisions_record(request, screening_id: uuid.UUID, payload: DecisionIn):
    decision = services.decision_record(actor=request.actor, screening_id=screening_id, **payload.dict())
    return Status(
        201,
        {
            "classification": decision.classification,
            "case_id": decision.case_id,
            "police_involved": decision.police_involved,
        },
    )


class AlertOut(Schema):
    id: int
    version: int
    code: str  # the pseudonymous code of the person who presented again
    board_id: int | None  # the board that removed the person
    presented_to_id: int  # the board they presented to now
    presented_on: date
    raised_at: datetime


class AcknowledgeIn(Schema):
    version: int


def _alert_out(alert) -> dict:
    return {
        "id": alert.pk,
        "version": alert.version,
        "code": alert.presentation.person.code,
        "board_id": alert.board_id,
        "presented_to_id": alert.presented_to_id,
        "presented_on": alert.presentation.presented_on,
        "raised_at": alert.raised_at,
    }


@router.get("/alerts", response=list[AlertOut], operation_id="alerts_list")
def alerts_list(request):
    """Re-appearance alerts the caller's organisation must act on (it removed the person), not yet
    acknowledged."""
    services.require(request.actor, Verb.ACT_ON_ALERT)
    return [_alert_out(a) for a in selectors.alerts_to_act(request.actor)]


@router.post("/alerts/{alert_id}/acknowledge", response=AlertOut, operation_id="alerts_acknowledge")
def alerts_acknowledge(request, alert_id: int, payload: AcknowledgeIn):
    alert = services.alert_acknowledge(actor=request.actor, alert_id=alert_id, version=payload.version)
    return _alert_out(ReappearanceAlert.objects.select_related("presentation__person").get(pk=alert.pk))
