"""The rights of a person who crossed a border (issue 13, items 4-6; the EU framework's eight stages,
seed 002).

- Her wish to stay or return, dated and in her words, is shown beside every decision here.
- A reflection period in a safe place comes before any questioning: questioning recorded inside it raises a
  flag on her open cases.
- Residence is never conditional on testifying: a residence step with that condition is refused.
- Compensation is claimed, then awarded, then received: a date out of that order is refused.
- Repatriation only by her choice: a plan starts only with her informed consent in a language she speaks,
  her latest wish to return, a safety check of the household she would return to with every flag planned for
  (sathi.people.safety), and for a minor the Child Welfare Committee's order and a home inquiry in the
  country of return. Services continue whatever she decides: staying is a pathway like any other.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.care import services as care
from sathi.care.models import Case
from sathi.care.vocab import CaseStatus, FlagKind
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_choices, clean_text
from sathi.core.versions import bump_version
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy, safety, sealing
from sathi.people.models import Person
from sathi.people.policy import Kind, Verb
from sathi.people.services import locked_visible, require_visible
from sathi.people.vocab import AgeStatus, Language, Region
from sathi.relations.models import SafetyCheck
from sathi.relations.vocab import HOUSEHOLDS
from sathi.rights.models import (
    Compensation,
    Crossing,
    ProtectionRecord,
    RepatriationPlan,
    ResidenceStep,
    StageRecord,
    WishStatement,
)
from sathi.rights.vocab import (
    REFUSED_CONDITIONS,
    BorderWish,
    CompensationFrom,
    CompensationKind,
    Country,
    IdentifiedBy,
    MigrationStatus,
    Phase,
    PlanStatus,
    ProtectionMeasure,
    ResidenceCondition,
    ResidenceKind,
    ResidenceStatus,
    Stage,
    StageStatus,
    Threat,
)
from sathi.screening.vocab import Classification, LabourSector

UNSET = object()
FOREIGN_REGIONS = frozenset({Region.BANGLADESH, Region.NEPAL, Region.OTHER_COUNTRY})
# Whose consent is sought with more care: a minor, and an age that may be a minor's.
MAY_BE_MINOR = frozenset({AgeStatus.MINOR, AgeStatus.DISPUTED})


def _require(actor: Membership, person_id) -> None:
    """A role that never works with people is refused first; for anyone else she exists only if seen."""
    if not policy.decide(actor, Verb.WORK_ON_CASE) or not policy.decide(actor, Kind.CROSSING):
        raise Forbidden
    require_visible(actor, person_id)


def screened_as_smuggled(person: Person) -> bool:
    """Her screening says "smuggled" (a board's decision, or Sathi's suggestion before one)."""
    for screening in person.screenings.select_related("decision").order_by("-screened_on")[:5]:
        decision = getattr(screening, "decision", None)
        if decision is not None:
            if decision.classification == Classification.SMUGGLED:
                return True
        elif Classification.SMUGGLED in {s.get("classification") for s in screening.suggestions or []}:
            return True
    return False


def crossed_a_border(person: Person) -> bool:
    """Whether the border rights apply: her country of origin is not India, she was moved across a border, or
    her screening says she was smuggled (smuggling is not trafficking, and she has every right here)."""
    crossing = Crossing.objects.filter(person=person).first()
    if crossing is not None and (
        crossing.moved_across_border or crossing.country_of_origin not in ("", Country.INDIA)
    ):
        return True
    return person.origin_state in FOREIGN_REGIONS or screened_as_smuggled(person)


def _past(day: date | None, field: str) -> date | None:
    if day is not None and day > dates.today():
        raise ValidationError({field: _("This date is in the future.")})
    return day


def crossing_save(
    *,
    actor: Membership,
    person_id,
    version: int | None = None,
    nationality: str = "",
    country_of_origin: str = "",
    moved_across_border: bool = False,
    migration_status: str = MigrationStatus.NOT_KNOWN,
    identified_by: str = "",
    labour_sector: str = "",
    reflection_from: date | None = None,
    reflection_until: date | None = None,
    first_questioned_on: date | None = None,
) -> Crossing:
    """Her border record, created or changed (`version` for a change). Questioning inside the reflection
    period raises a flag on her open cases."""
    _require(actor, person_id)
    nationality = clean_choice(nationality, Country, field="nationality")
    country_of_origin = clean_choice(country_of_origin, Country, field="country_of_origin")
    migration_status = clean_choice(migration_status, MigrationStatus, field="migration_status")
    identified_by = clean_choice(identified_by, IdentifiedBy, field="identified_by") if identified_by else ""
    labour_sector = clean_choice(labour_sector, LabourSector, field="labour_sector") if labour_sector else ""
    _past(reflection_from, "reflection_from")
    _past(first_questioned_on, "first_questioned_on")
    if reflection_from and reflection_until and reflection_until < reflection_from:
        raise ValidationError({"reflection_until": _("The reflection period ends before it begins.")})
    if reflection_until and not reflection_from:
        raise ValidationError({"reflection_from": _("Give the day the reflection period began.")})
    with transaction.atomic():
        person = locked_visible(actor, person_id, None)
        crossing = Crossing.objects.select_for_update().filter(person=person).first()
        if crossing is not None and version != crossing.version:
            raise Conflict
        crossing = crossing or Crossing(person=person)
        fields = {
            "nationality": nationality,
            "country_of_origin": country_of_origin,
            "moved_across_border": bool(moved_across_border),
            "migration_status": migration_status,
            "identified_by": identified_by,
            "labour_sector": labour_sector,
            "reflection_from": reflection_from,
            "reflection_until": reflection_until,
            "first_questioned_on": first_questioned_on,
        }
        for name, value in fields.items():
            setattr(crossing, name, value)
        if not crossed_a_border(person) and not (
            crossing.moved_across_border or crossing.country_of_origin not in ("", Country.INDIA)
        ):
            raise ValidationError(
                {
                    "country_of_origin": _(
                        "This record is for a person whose country of origin is not India or who was moved "
                        "across a border."
                    )
                }
            )
        crossing.version = crossing.version + 1 if crossing.pk else 1
        crossing.full_clean(exclude=["person"])
        crossing.save()
        log_member_action(actor, "crossing.saved", crossing, list(fields))
        if crossing.questioned_in_reflection:
            for case_id in (
                Case.objects.filter(person=person)
                .exclude(status=CaseStatus.CLOSED)
                .values_list("pk", flat=True)
            ):
                care.flag_raise_by_rule(actor=actor, case_id=case_id, kind=FlagKind.QUESTIONED_IN_REFLECTION)
    return crossing


def crossing_for(actor: Membership, person_id, *, lock: bool = False) -> Crossing:
    _require(actor, person_id)
    rows = Crossing.objects.select_related("person").filter(person_id=person_id)
    crossing = (rows.select_for_update() if lock else rows).first()
    if crossing is None:
        raise ValidationError({"__all__": _("Record the border crossing first.")})
    return crossing


def _dated(on: date | None, field: str = "on", message: str = "") -> date:
    if on is None:
        raise ValidationError({field: message or _("Give the date.")})
    return _past(on, field)


@contextmanager
def _adding_to(actor: Membership, person_id):
    """Add a row to her border record: the record locked while the row is written, and its version counted
    after (a page open on it sees the change), in one transaction."""
    with transaction.atomic():
        crossing = crossing_for(actor, person_id, lock=True)
        yield crossing
        bump_version(crossing)


def wish_record(
    *, actor: Membership, person_id, wish: str, stated_on: date, words: str = ""
) -> WishStatement:
    """Her wish about staying or returning, in her words. It is never overwritten: each is dated."""
    _require(actor, person_id)
    wish = clean_choice(wish, BorderWish, field="wish")
    words = clean_text(words, field="words", max_length=1000)
    stated_on = _dated(stated_on, "stated_on", _("Give the date they said it."))
    with _adding_to(actor, person_id) as crossing:
        row = WishStatement.objects.create(
            crossing=crossing, wish=wish, stated_on=stated_on, recorded_by_id=actor.user_id
        )
        sealing.seal_into(row, words=words)
        audited = ["wish", "stated_on", *(["words"] if words else [])]
        log_member_action(actor, "crossing.wish_recorded", row, audited)
    return row


def latest_wish(crossing: Crossing) -> WishStatement | None:
    return crossing.wishes.order_by("-stated_on", "-recorded_at").first()


def stage_record(
    *, actor: Membership, person_id, stage: str, status: str, on: date, note: str = ""
) -> StageRecord:
    _require(actor, person_id)
    stage = clean_choice(stage, Stage, field="stage")
    status = clean_choice(status, StageStatus, field="status")
    note = clean_text(note, field="note", max_length=1000)
    on = _dated(on)
    with _adding_to(actor, person_id) as crossing:
        row = StageRecord.objects.create(
            crossing=crossing, stage=stage, status=status, on=on, recorded_by_id=actor.user_id
        )
        sealing.seal_into(row, note=note)
        audited = ["stage", "status", "on", *(["note"] if note else [])]
        log_member_action(actor, "crossing.stage_recorded", row, audited)
    return row


def protection_record(
    *, actor: Membership, person_id, phase: str, threat: str, measures: list[str] = (), on: date
) -> ProtectionRecord:
    _require(actor, person_id)
    phase = clean_choice(phase, Phase, field="phase")
    threat = clean_choice(threat, Threat, field="threat")
    measures = clean_choices(measures, ProtectionMeasure, field="measures")
    on = _dated(on)
    with _adding_to(actor, person_id) as crossing:
        row = ProtectionRecord.objects.create(
            crossing=crossing,
            phase=phase,
            threat=threat,
            measures=measures,
            on=on,
            recorded_by_id=actor.user_id,
        )
        log_member_action(actor, "crossing.protection_recorded", row, ["phase", "threat", "measures", "on"])
    return row


def residence_step_add(
    *, actor: Membership, person_id, kind: str, status: str, on: date, conditions: list[str] = ()
) -> ResidenceStep:
    """A step toward staying. Refused when it is conditional on testifying: residence must never depend on
    being a witness (EU framework, residence regimes, seed 002)."""
    _require(actor, person_id)
    kind = clean_choice(kind, ResidenceKind, field="kind")
    status = clean_choice(status, ResidenceStatus, field="status")
    conditions = clean_choices(conditions, ResidenceCondition, field="conditions")
    if REFUSED_CONDITIONS & set(conditions):
        raise ValidationError(
            {
                "conditions": _(
                    "Residence may never depend on testifying as a witness. Nothing was saved: record the "
                    "step without that condition, and challenge the condition with the authority."
                )
            }
        )
    on = _dated(on)
    with _adding_to(actor, person_id) as crossing:
        row = ResidenceStep.objects.create(
            crossing=crossing,
            kind=kind,
            status=status,
            conditions=conditions,
            on=on,
            recorded_by_id=actor.user_id,
        )
        log_member_action(actor, "crossing.residence_recorded", row, ["kind", "status", "conditions", "on"])
    return row


def _compensation_dates(row: Compensation) -> None:
    for field in ("claimed_on", "awarded_on", "received_on"):
        _past(getattr(row, field), field)
    if row.awarded_on and row.awarded_on < row.claimed_on:
        raise ValidationError({"awarded_on": _("It cannot be awarded before it was claimed.")})
    if row.received_on and not row.awarded_on:
        raise ValidationError(
            {"received_on": _("It cannot be received before it was awarded: give the award first.")}
        )
    if row.received_on and row.awarded_on and row.received_on < row.awarded_on:
        raise ValidationError({"received_on": _("It cannot be received before it was awarded.")})
    for field in ("amount_claimed", "amount_awarded", "amount_received"):
        value = getattr(row, field)
        if value is not None and not 0 <= value <= 1_000_000_000:
            raise ValidationError({field: _("Give the amount in rupees.")})


def compensation_record(
    *,
    actor: Membership,
    person_id,
    kind: str,
    payer: str,
    claimed_on: date,
    amount_claimed: int | None = None,
    awarded_on: date | None = None,
    amount_awarded: int | None = None,
    received_on: date | None = None,
    amount_received: int | None = None,
) -> Compensation:
    _require(actor, person_id)
    if claimed_on is None:
        raise ValidationError({"claimed_on": _("Give the date it was claimed.")})
    row = Compensation(
        kind=clean_choice(kind, CompensationKind, field="kind"),
        payer=clean_choice(payer, CompensationFrom, field="payer"),
        claimed_on=claimed_on,
        amount_claimed=amount_claimed,
        awarded_on=awarded_on,
        amount_awarded=amount_awarded,
        received_on=received_on,
        amount_received=amount_received,
        recorded_by_id=actor.user_id,
    )
    _compensation_dates(row)
    with _adding_to(actor, person_id) as crossing:
        row.crossing = crossing
        row.save()
        log_member_action(
            actor, "crossing.compensation_recorded", row, ["kind", "payer", "claimed_on", "amounts"]
        )
    return row


def compensation_update(
    *,
    actor: Membership,
    compensation_id: int,
    version: int,
    awarded_on=UNSET,
    amount_awarded=UNSET,
    received_on=UNSET,
    amount_received=UNSET,
) -> Compensation:
    with transaction.atomic():
        row = (
            Compensation.objects.select_for_update()
            .select_related("crossing")
            .filter(pk=compensation_id)
            .first()
        )
        if row is None:
            raise NotFound
        _require(actor, row.crossing.person_id)
        if row.version != version:
            raise Conflict
        changed = []
        for name, value in (
            ("awarded_on", awarded_on),
            ("amount_awarded", amount_awarded),
            ("received_on", received_on),
            ("amount_received", amount_received),
        ):
            if value is not UNSET:
                setattr(row, name, value)
                changed.append(name)
        _compensation_dates(row)
        row.version += 1
        row.save()
        log_member_action(actor, "crossing.compensation_updated", row, changed)
    return row


def repatriation_plan(
    *,
    actor: Membership,
    person_id,
    destination: str,
    household: str,
    consent_given: bool = False,
    consent_informed: bool = False,
    consent_language: str = "",
    consent_on: date | None = None,
    safety_check_id=None,
    cwc_order_on: date | None = None,
    home_inquiry_on: date | None = None,
) -> RepatriationPlan:
    """A plan, prepared with what is known; it starts only through `repatriation_start`."""
    _require(actor, person_id)
    destination = clean_choice(destination, Country, field="destination")
    if destination in ("", Country.INDIA, Country.STATELESS):
        raise ValidationError({"destination": _("Choose the country of return.")})
    if household not in HOUSEHOLDS:
        raise ValidationError({"household": _("Choose the household the person would return to.")})
    for field, day in (
        ("consent_on", consent_on),
        ("cwc_order_on", cwc_order_on),
        ("home_inquiry_on", home_inquiry_on),
    ):
        _past(day, field)
    with transaction.atomic():
        crossing = crossing_for(actor, person_id, lock=True)
        person = crossing.person
        if consent_language:
            clean_choice(consent_language, Language, field="consent_language")
        if consent_language and consent_language not in (person.languages or []):
            raise ValidationError(
                {"consent_language": _("Explain it in a language the person speaks (see their languages).")}
            )
        check = None
        if safety_check_id:
            check = SafetyCheck.objects.filter(pk=safety_check_id, person=person).first()
            if check is None:
                raise ValidationError({"safety_check": _("Choose one of the person's safety checks.")})
        plan = RepatriationPlan.objects.create(
            crossing=crossing,
            destination=destination,
            household=household,
            consent_given=bool(consent_given),
            consent_informed=bool(consent_informed),
            consent_language=consent_language,
            consent_on=consent_on,
            safety_check=check,
            cwc_order_on=cwc_order_on,
            home_inquiry_on=home_inquiry_on,
            recorded_by_id=actor.user_id,
        )
        bump_version(crossing)
        log_member_action(
            actor,
            "repatriation.planned",
            plan,
            ["destination", "household", "consent", "safety_check", "cwc_order"],
        )
    return plan


def repatriation_gaps(plan: RepatriationPlan, actor: Membership | None = None) -> list[str]:
    """What a plan still lacks before it may start, in words; empty when it may."""
    person, gaps = plan.crossing.person, []
    wish = latest_wish(plan.crossing)
    if wish is None or wish.wish != BorderWish.RETURN:
        gaps.append(
            _("The person's latest stated wish is not to return: repatriation is only by their choice.")
        )
    if not (plan.consent_given and plan.consent_informed and plan.consent_on):
        gaps.append(_("The person's informed consent, with its date, is not recorded."))
    if not plan.consent_language or plan.consent_language not in (person.languages or []):
        gaps.append(_("The consent was not explained in a language the person speaks."))
    if plan.safety_check is None or plan.safety_check.household != plan.household:
        gaps.append(_("No risk assessment of the household and community of return (the safety check)."))
    elif safety.home_refusal(person, plan.household):
        gaps.append(_("The safety check of the household of return has flags without a plan."))
    if person.age_status in MAY_BE_MINOR:
        if plan.cwc_order_on is None:
            gaps.append(_("A minor (or a disputed age): the Child Welfare Committee's order is needed."))
        if plan.home_inquiry_on is None:
            gaps.append(_("A minor (or a disputed age): a home inquiry in the country of return is needed."))
    return gaps


def repatriation_start(
    *, actor: Membership, plan_id, version: int, started_on: date | None = None
) -> RepatriationPlan:
    """Start a return. Refused, nothing saved, while any gate is missing (repatriation_gaps)."""
    with transaction.atomic():
        plan = (
            RepatriationPlan.objects.select_for_update(of=("self",))
            .select_related("crossing__person", "safety_check")
            .filter(pk=plan_id)
            .first()
        )
        if plan is None:
            raise NotFound
        _require(actor, plan.crossing.person_id)
        if plan.version != version:
            raise Conflict
        if plan.status != PlanStatus.DRAFT:
            raise ValidationError({"__all__": _("This plan was already started or cancelled.")})
        gaps = repatriation_gaps(plan, actor)
        if gaps:
            raise ValidationError({"__all__": [_("The return cannot start."), *gaps]})
        plan.status, plan.started_on = PlanStatus.STARTED, started_on or dates.today()
        _past(plan.started_on, "started_on")
        plan.version += 1
        plan.save()
        log_member_action(actor, "repatriation.started", plan, ["status", "started_on"])
    return plan
