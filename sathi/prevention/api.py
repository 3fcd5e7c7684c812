"""Prevention in the API: places, sessions, vulnerability and protection, offices, ratings, asks and answers,
and the two grids' numbers. The same services, policy and versions as the pages."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema, Status

from sathi.api.vocab import vocab
from sathi.evidence import catalogue
from sathi.lib import paging
from sathi.people.policy import Kind, Verb
from sathi.places.models import PlaceKind
from sathi.prevention import cases, preferences, selectors, services
from sathi.prevention.vocab import (
    AskKind,
    AskState,
    Channel,
    Cohort,
    Exists,
    Factor,
    Gender,
    OfficeKind,
    Outcome,
    PreventionModel,
    Protection,
    Source,
    StepKind,
    Zone,
)

PlaceKindValue = vocab(PlaceKind)
SourceValue = vocab(Source)
CohortValue = vocab(Cohort)
CohortBlank = vocab(Cohort, blank=True)
FactorValue = vocab(Factor)
ProtectionValue = vocab(Protection)
OfficeKindValue = vocab(OfficeKind)
AskKindValue = vocab(AskKind)
ChannelValue = vocab(Channel)
OutcomeValue = vocab(Outcome)
AskStateValue = vocab(AskState)
StepKindValue = vocab(StepKind)
ZoneValue = vocab(Zone)
ExistsValue = vocab(Exists)
GenderValue = vocab(Gender)
PreventionModelValue = vocab(PreventionModel)

router = Router(tags=["prevention"])
PLACE_READERS = (Kind.PREVENTION, Kind.PREVENTION_NUMBERS, Verb.MANAGE_PLACES)


class PlaceIn(Schema):
    kind: PlaceKindValue  # a site is refused here: it is the organisation's own
    name: str
    parent_id: int | None = None


class PlaceOut(Schema):
    id: int
    kind: PlaceKindValue
    name: str
    parent_id: int | None


class IdOut(Schema):
    id: int


class SessionIn(Schema):
    place_id: int
    held_on: date
    source: SourceValue
    cohort: CohortValue
    respondents: int


class SessionOut(SessionIn):
    id: int


class ReportedIn(Schema):
    place_id: int
    period_start: date
    period_end: date
    source: SourceValue
    reported_on: date
    cohort: CohortValue
    respondents: int
    session_id: int | None = None


class VulnerabilityIn(ReportedIn):
    factor: FactorValue


class NormIn(ReportedIn):
    practice: ProtectionValue


class OfficeFields(Schema):
    name: str
    mandate: str = ""
    law: str = ""
    office_phone: str = ""
    office_email: str = ""
    office_address: str = ""
    higher_office_id: int | None = None


class StakeholderIn(OfficeFields):
    kind: OfficeKindValue
    jurisdiction_id: int
    notes: str = ""


class StakeholderPatch(OfficeFields):
    version: int


class StakeholderOut(Schema):
    id: int
    kind: OfficeKindValue
    name: str
    jurisdiction_id: int
    mandate: str
    law: str
    office_phone: str
    office_email: str
    office_address: str
    higher_office_id: int | None
    notes: str
    version: int


class RatingIn(Schema):
    stakeholder_id: int
    power: int
    interest: int
    respondents: int


class AskIn(Schema):
    stakeholder_id: int
    kind: AskKindValue
    channel: ChannelValue
    asked_on: date
    due_on: date | None = None
    legal_basis: str = ""
    by_collective: bool = False


class StepOut(Schema):
    on: date
    what: StepKindValue  # "silence" is recorded by Sathi itself
    reason: str = ""


class AskOut(Schema):
    id: int
    stakeholder_id: int
    kind: AskKindValue
    channel: ChannelValue
    asked_on: date
    due_on: date
    state: AskStateValue
    silent_since: date | None
    history: list[StepOut]
    escalate_to: list[int]
    version: int


class AnswerIn(Schema):
    answered_on: date
    outcome: OutcomeValue
    reason: str = ""


class EscalateIn(Schema):
    version: int
    to_id: int
    asked_on: date
    due_on: date | None = None


class CommitteeCheckIn(Schema):
    checked_on: date
    exists: ExistsValue
    last_met_on: date | None = None
    members_listed: int = 0
    members_confirmed: int = 0
    members_unaware: int = 0
    members_deceased: int = 0


class CellOut(Schema):
    row: str
    column: str
    count: int | None  # null: suppressed


class GridOut(Schema):
    threshold: int
    cells: list[CellOut]


class MarkOut(Schema):
    office: str
    cohort: CohortValue
    power: int
    interest: int
    zone: ZoneValue
    count: int | None  # null: suppressed


def _office_out(actor, office) -> dict:
    return {
        **{
            f: getattr(office, f)
            for f in (
                "id",
                "kind",
                "name",
                "jurisdiction_id",
                "mandate",
                "law",
                "office_phone",
                "office_email",
                "office_address",
                "higher_office_id",
                "version",
            )
        },
        "notes": selectors.office_notes(actor, office),
    }


def _ask_out(actor, ask) -> dict:
    answers = list(ask.answers.order_by("answered_on", "pk"))
    view = selectors.view_of(ask, answers)
    targets = selectors.escalation_targets(actor, ask) if view.state in ("silent", "refused") else []
    return {
        "id": ask.pk,
        "stakeholder_id": ask.stakeholder_id,
        "kind": ask.kind,
        "channel": ask.channel,
        "asked_on": ask.asked_on,
        "due_on": ask.due_on,
        "state": view.state,
        "silent_since": view.silent_since,
        "history": [
            {
                "on": s.on,
                "what": str(s.what),
                "reason": selectors.answer_reason(actor, s.answer, ask.organisation_id) if s.answer else "",
            }
            for s in view.history
        ],
        "escalate_to": [t.pk for t in targets],
        "version": ask.version,
    }


@router.get("/prevention/places", response=list[PlaceOut], operation_id="prevention_places_list")
def prevention_places_list(request):
    services.require_any(request.actor, *PLACE_READERS)
    return selectors.shared_places()


@router.post("/prevention/places", response={201: PlaceOut}, operation_id="prevention_places_add")
def prevention_places_add(request, payload: PlaceIn):
    place = services.shared_place_add(
        actor=request.actor, kind=payload.kind, name=payload.name, parent_id=payload.parent_id
    )
    return Status(201, place)


@router.post("/prevention/sessions", response={201: SessionOut}, operation_id="research_sessions_record")
def research_sessions_record(request, payload: SessionIn):
    session = services.session_record(actor=request.actor, **payload.dict())
    return Status(201, session)


@router.get("/prevention/sessions", response=list[SessionOut], operation_id="research_sessions_list")
def research_sessions_list(request, limit: int = 100, offset: int = 0):
    return selectors.sessions(request.actor, **paging.window(limit, offset))


@router.post(
    "/prevention/sessions/{session_id}/ratings", response={201: IdOut}, operation_id="ratings_record"
)
def ratings_record(request, session_id: int, payload: RatingIn):
    rating = services.rating_record(actor=request.actor, session_id=session_id, **payload.dict())
    return Status(201, {"id": rating.pk})


@router.post("/prevention/vulnerabilities", response={201: IdOut}, operation_id="vulnerabilities_record")
def vulnerabilities_record(request, payload: VulnerabilityIn):
    return Status(201, {"id": services.vulnerability_record(actor=request.actor, **payload.dict()).pk})


@router.post("/prevention/norms", response={201: IdOut}, operation_id="norms_record")
def norms_record(request, payload: NormIn):
    return Status(201, {"id": services.norm_record(actor=request.actor, **payload.dict()).pk})


def _grid_out(protected) -> dict:
    cells = [
        {"row": row, "column": column, "count": count}
        for row, counts in zip(protected.row_labels, protected.cells, strict=True)
        for column, count in zip(protected.col_labels, counts, strict=True)
    ]
    return {"threshold": protected.threshold, "cells": cells}


@router.get("/prevention/vulnerabilities/grid", response=GridOut, operation_id="vulnerability_grid")
def vulnerability_grid(request, place_id: int | None = None, norms: bool = False):
    if norms:
        return _grid_out(catalogue.figure("protection-grid", request.actor, place_id=place_id))
    return _grid_out(catalogue.figure("vulnerability-grid", request.actor, place_id=place_id))


@router.get("/prevention/stakeholders", response=list[StakeholderOut], operation_id="stakeholders_list")
def stakeholders_list(request, place_id: int | None = None, limit: int = 100, offset: int = 0):
    rows = selectors.stakeholders(request.actor, place_id=place_id, **paging.window(limit, offset))
    return [_office_out(request.actor, o) for o in rows]


@router.post("/prevention/stakeholders", response={201: StakeholderOut}, operation_id="stakeholders_add")
def stakeholders_add(request, payload: StakeholderIn):
    office = services.stakeholder_add(actor=request.actor, **payload.dict())
    return Status(201, _office_out(request.actor, office))


@router.get(
    "/prevention/stakeholders/{stakeholder_id}", response=StakeholderOut, operation_id="stakeholders_get"
)
def stakeholders_get(request, stakeholder_id: int):
    return _office_out(request.actor, services.stakeholder_for(request.actor, stakeholder_id))


@router.patch(
    "/prevention/stakeholders/{stakeholder_id}", response=StakeholderOut, operation_id="stakeholders_update"
)
def stakeholders_update(request, stakeholder_id: int, payload: StakeholderPatch):
    office = services.stakeholder_update(actor=request.actor, stakeholder_id=stakeholder_id, **payload.dict())
    return _office_out(request.actor, office)


@router.get("/prevention/power-grid", response=list[MarkOut], operation_id="power_grid")
def power_grid(request, place_id: int | None = None, cohort: CohortBlank = ""):
    marks = catalogue.figure(
        "power-grid", request.actor, place_id=place_id, cohort=cohort if cohort in Cohort.values else ""
    )
    return [
        {
            "office": m.office,
            "cohort": m.cohort_code,
            "power": m.power,
            "interest": m.interest,
            "zone": m.zone_code,
            "count": m.count,
        }
        for m in marks
    ]


@router.get("/prevention/asks", response=list[AskOut], operation_id="asks_list")
def asks_list(request, stakeholder_id: int | None = None, limit: int = 100, offset: int = 0):
    rows = selectors.asks(request.actor, stakeholder_id=stakeholder_id, **paging.window(limit, offset))
    return [_ask_out(request.actor, v.ask) for v in rows]


@router.post("/prevention/asks", response={201: AskOut}, operation_id="asks_make")
def asks_make(request, payload: AskIn):
    return Status(201, _ask_out(request.actor, services.ask_make(actor=request.actor, **payload.dict())))


@router.get("/prevention/asks/{ask_id}", response=AskOut, operation_id="asks_get")
def asks_get(request, ask_id: int):
    return _ask_out(request.actor, services.ask_for(request.actor, ask_id))


@router.post("/prevention/asks/{ask_id}/answers", response={201: AskOut}, operation_id="answers_record")
def answers_record(request, ask_id: int, payload: AnswerIn):
    services.answer_record(actor=request.actor, ask_id=ask_id, **payload.dict())
    return Status(201, _ask_out(request.actor, services.ask_for(request.actor, ask_id)))


@router.post("/prevention/asks/{ask_id}/escalation", response={201: AskOut}, operation_id="asks_escalate")
def asks_escalate(request, ask_id: int, payload: EscalateIn):
    made = services.ask_escalate(actor=request.actor, ask_id=ask_id, **payload.dict())
    return Status(201, _ask_out(request.actor, made))


@router.post(
    "/prevention/stakeholders/{stakeholder_id}/checks",
    response={201: IdOut},
    operation_id="committee_checks_record",
)
def committee_checks_record(request, stakeholder_id: int, payload: CommitteeCheckIn):
    check = services.committee_check_record(
        actor=request.actor, committee_id=stakeholder_id, **payload.dict()
    )
    return Status(201, {"id": check.pk})


class ModelChoiceIn(Schema):
    gender: GenderValue
    chosen: list[PreventionModelValue]  # first first


class PreferenceRow(Schema):
    model: PreventionModelValue
    counts: dict[str, int | None]  # by gender code; null: suppressed
    total: int | None


class PreferencesOut(Schema):
    respondents: int | None
    rows: list[PreferenceRow]


@router.post(
    "/prevention/sessions/{session_id}/model-choices",
    response={201: IdOut},
    operation_id="model_choices_record",
)
def model_choices_record(request, session_id: int, payload: ModelChoiceIn):
    choice = preferences.model_choice_record(actor=request.actor, session_id=session_id, **payload.dict())
    return Status(201, {"id": choice.pk})


@router.get("/prevention/model-preferences", response=PreferencesOut, operation_id="model_preferences")
def model_preferences(request, cohort: CohortBlank = ""):
    table = catalogue.figure(
        "model-preferences", request.actor, cohort=cohort if cohort in Cohort.values else ""
    )
    rows = [
        {"model": code, "counts": dict(zip(table.genders, counts, strict=True)), "total": total}
        for code, counts, total in table.rows
    ]
    return {"respondents": table.respondents, "rows": rows}


# --- asks about a case: with the case, for its team; never in the ledger's readers ------------------------


class CaseAskIn(Schema):
    stakeholder_id: int
    kind: AskKindValue
    channel: ChannelValue
    asked_on: date
    due_on: date | None = None
    legal_basis: str = ""
    about: str = ""  # kept with the case, under the person's key (legal class)


class CaseAskOut(Schema):
    id: int
    stakeholder_id: int
    kind: AskKindValue
    asked_on: date
    due_on: date
    state: AskStateValue
    silent_since: date | None
    about: str
    history: list[StepOut]


class LinkableAskOut(Schema):
    """An ask in the ledger that the case's team may link to the case: the office's, nothing of a person."""

    id: int
    stakeholder_id: int
    stakeholder_name: str
    kind: AskKindValue
    asked_on: date
    version: int


class CaseAskLinkIn(Schema):
    ask_id: int
    version: int  # the ask's, as read from case_asks_linkable: an ask changed since is refused (409)
    about: str = ""  # kept with the case, under the person's key (legal class)


def _case(request, case_id: int):
    from sathi.care.services import case_for

    return case_for(request.actor, case_id)


def _case_ask_out(row) -> dict:
    view = row.view
    return {
        "id": view.ask.pk,
        "stakeholder_id": view.ask.stakeholder_id,
        "kind": view.ask.kind,
        "asked_on": view.ask.asked_on,
        "due_on": view.ask.due_on,
        "state": view.state,
        "silent_since": view.silent_since,
        "about": row.about,
        "history": [
            {
                "on": s.on,
                "what": str(s.what),
                "reason": getattr(s.answer, "case_reason", "") if s.answer else "",
            }
            for s in view.history
        ],
    }


def _one(request, case, ask_id: int) -> dict:
    rows = cases.case_asks(actor=request.actor, case=case)
    return _case_ask_out(next(r for r in rows if r.view.ask.pk == ask_id))


@router.get("/prevention/cases/{case_id}/asks", response=list[CaseAskOut], operation_id="case_asks_list")
def case_asks_list(request, case_id: int):
    return [_case_ask_out(r) for r in cases.case_asks(actor=request.actor, case=_case(request, case_id))]


@router.post("/prevention/cases/{case_id}/asks", response={201: CaseAskOut}, operation_id="case_asks_make")
def case_asks_make(request, case_id: int, payload: CaseAskIn):
    services.require(request.actor, Verb.WORK_ON_CASE)  # refused by role before any case is looked up
    case = _case(request, case_id)
    ask = cases.case_ask_make(actor=request.actor, case=case, **payload.dict())
    return Status(201, _one(request, case, ask.pk))


@router.get(
    "/prevention/cases/{case_id}/asks/linkable",
    response=list[LinkableAskOut],
    operation_id="case_asks_linkable",
)
def case_asks_linkable(request, case_id: int):
    """The asks of the ledger this case's team may link to the case (as its page offers them)."""
    services.require(request.actor, Verb.WORK_ON_CASE)
    asks = cases.linkable_asks(request.actor, _case(request, case_id))
    return [
        {
            "id": a.pk,
            "stakeholder_id": a.stakeholder_id,
            "stakeholder_name": a.stakeholder.name,
            "kind": a.kind,
            "asked_on": a.asked_on,
            "version": a.version,
        }
        for a in asks
    ]


@router.post(
    "/prevention/cases/{case_id}/asks/links", response={201: CaseAskOut}, operation_id="case_asks_link"
)
def case_asks_link(request, case_id: int, payload: CaseAskLinkIn):
    """Link an ask already in the ledger to this case, through the service of its page. 400: not an ask of
    the ledger, already linked, or its answers give reasons; 403: the role does not work on cases; 404: the
    case is not visible; 409: the ask changed since it was read."""
    services.require(request.actor, Verb.WORK_ON_CASE)  # refused by role before any case is looked up
    case = _case(request, case_id)
    cases.case_ask_link(
        actor=request.actor, case=case, ask_id=payload.ask_id, version=payload.version, about=payload.about
    )
    return Status(201, _one(request, case, payload.ask_id))


@router.post(
    "/prevention/cases/{case_id}/asks/{ask_id}/answers",
    response={201: CaseAskOut},
    operation_id="case_asks_answer",
)
def case_asks_answer(request, case_id: int, ask_id: int, payload: AnswerIn):
    services.require(request.actor, Verb.WORK_ON_CASE)
    case = _case(request, case_id)
    cases.case_ask_answer(actor=request.actor, case=case, ask_id=ask_id, **payload.dict())
    return Status(201, _one(request, case, ask_id))


def _mount_programme() -> None:
    from sathi.prevention.api_programme import router as programme

    router.add_router("", programme)


_mount_programme()
