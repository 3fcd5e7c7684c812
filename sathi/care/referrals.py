"""The directory of providers and referrals to them: only what she agreed to share leaves the organisation."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.accounts.models import Membership, Organisation, OrganisationKind
from sathi.audit.services import log_action, log_member_action
from sathi.care.models import (
    Case,
    Need,
    Provider,
    Referral,
)
from sathi.care.services import case_for, require_person_role
from sathi.care.vocab import (
    ProviderKind,
    ServiceType,
)
from sathi.core.cleaning import clean_choices, clean_text
from sathi.lib import crypto
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy, safety, sealing, selectors
from sathi.people.consent import consent_allows
from sathi.people.models import Person
from sathi.people.policy import FieldClass, Verb
from sathi.people.vault import PersonVault
from sathi.people.vocab import ConsentPurpose, Language

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
        log_member_action(actor, "provider.saved", provider, ["services", "languages", "areas", "capacity"])
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
        raise ValidationError({"fields": _("Choose which of the person's details go with the referral.")})
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
                        "The person has not agreed to share their details with this organisation. "
                        "Ask them first: there is no way around their consent."
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
        log_member_action(actor, "referral.sent", referral, fields)
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
        log_member_action(actor, action, referral, ["status"])
        log_action(
            actor=actor.user_id,
            organisation=referral.sender_id,
            action=action,
            target=referral,
            fields=["status"],
        )
    return referral
