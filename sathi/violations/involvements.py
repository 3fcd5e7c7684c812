"""The people an incident touched: the affected (her own account sealed with her key), the perpetrators,
and her outcomes over time. Violence-history class throughout."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice, clean_choices, clean_text
from sathi.core.versions import bump_version
from sathi.lib import agerange
from sathi.lib.errors import Conflict, NotFound
from sathi.people import sealing
from sathi.people import selectors as people_selectors
from sathi.people.vault import PersonVault
from sathi.people.vocab import Gender
from sathi.violations.models import (
    AffectedPerson,
    Incident,
    Outcome,
    Perpetrator,
)
from sathi.violations.services import (
    MAX_TEXT,
    UNSET,
    as_uuid,
    child_for,
    clean_count,
    clean_day,
    clean_yes_no,
    incident_for,
    require_documenter,
    require_violence_class,
    seal_for_organisation,
)
from sathi.violations.vocab import (
    BAND_FROM,
    OFFICIALS,
    Act,
    AgeBand,
    Consequence,
    Degree,
    IncidentType,
    OutcomeKind,
    OwnDecision,
    PerpetratorType,
    Undertaking,
)


def age_band_for(person, on: date) -> str:
    """Her age band on a day, from her age record; unknown when the range spans two bands (a dispute)."""
    if person.born_earliest is None or person.born_latest is None:
        return AgeBand.UNKNOWN
    youngest = agerange.completed_years(person.born_latest, on)
    oldest = agerange.completed_years(person.born_earliest, on)
    bands = {next(band for floor, band in BAND_FROM if age >= floor) for age in (youngest, oldest)}
    return bands.pop() if len(bands) == 1 else AgeBand.UNKNOWN


def _clean_acts(acts, consequences) -> tuple[list[str], list[str]]:
    return (
        clean_choices(acts, Act, field="acts"),
        clean_choices(consequences, Consequence, field="consequences"),
    )


def _seal_account(actor: Membership, affected: AffectedPerson, text: str) -> bytes:
    """Hers under her own key when she is a person in Sathi; the organisation's for an anonymous record."""
    if affected.person_id:
        return PersonVault.open(affected.person).seal(affected, "account", text)
    return seal_for_organisation(actor.organisation_id, affected, "account", text)


def affected_add(
    *,
    actor: Membership,
    incident_id,
    person_id=None,
    gender: str = "",
    age_band: str = "",
    acts: list[str] = (),
    consequences: list[str] = (),
    own_decision: str = OwnDecision.NOT_ASKED,
    undertaking: str = Undertaking.NOT_KNOWN,
    account: str = "",
) -> AffectedPerson:
    """A person affected: a person in Sathi the actor may see, or (no person_id) an anonymous record with an
    age band and gender and no name, when she does not want a record. She was picked up when "picked up" is
    among the acts. Whether she is in sex work by her own decision is her answer, never inferred.
    A peer worker may add people to the incidents she recorded."""
    require_documenter(actor)
    incident_for(actor, incident_id)  # access before validation: others learn nothing
    person = people_selectors.person_get(actor=actor, person_id=person_id) if person_id else None
    gender = clean_choice(gender or (person.gender if person else Gender.UNDISCLOSED), Gender, field="gender")
    if age_band:
        age_band = clean_choice(age_band, AgeBand, field="age_band")
    acts, consequences = _clean_acts(acts, consequences)
    own_decision = clean_choice(own_decision, OwnDecision, field="own_decision")
    undertaking = clean_choice(undertaking, Undertaking, field="undertaking")
    account = clean_text(account, field="account", max_length=MAX_TEXT)
    with transaction.atomic():
        incident = incident_for(actor, incident_id, lock=True)
        affected = AffectedPerson(
            incident=incident,
            person=person,
            gender=gender,
            age_band=age_band or (age_band_for(person, incident.start_date) if person else AgeBand.UNKNOWN),
            picked_up=Act.PICKED_UP in acts,
            acts=acts,
            consequences=consequences,
            own_decision=own_decision,
            undertaking=undertaking,
            recorded_by_id=actor.user_id,
        )
        if account:
            affected.account_sealed = _seal_account(actor, affected, account)
        try:
            with transaction.atomic():
                affected.save(force_insert=True)
        except IntegrityError as exc:
            raise ValidationError({"person": _("This person is already recorded in this incident.")}) from exc
        bump_version(incident)
        log_member_action(
            actor,
            "incident.affected_added",
            affected,
            [
                *(["person"] if person else []),
                "gender",
                "age_band",
                "acts",
                "consequences",
                "own_decision",
                "undertaking",
                *(["account"] if account else []),
            ],
        )
    return affected


def affected_for(actor: Membership, affected_id, *, lock: bool = False) -> tuple[AffectedPerson, Incident]:
    """The affected person's row and its incident, if the actor may see the incident (and her, when she is a
    person in Sathi); NotFound otherwise."""
    require_violence_class(actor)
    queryset = AffectedPerson.objects.select_related("person").filter(pk=as_uuid(affected_id))
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    affected = queryset.first()
    if affected is None:
        raise NotFound
    incident = incident_for(actor, affected.incident_id, lock=lock)
    if affected.person_id:
        people_selectors.person_get(actor=actor, person_id=affected.person_id)
    return affected, incident


def affected_update(
    *,
    actor: Membership,
    affected_id,
    version: int,
    age_band=UNSET,
    acts=UNSET,
    consequences=UNSET,
    own_decision=UNSET,
    undertaking=UNSET,
    account=UNSET,
) -> AffectedPerson:
    affected_for(actor, affected_id)  # access before validation: others learn nothing
    with transaction.atomic():
        affected, incident = affected_for(actor, affected_id, lock=True)
        if affected.version != version:
            raise Conflict
        changed = []
        if age_band is not UNSET:
            affected.age_band = clean_choice(age_band, AgeBand, field="age_band")
            changed.append("age_band")
        if acts is not UNSET:
            affected.acts = clean_choices(acts, Act, field="acts")
            affected.picked_up = Act.PICKED_UP in affected.acts
            changed.append("acts")
            if not affected.picked_up and affected.outcomes.exists():
                raise ValidationError(
                    {
                        "acts": _(
                            "Outcomes are recorded for a person picked up. Keep 'picked up' among the acts."
                        )
                    }
                )
        if consequences is not UNSET:
            affected.consequences = clean_choices(consequences, Consequence, field="consequences")
            changed.append("consequences")
        if own_decision is not UNSET:
            affected.own_decision = clean_choice(own_decision, OwnDecision, field="own_decision")
            changed.append("own_decision")
        if undertaking is not UNSET:
            affected.undertaking = clean_choice(undertaking, Undertaking, field="undertaking")
            changed.append("undertaking")
        if account is not UNSET:
            text = clean_text(account, field="account", max_length=MAX_TEXT)
            affected.account_sealed = _seal_account(actor, affected, text) if text else None
            changed.append("account")
        affected.version += 1
        affected.save()
        bump_version(incident)
        log_member_action(actor, "incident.affected_updated", affected, changed)
    return affected


def perpetrator_add(
    *,
    actor: Membership,
    incident_id,
    perpetrator_type: str,
    degree: str = Degree.NOT_KNOWN,
    office: str = "",
    station: str = "",
    number: int = 1,
    note: str = "",
) -> Perpetrator:
    """Who did it, and how far. Officials (police and other officials) are recorded by office and station,
    never as persons: no perpetrator is ever a person in the register, or findable in its search."""
    require_violence_class(actor)
    incident_for(actor, incident_id)  # access before validation: others learn nothing
    perpetrator_type = clean_choice(perpetrator_type, PerpetratorType, field="perpetrator_type")
    degree = clean_choice(degree, Degree, field="degree")
    office = clean_text(office, field="office", max_length=120)
    station = clean_text(station, field="station", max_length=120)
    if perpetrator_type in OFFICIALS and not (office or station):
        raise ValidationError(
            {"station": _("Give the office or the station: officials are recorded by office, not by name.")}
        )
    if perpetrator_type not in OFFICIALS and (office or station):
        raise ValidationError({"office": _("Office and station are recorded for officials only.")})
    number = clean_count(number, "number", required=True, maximum=1000)
    if number < 1:
        raise ValidationError({"number": _("At least one.")})
    note = clean_text(note, field="note", max_length=MAX_TEXT)
    with transaction.atomic():
        incident = incident_for(actor, incident_id, lock=True)
        perpetrator = Perpetrator(
            incident=incident,
            perpetrator_type=perpetrator_type,
            degree=degree,
            number=number,
            recorded_by_id=actor.user_id,
        )
        if note:
            perpetrator.note_sealed = seal_for_organisation(actor.organisation_id, perpetrator, "note", note)
        perpetrator.office_sealed = sealing.seal(perpetrator, "office_sealed", office)
        perpetrator.station_sealed = sealing.seal(perpetrator, "station_sealed", station)
        perpetrator.full_clean(exclude=["note_sealed", "office_sealed", "station_sealed"])
        perpetrator.save(force_insert=True)
        bump_version(incident)
        log_member_action(
            actor,
            "incident.perpetrator_added",
            perpetrator,
            ["perpetrator_type", "degree", "office", "station", "number", *(["note"] if note else [])],
        )
    return perpetrator


def outcome_record(
    *,
    actor: Membership,
    affected_id,
    kind: str,
    on: date,
    until: date | None = None,
    against_her_wish: bool | None = None,
    later_incident_id=None,
) -> Outcome:
    """What became of a person picked up in a raid, dated: released; held in a shelter (until when, against
    her wish or not); returned to sex work by her choice; raided again. Neutral facts, never a verdict."""
    affected_for(actor, affected_id)  # access before validation: others learn nothing
    kind = clean_choice(kind, OutcomeKind, field="kind")
    on = clean_day(on, "on")
    if kind != OutcomeKind.SHELTER and (until is not None or against_her_wish is not None):
        raise ValidationError(
            {"until": _("An end date and the person's wish are recorded for a shelter stay only.")}
        )
    if until is not None:
        until = clean_day(until, "until")
        if until < on:
            raise ValidationError({"until": _("A stay cannot end before it began.")})
    against_her_wish = clean_yes_no(against_her_wish, "against_her_wish")
    later = None
    if later_incident_id:
        if kind != OutcomeKind.RAIDED_AGAIN:
            raise ValidationError({"later_incident": _("A later raid goes with 'raided again' only.")})
        later = incident_for(actor, later_incident_id)
    with transaction.atomic():
        affected, incident = affected_for(actor, affected_id, lock=True)
        if incident.incident_type != IncidentType.RAID or not affected.picked_up:
            raise ValidationError({"affected": _("Outcomes are recorded for persons picked up in a raid.")})
        if on < incident.start_date:
            raise ValidationError({"on": _("This is before the raid.")})
        if later is not None and (
            later.incident_type != IncidentType.RAID or later.start_date <= incident.start_date
        ):
            raise ValidationError({"later_incident": _("Choose a raid that came after this one.")})
        try:
            with transaction.atomic():
                outcome = Outcome.objects.create(
                    affected=affected,
                    kind=kind,
                    on=on,
                    until=until,
                    against_her_wish=against_her_wish,
                    later_incident=later,
                    recorded_by_id=actor.user_id,
                )
        except IntegrityError as exc:
            raise ValidationError({"kind": _("The release from this raid is already recorded.")}) from exc
        bump_version(incident)
        log_member_action(
            actor,
            "outcome.recorded",
            outcome,
            ["kind", "on", *(["until", "against_her_wish"] if kind == OutcomeKind.SHELTER else [])],
        )
    return outcome


def outcome_end(*, actor: Membership, outcome_id: int, until: date) -> Outcome:
    """She left the shelter: the stay gets its end date."""
    outcome = child_for(actor, Outcome, outcome_id)
    affected_for(actor, outcome.affected_id)  # access before validation: others learn nothing
    until = clean_day(until, "until")
    with transaction.atomic():
        affected, incident = affected_for(actor, outcome.affected_id, lock=True)
        outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
        if outcome.kind != OutcomeKind.SHELTER:
            raise ValidationError({"until": _("Only a shelter stay has an end date.")})
        if outcome.until is not None:
            raise ValidationError({"until": _("The end of this stay is already recorded.")})
        if until < outcome.on:
            raise ValidationError({"until": _("A stay cannot end before it began.")})
        outcome.until = until
        outcome.save(update_fields=["until"])
        bump_version(incident)
        log_member_action(actor, "outcome.ended", outcome, ["until"])
    return outcome
