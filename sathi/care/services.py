"""Writes of the continuum of care. Each checks access first, validates, writes in one transaction, audits."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership, Organisation, Role
from sathi.audit.services import log_member_action
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
    PlanItem,
    Provider,
    ServiceRecord,
)
from sathi.care.vocab import (
    HEALTH_SERVICES,
    LEGAL_SERVICES,
    Agreement,
    CaseOrigin,
    CaseStatus,
    CloseReason,
    FlagKind,
    NeedCode,
    NeedStatus,
    Pathway,
    PlanItemKind,
    Priority,
    ProviderKind,
    ServiceType,
    TeamRole,
    need_term,
)
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_choices, clean_text
from sathi.core.versions import bump_version
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy, safety, sealing, selectors
from sathi.people.models import Assignment, Person
from sathi.people.policy import Kind, Verb
from sathi.people.vault import PersonVault

MAX_NOTE = 5000


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
    opened_on = dates.clean_date(opened_on or dates.today(), "opened_on", not_future=True)
    needs = clean_choices(needs, NeedCode, field="needs")
    with transaction.atomic():
        # Lock her row: two requests opening her case at once (a double tap) must not make two cases.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if (
            Case.objects.filter(person=person, organisation_id=actor.organisation_id)
            .exclude(status=CaseStatus.CLOSED)
            .exists()
        ):
            raise ValidationError(
                {"origin": _("This person already has an open case here. Work in that case.")}
            )
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
        log_member_action(actor, "case.opened", case, ["origin", "opened_on", *(["needs"] if needs else [])])
    return case


def current_case_or_open(*, actor: Membership, person_id, origin: str, needs=()) -> Case:
    """Her case still open in the actor's organisation, or a new one: a board's decision or a screening puts
    her on the continuum of care once, through this service, never by writing care's rows itself."""
    existing = (
        Case.objects.filter(person_id=person_id, organisation_id=actor.organisation_id)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )
    if existing is not None:
        return existing
    return case_open(actor=actor, person_id=person_id, origin=origin, needs=needs)


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
        log_member_action(actor, "case.member_added", added, ["user", "team_role"])
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
            _schedule_follow_ups(actor, case, follow_up_from or dates.today())
        log_member_action(actor, "case.status_changed", case, ["status"])
    return case


def _schedule_follow_ups(actor: Membership, case: Case, start: date) -> list[FollowUp]:
    """Monthly for the organisation's follow-up period (12 months unless it follows longer)."""
    if start < dates.today():
        raise ValidationError({"follow_up_from": _("A new follow-up schedule cannot start in the past.")})
    months = Organisation.objects.values_list("follow_up_months", flat=True).get(pk=case.organisation_id)
    FollowUp.objects.filter(case=case, done_on__isnull=True).delete()  # a new schedule replaces open ones
    rows = [FollowUp(case=case, due_on=dates.add_months(start, n)) for n in range(1, months + 1)]
    FollowUp.objects.bulk_create(rows)
    log_member_action(actor, "followup.scheduled", case, ["due_on"])
    return rows


def case_close(*, actor: Membership, case_id, version: int, reason: str, note: str = "") -> Case:
    """Close a case. Her wish to stay in or return to sex work is not a reason to close it (002)."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    if reason not in CloseReason.values:
        raise ValidationError(
            {
                "reason": _(
                    "Choose a reason from the list. The person's choice of work is not a reason to close "
                    "their case."
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
        case.status, case.closed_on, case.close_reason = CaseStatus.CLOSED, dates.today(), reason
        case.save(update_fields=["status", "closed_on", "close_reason"])
        bump_version(case)
        log_member_action(actor, "case.closed", case, ["status", "close_reason"])
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
        log_member_action(actor, "case.reopened", case, ["status"])
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
        log_member_action(actor, "flag.raised", flag, ["kind", "message"])
    return flag


def flag_raise_by_rule(*, actor: Membership, case_id, kind: str) -> CaseFlag | None:
    """Sathi's own flag of `kind` (no message) on an open case, for a rule another app checks: one open flag
    of a kind per case (the constraint). None when the case is closed."""
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if case.status == CaseStatus.CLOSED:
            return None
        flag, created = CaseFlag.objects.get_or_create(
            case=case,
            kind=clean_choice(kind, FlagKind, field="kind"),
            placement=None,
            resolved_at__isnull=True,
        )
        if created:
            bump_version(case)
            log_member_action(actor, "flag.raised_by_check", flag, ["kind"])
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
        log_member_action(actor, "flag.resolved", flag, ["resolution"])
    return flag


# --- her voice ------------------------------------------------------------------------------


def goal_record(*, actor: Membership, case_id, text: str) -> Goal:
    """Her goal, in her own words, sealed under her key."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    text = clean_text(text, field="text", max_length=MAX_NOTE, required=True)
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        goal = Goal(case=case, recorded_on=dates.today(), recorded_by_id=actor.user_id)
        goal.text_sealed = PersonVault.open(case.person).seal(goal, "text", text)
        goal.save(force_insert=True)
        bump_version(case)
        log_member_action(actor, "goal.recorded", goal, ["text"])
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
    stated_on = dates.clean_date(stated_on or dates.today(), "stated_on", not_future=True)
    words = clean_text(words, field="words", max_length=MAX_NOTE)
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        choice = PathwayChoice(case=case, pathway=pathway, stated_on=stated_on, recorded_by_id=actor.user_id)
        if words:
            choice.words_sealed = PersonVault.open(case.person).seal(choice, "words", words)
        choice.save(force_insert=True)
        bump_version(case)
        log_member_action(
            actor, "pathway.recorded", choice, ["pathway", "stated_on", *(["words"] if words else [])]
        )
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
            raise ValidationError({"code": _("This need is already on the person's list.")}) from exc
        bump_version(case)
        log_member_action(actor, "need.added", need, ["code", "agreement", "priority"])
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
        log_member_action(actor, "need.updated", need, changed)
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
    delivered_on = dates.clean_date(delivered_on, "delivered_on", not_future=True)
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
            raise ValidationError({"needs": _("Choose needs from the person's list.")})
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
        log_member_action(
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
    target_date = dates.clean_date(target_date, "target_date")
    if target_date < dates.today():
        raise ValidationError({"target_date": _("A target date must be today or later.")})
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        item = PlanItem.objects.create(case=case, kind=kind, target_date=target_date)
        sealing.seal_into(item, description=description)
        bump_version(case)
        log_member_action(actor, "plan.item_added", item, ["kind", "description", "target_date"])
        checks.age_out_check(case, dates.today())
    return item


def plan_item_done(*, actor: Membership, item_id: int, done_on: date | None = None) -> PlanItem:
    require_person_role(actor)
    done_on = dates.clean_date(done_on or dates.today(), "done_on", not_future=True)
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            raise NotFound
        case = case_for(actor, item.case_id, lock=True)
        item.done_on = done_on
        item.save(update_fields=["done_on"])
        bump_version(case)
        log_member_action(actor, "plan.item_done", item, ["done_on"])
    return item
