"""Writes about a person. Each service checks access, validates, writes in one transaction and audits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.accounts.models import Membership
from sathi.audit.services import log_action
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_choices, clean_text
from sathi.core.versions import bump_version
from sathi.lib import agerange, crypto, pseudocode
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import namesearch, policy, sealing
from sathi.people.models import AgeEvidence, Assignment, Person, PersonKey, PersonName
from sathi.people.policy import FieldClass, Verb
from sathi.people.vault import PersonVault
from sathi.people.vocab import (
    AgeEvidenceKind,
    DocumentHeld,
    Gender,
    Language,
    NameKind,
    Region,
)

MAX_NAME_LENGTH = 120
MAX_NAMES = 12
MAX_LOCATION_LENGTH = 500

NAME_INDEX = "name"
NAME_YEAR_INDEX = "name-year"
PHONE_INDEX = "phone"


class PossibleDuplicate(Exception):
    """Registration matched someone already held; the caller must confirm before going on."""

    def __init__(self, matches: list[Person], hidden: int):
        super().__init__("possible duplicate")
        self.matches = matches  # those the actor may see
        self.hidden = hidden  # how many more matched that the actor may not see


# --- validation helpers ------------------------------------------------------------------------


def clean_phone(value: str) -> str:
    text = clean_text(value or "", field="phone", max_length=30, multiline=False)
    if not text:
        return ""
    if any(not (ch.isdigit() or ch in "+-() ") for ch in text):
        raise ValidationError({"phone": _("A phone number has only digits, spaces and +.")})
    digits = crypto.normalise_phone(text)
    if not 8 <= len(digits) <= 13:
        raise ValidationError({"phone": _("This does not look like a phone number.")})
    return text


def clean_names(names: list[str], aliases: list[str]) -> list[tuple[str, str]]:
    cleaned: list[tuple[str, str]] = []
    for kind, values in ((NameKind.NAME, names), (NameKind.ALIAS, aliases)):
        for value in values or []:
            text = clean_text(value, field="names", max_length=MAX_NAME_LENGTH)
            if text:
                cleaned.append((kind, text))
    if not cleaned:
        raise ValidationError({"names": _("Give at least one name or work name.")})
    if len(cleaned) > MAX_NAMES:
        raise ValidationError({"names": _("Too many names: at most %(max)d.") % {"max": MAX_NAMES}})
    return cleaned


# --- indexes ------------------------------------------------------------------------------------


def _name_index(org_id: int, name: str) -> str:
    return keys.blind_index(org_id, NAME_INDEX, crypto.normalise_name(name))


def _name_year_index(org_id: int, name: str, year: int) -> str:
    return keys.blind_index(org_id, NAME_YEAR_INDEX, f"{crypto.normalise_name(name)}|{year}")


def _phone_index(org_id: int, phone: str) -> str:
    return keys.blind_index(org_id, PHONE_INDEX, crypto.normalise_phone(phone)) if phone else ""


def _birth_years(stated_age: int | None, stated_dob: date | None, as_of: date) -> list[int]:
    if stated_dob:
        return [stated_dob.year]
    if stated_age is not None:
        return [as_of.year - stated_age - 1, as_of.year - stated_age]
    return []


def possible_duplicates(
    *, actor: Membership, names: list[str], phone: str, birth_years: list[int]
) -> tuple[list[Person], int]:
    """People already held with the same phone, or the same name and birth year (by blind index).

    Only real names count with a birth year: work names are shared by many ("Pinky", "Sweety"), so a work
    name and a year says little about being the same person. The candidates stay in the database.
    """
    org_id = actor.organisation_id
    parts = []
    if phone:
        parts.append(
            Person.objects.filter(organisation_id=org_id, phone_index=_phone_index(org_id, phone))
            .values("pk")
            .order_by()
        )
    year_indexes = [_name_year_index(org_id, n, y) for n in names for y in birth_years]
    if year_indexes:
        parts.append(
            PersonName.objects.filter(
                person__organisation_id=org_id, kind=NameKind.NAME, name_year_index__in=year_indexes
            )
            .values("person_id")
            .order_by()
        )
    if not parts:
        return [], 0
    candidates = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    total = Person.objects.filter(pk__in=candidates).count()
    if not total:
        return [], 0
    visible = list(policy.visible_people(actor, Person.objects.filter(pk__in=candidates))[:20])
    return visible, total - len(visible)


# --- registration and edits -------------------------------------------------------------------


@dataclass(frozen=True)
class StatedAge:
    age_years: int | None = None
    date_of_birth: date | None = None


def _validate_stated_age(stated: StatedAge | None, today: date) -> StatedAge | None:
    if stated is None or (stated.age_years is None and stated.date_of_birth is None):
        return None
    if stated.age_years is not None and not 0 <= stated.age_years <= 120:
        raise ValidationError({"age_years": _("An age must be between 0 and 120 years.")})
    if stated.date_of_birth is not None:
        if stated.date_of_birth > today:
            raise ValidationError({"date_of_birth": _("A date of birth cannot be in the future.")})
        if stated.date_of_birth < agerange.add_years(today, -120):
            raise ValidationError({"date_of_birth": _("This date of birth is more than 120 years ago.")})
    return stated


def _new_code(org_id: int) -> str:
    for _attempt in range(20):
        code = pseudocode.new_code()
        if not Person.objects.filter(organisation_id=org_id, code=code).exists():
            return code
    raise RuntimeError("could not find a free person code")


def person_register(
    *,
    actor: Membership,
    names: list[str],
    aliases: list[str] = (),
    phone: str = "",
    gender: str = Gender.UNDISCLOSED,
    languages: list[str] = (),
    origin_state: str = "",
    origin_district: str = "",
    current_location: str = "",
    documents_held: list[str] = (),
    stated: StatedAge | None = None,
    confirm_duplicates: bool = False,
) -> Person:
    """Register a person, sealing her identity and location under her own new key."""
    if not policy.decide(actor, Verb.REGISTER):
        raise Forbidden
    today = dates.today()
    name_rows = clean_names(list(names), list(aliases))
    phone = clean_phone(phone)
    gender = clean_choice(gender, Gender, field="gender")
    languages = clean_choices(languages, Language, field="languages")
    origin_state = clean_choice(origin_state, Region, field="origin_state")
    origin_district = clean_text(origin_district, field="origin_district", max_length=80)
    current_location = clean_text(current_location, field="current_location", max_length=MAX_LOCATION_LENGTH)
    documents_held = clean_choices(documents_held, DocumentHeld, field="documents_held")
    stated = _validate_stated_age(stated, today)
    org_id = actor.organisation_id
    years = _birth_years(
        stated.age_years if stated else None, stated.date_of_birth if stated else None, today
    )

    if not confirm_duplicates:
        matches, hidden = possible_duplicates(
            actor=actor, names=[n for k, n in name_rows if k == NameKind.NAME], phone=phone, birth_years=years
        )
        if matches or hidden:
            raise PossibleDuplicate(matches, hidden)

    with transaction.atomic():
        person = Person(
            organisation_id=org_id,
            code=_new_code(org_id),
            gender=gender,
            languages=languages,
            origin_state=origin_state,
            origin_district=origin_district,
            documents_held=documents_held,
            phone_index=_phone_index(org_id, phone),
        )
        vault, wrapped = PersonVault.create(person)
        person.phone_sealed = vault.seal(person, "phone", phone) if phone else None
        person.location_sealed = (
            vault.seal(person, "location", current_location) if current_location else None
        )
        person.full_clean()
        person.save(force_insert=True)
        PersonKey.objects.create(person=person, wrapped=wrapped)
        _write_names(vault, person, name_rows, years)
        Assignment.objects.create(person=person, user_id=actor.user_id)
        fields = ["names", "gender", "languages", "origin_state", "origin_district", "documents_held"]
        fields += ["phone"] if phone else []
        fields += ["current_location"] if current_location else []
        log_action(
            actor=actor.user_id, organisation=org_id, action="person.registered", target=person, fields=fields
        )
        if stated:
            _age_evidence_insert(
                actor=actor,
                person=person,
                kind=AgeEvidenceKind.SELF_STATED,
                as_of=today,
                date_of_birth=stated.date_of_birth,
                age_years=None if stated.date_of_birth else stated.age_years,
                margin_years=0,
                source="",
            )
    return person


def _write_names(
    vault: PersonVault, person: Person, name_rows: list[tuple[str, str]], years: list[int]
) -> None:
    org_id = person.organisation_id
    rows = []
    for position, (kind, value) in enumerate(name_rows):
        row = PersonName(person=person, kind=kind, position=position, name_index=_name_index(org_id, value))
        row.value_sealed = vault.seal(row, "value", value)
        # The latest possible birth year is indexed; lookups try the neighbouring years too.
        row.name_year_index = (
            _name_year_index(org_id, value, max(years)) if years and kind == NameKind.NAME else ""
        )
        rows.append(row)
    PersonName.objects.bulk_create(rows)
    namesearch.name_keys_write(person, [value for _kind, value in name_rows])


def locked_visible(actor: Membership, person_id, version: int | None) -> Person:
    from sathi.people.selectors import as_person_id

    person = (
        policy.visible_people(actor, Person.objects.filter(pk=as_person_id(person_id)))
        .select_for_update()
        .first()
    )
    if person is None:
        raise NotFound
    if version is not None and person.version != version:
        raise Conflict
    return person


def require_visible(actor: Membership, person_id) -> None:
    """Access before validation: someone who may not see her learns nothing, not even what input is wrong."""
    from sathi.people.selectors import as_person_id

    if not policy.visible_people(actor, Person.objects.filter(pk=as_person_id(person_id))).exists():
        raise NotFound


UNSET = object()


def person_update(
    *,
    actor: Membership,
    person_id,
    version: int,
    names=UNSET,
    aliases=UNSET,
    phone=UNSET,
    gender=UNSET,
    languages=UNSET,
    origin_state=UNSET,
    origin_district=UNSET,
    current_location=UNSET,
    documents_held=UNSET,
) -> Person:
    """Change what was given. A stale `version` is refused (Conflict) and nothing is written."""
    require_visible(actor, person_id)
    with transaction.atomic():
        person = locked_visible(actor, person_id, version)
        changed: list[str] = []
        touches_identity = names is not UNSET or aliases is not UNSET or phone is not UNSET
        if touches_identity and not policy.decide(actor, Verb.WRITE, field_class=FieldClass.IDENTITY):
            raise Forbidden
        if current_location is not UNSET and not policy.decide(
            actor, Verb.WRITE, field_class=FieldClass.LOCATION
        ):
            raise Forbidden
        vault = PersonVault.open(person) if touches_identity or current_location is not UNSET else None
        if names is not UNSET or aliases is not UNSET:
            existing = list(person.names.all())
            old_names = [
                vault.open_field(n, "value", n.value_sealed) for n in existing if n.kind == NameKind.NAME
            ]
            old_aliases = [
                vault.open_field(n, "value", n.value_sealed) for n in existing if n.kind == NameKind.ALIAS
            ]
            name_rows = clean_names(
                list(old_names if names is UNSET else names),
                list(old_aliases if aliases is UNSET else aliases),
            )
            years = [person.born_latest.year] if person.born_latest else []
            person.names.all().delete()
            _write_names(vault, person, name_rows, years)
            changed.append("names")
        if phone is not UNSET:
            phone = clean_phone(phone)
            person.phone_sealed = vault.seal(person, "phone", phone) if phone else None
            person.phone_index = _phone_index(person.organisation_id, phone)
            changed.append("phone")
        if current_location is not UNSET:
            text = clean_text(current_location, field="current_location", max_length=MAX_LOCATION_LENGTH)
            person.location_sealed = vault.seal(person, "location", text) if text else None
            changed.append("current_location")
        if gender is not UNSET:
            person.gender = clean_choice(gender, Gender, field="gender")
            changed.append("gender")
        if languages is not UNSET:
            person.languages = clean_choices(languages, Language, field="languages")
            changed.append("languages")
        if origin_state is not UNSET:
            person.origin_state = clean_choice(origin_state, Region, field="origin_state")
            changed.append("origin_state")
        if origin_district is not UNSET:
            person.origin_district = clean_text(origin_district, field="origin_district", max_length=80)
            changed.append("origin_district")
        if documents_held is not UNSET:
            person.documents_held = clean_choices(documents_held, DocumentHeld, field="documents_held")
            changed.append("documents_held")
        if not changed:
            return person
        person.full_clean()
        person.version += 1
        person.save()
        log_action(
            actor=actor.user_id,
            organisation=person.organisation_id,
            action="person.updated",
            target=person,
            fields=changed,
        )
    return person


# --- age --------------------------------------------------------------------------------------


def _assessment_for(person: Person, today: date) -> agerange.Assessment:
    evidence = [
        agerange.Evidence(
            kind=agerange.Kind(ev.kind),
            as_of=ev.as_of,
            date_of_birth=ev.date_of_birth,
            age_years=ev.age_years,
            margin_years=ev.margin_years,
        )
        for ev in AgeEvidence.objects.filter(person=person)
    ]
    return agerange.assess(evidence, today)


def _age_evidence_insert(*, actor, person, kind, as_of, date_of_birth, age_years, margin_years, source):
    evidence = AgeEvidence(
        person=person,
        kind=kind,
        as_of=as_of,
        date_of_birth=date_of_birth,
        age_years=age_years,
        margin_years=margin_years or 0,
        recorded_by_id=actor.user_id,
    )
    evidence.full_clean()
    evidence.save()
    if source:
        evidence.source_sealed = sealing.seal(evidence, "source_sealed", source)
        evidence.save(update_fields=["source_sealed"])
    assessment = _assessment_for(person, dates.today())
    person.age_status = assessment.status.value
    person.born_earliest, person.born_latest = assessment.born_earliest, assessment.born_latest
    Person.objects.filter(pk=person.pk).update(
        age_status=person.age_status, born_earliest=person.born_earliest, born_latest=person.born_latest
    )
    log_action(
        actor=actor.user_id,
        organisation=person.organisation_id,
        action="age.evidence_added",
        target=evidence,
        fields=["kind", "as_of", "date_of_birth", "age_years", "margin_years"],
    )
    return evidence


def age_evidence_add(
    *,
    actor: Membership,
    person_id,
    kind: str,
    as_of: date,
    date_of_birth: date | None = None,
    age_years: int | None = None,
    margin_years: int | None = None,
    source: str = "",
) -> AgeEvidence:
    """Add a piece of age evidence and recompute her age range and status (sathi.lib.agerange)."""
    require_visible(actor, person_id)
    today = dates.today()
    kind = clean_choice(kind, AgeEvidenceKind, field="kind")
    source = clean_text(source, field="source", max_length=120)
    if as_of is None:
        raise ValidationError({"as_of": _("Give the date of the statement or examination.")})
    if as_of > today:
        raise ValidationError({"as_of": _("This date is in the future.")})
    if (date_of_birth is None) == (age_years is None):
        raise ValidationError({"age_years": _("Give either a date of birth or an age, not both.")})
    if age_years is not None and not 0 <= age_years <= 120:
        raise ValidationError({"age_years": _("An age must be between 0 and 120 years.")})
    if date_of_birth is not None and (
        date_of_birth > as_of or date_of_birth < agerange.add_years(as_of, -120)
    ):
        raise ValidationError({"date_of_birth": _("This date of birth is not possible for that date.")})
    if kind == AgeEvidenceKind.MEDICAL_OPINION and margin_years is None:
        raise ValidationError({"margin_years": _("A medical opinion has a margin: give it in years.")})
    if margin_years is not None and not 0 <= margin_years <= 10:
        raise ValidationError({"margin_years": _("A margin must be between 0 and 10 years.")})
    with transaction.atomic():
        person = locked_visible(actor, person_id, None)
        evidence = _age_evidence_insert(
            actor=actor,
            person=person,
            kind=kind,
            as_of=as_of,
            date_of_birth=date_of_birth,
            age_years=age_years,
            margin_years=margin_years,
            source=source,
        )
        bump_version(person)
    return evidence
