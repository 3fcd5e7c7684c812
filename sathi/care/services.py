"""Writes of the continuum of care. Each checks access first, validates, writes in one transaction, audits."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.accounts.models import Membership, Organisation, OrganisationKind, Role
from sathi.audit.services import log_action
from sathi.care import checks
from sathi.care.models import (
    Case,
    CaseFlag,
    CaseMember,
    CaseStatusChange,
    FollowUp,
    Goal,
    Need,
    PathwayChoice,
    Placement,
    PlacementReview,
    PlanItem,
    Provider,
    Referral,
    ServiceRecord,
)
from sathi.care.vocab import (
    HEALTH_SERVICES,
    LEGAL_SERVICES,
    Agreement,
    CaseOrigin,
    CaseStatus,
    CloseReason,
    ContactOutcome,
    FlagKind,
    LegalBasis,
    NeedCode,
    NeedStatus,
    Pathway,
    PlacementCondition,
    PlacementKind,
    PlanItemKind,
    Priority,
    ProviderKind,
    ServiceType,
    TeamRole,
    Wellbeing,
    Wish,
    need_term,
)
from sathi.lib import crypto
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy, safety, sealing, selectors
from sathi.people.consent import consent_allows, contact_consent
from sathi.people.models import Assignment, Person
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.people.services import clean_choice, clean_choices, clean_text
from sathi.people.vault import PersonVault
from sathi.people.vocab import ConsentPurpose, ContactChannel, Language

MAX_NOTE = 5000


def _today() -> date:
    return timezone.localdate()


def require_person_role(actor: Membership) -> None:
    if not policy.decide(actor, Verb.WORK_ON_CASE):
        raise Forbidden


def case_for(actor: Membership, case_id, *, lock: bool = False) -> Case:
    """The case if the actor may see her; NotFound otherwise. The one access helper for case records."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError) as exc:
        raise NotFound from exc
    visible = policy.visible_people(actor, Person.objects.all())
    queryset = Case.objects.filter(pk=case_id, organisation_id=actor.organisation_id, person__in=visible)
    if lock:
        queryset = queryset.select_for_update()
    case = queryset.select_related("person").first()
    if case is None:
        raise NotFound
    return case


def audit(actor: Membership, action: str, target, fields=(), **extra) -> None:
    """An audit event in the actor's organisation chain."""
    log_action(
        actor=actor.user_id,
        organisation=actor.organisation_id,
        action=action,
        target=target,
        fields=fields,
        **extra,
    )


def bump_version(case: Case, version: int | None = None) -> None:
    if version is not None and case.version != version:
        raise Conflict
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1, updated_at=timezone.now())
    case.version += 1


def _clean_date(value, field: str, *, not_future: bool = False) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: _("Enter a valid date.")})
    if not_future and value > _today():
        raise ValidationError({field: _("This date is in the future.")})
    return value


# --- the case ---------------------------------------------------------------------------------


def case_open(
    *,
    actor: Membership,
    person_id,
    origin: str,
    opened_on: date | None = None,
    needs: list[str] = (),
) -> Case:
    """Open a case for her. The opener joins the case team as lead; her need list may be seeded."""
    require_person_role(actor)
    person = selectors.person_get(actor=actor, person_id=person_id)
    origin = clean_choice(origin, CaseOrigin, field="origin")
    opened_on = _clean_date(opened_on or _today(), "opened_on", not_future=True)
    needs = clean_choices(needs, NeedCode, field="needs")
    with transaction.atomic():
        # Lock her row: two requests opening her case at once (a double tap) must not make two cases.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if (
            Case.objects.filter(person=person, organisation_id=actor.organisation_id)
            .exclude(status=CaseStatus.CLOSED)
            .exists()
        ):
            raise ValidationError({"origin": _("She already has an open case here. Work in that case.")})
        case = Case.objects.create(
            organisation_id=actor.organisation_id,
            person=person,
            origin=origin,
            opened_on=opened_on,
            opened_by_id=actor.user_id,
        )
        CaseMember.objects.create(case=case, user_id=actor.user_id, team_role=TeamRole.LEAD)
        for code in needs:
            Need.objects.create(case=case, code=code, term=need_term(code), assessed_by_id=actor.user_id)
        audit(actor, "case.opened", case, ["origin", "opened_on", *(["needs"] if needs else [])])
    return case


TEAM_ROLE_FOR = {
    Role.CASEWORKER: {TeamRole.LEAD, TeamRole.CASEWORKER},
    Role.COUNSELLOR: {TeamRole.COUNSELLOR},
    Role.LEGAL_ADVOCATE: {TeamRole.LEGAL},
    Role.PEER_WORKER: {TeamRole.PEER},
    Role.SUPERVISOR: set(TeamRole.values),
    Role.BOARD_MEMBER: {TeamRole.PEER},
}


def case_member_add(*, actor: Membership, case_id, user_id: int, team_role: str) -> CaseMember:
    """Add a worker to the case team; she is assigned to the person, so the access policy follows."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    team_role = clean_choice(team_role, TeamRole, field="team_role")
    member = Membership.objects.filter(
        user_id=user_id,
        organisation_id=actor.organisation_id,
        is_active=True,
        role__in=policy.roles_that(Kind.CASE),
    ).first()
    if member is None:
        raise ValidationError({"user": _("Choose a worker of your organisation.")})
    if team_role not in TEAM_ROLE_FOR.get(member.role, set()):
        raise ValidationError({"team_role": _("This role in the case does not fit the worker's role.")})
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError({"case": _("The case is closed. Reopen it first.")})
        try:
            with transaction.atomic():
                added = CaseMember.objects.create(case=case, user_id=user_id, team_role=team_role)
        except IntegrityError as exc:
            raise ValidationError({"user": _("This worker is already in the case team.")}) from exc
        Assignment.objects.get_or_create(person=case.person, user_id=user_id)
        audit(actor, "case.member_added", added, ["user", "team_role"])
    return added


ALLOWED_MOVES = {
    CaseStatus.OPEN: {CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP},
    CaseStatus.ACTIVE: {CaseStatus.FOLLOW_UP},
    CaseStatus.FOLLOW_UP: {CaseStatus.ACTIVE},
}


def case_move(
    *, actor: Membership, case_id, version: int, status: str, follow_up_from: date | None = None
) -> Case:
    """Move an open case along. Moving to follow-up makes her follow-up schedule."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    status = clean_choice(status, CaseStatus, field="status")
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if case.version != version:
            raise Conflict
        if status not in ALLOWED_MOVES.get(case.status, set()):
            raise ValidationError({"status": _("A case cannot move from this status to that one.")})
        CaseStatusChange.objects.create(
            case=case, from_status=case.status, to_status=status, changed_by_id=actor.user_id
        )
        case.status = status
        case.save(update_fields=["status"])
        bump_version(case)
        if status == CaseStatus.FOLLOW_UP:
            _schedule_follow_ups(actor, case, follow_up_from or _today())
        audit(actor, "case.status_changed", case, ["status"])
    return case


def _schedule_follow_ups(actor: Membership, case: Case, start: date) -> list[FollowUp]:
    """Monthly for the organisation's follow-up period (12 months unless it follows longer)."""
    if start < _today():
        raise ValidationError({"follow_up_from": _("A new follow-up schedule cannot start in the past.")})
    months = Organisation.objects.values_list("follow_up_months", flat=True).get(pk=case.organisation_id)
    FollowUp.objects.filter(case=case, done_on__isnull=True).delete()  # a new schedule replaces open ones
    rows = [FollowUp(case=case, due_on=_add_months(start, n)) for n in range(1, months + 1)]
    FollowUp.objects.bulk_create(rows)
    audit(actor, "followup.scheduled", case, ["due_on"])
    return rows


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for dom in (day.day, 30, 29, 28):
        try:
            return date(year, month, dom)
        except ValueError:
            continue
    raise ValueError(day)


def case_close(*, actor: Membership, case_id, version: int, reason: str, note: str = "") -> Case:
    """Close a case. Her wish to stay in or return to sex work is not a reason to close it (002)."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    if reason not in CloseReason.values:
        raise ValidationError(
            {
                "reason": _(
                    "Choose a reason from the list. Her choice of work is not a reason to close her case."
                )
            }
        )
    note = clean_text(note, field="note", max_length=300)
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if case.version != version:
            raise Conflict
        if case.status == CaseStatus.CLOSED:
            raise ValidationError({"status": _("The case is already closed.")})
        if reason == CloseReason.RETURNED_HOME:
            safety.require_safe_home(actor=actor, person=case.person, field="reason")
        change = CaseStatusChange.objects.create(
            case=case, from_status=case.status, to_status=CaseStatus.CLOSED, changed_by_id=actor.user_id
        )
        if note:
            sealing.seal_into(change, reason=note)
        case.status, case.closed_on, case.close_reason = CaseStatus.CLOSED, _today(), reason
        case.save(update_fields=["status", "closed_on", "close_reason"])
        bump_version(case)
        audit(actor, "case.closed", case, ["status", "close_reason"])
    return case


def case_reopen(*, actor: Membership, case_id, version: int, reason: str) -> Case:
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    reason = clean_text(reason, field="reason", max_length=300, required=True)
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if case.version != version:
            raise Conflict
        if case.status != CaseStatus.CLOSED:
            raise ValidationError({"status": _("Only a closed case can be reopened.")})
        change = CaseStatusChange.objects.create(
            case=case, from_status=case.status, to_status=CaseStatus.ACTIVE, changed_by_id=actor.user_id
        )
        sealing.seal_into(change, reason=reason)
        case.status, case.closed_on, case.close_reason = CaseStatus.ACTIVE, None, ""
        case.save(update_fields=["status", "closed_on", "close_reason"])
        bump_version(case)
        audit(actor, "case.reopened", case, ["status"])
    return case


def flag_raise(*, actor: Membership, case_id, message: str) -> CaseFlag:
    """A worker's own flag on a case, with a message the team and supervisors see until it is resolved."""
    require_person_role(actor)
    case_for(actor, case_id)
    message = clean_text(message, field="message", max_length=300, required=True)
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        flag = sealing.seal_into(CaseFlag.objects.create(case=case, kind=FlagKind.OTHER), message=message)
        bump_version(case)
        audit(actor, "flag.raised", flag, ["kind", "message"])
    return flag


def flag_resolve(*, actor: Membership, flag_id: int, resolution: str) -> CaseFlag:
    require_person_role(actor)
    with transaction.atomic():
        flag = CaseFlag.objects.select_for_update().filter(pk=flag_id, resolved_at__isnull=True).first()
        if flag is None:
            raise NotFound
        case_for(actor, flag.case_id)
        resolution = clean_text(resolution, field="resolution", max_length=300, required=True)
        flag.resolved_at, flag.resolved_by_id = timezone.now(), actor.user_id
        flag.resolution_sealed = sealing.seal(flag, "resolution_sealed", resolution)
        flag.save(update_fields=["resolved_at", "resolved_by", "resolution_sealed"])
        audit(actor, "flag.resolved", flag, ["resolution"])
    return flag


# --- her voice ------------------------------------------------------------------------------


def goal_record(*, actor: Membership, case_id, text: str) -> Goal:
    """Her goal, in her own words, sealed under her key."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    text = clean_text(text, field="text", max_length=MAX_NOTE, required=True)
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        goal = Goal(case=case, recorded_on=_today(), recorded_by_id=actor.user_id)
        goal.text_sealed = PersonVault.open(case.person).seal(goal, "text", text)
        goal.save(force_insert=True)
        bump_version(case)
        audit(actor, "goal.recorded", goal, ["text"])
    return goal


def pathway_record(
    *,
    actor: Membership,
    case_id,
    pathway: str,
    stated_on: date | None = None,
    words: str = "",
) -> PathwayChoice:
    """Her stated pathway. A new one never replaces the history: every choice is kept with its date."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    pathway = clean_choice(pathway, Pathway, field="pathway")
    stated_on = _clean_date(stated_on or _today(), "stated_on", not_future=True)
    words = clean_text(words, field="words", max_length=MAX_NOTE)
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        choice = PathwayChoice(case=case, pathway=pathway, stated_on=stated_on, recorded_by_id=actor.user_id)
        if words:
            choice.words_sealed = PersonVault.open(case.person).seal(choice, "words", words)
        choice.save(force_insert=True)
        bump_version(case)
        audit(actor, "pathway.recorded", choice, ["pathway", "stated_on", *(["words"] if words else [])])
    return choice


# --- needs, services, plan --------------------------------------------------------------------


def need_add(
    *,
    actor: Membership,
    case_id,
    code: str,
    agreement: str = Agreement.NOT_DISCUSSED,
    priority: str = Priority.MEDIUM,
) -> Need:
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    code = clean_choice(code, NeedCode, field="code")
    agreement = clean_choice(agreement, Agreement, field="agreement")
    priority = clean_choice(priority, Priority, field="priority")
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        try:
            with transaction.atomic():
                need = Need.objects.create(
                    case=case,
                    code=code,
                    term=need_term(code),
                    assessed_by_id=actor.user_id,
                    agreement=agreement,
                    priority=priority,
                )
        except IntegrityError as exc:
            raise ValidationError({"code": _("This need is already on her list.")}) from exc
        bump_version(case)
        audit(actor, "need.added", need, ["code", "agreement", "priority"])
    return need


def need_update(
    *,
    actor: Membership,
    need_id: int,
    version: int,
    agreement: str | None = None,
    priority: str | None = None,
    status: str | None = None,
) -> Need:
    require_person_role(actor)
    with transaction.atomic():
        need = Need.objects.select_for_update().filter(pk=need_id).first()
        if need is None:
            raise NotFound
        case_for(actor, need.case_id)
        if need.version != version:
            raise Conflict
        changed = []
        if agreement is not None:
            need.agreement = clean_choice(agreement, Agreement, field="agreement")
            changed.append("agreement")
        if priority is not None:
            need.priority = clean_choice(priority, Priority, field="priority")
            changed.append("priority")
        if status is not None:
            need.status = clean_choice(status, NeedStatus, field="status")
            changed.append("status")
        need.version += 1
        need.save()
        audit(actor, "need.updated", need, changed)
    return need


def service_record(
    *,
    actor: Membership,
    case_id,
    service_type: str,
    delivered_on: date,
    provider_kind: str = ProviderKind.THIS_ORGANISATION,
    provider_id: int | None = None,
    staff_id: int | None = None,
    need_ids: list[int] = (),
    notes: str = "",
) -> ServiceRecord:
    """A delivered service. It is never conditional on her pathway: nothing here reads it."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    service_type = clean_choice(service_type, ServiceType, field="service_type")
    provider_kind = clean_choice(provider_kind, ProviderKind, field="provider_kind")
    delivered_on = _clean_date(delivered_on, "delivered_on", not_future=True)
    notes = clean_text(notes, field="notes", max_length=MAX_NOTE)
    provider = None
    if provider_kind != ProviderKind.THIS_ORGANISATION:
        provider = Provider.objects.filter(pk=provider_id or 0).first()
        if provider is None:
            raise ValidationError({"provider": _("Choose the provider from the directory.")})
    notes_class = (
        "health" if service_type in HEALTH_SERVICES else "legal" if service_type in LEGAL_SERVICES else ""
    )
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if delivered_on < case.opened_on - timedelta(days=366):
            raise ValidationError({"delivered_on": _("This date is long before the case was opened.")})
        needs = list(Need.objects.filter(case=case, pk__in=list(need_ids)))
        if len(needs) != len(set(need_ids)):
            raise ValidationError({"needs": _("Choose needs from her list.")})
        if (
            staff_id
            and not Membership.objects.filter(
                user_id=staff_id, organisation_id=actor.organisation_id
            ).exists()
        ):
            raise ValidationError({"staff": _("Choose a worker of your organisation.")})
        record = ServiceRecord(
            case=case,
            service_type=service_type,
            delivered_on=delivered_on,
            provider_kind=provider_kind,
            provider=provider,
            staff_id=staff_id,
            notes_class=notes_class,
            recorded_by_id=actor.user_id,
        )
        if notes:
            record.notes_sealed = PersonVault.open(case.person).seal(record, "notes", notes)
        record.save(force_insert=True)
        record.needs.set(needs)
        Need.objects.filter(pk__in=[n.pk for n in needs], status=NeedStatus.IDENTIFIED).update(
            status=NeedStatus.IN_PROGRESS, version=F("version") + 1
        )
        bump_version(case)
        audit(
            actor,
            "service.recorded",
            record,
            ["service_type", "delivered_on", "provider", "needs", *(["notes"] if notes else [])],
        )
    return record


def plan_item_add(*, actor: Membership, case_id, kind: str, description: str, target_date: date) -> PlanItem:
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    kind = clean_choice(kind, PlanItemKind, field="kind")
    description = clean_text(description, field="description", max_length=200, required=True)
    target_date = _clean_date(target_date, "target_date")
    if target_date < _today():
        raise ValidationError({"target_date": _("A target date must be today or later.")})
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        item = PlanItem.objects.create(case=case, kind=kind, target_date=target_date)
        sealing.seal_into(item, description=description)
        bump_version(case)
        audit(actor, "plan.item_added", item, ["kind", "description", "target_date"])
        checks.age_out_check(case, _today())
    return item


def plan_item_done(*, actor: Membership, item_id: int, done_on: date | None = None) -> PlanItem:
    require_person_role(actor)
    done_on = _clean_date(done_on or _today(), "done_on", not_future=True)
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            raise NotFound
        case = case_for(actor, item.case_id, lock=True)
        item.done_on = done_on
        item.save(update_fields=["done_on"])
        bump_version(case)
        audit(actor, "plan.item_done", item, ["done_on"])
    return item


# --- placements --------------------------------------------------------------------------------


def placement_start(
    *,
    actor: Membership,
    case_id,
    kind: str,
    legal_basis: str,
    entry_date: date,
    wish_at_entry: str,
    order_date: date | None = None,
    order_until: date | None = None,
    facility: str = "",
    provider_id: int | None = None,
    next_cwc_review: date | None = None,
    conditions: list[str] = (),
) -> Placement:
    """Place her. Leaving sex work can never be a condition: only the listed conditions exist (002)."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    kind = clean_choice(kind, PlacementKind, field="kind")
    legal_basis = clean_choice(legal_basis, LegalBasis, field="legal_basis")
    wish_at_entry = clean_choice(wish_at_entry, Wish, field="wish_at_entry")
    entry_date = _clean_date(entry_date, "entry_date", not_future=True)
    if list(conditions) and any(c not in PlacementCondition.values for c in conditions):
        raise ValidationError(
            {
                "conditions": _(
                    "Leaving sex work, or any condition not on the list, cannot be "
                    "asked of her in return for care."
                )
            }
        )
    conditions = list(dict.fromkeys(conditions))
    facility = clean_text(facility, field="facility", max_length=300)
    if legal_basis != LegalBasis.VOLUNTARY:
        if order_date is None:
            raise ValidationError({"order_date": _("Give the date of the order.")})
        _clean_date(order_date, "order_date", not_future=True)
        if order_until is not None and order_until < order_date:
            raise ValidationError({"order_until": _("An order cannot end before it was made.")})
    provider = Provider.objects.filter(pk=provider_id).first() if provider_id else None
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if Placement.objects.filter(case=case, exit_date__isnull=True).exists():
            raise ValidationError(
                {"kind": _("She is already in a placement. Record her exit from it first.")}
            )
        if kind == PlacementKind.FAMILY:
            safety.require_safe_home(actor=actor, person=case.person, field="kind")
        placement = Placement(
            case=case,
            kind=kind,
            legal_basis=legal_basis,
            entry_date=entry_date,
            wish_at_entry=wish_at_entry,
            order_date=order_date,
            order_until=order_until,
            provider=provider,
            next_cwc_review=next_cwc_review,
            conditions=conditions,
        )
        if facility:
            placement.facility_sealed = PersonVault.open(case.person).seal(placement, "facility", facility)
        placement.full_clean(exclude=["facility_sealed"])
        placement.save(force_insert=True)
        bump_version(case)
        audit(
            actor,
            "placement.started",
            placement,
            ["kind", "legal_basis", "entry_date", "wish_at_entry", "conditions"],
        )
        checks.placement_checks(case, _today())
    return placement


def _placement_visible(actor: Membership, placement_id) -> None:
    case_id = Placement.objects.filter(pk=placement_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound
    case_for(actor, case_id)


def _placement_for(actor: Membership, placement_id) -> tuple[Placement, Case]:
    placement = (
        Placement.objects.select_for_update().filter(pk=placement_id).first() if placement_id else None
    )
    if placement is None:
        raise NotFound
    return placement, case_for(actor, placement.case_id, lock=True)


def placement_review(
    *, actor: Membership, placement_id, reviewed_on: date, wish: str, next_cwc_review: date | None = None
) -> PlacementReview:
    """Her wish at a review (stay or leave). The checks run again at once."""
    require_person_role(actor)
    _placement_visible(actor, placement_id)
    wish = clean_choice(wish, Wish, field="wish")
    reviewed_on = _clean_date(reviewed_on, "reviewed_on", not_future=True)
    with transaction.atomic():
        placement, case = _placement_for(actor, placement_id)
        if reviewed_on < placement.entry_date:
            raise ValidationError({"reviewed_on": _("A review cannot come before she entered.")})
        review = PlacementReview.objects.create(
            placement=placement, reviewed_on=reviewed_on, wish=wish, recorded_by_id=actor.user_id
        )
        if next_cwc_review is not None:
            placement.next_cwc_review = next_cwc_review
            placement.save(update_fields=["next_cwc_review"])
        bump_version(case)
        audit(actor, "placement.reviewed", review, ["wish", "reviewed_on"])
        checks.placement_checks(case, _today())
    return review


def placement_exit(*, actor: Membership, placement_id, exit_date: date) -> Placement:
    require_person_role(actor)
    _placement_visible(actor, placement_id)
    exit_date = _clean_date(exit_date, "exit_date", not_future=True)
    with transaction.atomic():
        placement, case = _placement_for(actor, placement_id)
        if placement.exit_date is not None:
            raise ValidationError({"exit_date": _("She has already left this placement.")})
        if exit_date < placement.entry_date:
            raise ValidationError({"exit_date": _("The exit date cannot be before the entry date.")})
        placement.exit_date = exit_date
        placement.save(update_fields=["exit_date"])
        bump_version(case)
        audit(actor, "placement.ended", placement, ["exit_date"])
        checks.placement_checks(case, _today())
    return placement


# --- follow-ups --------------------------------------------------------------------------------


def follow_up_record(
    *,
    actor: Membership,
    follow_up_id,
    done_on: date,
    channel: str,
    outcome: str,
    wellbeing: str = "",
    safety_concerns: str = "",
    new_needs: list[str] = (),
    returned_by_choice: bool | None = None,
    coerced: bool | None = None,
) -> FollowUp:
    """What a follow-up found. Contact only by the safe channel she agreed to; her own choice to return to sex
    work and coercion or re-trafficking are separate answers, and one never implies the other."""
    require_person_role(actor)
    case_id = FollowUp.objects.filter(pk=follow_up_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound
    case_for(actor, case_id)  # access before validation
    done_on = _clean_date(done_on, "done_on", not_future=True)
    outcome = clean_choice(outcome, ContactOutcome, field="outcome")
    channel = clean_choice(channel, ContactChannel, field="channel")
    if wellbeing:
        wellbeing = clean_choice(wellbeing, Wellbeing, field="wellbeing")
    new_needs = clean_choices(new_needs, NeedCode, field="new_needs")
    safety_concerns = clean_text(safety_concerns, field="safety_concerns", max_length=MAX_NOTE)
    if returned_by_choice and coerced:
        raise ValidationError(
            {"coerced": _("Choose one: she returned by her own choice, or she was coerced or re-trafficked.")}
        )
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update().filter(pk=follow_up_id).first() if follow_up_id else None
        )
        if follow_up is None:
            raise NotFound
        case = case_for(actor, follow_up.case_id, lock=True)
        if follow_up.done_on is not None:
            raise ValidationError({"done_on": _("This follow-up was already recorded.")})
        consent = contact_consent(case.person)
        if consent is None:
            raise ValidationError({"channel": _("She has not agreed to be contacted. Do not contact her.")})
        if consent.channel != channel:
            raise ValidationError({"channel": _("Contact her only by the safe way she agreed to.")})
        follow_up.done_on, follow_up.channel, follow_up.outcome = done_on, channel, outcome
        follow_up.wellbeing, follow_up.new_needs = wellbeing, new_needs
        follow_up.returned_by_choice, follow_up.coerced = returned_by_choice, coerced
        follow_up.recorded_by_id = actor.user_id
        if safety_concerns:
            follow_up.safety_sealed = PersonVault.open(case.person).seal(follow_up, "safety", safety_concerns)
        follow_up.save()
        for code in new_needs:
            Need.objects.get_or_create(
                case=case, code=code, defaults={"term": need_term(code), "assessed_by_id": actor.user_id}
            )
        bump_version(case)
        audit(
            actor,
            "followup.recorded",
            follow_up,
            [
                "done_on",
                "channel",
                "outcome",
                "wellbeing",
                "new_needs",
                "returned_by_choice",
                "coerced",
                *(["safety_concerns"] if safety_concerns else []),
            ],
        )
    return follow_up


# --- the directory and referrals ---------------------------------------------------------------


def provider_save(
    *,
    actor: Membership,
    name: str = "",
    services: list[str] = (),
    languages: list[str] = (),
    areas: list[str] = (),
    capacity: int | None = None,
    provider_id: int | None = None,
) -> Provider:
    """Her own organisation's entry (provider_id None and no name), or an outside provider it maintains."""
    require_person_role(actor)
    services = clean_choices(services, ServiceType, field="services")
    languages = clean_choices(languages, Language, field="languages")
    areas = [clean_text(a, field="areas", max_length=80) for a in areas if a and a.strip()][:30]
    if capacity is not None and not 0 <= capacity <= 100_000:
        raise ValidationError({"capacity": _("Give the number of places free now.")})
    with transaction.atomic():
        if provider_id:
            provider = (
                Provider.objects.select_for_update()
                .filter(pk=provider_id, maintained_by_id=actor.organisation_id)
                .first()
            )
            if provider is None:
                raise NotFound
        elif name:
            name = clean_text(name, field="name", max_length=200, required=True)
            if Organisation.objects.filter(name__iexact=name).exists():
                raise ValidationError({"name": _("A provider with this name is already in the directory.")})
            from sathi.accounts.services import organisation_create

            outside = organisation_create(actor=actor, name=name, kind=OrganisationKind.OTHER)
            provider = Provider(
                organisation=outside, kind=ProviderKind.OUTSIDE, maintained_by_id=actor.organisation_id
            )
        else:
            provider = Provider.objects.filter(organisation_id=actor.organisation_id).first() or Provider(
                organisation_id=actor.organisation_id,
                kind=ProviderKind.SATHI_ORGANISATION,
                maintained_by_id=actor.organisation_id,
            )
        provider.services, provider.languages, provider.areas, provider.capacity = (
            services,
            languages,
            areas,
            capacity,
        )
        provider.save()
        audit(actor, "provider.saved", provider, ["services", "languages", "areas", "capacity"])
    return provider


# The fields a sender may choose to copy, and the class each belongs to.
SHAREABLE = {
    "names": "identity",
    "aliases": "identity",
    "phone": "identity",
    "age": "",
    "languages": "",
    "gender": "",
    "needs": "",
    "goals": "",
}


def _referral_aad(referral: Referral) -> str:
    return f"care.referral.copy:{referral.pk}"


def serves_her_home(provider: Provider, person: Person) -> bool:
    """A referral to the office of the area she comes from is a path home (the district of origin)."""
    home = (person.origin_district or "").strip().casefold()
    return bool(home) and home in {area.strip().casefold() for area in provider.areas or ()}


def referral_send(
    *, actor: Membership, case_id, provider_id: int, fields: list[str], need_id: int | None = None
) -> Referral:
    """Refer her to a provider. Refused without her consent to share with that receiver: there is no override.
    The receiver gets a copy of the chosen fields, sealed for the receiver, never live access."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    fields = list(dict.fromkeys(fields))
    if not fields or any(f not in SHAREABLE for f in fields):
        raise ValidationError({"fields": _("Choose which of her details go with the referral.")})
    provider = Provider.objects.select_related("organisation").filter(pk=provider_id or 0).first()
    if provider is None:
        raise ValidationError({"provider": _("This provider does not exist. Choose one from the directory.")})
    if provider.organisation_id == actor.organisation_id:
        raise ValidationError({"provider": _("Choose another organisation, not your own.")})
    if provider.capacity == 0:
        raise ValidationError({"provider": _("This provider has no places free now. Choose another.")})
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if not consent_allows(case.person, ConsentPurpose.SHARE_WITH_ORGANISATION, provider.organisation_id):
            raise ValidationError(
                {
                    "provider": _(
                        "She has not agreed to share her details with this organisation. "
                        "Ask her first: there is no way around her consent."
                    )
                }
            )
        classes = frozenset(c for c in FieldClass if policy.decide(actor, Verb.READ, field_class=c))
        if any(SHAREABLE[f] and SHAREABLE[f] not in classes for f in fields):
            raise Forbidden
        if serves_her_home(provider, case.person):
            safety.require_safe_home(actor=actor, person=case.person, field="provider")
        need = Need.objects.filter(case=case, pk=need_id).first() if need_id else None
        copy = _referral_copy(actor, case, fields)
        referral = Referral(
            case=case,
            sender_id=actor.organisation_id,
            receiver_id=provider.organisation_id,
            provider=provider,
            need=need,
            fields=fields,
            sent_at=timezone.now(),
            sent_by_id=actor.user_id,
        )
        key = crypto.new_key()
        version = keys.active_version(provider.organisation_id)
        referral.copy_key_wrapped = crypto.seal(
            keys.data_key(provider.organisation_id, version),
            f"o{version}",
            key,
            f"care.referral.key:{referral.pk}",
        )
        referral.copy_sealed = crypto.seal_text(
            key, "r1", json.dumps(copy, ensure_ascii=False), _referral_aad(referral)
        )
        referral.save(force_insert=True)
        audit(actor, "referral.sent", referral, fields)
        log_action(
            actor=actor.user_id,
            organisation=provider.organisation_id,
            action="referral.received",
            target=referral,
            fields=fields,
        )
    return referral


def _referral_copy(actor: Membership, case: Case, fields: list[str]) -> dict:
    card = selectors.person_card(actor=actor, person_id=case.person_id)
    copy: dict[str, object] = {"code": card.person.code}
    if "names" in fields:
        copy["names"] = card.names
    if "aliases" in fields:
        copy["aliases"] = card.aliases
    if "phone" in fields:
        copy["phone"] = card.phone
    if "age" in fields:
        copy["age"] = {"status": card.person.age_status, "range": list(card.age_range or [])}
    if "languages" in fields:
        copy["languages"] = card.person.languages
    if "gender" in fields:
        copy["gender"] = card.person.gender
    if "needs" in fields:
        copy["needs"] = list(case.needs.values_list("code", flat=True))
    if "goals" in fields:
        vault = PersonVault.open(case.person)
        copy["goals"] = [vault.open_field(g, "text", g.text_sealed) for g in case.goals.all()]
    return copy


def open_referral_copy(referral: Referral) -> dict:
    """The copy, opened with the receiver's key. Callers check the actor belongs to the receiver."""
    blob = bytes(referral.copy_key_wrapped)
    version = int(crypto.key_id_of(blob)[1:])
    key = crypto.unseal(
        keys.data_key(referral.receiver_id, version), blob, f"care.referral.key:{referral.pk}"
    )
    return json.loads(crypto.unseal_text(key, bytes(referral.copy_sealed), _referral_aad(referral)))


def referral_respond(*, actor: Membership, referral_id, accept: bool, reason: str = "") -> Referral:
    """The receiver accepts, or declines with a reason. Audited on both sides."""
    require_person_role(actor)
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update()
            .filter(pk=referral_id, receiver_id=actor.organisation_id)
            .first()
        )
        if referral is None:
            raise NotFound
        reason = clean_text(reason, field="reason", max_length=300)
        if not accept and not reason:
            raise ValidationError({"reason": _("Give the reason for declining.")})
        if referral.status != Referral.Status.SENT:
            raise ValidationError({"status": _("This referral was already answered or withdrawn.")})
        referral.status = Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED
        referral.decline_reason_sealed = (
            None if accept else sealing.seal(referral, "decline_reason_sealed", reason)
        )
        referral.responded_at, referral.responded_by_id = timezone.now(), actor.user_id
        referral.save(update_fields=["status", "decline_reason_sealed", "responded_at", "responded_by"])
        action = "referral.accepted" if accept else "referral.declined"
        audit(actor, action, referral, ["status"])
        log_action(
            actor=actor.user_id,
            organisation=referral.sender_id,
            action=action,
            target=referral,
            fields=["status"],
        )
    return referral
