"""Prevention's programme in the API: community dialogues and their commitments, the baseline and end line,
and the prevention home of a place. Mounted under prevention's router (sathi.prevention.api)."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema, Status

from sathi.api.vocab import vocab
from sathi.evidence import catalogue
from sathi.lib import paging
from sathi.people import policy
from sathi.people.policy import Kind
from sathi.prevention import assessments, dialogues, home
from sathi.prevention.vocab import (
    AgeGroup,
    AskKind,
    AskState,
    Cohort,
    Factor,
    Gender,
    PreventionModel,
    RoundKind,
)

router = Router(tags=["prevention"])

AgeGroupValue = vocab(AgeGroup)
AskKindValue = vocab(AskKind)
AskStateValue = vocab(AskState)
CohortValue = vocab(Cohort)
FactorValue = vocab(Factor)
GenderValue = vocab(Gender)
PreventionModelValue = vocab(PreventionModel)
RoundKindValue = vocab(RoundKind)


class IdOut(Schema):
    id: int


class ParticipantsIn(Schema):
    cohort: CohortValue
    gender: GenderValue
    age_group: AgeGroupValue
    count: int


class CommitmentIn(Schema):
    stakeholder_id: int
    kind: AskKindValue
    due_on: date
    legal_basis: str = ""


class DialogueIn(Schema):
    place_id: int
    held_on: date
    facilitator_ids: list[int] = []
    other_facilitators: int = 0
    factors: list[FactorValue] = []
    models_raised: list[PreventionModelValue] = []
    participants: list[ParticipantsIn] = []
    commitments: list[CommitmentIn] = []


class DialogueItem(Schema):
    id: int
    place_id: int
    held_on: date
    participants: int
    commitments: int


class DialogueOut(Schema):
    id: int
    place_id: int
    held_on: date
    facilitators: list[str]  # the organisation's workers who facilitated
    other_facilitators: int
    factors: list[FactorValue]
    models_raised: list[PreventionModelValue]
    participants: list[ParticipantsIn]
    commitments: list[int]  # ids of the asks in the ledger


@router.post("/prevention/dialogues", response={201: DialogueOut}, operation_id="dialogues_record")
def dialogues_record(request, payload: DialogueIn):
    data = payload.dict()
    found = dialogues.dialogue_record(actor=request.actor, **data)
    return Status(201, _dialogue_out(request.actor, found.pk))


@router.get("/prevention/dialogues", response=list[DialogueItem], operation_id="dialogues_list")
def dialogues_list(request, place_id: int | None = None, limit: int = 100, offset: int = 0):
    from sathi.prevention.selectors import places_within

    page = paging.window(limit, offset)
    rows = dialogues.dialogues(request.actor, place_ids=places_within(place_id), **page)
    return [
        {
            "id": d.pk,
            "place_id": d.place_id,
            "held_on": d.held_on,
            "participants": d.participants or 0,
            "commitments": d.committed,
        }
        for d in rows
    ]


def _dialogue_out(actor, dialogue_id) -> dict:
    view = dialogues.dialogue_view(actor, dialogue_id)
    d = view.dialogue
    return {
        "id": d.pk,
        "place_id": d.place_id,
        "held_on": d.held_on,
        "facilitators": view.facilitators,
        "other_facilitators": d.other_facilitators,
        "factors": d.factors,
        "models_raised": d.models_raised,
        "participants": [
            {"cohort": c.cohort, "gender": c.gender, "age_group": c.age_group, "count": c.count}
            for c in view.counts
        ],
        "commitments": [a.pk for a in view.commitments],
    }


@router.get("/prevention/dialogues/{dialogue_id}", response=DialogueOut, operation_id="dialogues_get")
def dialogues_get(request, dialogue_id: int):
    return _dialogue_out(request.actor, dialogue_id)


@router.post(
    "/prevention/dialogues/{dialogue_id}/commitments",
    response={201: IdOut},
    operation_id="commitments_record",
)
def commitments_record(request, dialogue_id: int, payload: CommitmentIn):
    ask = dialogues.commitment_record(actor=request.actor, dialogue_id=dialogue_id, **payload.dict())
    return Status(201, {"id": ask.pk})


# --- baseline and end line ----------------------------------------------------------------------------------


class AssessmentIn(Schema):
    name: str
    indicators: list[str]


class IndicatorOut(Schema):
    id: int
    label: str


class RoundOut(Schema):
    id: int
    kind: RoundKindValue
    held_on: date
    place_ids: list[int]


class AssessmentOut(Schema):
    id: int
    name: str
    indicators: list[IndicatorOut]
    rounds: list[RoundOut]


class RoundIn(Schema):
    kind: RoundKindValue
    held_on: date
    place_ids: list[int]


class RoundValueIn(Schema):
    indicator_id: int
    place_id: int
    asked: int
    yes: int


class EstimateOut(Schema):
    yes: int
    asked: int
    share: float
    low: float  # Wilson 95%
    high: float


class ChangeOut(Schema):
    indicator: str
    baseline: EstimateOut | None  # null: not entered, or hidden by the disclosure gate
    endline: EstimateOut | None
    difference: float | None
    low: float | None  # Newcombe's 95% interval for the difference
    high: float | None
    p_value: float | None  # pooled two-proportion z-test
    beyond_noise: bool | None


def _assessment_out(found) -> dict:
    return {
        "id": found.pk,
        "name": found.name,
        "indicators": [{"id": i.pk, "label": i.label} for i in found.indicators.all()],
        "rounds": [
            {
                "id": r.pk,
                "kind": r.kind,
                "held_on": r.held_on,
                "place_ids": sorted(p.pk for p in r.places.all()),
            }
            for r in found.rounds.all()
        ],
    }


@router.post("/prevention/assessments", response={201: AssessmentOut}, operation_id="assessments_create")
def assessments_create(request, payload: AssessmentIn):
    return Status(201, _assessment_out(assessments.assessment_create(actor=request.actor, **payload.dict())))


@router.get("/prevention/assessments", response=list[AssessmentOut], operation_id="assessments_list")
def assessments_list(request, limit: int = 100, offset: int = 0):
    rows = assessments.assessments(request.actor, **paging.window(limit, offset))
    return [_assessment_out(a) for a in rows]


@router.post(
    "/prevention/assessments/{assessment_id}/rounds", response={201: RoundOut}, operation_id="rounds_record"
)
def rounds_record(request, assessment_id: int, payload: RoundIn):
    found = assessments.round_record(actor=request.actor, assessment_id=assessment_id, **payload.dict())
    return Status(
        201,
        {
            "id": found.pk,
            "kind": found.kind,
            "held_on": found.held_on,
            "place_ids": sorted(payload.place_ids),
        },
    )


@router.post(
    "/prevention/assessments/{assessment_id}/rounds/{round_id}/values",
    response={201: IdOut},
    operation_id="round_values_record",
)
def round_values_record(request, assessment_id: int, round_id: int, payload: RoundValueIn):
    value = assessments.round_value_record(
        actor=request.actor, assessment_id=assessment_id, round_id=round_id, **payload.dict()
    )
    return Status(201, {"id": value.pk})


@router.get(
    "/prevention/assessments/{assessment_id}/comparison",
    response=list[ChangeOut],
    operation_id="assessment_comparison",
)
def assessment_comparison(request, assessment_id: int, place_id: int | None = None):
    return [
        {
            **{
                k: getattr(c, k)
                for k in ("indicator", "difference", "low", "high", "p_value", "beyond_noise")
            },
            "baseline": vars(c.baseline) if c.baseline else None,
            "endline": vars(c.endline) if c.endline else None,
        }
        for c in catalogue.figure("resilience-change", request.actor, assessment_id, place_id=place_id)
    ]


# --- the prevention home of a place ---------------------------------------------------------------------


class HomeAsk(Schema):
    id: int
    stakeholder_id: int
    kind: AskKindValue
    due_on: date
    state: AskStateValue
    silent_since: date | None


class HomeCell(Schema):
    row: str
    column: str
    count: int | None  # null: suppressed


class HomeOut(Schema):
    place_id: int
    factors: list[HomeCell] | None  # null: the role reads no numbers
    stakeholders: list[int] | None  # null: the role keeps no prevention records
    open_asks: list[HomeAsk] | None
    silences: int | None
    dialogues: list[int] | None
    assessments: list[int] | None


@router.get("/prevention/places/{place_id}/home", response=HomeOut, operation_id="place_home")
def place_home(request, place_id: int):
    found = home.place_home(request.actor, place_id)
    keeps = policy.decide(request.actor, Kind.PREVENTION)
    return {
        "place_id": found.place.pk,
        "factors": [
            {"row": r, "column": c, "count": n}
            for r, counts in zip(found.factors.row_labels, found.factors.cells, strict=True)
            for c, n in zip(found.factors.col_labels, counts, strict=True)
        ]
        if found.factors
        else None,
        "stakeholders": [o.pk for o in found.offices] if keeps else None,
        "open_asks": [
            {
                "id": v.ask.pk,
                "stakeholder_id": v.ask.stakeholder_id,
                "kind": v.ask.kind,
                "due_on": v.ask.due_on,
                "state": v.state,
                "silent_since": v.silent_since,
            }
            for v in found.open_asks
        ]
        if keeps
        else None,
        "silences": found.silences if keeps else None,
        "dialogues": [d.pk for d in found.dialogues] if keeps else None,
        "assessments": [a.pk for a in found.assessments] if found.assessments is not None else None,
    }
