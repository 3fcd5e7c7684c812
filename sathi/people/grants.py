"""Who may use her data and who may see her: her consents and their withdrawal, team assignments, break glass.

Each service checks access, validates, writes in one transaction and audits."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership, Organisation
from sathi.audit.services import log_action
from sathi.core.cleaning import clean_choice, clean_text
from sathi.core.versions import bump_version
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy, safety, sealing
from sathi.people.models import Assignment, BreakGlass, Consent, Person
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.people.services import locked_visible, require_visible
from sathi.people.vault import PersonVault
from sathi.people.vocab import (
    AgeStatus,
    ConsentingParty,
    ConsentPurpose,
    Language,
)


def consent_record(
    *,
    actor: Membership,
    person_id,
    purpose: str,
    granted: bool,
    method: str,
    explained_in: str,
    receiver_id: int | None = None,
    channel: str = "",
    consenting_party: str = ConsentingParty.SELF,
    guardian_relationship: str = "",
    guardian_suspected: bool = False,
    legal_basis: str = "",
) -> Consent:
    """Record her consent or refusal for one purpose. The latest record for a purpose is the one in force."""
    from sathi.people.vocab import ConsentMethod, ContactChannel

    require_visible(actor, person_id)
    purpose = clean_choice(purpose, ConsentPurpose, field="purpose")
    method = clean_choice(method, ConsentMethod, field="method")
    explained_in = clean_choice(explained_in, Language, field="explained_in")
    consenting_party = clean_choice(consenting_party, ConsentingParty, field="consenting_party")
    guardian_relationship = clean_text(guardian_relationship, field="guardian_relationship", max_length=60)
    legal_basis = clean_text(legal_basis, field="legal_basis", max_length=200)
    receiver = None
    if purpose == ConsentPurpose.SHARE_WITH_ORGANISATION:
        receiver = Organisation.objects.filter(pk=receiver_id).first() if receiver_id else None
        if receiver is None:
            raise ValidationError({"receiver": _("Choose the organisation the person agrees to share with.")})
        if receiver.pk == actor.organisation_id:
            raise ValidationError({"receiver": _("Choose another organisation, not your own.")})
    if purpose == ConsentPurpose.CONTACT and granted:
        channel = clean_choice(channel, ContactChannel, field="channel")
    else:
        channel = ""
    with transaction.atomic():
        person = locked_visible(actor, person_id, None)
        if person.age_status == AgeStatus.MINOR:
            # A minor's consent is given by a guardian or the Child Welfare Committee (Juvenile Justice Act
            # 2015), never by someone suspected of trafficking her.
            if consenting_party == ConsentingParty.SELF:
                raise ValidationError(
                    {"consenting_party": _("Recorded as a minor: a guardian or the CWC gives consent.")}
                )
            if not legal_basis:
                raise ValidationError({"legal_basis": _("Give the legal basis for this consent.")})
        elif person.age_status == AgeStatus.ADULT and consenting_party != ConsentingParty.SELF:
            raise ValidationError({"consenting_party": _("An adult: only the person can give consent.")})
        if consenting_party == ConsentingParty.GUARDIAN:
            if not guardian_relationship:
                raise ValidationError(
                    {"guardian_relationship": _("Say how the guardian is related to the person.")}
                )
            _refuse_suspected_guardian(actor, person, guardian_relationship, ticked=guardian_suspected)
        consent = Consent(
            person=person,
            purpose=purpose,
            receiver=receiver,
            channel=channel,
            granted=granted,
            method=method,
            explained_in=explained_in,
            consenting_party=consenting_party,
            taken_by_id=actor.user_id,
            taken_at=timezone.now(),
        )
        consent.full_clean()
        consent.save()
        if guardian_relationship or legal_basis:
            vault = PersonVault.open(person)
            consent.guardian_relationship_sealed = sealing.seal(
                consent, "guardian_relationship_sealed", guardian_relationship, vault=vault
            )
            consent.legal_basis_sealed = sealing.seal(consent, "legal_basis_sealed", legal_basis, vault=vault)
            consent.save(update_fields=["guardian_relationship_sealed", "legal_basis_sealed"])
        bump_version(person)
        log_action(
            actor=actor.user_id,
            organisation=person.organisation_id,
            action="consent.granted" if granted else "consent.refused",
            target=consent,
            fields=["purpose", "receiver", "channel", "method", "consenting_party"],
        )
    return consent


CWC_REQUIRED = "cwc_required"  # the error's code: the page then offers the Child Welfare Committee's path


def _refuse_suspected_guardian(actor: Membership, person: Person, relationship: str, *, ticked: bool) -> None:
    """The facts decide, not the tick box: a relative recorded as having taken part in her entry, or among
    the perpetrators of an incident about her, never consents for her; the tick box can only add a
    suspicion. The Child Welfare Committee then gives consent (Juvenile Justice Act 2015)."""
    found = safety.guardian_suspicions(person, relationship)
    if not (ticked or found):
        return
    message = _(
        "A guardian suspected of harming the person cannot give consent for them. "
        "Record the consent of the Child Welfare Committee instead."
    )
    # Why, only for a role that may read her violence history: the facts are that class.
    if found and policy.decide(actor, Verb.READ, field_class=FieldClass.VIOLENCE):
        message = " ".join([message, *(s.reason for s in found)])
    raise ValidationError({"consenting_party": ValidationError(message, code=CWC_REQUIRED)})


def consent_withdraw(*, actor: Membership, consent_id: int) -> Consent:
    """Withdraw a consent. It stops the use at once: every check reads the latest state."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(pk=consent_id).first()
        if consent is None:
            raise NotFound
        person = locked_visible(actor, consent.person_id, None)
        if consent.withdrawn_at is not None:
            raise ValidationError({"consent": _("This consent was already withdrawn.")})
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by_id = actor.user_id
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        bump_version(person)
        log_action(
            actor=actor.user_id,
            organisation=person.organisation_id,
            action="consent.withdrawn",
            target=consent,
            fields=["purpose"],
        )
    return consent


def assignment_add(*, actor: Membership, person_id, user_id: int) -> Assignment:
    """A supervisor assigns a worker of the organisation to her."""
    if not policy.decide(actor, Verb.ASSIGN):
        raise Forbidden
    member = Membership.objects.filter(
        user_id=user_id,
        organisation_id=actor.organisation_id,
        is_active=True,
        role__in=policy.roles_that(Kind.PERSON),
    ).first()
    if member is None:
        raise ValidationError({"user": _("Choose a worker of your organisation.")})
    with transaction.atomic():
        person = locked_visible(actor, person_id, None)
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(person=person, user_id=user_id)
        except IntegrityError as exc:
            raise ValidationError({"user": _("This worker is already assigned to the person.")}) from exc
        log_action(
            actor=actor.user_id,
            organisation=person.organisation_id,
            action="assignment.added",
            target=assignment,
            fields=["user"],
        )
    return assignment


def break_glass_open(*, actor: Membership, person_id, reason: str) -> BreakGlass:
    """Open a record one is not assigned to, in an emergency.

    Audited, flagged for supervisors, and time-limited.
    """
    reason = clean_text(reason, field="reason", max_length=1000, required=True)
    if len(reason) < 15:
        raise ValidationError({"reason": _("Write the reason in a full sentence.")})
    with transaction.atomic():
        from sathi.people.selectors import as_person_id

        person = Person.objects.filter(
            pk=as_person_id(person_id), organisation_id=actor.organisation_id
        ).first()
        if person is None or person.erased_at or not policy.decide(actor, Verb.BREAK_GLASS, person):
            raise NotFound
        glass = BreakGlass.objects.create(
            person=person,
            user_id=actor.user_id,
            expires_at=timezone.now() + timedelta(seconds=settings.SATHI_BREAK_GLASS_SECONDS),
        )
        glass.reason_sealed = sealing.seal(glass, "reason_sealed", reason)
        glass.save(update_fields=["reason_sealed"])
        log_action(
            actor=actor.user_id,
            organisation=person.organisation_id,
            action="person.break_glass",
            target=glass,  # the row that holds the (sealed) reason; the log only says one was given
            reason_given=True,
            flagged=True,
        )
    return glass


def break_glass_review(*, actor: Membership, glass_id: int) -> BreakGlass:
    """A supervisor has read the reason given for an emergency opening."""
    if not policy.decide(actor, Verb.REVIEW_BREAK_GLASS):
        raise Forbidden
    with transaction.atomic():
        glass = (
            BreakGlass.objects.select_for_update()
            .filter(pk=glass_id, person__organisation_id=actor.organisation_id, reviewed_at__isnull=True)
            .first()
        )
        if glass is None:
            raise NotFound
        glass.reviewed_at, glass.reviewed_by_id = timezone.now(), actor.user_id
        glass.save(update_fields=["reviewed_at", "reviewed_by"])
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="person.break_glass_reviewed",
            target=glass,
            fields=["reviewed_at"],
        )
    return glass
