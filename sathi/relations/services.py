"""Writes of the relations map, the life course and the safety check. Violence-history class throughout."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice, clean_text
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy, sealing, selectors
from sathi.people.vault import PersonVault
from sathi.places.models import SiteType
from sathi.relations.models import LifeEvent, LifeFactor, Relation, RelationQuality, SafetyCheck, SiteHistory
from sathi.relations.vocab import (
    HOUSEHOLDS,
    TOOK_PART,
    VIOLENCE,
    Attitude,
    Choice,
    Domain,
    EntryRole,
    EventKind,
    Factor,
    HerWish,
    Kind,
    Quality,
    SafetyFlag,
    Stigma,
    Suggestion,
)


def require_violence_class(actor: Membership) -> None:
    if not policy.decide(actor, policy.Kind.RELATION_MAP):
        raise Forbidden


def _person(actor: Membership, person_id):
    require_violence_class(actor)
    return selectors.person_get(actor=actor, person_id=person_id)


def _year(value, field: str, person) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int) or not 1900 <= value <= timezone.localdate().year:
        raise ValidationError({field: _("Give a year between 1900 and this year.")})
    if person.born_latest and value < person.born_earliest.year:
        raise ValidationError({field: _("This is before the person was born.")})
    return value


def relation_add(
    *,
    actor: Membership,
    person_id,
    domain: str,
    kind: str,
    name: str = "",
    other_id=None,
    entry_role: str = "",
    in_contact: bool | None = None,
    safe_to_contact: bool | None = None,
) -> Relation:
    """Someone in her life, with the part they played in her entry, if any."""
    person = _person(actor, person_id)
    domain = clean_choice(domain, Domain, field="domain")
    if not kind:
        raise ValidationError(
            {"kind": _("Say who this is to the person (mother, uncle, madam, customer...).")}
        )
    kind = clean_choice(kind, Kind, field="kind")
    entry_role = clean_choice(entry_role or "", EntryRole, field="entry_role")
    name = clean_text(name, field="name", max_length=120)
    other = None
    if other_id:
        other = selectors.person_get(actor=actor, person_id=other_id)
        if other.pk == person.pk:
            raise ValidationError({"other": _("A relation is with someone else.")})
    if other is None and not name:
        raise ValidationError({"name": _("Give a name, or choose a person in Sathi.")})
    with transaction.atomic():
        relation = Relation(
            person=person,
            other=other,
            domain=domain,
            kind=kind,
            entry_role=entry_role,
            in_contact=in_contact,
            safe_to_contact=safe_to_contact,
            recorded_by_id=actor.user_id,
        )
        if name:
            relation.name_sealed = PersonVault.open(person).seal(relation, "name", name)
        relation.save(force_insert=True)
        log_member_action(
            actor, "relation.added", relation, ["domain", "kind", "entry_role", *(["name"] if name else [])]
        )
    return relation


def _relation(actor: Membership, relation_id) -> Relation:
    require_violence_class(actor)
    relation = (
        Relation.objects.select_related("person").filter(pk=relation_id).first() if relation_id else None
    )
    if relation is None:
        raise NotFound
    selectors.person_get(actor=actor, person_id=relation.person_id)
    return relation


def quality_add(
    *, actor: Membership, relation_id, quality: str, from_year: int | None = None, to_year: int | None = None
) -> RelationQuality:
    relation = _relation(actor, relation_id)
    quality = clean_choice(quality, Quality, field="quality")
    from_year = _year(from_year, "from_year", relation.person)
    to_year = _year(to_year, "to_year", relation.person)
    if from_year and to_year and to_year < from_year:
        raise ValidationError({"to_year": _("A quality cannot end before it starts.")})
    with transaction.atomic():
        row = RelationQuality.objects.create(
            relation=relation, quality=quality, from_year=from_year, to_year=to_year
        )
        log_member_action(actor, "relation.quality_added", row, ["quality", "from_year", "to_year"])
    return row


def relation_same_as(*, actor: Membership, relation_id, same_as_id) -> Relation:
    """Say that this contact is the same person as another recorded contact. A cycle is refused."""
    relation = _relation(actor, relation_id)
    target = _relation(actor, same_as_id)
    with transaction.atomic():
        seen = {relation.pk}
        step = target
        while step is not None:
            if step.pk in seen:
                raise ValidationError(
                    {
                        "same_as": _(
                            "These links would go round in a circle. Link each contact "
                            "to the one first recorded."
                        )
                    }
                )
            seen.add(step.pk)
            step = Relation.objects.filter(pk=step.same_as_id).first() if step.same_as_id else None
        relation.same_as = target
        relation.save(update_fields=["same_as"])
        log_member_action(actor, "relation.same_as", relation, ["same_as"])
    return relation


def site_history_add(
    *,
    actor: Membership,
    person_id,
    site_type: str,
    with_madam_or_owner: bool = False,
    controls_earnings: bool = False,
    controls_movement: bool = False,
    violence: bool = False,
    from_year: int | None = None,
    to_year: int | None = None,
) -> SiteHistory:
    person = _person(actor, person_id)
    site_type = clean_choice(site_type, SiteType, field="site_type")
    from_year = _year(from_year, "from_year", person)
    to_year = _year(to_year, "to_year", person)
    if from_year and to_year and to_year < from_year:
        raise ValidationError({"to_year": _("This cannot end before it starts.")})
    with transaction.atomic():
        row = SiteHistory.objects.create(
            person=person,
            site_type=site_type,
            with_madam_or_owner=with_madam_or_owner,
            controls_earnings=controls_earnings,
            controls_movement=controls_movement,
            violence=violence,
            from_year=from_year,
            to_year=to_year,
            recorded_by_id=actor.user_id,
        )
        log_member_action(
            actor, "relation.site_added", row, ["site_type", "violence", "from_year", "to_year"]
        )
    return row


def life_event_add(
    *,
    actor: Membership,
    person_id,
    kind: str,
    year: int | None = None,
    age: int | None = None,
    note: str = "",
    relation_ids: list = (),
    factors: list[str] = (),
) -> LifeEvent:
    """An event of her life, dated by a year or by her age at the time, with the factors it shows."""
    person = _person(actor, person_id)
    kind = clean_choice(kind, EventKind, field="kind")
    year = _year(year, "year", person)
    if age is not None and not (isinstance(age, int) and 0 <= age <= 120):
        raise ValidationError({"age": _("An age must be between 0 and 120 years.")})
    if year is None and age is None:
        raise ValidationError({"year": _("Give the year, or the person's age at the time.")})
    note = clean_text(note, field="note", max_length=5000)
    factors = [clean_choice(f, Factor, field="factors") for f in dict.fromkeys(factors)]
    relations = list(Relation.objects.filter(person=person, pk__in=list(relation_ids)))
    if len(relations) != len(set(relation_ids)):
        raise ValidationError({"relations": _("Choose people from the person's own map.")})
    with transaction.atomic():
        event = LifeEvent(person=person, kind=kind, year=year, age=age, recorded_by_id=actor.user_id)
        if note:
            event.note_sealed = PersonVault.open(person).seal(event, "note", note)
        event.save(force_insert=True)
        event.relations.set(relations)
        for code in factors:
            factor, _created = LifeFactor.objects.get_or_create(
                person=person, factor=code, defaults={"recorded_by_id": actor.user_id}
            )
            factor.events.add(event)
        log_member_action(
            actor,
            "life.event_added",
            event,
            ["kind", "year", "age", "relations", "factors", *(["note"] if note else [])],
        )
    return event


# --- the safety check (a structured Home Inquiry Report) -------------------------------------------


def derive_flags(members: list[Relation], attitude: str, stigma: str, her_wish: str) -> list[str]:
    flags = []
    if any(m.entry_role in TOOK_PART for m in members):
        flags.append(SafetyFlag.TOOK_PART)
    if any(q.quality in VIOLENCE for m in members for q in m.qualities.all()):
        flags.append(SafetyFlag.VIOLENCE)
    if attitude == Attitude.REJECTING:
        flags.append(SafetyFlag.REJECTED)
    if stigma == Stigma.HIGH:
        flags.append(SafetyFlag.HIGH_STIGMA)
    if her_wish != HerWish.RETURN:
        flags.append(SafetyFlag.WISH_DIFFERS)
    return [str(f) for f in flags]


def suggest(flags: list[str]) -> str:
    """Someone in the household took part in her trafficking, or the family rejects her: not that home.
    Any other flag: a return only with work on the named relations. None: safe to return."""
    if SafetyFlag.TOOK_PART in flags or SafetyFlag.REJECTED in flags:
        return Suggestion.RESETTLE
    if flags:
        return Suggestion.RETURN_WITH_WORK
    return Suggestion.SAFE_TO_RETURN


def safety_check_record(
    *,
    actor: Membership,
    person_id,
    household: str,
    attitude: str,
    stigma: str,
    her_wish: str,
    economic: str = "",
    member_ids: list | None = None,
) -> SafetyCheck:
    """Members are pulled from her relations map (the household's domain) unless named."""
    person = _person(actor, person_id)
    household = clean_choice(household, Domain, field="household")
    if household not in HOUSEHOLDS:
        raise ValidationError({"household": _("Choose the natal or marital household.")})
    attitude = clean_choice(attitude, Attitude, field="attitude")
    stigma = clean_choice(stigma, Stigma, field="stigma")
    her_wish = clean_choice(her_wish, HerWish, field="her_wish")
    economic = clean_text(economic, field="economic", max_length=5000)
    members_qs = Relation.objects.filter(person=person).prefetch_related("qualities")
    members = list(
        members_qs.filter(pk__in=list(member_ids))
        if member_ids is not None
        else members_qs.filter(domain=household)
    )
    flags = derive_flags(members, attitude, stigma, her_wish)
    work_on = [
        str(m.pk)
        for m in members
        if m.entry_role in TOOK_PART
        or any(q.quality in VIOLENCE or q.quality == Quality.CONTROL for q in m.qualities.all())
    ]
    with transaction.atomic():
        check = SafetyCheck(
            person=person,
            household=household,
            attitude=attitude,
            stigma=stigma,
            her_wish=her_wish,
            flags=flags,
            work_on=work_on,
            suggestion=suggest(flags),
            checked_on=timezone.localdate(),
            recorded_by_id=actor.user_id,
        )
        if economic:
            check.economic_sealed = PersonVault.open(person).seal(check, "economic", economic)
        check.save(force_insert=True)
        check.members.set(members)
        log_member_action(
            actor, "safety_check.recorded", check, ["household", "attitude", "stigma", "her_wish", "members"]
        )
    return check


def safety_check_decide(
    *,
    actor: Membership,
    check_id,
    choice: str,
    plan: dict[str, str] | None = None,
) -> SafetyCheck:
    """A "return home" while any flag stands needs each flag named with what will be done about it."""
    require_violence_class(actor)
    check = SafetyCheck.objects.filter(pk=check_id).first() if check_id else None
    if check is None:
        raise NotFound
    selectors.person_get(actor=actor, person_id=check.person_id)
    choice = clean_choice(choice, Choice, field="choice")
    plan = {str(k): clean_text(v or "", field="plan", max_length=1000) for k, v in (plan or {}).items()}
    if choice == Choice.RETURN_HOME:
        missing = [flag for flag in check.flags if not plan.get(flag)]
        if missing:
            labels = ", ".join(str(SafetyFlag(flag).label) for flag in missing)
            raise ValidationError(
                {
                    "plan": _("Before a return home, say what will be done about: %(flags)s.")
                    % {"flags": labels}
                }
            )
    with transaction.atomic():
        words = {k: v for k, v in plan.items() if k in check.flags and v}
        check.choice, check.plan = choice, dict.fromkeys(words, True)
        check.plan_sealed = sealing.seal(
            check, "plan_sealed", json.dumps(words, ensure_ascii=False) if words else ""
        )
        check.save(update_fields=["choice", "plan", "plan_sealed"])
        log_member_action(actor, "safety_check.decided", check, ["choice", *(["plan"] if check.plan else [])])
    return check
