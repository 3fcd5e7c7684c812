"""Reads of the continuum of care, through the access policy. Views and the API read only through these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from sathi.accounts.models import Membership
from sathi.audit.services import log_action
from sathi.care import checks, due
from sathi.care.models import (
    Case,
    CaseFlag,
    FollowUp,
    Goal,
    PathwayChoice,
    Placement,
    Referral,
    ServiceRecord,
)
from sathi.care.referrals import open_referral_copy
from sathi.care.services import case_for
from sathi.care.vocab import CaseStatus, FlagKind
from sathi.lib.errors import NotFound
from sathi.people import policy, sealing
from sathi.people.consent import consent_allows, contact_consent
from sathi.people.models import Person
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.people.selectors import MASK
from sathi.people.vault import PersonVault
from sathi.people.vocab import ConsentPurpose


def visible_cases(actor: Membership) -> QuerySet:
    """Cases of people the actor may see (her assignments, or every case for a supervisor)."""
    cases = Case.objects.filter(organisation_id=actor.organisation_id)
    if not policy.decide(actor, Kind.CASE):
        return cases.none()
    if policy.sees_organisation(actor):
        return cases  # she sees every person of her organisation: no need to test each one
    return cases.filter(person__in=policy.visible_people(actor, Person.objects.all()))


def my_cases(actor: Membership) -> QuerySet:
    return visible_cases(actor).filter(team__user_id=actor.user_id)


def caseload(actor: Membership, *, scope: str = "mine") -> list[Case]:
    """Open cases for a list page: code, status, counts of open flags. A fixed number of queries."""
    from django.db.models import Count, Q

    cases = my_cases(actor) if scope == "mine" else visible_cases(actor)
    return list(
        cases.exclude(status=CaseStatus.CLOSED)
        .select_related("person")
        .only(
            "id",
            "status",
            "origin",
            "opened_on",
            "version",
            "person__id",
            "person__code",
            "person__age_status",
        )
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True), distinct=True))
        .order_by("-opened_on", "pk")[:200]
    )


def due_this_week(actor: Membership, *, scope: str = "mine", today: date | None = None) -> due.DueList:
    today = today or timezone.localdate()
    cases = my_cases(actor) if scope == "mine" else visible_cases(actor)
    return due.due_items(actor, cases, today, today + timedelta(days=7), today)


def flags_for_supervisor(actor: Membership) -> list[CaseFlag]:
    if not policy.decide(actor, Verb.SUPERVISE):
        return []
    return sealing.reveal(actor, due.open_flags(visible_cases(actor)), "message_sealed")


@dataclass
class PlacementRow:
    placement: Placement
    facility: str | None
    wish: str
    wish_since: date
    held_days: int | None
    cwc_review_passed: bool


@dataclass
class ServiceRow:
    record: ServiceRecord
    notes: str | None  # MASK when the class is not open to the actor


@dataclass
class CaseView:
    case: Case
    person: Person
    pathways: list[PathwayChoice]
    pathway_words: dict
    goals: list[tuple[Goal, str]]
    needs: list
    services: list[ServiceRow]
    plan: list
    age_out: checks.AgeOut | None
    placements: list[PlacementRow]
    follow_ups: list[FollowUp]
    flags: list[CaseFlag]
    referrals: list[Referral]
    due: list
    team: list
    contact_channel: str | None
    classes: frozenset = field(default_factory=frozenset)
    legal_steps: list | None = None  # None: the actor may not list legal steps, so the page has no legal path

    @property
    def latest_wish(self) -> PathwayChoice | None:
        return self.pathways[-1] if self.pathways else None

    @property
    def contact_channel_label(self) -> str:
        from sathi.people.vocab import ContactChannel

        return ContactChannel(self.contact_channel).label if self.contact_channel else ""


def _open(vault: PersonVault, obj, name: str, blob, allowed: bool) -> str | None:
    if blob is None:
        return None
    return vault.open_field(obj, name, blob) if allowed else MASK


def case_view(*, actor: Membership, case_id, today: date | None = None) -> CaseView:
    """Everything on the case page for this actor; one audit event naming the sealed fields opened."""
    today = today or timezone.localdate()
    case = case_for(actor, case_id)
    classes = frozenset(c for c in FieldClass if policy.decide(actor, Verb.READ, field_class=c))
    vault = PersonVault.open(case.person)
    opened = ["goals", "pathway_words"]
    pathways = list(case.pathways.order_by("stated_on", "recorded_at"))
    words = {p.pk: vault.open_field(p, "words", p.words_sealed) for p in pathways if p.words_sealed}
    goals = [(g, vault.open_field(g, "text", g.text_sealed)) for g in case.goals.order_by("recorded_on")]
    services = []
    for record in (
        case.services.select_related("provider__organisation", "staff")
        .prefetch_related("needs")
        .order_by("-delivered_on")
    ):
        allowed = not record.notes_class or record.notes_class in classes
        services.append(ServiceRow(record, _open(vault, record, "notes", record.notes_sealed, allowed)))
        if record.notes_sealed and allowed:
            opened.append(f"service_notes:{record.notes_class or 'case'}")
    plan = sealing.reveal(
        actor, list(case.plan_items.order_by("target_date")), "description_sealed", vault=vault
    )
    is_minor = case.person.age_status == "minor"
    placements = []
    for placement in case.placements.prefetch_related("reviews").order_by("-entry_date"):
        state = checks.wish_state(placement)
        location_open = FieldClass.LOCATION in classes
        placements.append(
            PlacementRow(
                placement=placement,
                facility=_open(vault, placement, "facility", placement.facility_sealed, location_open),
                wish=state.wish,
                wish_since=state.since,
                held_days=checks.held_against_wish(placement, is_minor, today),
                cwc_review_passed=bool(
                    is_minor
                    and placement.exit_date is None
                    and placement.next_cwc_review
                    and placement.next_cwc_review < today
                ),
            )
        )
    if any(p.placement.facility_sealed for p in placements) and FieldClass.LOCATION in classes:
        opened.append("placement_facility")
    consent = contact_consent(case.person)
    log_action(
        actor=actor.user_id,
        organisation=actor.organisation_id,
        action="case.viewed",
        target=case,
        fields=sorted(set(opened)),
    )
    return CaseView(
        case=case,
        person=case.person,
        pathways=pathways,
        pathway_words=words,
        goals=goals,
        needs=list(case.needs.order_by("term", "code")),
        services=services,
        plan=plan,
        age_out=checks.age_out(case, today, [i.target_date for i in plan if i.done_on is None]),
        placements=placements,
        follow_ups=list(case.follow_ups.order_by("due_on")),
        flags=sealing.reveal(
            actor,
            list(case.flags.filter(resolved_at__isnull=True).order_by("raised_at")),
            "message_sealed",
            vault=vault,
        ),
        referrals=sealing.reveal(
            actor,
            list(case.referrals.select_related("provider__organisation").order_by("-sent_at")),
            "decline_reason_sealed",
            vault=vault,
        ),
        due=due.due_items(actor, Case.objects.filter(pk=case.pk), today, today + timedelta(days=30), today),
        team=list(case.team.select_related("user")),
        contact_channel=consent.channel if consent else None,
        classes=classes,
        legal_steps=(
            sealing.reveal(
                actor,
                list(case.proceedings.prefetch_related("documents").order_by("event_date", "next_date")),
                "lawyer_name_sealed",
                vault=vault,
            )
            if policy.decide(actor, Kind.LEGAL_STEP)
            else None
        ),
    )


def safety_note(*, actor: Membership, follow_up: FollowUp) -> str | None:
    if not policy.decide(actor, Verb.READ, field_class=FieldClass.VIOLENCE):
        return MASK if follow_up.safety_sealed else None
    case = case_for(actor, follow_up.case_id)
    return PersonVault.open(case.person).open_field(follow_up, "safety", follow_up.safety_sealed)


# --- referrals as the receiver sees them --------------------------------------------------------


def referral_inbox(actor: Membership) -> list[Referral]:
    if not policy.decide(actor, Kind.CASE):
        return []
    return list(
        Referral.objects.filter(receiver_id=actor.organisation_id)
        .select_related("sender", "provider", "case__person__key")  # a declined one shows its reason
        .order_by("-sent_at")[:200]
    )


def referral_outbox(actor: Membership) -> list[Referral]:
    cases = visible_cases(actor)
    rows = (
        Referral.objects.filter(sender_id=actor.organisation_id, case__in=cases)
        .select_related("receiver", "case__person__key")
        .order_by("-sent_at")[:200]
    )
    return sealing.reveal(actor, list(rows), "decline_reason_sealed")


@dataclass
class ReferralCopyView:
    referral: Referral
    copy: dict
    withdrawn: bool = False  # she withdrew her consent to share: the copy stays closed
    erased: bool = False  # an erasure notice wiped the copy (sathi.rights.erasure): nothing is left to open

    @property
    def rows(self) -> list[tuple[str, str]]:
        """The copy as (label, text) lines for the page; masked values stay masked."""
        from django.utils.translation import gettext as _

        labels = {
            "code": _("Code"),
            "names": _("Names"),
            "aliases": _("Work names and other names"),
            "phone": _("Phone"),
            "age": _("Age"),
            "languages": _("Languages they speak"),
            "gender": _("Gender"),
            "needs": _("Their needs"),
            "goals": _("Their own goals"),
        }
        lines = []
        for key, value in self.copy.items():
            if isinstance(value, dict):
                text = " ".join(str(v) for v in value.values() if v)
            elif isinstance(value, list):
                text = ", ".join(str(v) for v in value)
            else:
                text = str(value or "")
            lines.append((labels.get(key, key), text))
        return lines


IDENTITY_COPY_FIELDS = ("names", "aliases", "phone")


def referral_received(*, actor: Membership, referral_id) -> ReferralCopyView:
    """The copy a receiving organisation holds, opened for one of its workers with her role's classes."""
    if not policy.decide(actor, Kind.CASE):
        raise NotFound
    referral = (
        Referral.objects.filter(pk=referral_id, receiver_id=actor.organisation_id)
        .select_related("sender", "case__person")
        .first()
    )
    if referral is None:
        raise NotFound
    if not referral.copy_key_wrapped:
        return ReferralCopyView(referral=referral, copy={}, erased=True)
    # A copy that left the organisation is still her data: a withdrawal closes it at once.
    if not consent_allows(referral.case.person, ConsentPurpose.SHARE_WITH_ORGANISATION, referral.receiver_id):
        return ReferralCopyView(referral=referral, copy={}, withdrawn=True)
    copy = open_referral_copy(referral)
    if not policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY):
        copy = {k: (MASK if k in IDENTITY_COPY_FIELDS else v) for k, v in copy.items()}
    log_action(
        actor=actor.user_id,
        organisation=actor.organisation_id,
        action="referral.viewed",
        target=referral,
        fields=sorted(copy),
    )
    return ReferralCopyView(referral=referral, copy=copy)


def flag_label(actor: Membership, flag: CaseFlag) -> str:
    return sealing.read(actor, flag, "message_sealed") or FlagKind(flag.kind).label


# --- her latest stated wish, beside every decision about her ---------------------------------------


@dataclass(frozen=True)
class StatedWish:
    pathway: str  # its label
    words: str | None  # in her own words, when she gave them
    stated_on: date


def latest_wish(*, actor: Membership, person: Person) -> StatedWish | None:
    """Her latest stated wish, from any case of hers in the actor's organisation, for a reader who may see
    her; opening her words is audited."""
    from sathi.people.selectors import person_get

    try:
        person_get(actor=actor, person_id=person.pk)
    except NotFound:
        return None
    choice = (
        PathwayChoice.objects.filter(case__person=person, case__organisation_id=actor.organisation_id)
        .select_related("case")
        .order_by("-stated_on", "-recorded_at")
        .first()
    )
    if choice is None:
        return None
    words = None
    if choice.words_sealed:
        words = PersonVault.open(person).open_field(choice, "words", choice.words_sealed)
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="case.wish_viewed",
            target=choice,
            fields=["pathway_words"],
        )
    return StatedWish(pathway=choice.get_pathway_display(), words=words, stated_on=choice.stated_on)


def latest_placement_kinds(case_ids) -> dict[int, str]:
    """The kind of each case's latest placement (family, a home...): counts for the boards' indicators."""
    latest: dict[int, str] = {}
    for placement in Placement.objects.filter(case_id__in=case_ids).order_by("entry_date"):
        latest[placement.case_id] = placement.kind
    return latest
