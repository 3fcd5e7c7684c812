"""People and consent operations. The same services and selectors as the web pages, the same policy."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from sathi.api.vocab import vocab
from sathi.lib import paging
from sathi.lib.errors import Forbidden
from sathi.people import grants, policy, selectors, services
from sathi.people.consent import consents_in_force
from sathi.people.models import Consent
from sathi.people.vocab import (
    AgeEvidenceKind,
    AgeStatus,
    ConsentingParty,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    DocumentHeld,
    Gender,
    Language,
    Region,
)

GenderValue = vocab(Gender)
LanguageValue = vocab(Language)
RegionBlank = vocab(Region, blank=True)
DocumentValue = vocab(DocumentHeld)
AgeStatusValue = vocab(AgeStatus)
AgeEvidenceValue = vocab(AgeEvidenceKind)
PurposeValue = vocab(ConsentPurpose)
ChannelBlank = vocab(ContactChannel, blank=True)
MethodValue = vocab(ConsentMethod)
PartyValue = vocab(ConsentingParty)
FieldClassValue = vocab(policy.FieldClass)

router = Router(tags=["people"])


class PersonIn(Schema):
    names: list[str] = []
    aliases: list[str] = []
    phone: str = ""
    gender: GenderValue = Gender.UNDISCLOSED
    languages: list[LanguageValue] = []
    origin_state: RegionBlank = ""
    origin_district: str = ""
    current_location: str = ""
    documents_held: list[DocumentValue] = []
    stated_age: int | None = None
    stated_date_of_birth: date | None = None
    confirm_duplicates: bool = False


class PersonPatch(Schema):
    version: int
    names: list[str] | None = None
    aliases: list[str] | None = None
    phone: str | None = None
    gender: GenderValue | None = None
    languages: list[LanguageValue] | None = None
    origin_state: RegionBlank | None = None
    origin_district: str | None = None
    current_location: str | None = None
    documents_held: list[DocumentValue] | None = None


class PersonItem(Schema):
    id: uuid.UUID
    code: str
    names: list[str] | None  # null when the role may not see identity
    age_status: AgeStatusValue
    gender: GenderValue
    version: int


class AgeEvidenceOut(Schema):
    id: int
    kind: AgeEvidenceValue
    as_of: date
    date_of_birth: date | None
    age_years: int | None
    margin_years: int


class ConsentOut(Schema):
    id: int
    purpose: PurposeValue
    receiver_id: int | None
    channel: ChannelBlank
    granted: bool
    in_force: bool
    method: MethodValue
    explained_in: LanguageValue
    consenting_party: PartyValue
    taken_at: datetime
    withdrawn_at: datetime | None


class PersonOut(Schema):
    id: uuid.UUID
    code: str
    version: int
    names: list[str] | None
    aliases: list[str] | None
    phone: str | None
    current_location: str | None
    masked: list[FieldClassValue]  # field classes this role sees masked
    gender: GenderValue
    languages: list[LanguageValue]
    origin_state: RegionBlank
    origin_district: str
    documents_held: list[DocumentValue]
    age_status: AgeStatusValue
    age_range: list[int] | None
    age_evidence: list[AgeEvidenceOut]
    contact_channel: ChannelBlank | None


class FindIn(Schema):
    query: str


class AgeEvidenceIn(Schema):
    kind: AgeEvidenceValue
    as_of: date
    date_of_birth: date | None = None
    age_years: int | None = None
    margin_years: int | None = None
    source: str = ""


class ConsentIn(Schema):
    purpose: PurposeValue
    granted: bool
    method: MethodValue
    explained_in: LanguageValue
    receiver_id: int | None = None
    channel: ChannelBlank = ""
    consenting_party: PartyValue = ConsentingParty.SELF
    guardian_relationship: str = ""
    guardian_suspected: bool = False
    legal_basis: str = ""


def _item(row: selectors.PersonRow) -> dict:
    return {
        "id": row.id,
        "code": row.code,
        "names": row.names,
        "age_status": row.age_status,
        "gender": row.gender,
        "version": row.version,
    }


def _unmask(value):
    return None if value == selectors.MASK else value


def _consent_out(consent: Consent, in_force: bool) -> dict:
    return {
        "id": consent.pk,
        "purpose": consent.purpose,
        "receiver_id": consent.receiver_id,
        "channel": consent.channel,
        "granted": consent.granted,
        "in_force": in_force,
        "method": consent.method,
        "explained_in": consent.explained_in,
        "consenting_party": consent.consenting_party,
        "taken_at": consent.taken_at,
        "withdrawn_at": consent.withdrawn_at,
    }


def _person_out(card: selectors.PersonCard) -> dict:
    person = card.person
    return {
        "id": person.pk,
        "code": person.code,
        "version": person.version,
        "names": _unmask(card.names),
        "aliases": _unmask(card.aliases),
        "phone": _unmask(card.phone),
        "current_location": _unmask(card.current_location),
        "masked": sorted(c.value for c in set(policy.FieldClass) - set(card.classes)),
        "gender": person.gender,
        "languages": person.languages,
        "origin_state": person.origin_state,
        "origin_district": person.origin_district,
        "documents_held": person.documents_held,
        "age_status": person.age_status,
        "age_range": list(card.age_range) if card.age_range else None,
        "age_evidence": list(card.evidence),
        "contact_channel": card.contact_channel,
    }


def _require_people_role(request) -> None:
    if not policy.decide(request.actor, policy.Kind.PERSON):
        raise Forbidden


@router.get("/people", response=list[PersonItem], operation_id="people_list")
def people_list(request, limit: int = 50, offset: int = 0):
    _require_people_role(request)
    rows = selectors.person_list(actor=request.actor, **paging.window(limit, offset))
    return [_item(r) for r in rows]


@router.post("/people/find", response=list[PersonItem], operation_id="people_find")
def people_find(request, payload: FindIn):
    """Search by what was typed: a whole code or phone number, each on its own index, or any name or work
    name spelt as it sounds, in Latin, Bengali or Devanagari letters, best match first (a name in another
    script is searched as written). A POST, so nothing identifying enters a URL. One letter is refused."""
    _require_people_role(request)
    query = payload.query[:200]
    result = selectors.person_find(actor=request.actor, query=query)
    if result.too_short:
        raise ValidationError({"query": [_("Type at least two letters of a name.")]})
    return [_item(r) for r in result.rows]


@router.post("/people", response={201: PersonOut, 409: dict}, operation_id="people_register")
def people_register(request, payload: PersonIn):
    _require_people_role(request)
    try:
        person = services.person_register(
            actor=request.actor,
            names=payload.names,
            aliases=payload.aliases,
            phone=payload.phone,
            gender=payload.gender,
            languages=payload.languages,
            origin_state=payload.origin_state,
            origin_district=payload.origin_district,
            current_location=payload.current_location,
            documents_held=payload.documents_held,
            stated=services.StatedAge(
                age_years=payload.stated_age, date_of_birth=payload.stated_date_of_birth
            ),
            confirm_duplicates=payload.confirm_duplicates,
        )
    except services.PossibleDuplicate as dup:
        message = _(
            "Someone with the same phone, or the same name and birth year, is already registered. "
            "Check, then send again with confirm_duplicates set to true."
        )
        fields = {"visible_matches": [p.code for p in dup.matches], "other_matches": [str(dup.hidden)]}
        return Status(409, {"error": {"code": "possible_duplicate", "message": message, "fields": fields}})
    return Status(201, _person_out(selectors.person_card(actor=request.actor, person_id=person.pk)))


@router.get("/people/{person_id}", response=PersonOut, operation_id="people_get")
def people_get(request, person_id: str):
    return _person_out(selectors.person_card(actor=request.actor, person_id=person_id))


@router.patch("/people/{person_id}", response=PersonOut, operation_id="people_update")
def people_update(request, person_id: str, payload: PersonPatch):
    changes = {k: v for k, v in payload.dict(exclude={"version"}).items() if v is not None}
    with transaction.atomic():
        services.person_update(actor=request.actor, person_id=person_id, version=payload.version, **changes)
    return _person_out(selectors.person_card(actor=request.actor, person_id=person_id))


@router.post(
    "/people/{person_id}/age-evidence", response={201: AgeEvidenceOut}, operation_id="age_evidence_add"
)
def age_evidence_add(request, person_id: str, payload: AgeEvidenceIn):
    evidence = services.age_evidence_add(actor=request.actor, person_id=person_id, **payload.dict())
    return Status(201, evidence)


@router.get("/people/{person_id}/consents", response=list[ConsentOut], operation_id="consents_list")
def consents_list(request, person_id: str):
    person = selectors.person_get(actor=request.actor, person_id=person_id)
    consents = list(person.consents.all())
    latest = consents_in_force(consents)
    in_force_ids = {c.pk for c in latest.values() if c.granted and c.withdrawn_at is None}
    return [_consent_out(c, c.pk in in_force_ids) for c in consents]


@router.post("/people/{person_id}/consents", response={201: ConsentOut}, operation_id="consents_record")
def consents_record(request, person_id: str, payload: ConsentIn):
    consent = grants.consent_record(actor=request.actor, person_id=person_id, **payload.dict())
    return Status(201, _consent_out(consent, consent.granted))


@router.post("/consents/{consent_id}/withdraw", response=ConsentOut, operation_id="consents_withdraw")
def consents_withdraw(request, consent_id: int):
    consent = grants.consent_withdraw(actor=request.actor, consent_id=consent_id)
    return _consent_out(consent, False)
