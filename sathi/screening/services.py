"""Writes of the Self-Regulatory Boards and of Palermo screening. Access first, then validation, one
transaction, an audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_text
from sathi.lib import palermo
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy, safety, sealing, selectors
from sathi.people.models import Person, PersonName
from sathi.people.policy import Kind, Verb
from sathi.people.vault import PersonVault
from sathi.places.models import Place, PlaceKind
from sathi.screening.models import (
    Board,
    BoardMember,
    Decision,
    Presentation,
    ReappearanceAlert,
    Screening,
    SiteEvent,
    Sitting,
)
from sathi.screening.vocab import (
    MODEL_BOARD_SIZE,
    MODEL_SEX_WORKERS,
    PROTECTIVE,
    BroughtBy,
    Classification,
    LabourSector,
    MemberCategory,
    SiteEventKind,
)

# Needs seeded on the case a protective decision opens (PRIMER flow D, short-term).
SEEDED_NEEDS = [
    "physical_safety",
    "emotional_safety",
    "crisis_counselling",
    "medical_general",
    "legal_support",
    "case_management",
]


def require(actor: Membership, what: Verb | Kind) -> None:
    if not policy.decide(actor, what):
        raise Forbidden


def board_for(actor: Membership, board_id) -> Board:
    board = (
        Board.objects.filter(pk=board_id, organisation_id=actor.organisation_id).first() if board_id else None
    )
    if board is None:
        raise NotFound
    return board


# --- boards and their members ------------------------------------------------------------------


def board_create(*, actor: Membership, area_id: int, name: str, quorum: int) -> Board:
    require(actor, Verb.RUN_BOARD)
    area = Place.objects.filter(pk=area_id, kind=PlaceKind.RED_LIGHT_AREA).first()
    if area is None:
        raise ValidationError({"area": _("Choose a red-light area.")})
    name = clean_text(name, field="name", max_length=120, required=True)
    if not isinstance(quorum, int) or not 1 <= quorum <= 50:
        raise ValidationError({"quorum": _("Give the number of members needed to decide.")})
    with transaction.atomic():
        if Board.objects.filter(organisation_id=actor.organisation_id, area=area).exists():
            raise ValidationError({"area": _("This area already has a board.")})
        board = Board.objects.create(
            organisation_id=actor.organisation_id, area=area, name=name, quorum=quorum
        )
        log_member_action(actor, "board.created", board, ["area", "name", "quorum"])
    return board


def _member_aad(member: BoardMember) -> str:
    return f"screening.boardmember.name:{member.pk}"


def board_member_add(
    *, actor: Membership, board_id, name: str, category: str, term_start: date, term_end: date | None = None
) -> BoardMember:
    require(actor, Verb.RUN_BOARD)
    board = board_for(actor, board_id)
    name = clean_text(name, field="name", max_length=120, required=True)
    category = clean_choice(category, MemberCategory, field="category")
    if not isinstance(term_start, date):
        raise ValidationError({"term_start": _("Enter a valid date.")})
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": _("A term cannot end before it starts.")})
    with transaction.atomic():
        member = BoardMember(board=board, category=category, term_start=term_start, term_end=term_end)
        member.name_sealed = keys.seal_for_organisation(board.organisation_id, _member_aad(member), name)
        member.save(force_insert=True)
        log_member_action(actor, "board.member_added", member, ["name", "category", "term_start", "term_end"])
    return member


def member_name(member: BoardMember) -> str:
    return keys.open_for_organisation(member.board.organisation_id, member.name_sealed, _member_aad(member))


def serving(member: BoardMember, on: date) -> bool:
    return member.term_start <= on and (member.term_end is None or member.term_end >= on)


@dataclass(frozen=True)
class Composition:
    total: int
    sex_workers: int
    by_category: dict[str, int]
    model_total: int = MODEL_BOARD_SIZE
    model_sex_workers: int = MODEL_SEX_WORKERS

    @property
    def sex_workers_are_majority(self) -> bool:
        return self.sex_workers * 2 > self.total


def board_composition(board: Board, on: date | None = None) -> Composition:
    """The board's members serving on a day, against the model of 15 with 8 sex workers (002)."""
    on = on or timezone.localdate()
    members = [m for m in board.members.all() if serving(m, on)]
    by_category: dict[str, int] = {}
    for member in members:
        by_category[member.category] = by_category.get(member.category, 0) + 1
    return Composition(len(members), by_category.get(MemberCategory.SEX_WORKER, 0), by_category)


# --- sittings, presentations, site events ---------------------------------------------------------


def sitting_hold(
    *, actor: Membership, board_id, held_on: date, member_ids: list, minutes: str = ""
) -> Sitting:
    """A sitting. Every member present must be serving on that day."""
    require(actor, Verb.RECORD_SITTING)
    board = board_for(actor, board_id)
    held_on = dates.clean_date(held_on, "held_on", not_future=True)
    minutes = clean_text(minutes, field="minutes", max_length=20_000)
    members = list(BoardMember.objects.filter(board=board, pk__in=list(member_ids)))
    if len(members) != len(set(member_ids)):
        raise ValidationError({"members": _("Choose members of this board.")})
    outside = [m for m in members if not serving(m, held_on)]
    if outside:
        raise ValidationError(
            {
                "members": _(
                    "A member present was not serving on this date: their term had not started or had ended."
                )
            }
        )
    with transaction.atomic():
        sitting = Sitting(board=board, held_on=held_on, recorded_by_id=actor.user_id)
        if minutes:
            sitting.minutes_sealed = keys.seal_for_organisation(
                board.organisation_id, f"screening.sitting.minutes:{sitting.pk}", minutes
            )
        sitting.save(force_insert=True)
        sitting.members_present.set(members)
        log_member_action(
            actor,
            "board.sitting_held",
            sitting,
            ["held_on", "members_present", *(["minutes"] if minutes else [])],
        )
    return sitting


def has_quorum(sitting: Sitting) -> bool:
    return sitting.members_present.count() >= sitting.board.quorum


def presentation_record(
    *,
    actor: Membership,
    board_id,
    person_id,
    presented_on: date,
    arrived_on: date,
    brought_by: str,
    site_id: int | None = None,
    account: str = "",
    sitting_id=None,
) -> Presentation:
    """She presents herself to the board. A removed minor presenting again raises an alert to the board."""
    require(actor, Verb.PRESENT_AT_BOARD)
    board = board_for(actor, board_id)
    person = selectors.person_get(actor=actor, person_id=person_id)
    presented_on = dates.clean_date(presented_on, "presented_on", not_future=True)
    if not isinstance(arrived_on, date):
        raise ValidationError({"arrived_on": _("Enter a valid date.")})
    if presented_on < arrived_on:
        raise ValidationError(
            {"presented_on": _("A presentation cannot be dated before the arrival in the area.")}
        )
    brought_by = clean_choice(brought_by, BroughtBy, field="brought_by")
    account = clean_text(account, field="account", max_length=20_000)
    site = None
    if site_id:
        site = Place.objects.filter(
            pk=site_id, kind=PlaceKind.SITE, parent=board.area, organisation_id=actor.organisation_id
        ).first()
        if site is None:
            raise ValidationError({"site": _("Choose a site in this board's area.")})
    sitting = Sitting.objects.filter(pk=sitting_id, board=board).first() if sitting_id else None
    if sitting_id and sitting is None:
        raise ValidationError({"sitting": _("Choose a sitting of this board.")})
    with transaction.atomic():
        presentation = Presentation(
            board=board,
            sitting=sitting,
            person=person,
            presented_on=presented_on,
            arrived_on=arrived_on,
            site=site,
            brought_by=brought_by,
            recorded_by_id=actor.user_id,
        )
        if account:
            presentation.account_sealed = PersonVault.open(person).seal(presentation, "account", account)
        presentation.save(force_insert=True)
        log_member_action(
            actor,
            "board.presentation_recorded",
            presentation,
            ["presented_on", "arrived_on", "site", "brought_by", *(["account"] if account else [])],
        )
        for decision in _earlier_removals(person):
            # To the board and organisation that removed her: they must act. Not to this board.
            earlier = decision.screening
            ReappearanceAlert.objects.create(
                organisation_id=earlier.organisation_id,
                board_id=earlier.presentation.board_id if earlier.presentation_id else None,
                presented_to=board,
                presentation=presentation,
                earlier_decision=decision,
            )
            log_member_action(actor, "board.reappearance_alert", presentation, ["person"])
    return presentation


def _earlier_removals(person: Person) -> list[Decision]:
    """Protective decisions about her, or about anyone whose blind indexes match hers (registered again)."""
    name_indexes = [
        i
        for i in PersonName.objects.filter(person=person)
        .exclude(name_year_index="")
        .values_list("name_year_index", flat=True)
    ]
    same = Q(pk=person.pk)
    if person.phone_index:
        same |= Q(phone_index=person.phone_index)
    if name_indexes:
        same |= Q(names__name_year_index__in=name_indexes)
    matches = Person.objects.filter(same, organisation_id=person.organisation_id).values("pk")
    return list(
        Decision.objects.filter(
            screening__person__in=matches, classification__in=PROTECTIVE, removed_on__isnull=False
        )
        .select_related("screening__presentation")
        .distinct()
    )


def site_event_record(
    *, actor: Membership, board_id, site_id: int, kind: str, occurred_on: date
) -> SiteEvent:
    """A refusal to bring a new entrant, or a concealed entrant: recorded against the site, never a person."""
    require(actor, Verb.RUN_BOARD)
    board = board_for(actor, board_id)
    kind = clean_choice(kind, SiteEventKind, field="kind")
    occurred_on = dates.clean_date(occurred_on, "occurred_on", not_future=True)
    site = Place.objects.filter(
        pk=site_id, kind=PlaceKind.SITE, parent=board.area, organisation_id=actor.organisation_id
    ).first()
    if site is None:
        raise ValidationError({"site": _("Choose a site in this board's area.")})
    with transaction.atomic():
        event = SiteEvent.objects.create(
            board=board, site=site, kind=kind, occurred_on=occurred_on, recorded_by_id=actor.user_id
        )
        log_member_action(actor, "board.site_event", event, ["site", "kind", "occurred_on"])
    return event


# --- screening and decisions ------------------------------------------------------------------------


def _codes(values, enum_cls, field: str) -> list[str] | None:
    if values is None:
        return None
    allowed = {e.value for e in enum_cls}
    values = list(dict.fromkeys(values))
    if any(v not in allowed for v in values):
        raise ValidationError({field: _("Choose from the list.")})
    return values


def _screened_site(actor: Membership, site_id, site_words: str) -> tuple[Place | None, str]:
    """A red-light area, or a site the actor's organisation recorded; words only for a site not listed."""
    site_words = clean_text(site_words, field="site_words", max_length=500)
    if not site_id:
        return None, site_words
    if site_words:
        raise ValidationError({"site_words": _("Choose a place from the list or describe it, not both.")})
    site = (
        Place.objects.filter(pk=site_id)
        .filter(
            Q(kind=PlaceKind.RED_LIGHT_AREA) | Q(kind=PlaceKind.SITE, organisation_id=actor.organisation_id)
        )
        .first()
    )
    if site is None:
        raise ValidationError({"site": _("Choose a red-light area or one of your organisation's sites.")})
    return site, ""


def _waiting_presentation(actor: Membership, person, screened_on: date) -> Presentation | None:
    """A screening done elsewhere (from the person's page) belongs to the presentation still waiting for
    one, the latest before the screening: the board's list then shows it screened, not "Screen". Locked, so
    two screenings at once cannot both claim it."""
    return (
        Presentation.objects.select_for_update(of=("self",))
        .filter(
            person=person,
            board__organisation_id=actor.organisation_id,
            screening__isnull=True,
            presented_on__lte=screened_on,
        )
        .order_by("-presented_on")
        .first()
    )


def screening_record(
    *,
    actor: Membership,
    person_id,
    acts=None,
    means=None,
    control_since=(),
    purposes=None,
    labour_sector: str = "",
    came_without_force: bool | None = None,
    irregular_crossing_consented: bool = False,
    consent_words: str = "",
    presentation_id=None,
    screened_on: date | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    site_id: int | None = None,
    site_words: str = "",
) -> Screening:
    """Record what was found and Sathi's suggestion with its reasons (sathi.lib.palermo). Never decides.

    `period_from`/`period_to` and the site (a place on the list, or words for one that is not) say which
    part of the person's life the screening is about."""
    require(actor, Verb.SCREEN)
    person = selectors.person_get(actor=actor, person_id=person_id)
    acts = _codes(acts, palermo.Act, "acts")
    means = _codes(means, palermo.Means, "means")
    purposes = _codes(purposes, palermo.Purpose, "purposes")
    control_since = _codes(control_since, palermo.Control, "control_since") or []
    if labour_sector:
        labour_sector = clean_choice(labour_sector, LabourSector, field="labour_sector")
    if labour_sector and palermo.Purpose.FORCED_LABOUR not in (purposes or []):
        raise ValidationError({"labour_sector": _("A sector is given only for forced labour.")})
    consent_words = clean_text(consent_words, field="consent_words", max_length=20_000)
    screened_on = dates.clean_date(screened_on or dates.today(), "screened_on", not_future=True)
    period_from = (
        dates.clean_date(period_from, "period_from", not_future=True) if period_from is not None else None
    )
    period_to = dates.clean_date(period_to, "period_to", not_future=True) if period_to is not None else None
    if period_from and period_to and period_to < period_from:
        raise ValidationError({"period_to": _("The period cannot end before it starts.")})
    site, site_words = _screened_site(actor, site_id, site_words)
    presentation = None
    if presentation_id:
        presentation = Presentation.objects.filter(pk=presentation_id, person=person).first()
        if presentation is None:
            raise ValidationError({"presentation": _("Choose the person's own presentation.")})
    facts = palermo.Facts(
        acts=frozenset(palermo.Act(a) for a in acts) if acts is not None else None,
        means=frozenset(palermo.Means(m) for m in means) if means is not None else None,
        control_since=frozenset(palermo.Control(c) for c in control_since),
        purposes=frozenset(palermo.Purpose(p) for p in purposes) if purposes is not None else None,
        came_without_force=came_without_force,
        irregular_crossing_consented=irregular_crossing_consented,
    )
    suggestions = [
        {
            "reading": s.reading.value,
            "classification": s.classification.value,
            "reasons": [r.value for r in s.reasons],
        }
        for s in palermo.suggest(facts, person.age_status)
    ]
    with transaction.atomic():
        if presentation is None:
            presentation = _waiting_presentation(actor, person, screened_on)
        screening = Screening(
            organisation_id=actor.organisation_id,
            person=person,
            presentation=presentation,
            acts=acts,
            means=means,
            control_since=control_since,
            purposes=purposes,
            labour_sector=labour_sector,
            came_without_force=came_without_force,
            irregular_crossing_consented=irregular_crossing_consented,
            age_status=person.age_status,
            suggestions=suggestions,
            screened_on=screened_on,
            screened_by_id=actor.user_id,
            period_from=period_from,
            period_to=period_to,
            site=site,
        )
        if consent_words or site_words:
            vault = PersonVault.open(person)
            if consent_words:
                screening.consent_words_sealed = vault.seal(screening, "consent_words", consent_words)
            if site_words:
                screening.site_words_sealed = vault.seal(screening, "site_words", site_words)
        screening.full_clean(exclude=["person", "organisation", "screened_by", "presentation", "site"])
        screening.save(force_insert=True)
        log_member_action(
            actor,
            "screening.recorded",
            screening,
            [
                "acts",
                "means",
                "control_since",
                "purposes",
                "came_without_force",
                "labour_sector",
                "period_from",
                "period_to",
                "site",
                *(["consent_words"] if consent_words else []),
                *(["site_words"] if site_words else []),
            ],
        )
    return screening


def decision_record(
    *,
    actor: Membership,
    screening_id,
    classification: str,
    differs_reason: str = "",
    sitting_id=None,
    rules_explained: bool = False,
    offered_health: bool = False,
    offered_savings: bool = False,
    offered_legal_aid: bool = False,
    offered_membership: bool = False,
    counselling_sessions: int = 0,
    social_welfare_plan: str = "",
    police_involved: bool = False,
    police_reason: str = "",
    removed_on: date | None = None,
    reintegrate_with_family: bool = False,
) -> Decision:
    """The board or caseworker decides. A decision other than a suggestion needs a reason. Police involvement
    is never the default: if the police were involved, why. A protective decision opens a case in the
    continuum of care with her short-term needs on it."""
    require(actor, Verb.SCREEN)
    screening = (
        Screening.objects.filter(pk=screening_id, organisation_id=actor.organisation_id).first()
        if screening_id
        else None
    )
    if screening is None:
        raise NotFound
    selectors.person_get(actor=actor, person_id=screening.person_id)
    classification = clean_choice(classification, Classification, field="classification")
    differs_reason = clean_text(differs_reason, field="differs_reason", max_length=500)
    police_reason = clean_text(police_reason, field="police_reason", max_length=500)
    social_welfare_plan = clean_text(social_welfare_plan, field="social_welfare_plan", max_length=5000)
    suggested = {s["classification"] for s in screening.suggestions}
    if classification not in suggested and not differs_reason:
        raise ValidationError(
            {"differs_reason": _("This decision differs from Sathi's suggestion: give the reason.")}
        )
    if police_involved and not police_reason:
        raise ValidationError(
            {"police_reason": _("The police are not a default. Record why they were involved.")}
        )
    if not isinstance(counselling_sessions, int) or not 0 <= counselling_sessions <= 500:
        raise ValidationError({"counselling_sessions": _("Give the number of counselling sessions.")})
    if removed_on is not None:
        dates.clean_date(removed_on, "removed_on", not_future=True)
        if classification not in PROTECTIVE:
            raise ValidationError(
                {"removed_on": _("Only a minor or an adult who did not consent is removed.")}
            )
    sitting = None
    if sitting_id:
        board = screening.presentation.board if screening.presentation else None
        sitting = Sitting.objects.filter(pk=sitting_id, board=board).select_related("board").first()
        if sitting is None:
            raise ValidationError({"sitting": _("Choose a sitting of the board the person presented to.")})
        if not has_quorum(sitting):
            raise ValidationError(
                {"sitting": _("This sitting did not have its quorum: it cannot take a decision.")}
            )
    with transaction.atomic():
        if Decision.objects.filter(screening=screening).exists():
            raise ValidationError({"classification": _("This screening already has a decision.")})
        if reintegrate_with_family:
            safety.require_safe_home(actor=actor, person=screening.person, field="reintegrate_with_family")
        decision = Decision(
            screening=screening,
            classification=classification,
            sitting=sitting,
            rules_explained=rules_explained,
            offered_health=offered_health,
            offered_savings=offered_savings,
            offered_legal_aid=offered_legal_aid,
            offered_membership=offered_membership,
            counselling_sessions=counselling_sessions,
            removed_on=removed_on,
            reintegrate_with_family=bool(reintegrate_with_family),
            decided_on=timezone.localdate(),
            decided_by_id=actor.user_id,
        )
        if classification in PROTECTIVE:
            decision.case = _case_for_decision(actor, screening)
        decision.save()
        # The reasons are bound to the row's id, so the row is written first; the database refuses police
        # involvement without a sealed reason, so it is set together with its reason.
        decision.police_involved = police_involved
        sealing.seal_into(
            decision,
            also=["police_involved"],
            differs_reason=differs_reason,
            social_welfare_plan=social_welfare_plan,
            police_reason=police_reason if police_involved else "",
        )
        log_member_action(
            actor,
            "screening.decided",
            decision,
            [
                "classification",
                *(["differs_reason"] if differs_reason else []),
                *(["police_reason"] if police_involved else []),
                *(["reintegrate_with_family"] if reintegrate_with_family else []),
            ],
        )
    return decision


def _case_for_decision(actor: Membership, screening: Screening):
    from sathi.care import services as care

    origin = "srb_decision" if screening.presentation_id else "outreach"
    return care.current_case_or_open(
        actor=actor, person_id=screening.person_id, origin=origin, needs=SEEDED_NEEDS
    )


# --- re-appearance alerts -----------------------------------------------------------------------


def alert_acknowledge(*, actor: Membership, alert_id, version: int) -> ReappearanceAlert:
    """The removing organisation's board member or supervisor says the alert is being acted on. A stale
    version (someone else acknowledged it meanwhile) is a conflict, never a silent second write."""
    require(actor, Verb.ACT_ON_ALERT)
    with transaction.atomic():
        alert = (
            ReappearanceAlert.objects.select_for_update()
            .filter(pk=alert_id or 0, organisation_id=actor.organisation_id)
            .first()
        )
        if alert is None:
            raise NotFound
        if alert.version != version:
            raise Conflict
        if alert.acknowledged_at is not None:
            raise ValidationError({"alert": _("This alert was already acknowledged.")})
        alert.acknowledged_at, alert.acknowledged_by_id = timezone.now(), actor.user_id
        alert.version = F("version") + 1
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "version"])
        alert.refresh_from_db(fields=["version"])
        log_member_action(actor, "board.reappearance_alert_acknowledged", alert, ["acknowledged_at"])
    return alert
