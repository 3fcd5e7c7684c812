"""Cases, needs, services, referrals, placements and follow-ups: the same services, policy and versions."""

from __future__ import annotations

import uuid
from datetime import date

from ninja import Router, Schema, Status

from sathi.api.vocab import vocab
from sathi.care import followups, placements, referrals, selectors, services
from sathi.care.models import Referral
from sathi.care.vocab import (
    Agreement,
    CaseOrigin,
    CaseStatus,
    CloseReason,
    ContactOutcome,
    FlagKind,
    LegalBasis,
    NeedCode,
    NeedStatus,
    NeedTerm,
    Pathway,
    PlacementCondition,
    PlacementKind,
    Priority,
    ProviderKind,
    ServiceType,
    Wellbeing,
    Wish,
)
from sathi.people import sealing

OriginValue = vocab(CaseOrigin)
CaseStatusValue = vocab(CaseStatus)
CloseReasonValue = vocab(CloseReason)
PathwayValue = vocab(Pathway)
NeedCodeValue = vocab(NeedCode)
NeedTermValue = vocab(NeedTerm)
AgreementValue = vocab(Agreement)
PriorityValue = vocab(Priority)
NeedStatusValue = vocab(NeedStatus)
ServiceTypeValue = vocab(ServiceType)
ProviderKindValue = vocab(ProviderKind)
PlacementKindValue = vocab(PlacementKind)
LegalBasisValue = vocab(LegalBasis)
WishValue = vocab(Wish)
ConditionValue = vocab(PlacementCondition)
FlagKindValue = vocab(FlagKind)
ContactOutcomeBlank = vocab(ContactOutcome, blank=True)
WellbeingBlank = vocab(Wellbeing, blank=True)
ReferralStatusValue = vocab(Referral.Status)
ShareableValue = vocab(referrals.SHAREABLE)  # the details of hers a referral may carry
ScopeValue = vocab(("mine", "organisation"))

router = Router(tags=["care"])


class CaseIn(Schema):
    person_id: uuid.UUID
    origin: OriginValue
    needs: list[NeedCodeValue] = []


class Versioned(Schema):
    version: int


class StatusIn(Versioned):
    status: CaseStatusValue
    follow_up_from: date | None = None


class CloseIn(Versioned):
    reason: CloseReasonValue
    note: str = ""


class ReopenIn(Versioned):
    reason: str


class PathwayIn(Schema):
    pathway: PathwayValue
    stated_on: date | None = None
    words: str = ""


class GoalIn(Schema):
    text: str


class NeedIn(Schema):
    code: NeedCodeValue
    agreement: AgreementValue = "not_discussed"
    priority: PriorityValue = "medium"


class NeedPatch(Versioned):
    agreement: AgreementValue | None = None
    priority: PriorityValue | None = None
    status: NeedStatusValue | None = None


class ServiceIn(Schema):
    service_type: ServiceTypeValue
    delivered_on: date
    provider_kind: ProviderKindValue = "this"
    provider_id: int | None = None
    need_ids: list[int] = []
    notes: str = ""


class PlacementIn(Schema):
    kind: PlacementKindValue
    legal_basis: LegalBasisValue
    entry_date: date
    wish_at_entry: WishValue
    order_date: date | None = None
    order_until: date | None = None
    facility: str = ""
    provider_id: int | None = None
    next_cwc_review: date | None = None
    conditions: list[ConditionValue] = []


class ReviewIn(Schema):
    reviewed_on: date
    wish: WishValue
    next_cwc_review: date | None = None


class ExitIn(Schema):
    exit_date: date


class FollowUpIn(Schema):
    done_on: date
    channel: str
    outcome: ContactOutcomeBlank
    wellbeing: WellbeingBlank = ""
    safety_concerns: str = ""
    new_needs: list[NeedCodeValue] = []
    returned_by_choice: bool | None = None
    coerced: bool | None = None


class ReferralIn(Schema):
    provider_id: int
    fields: list[ShareableValue]
    need_id: int | None = None


class RespondIn(Schema):
    accept: bool
    reason: str = ""


class CaseItem(Schema):
    id: int
    person_id: uuid.UUID
    code: str
    status: CaseStatusValue
    origin: OriginValue
    opened_on: date
    version: int


class NeedOut(Schema):
    id: int
    code: NeedCodeValue
    term: NeedTermValue
    agreement: AgreementValue
    priority: PriorityValue
    status: NeedStatusValue
    version: int


class FlagOut(Schema):
    id: int
    kind: FlagKindValue
    message: str


class PlacementOut(Schema):
    id: uuid.UUID
    kind: PlacementKindValue
    legal_basis: LegalBasisValue
    entry_date: date
    exit_date: date | None
    wish: WishValue
    held_days: int | None
    next_cwc_review: date | None
    cwc_review_passed: bool


class FollowUpOut(Schema):
    id: uuid.UUID
    due_on: date
    done_on: date | None
    outcome: ContactOutcomeBlank
    returned_by_choice: bool | None
    coerced: bool | None


class CaseOut(CaseItem):
    latest_pathway: PathwayValue | None
    pathways: list[PathwayValue]
    needs: list[NeedOut]
    flags: list[FlagOut]
    placements: list[PlacementOut]
    follow_ups: list[FollowUpOut]
    days_to_18: list[int] | None
    plan_cannot_finish: bool


class DueOut(Schema):
    when: date
    kind: str
    case_id: int
    code: str
    label: str
    overdue: bool


class ReferralOut(Schema):
    id: uuid.UUID
    status: ReferralStatusValue
    sender_id: int
    receiver_id: int | None
    fields: list[ShareableValue]
    decline_reason: str


class ReceivedOut(ReferralOut):
    shared: dict  # the copy of what she agreed to share; empty once she withdraws that consent
    consent_withdrawn: bool = False


def _item(case) -> dict:
    return {
        "id": case.pk,
        "person_id": case.person_id,
        "code": case.person.code,
        "status": case.status,
        "origin": case.origin,
        "opened_on": case.opened_on,
        "version": case.version,
    }


def _case_out(actor, case_id) -> dict:
    view = selectors.case_view(actor=actor, case_id=case_id)
    age = view.age_out
    return {
        **_item(view.case),
        "latest_pathway": view.latest_wish.pathway if view.latest_wish else None,
        "pathways": [p.pathway for p in view.pathways],
        "needs": view.needs,
        "flags": [{"id": f.pk, "kind": f.kind, "message": f.message} for f in view.flags],
        "placements": [
            {
                "id": p.placement.pk,
                "kind": p.placement.kind,
                "legal_basis": p.placement.legal_basis,
                "entry_date": p.placement.entry_date,
                "exit_date": p.placement.exit_date,
                "wish": p.wish,
                "held_days": p.held_days,
                "next_cwc_review": p.placement.next_cwc_review,
                "cwc_review_passed": p.cwc_review_passed,
            }
            for p in view.placements
        ],
        "follow_ups": view.follow_ups,
        "days_to_18": [age.days_soonest, age.days_latest] if age else None,
        "plan_cannot_finish": bool(age and age.cannot_finish),
    }


@router.get("/cases", response=list[CaseItem], operation_id="cases_list")
def cases_list(request, scope: ScopeValue = "mine"):
    services.require_person_role(request.actor)
    return [
        _item(c)
        for c in selectors.caseload(
            request.actor, scope="organisation" if scope == "organisation" else "mine"
        )
    ]


@router.post("/cases", response={201: CaseOut}, operation_id="cases_open")
def cases_open(request, payload: CaseIn):
    case = services.case_open(
        actor=request.actor, person_id=payload.person_id, origin=payload.origin, needs=payload.needs
    )
    return Status(201, _case_out(request.actor, case.pk))


@router.get("/cases/{case_id}", response=CaseOut, operation_id="cases_get")
def cases_get(request, case_id: int):
    return _case_out(request.actor, case_id)


@router.post("/cases/{case_id}/status", response=CaseOut, operation_id="cases_move")
def cases_move(request, case_id: int, payload: StatusIn):
    services.case_move(actor=request.actor, case_id=case_id, **payload.dict())
    return _case_out(request.actor, case_id)


@router.post("/cases/{case_id}/close", response=CaseOut, operation_id="cases_close")
def cases_close(request, case_id: int, payload: CloseIn):
    services.case_close(actor=request.actor, case_id=case_id, **payload.dict())
    return _case_out(request.actor, case_id)


@router.post("/cases/{case_id}/reopen", response=CaseOut, operation_id="cases_reopen")
def cases_reopen(request, case_id: int, payload: ReopenIn):
    services.case_reopen(actor=request.actor, case_id=case_id, **payload.dict())
    return _case_out(request.actor, case_id)


@router.post("/cases/{case_id}/pathways", response={201: CaseOut}, operation_id="pathways_record")
def pathways_record(request, case_id: int, payload: PathwayIn):
    services.pathway_record(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _case_out(request.actor, case_id))


@router.post("/cases/{case_id}/goals", response={201: CaseOut}, operation_id="goals_record")
def goals_record(request, case_id: int, payload: GoalIn):
    services.goal_record(actor=request.actor, case_id=case_id, text=payload.text)
    return Status(201, _case_out(request.actor, case_id))


class FlagIn(Schema):
    message: str


@router.post("/cases/{case_id}/flags", response={201: CaseOut}, operation_id="flags_raise")
def flags_raise(request, case_id: int, payload: FlagIn):
    services.flag_raise(actor=request.actor, case_id=case_id, message=payload.message)
    return Status(201, _case_out(request.actor, case_id))


class ResolveIn(Schema):
    resolution: str


@router.post("/flags/{flag_id}/resolve", response=CaseOut, operation_id="flags_resolve")
def flags_resolve(request, flag_id: int, payload: ResolveIn):
    flag = services.flag_resolve(actor=request.actor, flag_id=flag_id, resolution=payload.resolution)
    return _case_out(request.actor, flag.case_id)


@router.post("/cases/{case_id}/needs", response={201: NeedOut}, operation_id="needs_add")
def needs_add(request, case_id: int, payload: NeedIn):
    return Status(201, services.need_add(actor=request.actor, case_id=case_id, **payload.dict()))


@router.patch("/needs/{need_id}", response=NeedOut, operation_id="needs_update")
def needs_update(request, need_id: int, payload: NeedPatch):
    return services.need_update(actor=request.actor, need_id=need_id, **payload.dict())


@router.post("/cases/{case_id}/services", response={201: CaseOut}, operation_id="services_record")
def services_record(request, case_id: int, payload: ServiceIn):
    services.service_record(
        actor=request.actor, case_id=case_id, staff_id=request.actor.user_id, **payload.dict()
    )
    return Status(201, _case_out(request.actor, case_id))


@router.post("/cases/{case_id}/placements", response={201: CaseOut}, operation_id="placements_start")
def placements_start(request, case_id: int, payload: PlacementIn):
    placements.placement_start(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _case_out(request.actor, case_id))


@router.post("/placements/{placement_id}/reviews", response={201: CaseOut}, operation_id="placements_review")
def placements_review(request, placement_id: uuid.UUID, payload: ReviewIn):
    review = placements.placement_review(actor=request.actor, placement_id=placement_id, **payload.dict())
    return Status(201, _case_out(request.actor, review.placement.case_id))


@router.post("/placements/{placement_id}/exit", response=CaseOut, operation_id="placements_exit")
def placements_exit(request, placement_id: uuid.UUID, payload: ExitIn):
    placement = placements.placement_exit(actor=request.actor, placement_id=placement_id, **payload.dict())
    return _case_out(request.actor, placement.case_id)


@router.post("/follow-ups/{follow_up_id}", response=CaseOut, operation_id="follow_ups_record")
def follow_ups_record(request, follow_up_id: uuid.UUID, payload: FollowUpIn):
    item = followups.follow_up_record(actor=request.actor, follow_up_id=follow_up_id, **payload.dict())
    return _case_out(request.actor, item.case_id)


@router.get("/due", response=list[DueOut], operation_id="due_list")
def due_list(request, scope: ScopeValue = "mine"):
    services.require_person_role(request.actor)
    return selectors.due_this_week(
        request.actor, scope="organisation" if scope == "organisation" else "mine"
    ).items


def _referral_out(actor, referral: Referral) -> dict:
    return {
        "id": referral.pk,
        "status": referral.status,
        "sender_id": referral.sender_id,
        "receiver_id": referral.receiver_id,
        "fields": referral.fields,
        "decline_reason": sealing.read(actor, referral, "decline_reason_sealed") or "",
    }


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut}, operation_id="referrals_send")
def referrals_send(request, case_id: int, payload: ReferralIn):
    referral = referrals.referral_send(actor=request.actor, case_id=case_id, **payload.dict())
    return Status(201, _referral_out(request.actor, referral))


@router.get("/referrals/received", response=list[ReferralOut], operation_id="referrals_received")
def referrals_received(request):
    services.require_person_role(request.actor)
    return [_referral_out(request.actor, r) for r in selectors.referral_inbox(request.actor)]


@router.get("/referrals/{referral_id}", response=ReceivedOut, operation_id="referrals_get")
def referrals_get(request, referral_id: uuid.UUID):
    view = selectors.referral_received(actor=request.actor, referral_id=referral_id)
    return {
        **_referral_out(request.actor, view.referral),
        "shared": view.copy,
        "consent_withdrawn": view.withdrawn,
    }


@router.post("/referrals/{referral_id}/respond", response=ReferralOut, operation_id="referrals_respond")
def referrals_respond(request, referral_id: uuid.UUID, payload: RespondIn):
    return _referral_out(
        request.actor,
        referrals.referral_respond(actor=request.actor, referral_id=referral_id, **payload.dict()),
    )
