"""Every stored text field, declared (issue 9): sealed with its field class, or plain with the reason why.

A free-text field a worker types may hold a name, so it is sealed (AES-256-GCM, sathi.people.vault): under
her own key when the row is about one person (erasing her destroys it), under the organisation's key
otherwise. The column is `<name>_sealed`; its associated data is the table, `<name>` and the row, as for
every sealed field. `sathi/tests/test_sealing.py` walks every concrete model's CharField, TextField,
JSONField and BinaryField and fails on one this module does not declare, so a new free-text field cannot
land in plaintext by accident. A CharField with choices is declared by its choices: `full_clean` lets only a
code of its vocabulary in.

Readers call `read()`: the policy says whether the actor's role reads the field's class; if not she sees the
mask. `seal()` is for the services that write.
"""

from __future__ import annotations

import json
import operator
from dataclasses import dataclass

from django.db import models

from sathi.people.policy import FieldClass

IDENTITY, LOCATION, LEGAL, VIOLENCE = (
    FieldClass.IDENTITY,
    FieldClass.LOCATION,
    FieldClass.LEGAL,
    FieldClass.VIOLENCE,
)
MASK = "•••"


@dataclass(frozen=True)
class Sealed:
    field_class: FieldClass
    # The path from the row to her Person ("case.person"; "" when the row is the person), sealed with her key;
    # or None: the organisation's key, its id found at `organisation`.
    person: str | None
    organisation: str = ""
    note: str = ""  # where the key or class is chosen otherwise, why


def _p(field_class, person="person", note=""):
    return Sealed(field_class, person, note=note)


def _o(field_class, organisation, note=""):
    return Sealed(field_class, None, organisation, note)


SEALED: dict[str, Sealed] = {
    # people
    "people.Person.phone_sealed": _p(IDENTITY, ""),
    "people.Person.location_sealed": _p(LOCATION, ""),
    "people.PersonName.value_sealed": _p(IDENTITY),
    "people.AgeEvidence.source_sealed": _p(IDENTITY),
    "people.Consent.guardian_relationship_sealed": _p(IDENTITY),
    "people.Consent.legal_basis_sealed": _p(LEGAL),
    "people.BreakGlass.reason_sealed": _p(IDENTITY),
    # care
    "care.CaseStatusChange.reason_sealed": _p(IDENTITY, "case.person"),
    "care.CaseFlag.message_sealed": _p(IDENTITY, "case.person"),
    "care.CaseFlag.resolution_sealed": _p(IDENTITY, "case.person"),
    "care.Goal.text_sealed": _p(IDENTITY, "case.person"),
    "care.PlanItem.description_sealed": _p(IDENTITY, "case.person"),
    "care.Referral.decline_reason_sealed": _p(
        IDENTITY, "case.person", "typed by the receiver; about her referral"
    ),
    "care.PathwayChoice.words_sealed": _p(IDENTITY, "case.person"),
    "care.ServiceRecord.notes_sealed": _p(
        IDENTITY, "case.person", "the row's notes_class narrows it (health)"
    ),
    "care.Placement.facility_sealed": _p(LOCATION, "case.person"),
    "care.FollowUp.safety_sealed": _p(VIOLENCE, "case.person"),
    "care.Referral.copy_sealed": Sealed(
        IDENTITY, None, note="the consented fields, under the referral's own key"
    ),
    # legal
    "legal.Proceeding.notes_sealed": _p(LEGAL, "case.person"),
    "legal.Proceeding.lawyer_name_sealed": _p(LEGAL, "case.person"),
    "legal.ProceedingDocument.name_sealed": _p(LEGAL, "proceeding.case.person"),
    # screening
    "screening.BoardMember.name_sealed": _o(IDENTITY, "board.organisation_id"),
    "screening.Sitting.minutes_sealed": _o(VIOLENCE, "board.organisation_id"),
    "screening.Presentation.account_sealed": _p(VIOLENCE),
    "screening.Screening.consent_words_sealed": _p(VIOLENCE),
    "screening.Screening.site_words_sealed": _p(LOCATION, note="where the screened period happened"),
    "screening.Decision.differs_reason_sealed": _p(VIOLENCE, "screening.person"),
    "screening.Decision.social_welfare_plan_sealed": _p(VIOLENCE, "screening.person"),
    "screening.Decision.police_reason_sealed": _p(VIOLENCE, "screening.person"),
    # relations
    "relations.Relation.name_sealed": _p(IDENTITY),
    "relations.LifeEvent.note_sealed": _p(VIOLENCE),
    "relations.SafetyCheck.economic_sealed": _p(VIOLENCE),
    "relations.SafetyCheck.plan_sealed": _p(VIOLENCE, note="{flag: words} as JSON"),
    # violations
    "violations.Incident.description_sealed": _o(VIOLENCE, "organisation_id"),
    "violations.Source.note_sealed": _o(VIOLENCE, "incident.organisation_id"),
    "violations.AffectedPerson.account_sealed": _p(
        VIOLENCE, "person", "the organisation's key when she is anonymous"
    ),
    "violations.Perpetrator.note_sealed": _o(VIOLENCE, "incident.organisation_id"),
    "violations.Perpetrator.office_sealed": _o(VIOLENCE, "incident.organisation_id"),
    "violations.Perpetrator.station_sealed": _o(VIOLENCE, "incident.organisation_id"),
    "violations.Response.note_sealed": _o(VIOLENCE, "incident.organisation_id"),
    "violations.EvidenceFile.name_sealed": _o(VIOLENCE, "incident.organisation_id"),
    # rights (issue 13): her words under her key; an erasure's reason under the organisation's (hers is gone)
    "rights.Erasure.reason_sealed": _o(IDENTITY, "organisation_id"),
    "rights.CorrectionRequest.wrong_sealed": _p(IDENTITY, note="the corrected field's class narrows it"),
    "rights.CorrectionRequest.right_sealed": _p(IDENTITY, note="the corrected field's class narrows it"),
    "rights.CorrectionRequest.refusal_sealed": _p(IDENTITY),
    "rights.WishStatement.words_sealed": _p(IDENTITY, "crossing.person"),
    "rights.StageRecord.note_sealed": _p(IDENTITY, "crossing.person"),
    # prevention: notes about an office and an office's reasons may name a person
    "prevention.Stakeholder.notes_sealed": _o(IDENTITY, "organisation_id"),
    "prevention.Answer.reason_sealed": _o(IDENTITY, "ask.organisation_id"),
    # questionnaires: research answers name nobody; under the organisation's key, masked by class
    "questionnaires.Submission.raw_sealed": _o(
        VIOLENCE, "organisation_id", "the submission as it came holds every class: read by the system only"
    ),
    "questionnaires.AnswerSet.values_sealed": _o(
        VIOLENCE, "submission.organisation_id", "the row's field_class narrows it (its questions' class)"
    ),
    "questionnaires.SubmissionFile.content_sealed": _o(IDENTITY, "submission.organisation_id"),
    "questionnaires.SubmissionFile.name_sealed": _o(IDENTITY, "submission.organisation_id"),
    "questionnaires.SubmissionImport.content_sealed": _o(
        VIOLENCE, "organisation_id", "a Kobo or Central export as uploaded: every class"
    ),
    # evidence: an alert names a danger, never the person it happened to (checked against her blind
    # indexes); the organisation's key, since every member of the collective in its areas reads it
    "evidence.Alert.text_sealed": _o(VIOLENCE, "organisation_id", "a danger, never her: names refused"),
    "prevention.Answer.case_reason_sealed": _p(
        LEGAL, "ask.case_link.case.person", "an answer to an ask linked to a case: about that person"
    ),
    "prevention.CaseAsk.about_sealed": _p(
        LEGAL, "case.person", "what an ask about a case asks for the person"
    ),
}

# Sealed-looking bytes that are keys, not content.
_KEY = "key material, itself wrapped by the key above it (sathi.lib.crypto)"
_FRAMEWORK = "a framework table: no person's data is stored in it"
_CODE = "a code from a vocabulary (checked by the service)"
_CODES = "a list of codes from a vocabulary (checked by the service)"
_HASH = "a digest or hash, not reversible"
_FORM = "a questionnaire's own text, written for every respondent alike: no answer about a person"
_STAFF = "a worker's own account (not a person the organisation serves); needed to sign in"

PLAIN: dict[str, str] = {
    # framework
    "auth.Permission.name": _FRAMEWORK,
    "auth.Permission.codename": _FRAMEWORK,
    "auth.Group.name": _FRAMEWORK,
    "contenttypes.ContentType.app_label": _FRAMEWORK,
    "contenttypes.ContentType.model": _FRAMEWORK,
    "sessions.Session.session_key": _HASH,
    # passkeys (django-otp-webauthn): a worker's own second factor, public keys and ids only
    "django_otp_webauthn.WebAuthnCredential.name": "her device's kind, or a short name she gave it",
    "django_otp_webauthn.WebAuthnCredential.credential_id": _STAFF,
    "django_otp_webauthn.WebAuthnCredential.public_key": "a public key: it proves, it reveals nothing",
    "django_otp_webauthn.WebAuthnCredential.transports": _FRAMEWORK,
    "django_otp_webauthn.WebAuthnCredential.aaguid": "the authenticator model's public id, not the worker",
    "django_otp_webauthn.WebAuthnCredential.credential_id_sha256": _HASH,
    "django_otp_webauthn.WebAuthnAttestation.data": "the authenticator's signed statement about itself",
    "django_otp_webauthn.WebAuthnAttestation.client_data_json": "the origin and challenge of the request",
    "django_otp_webauthn.WebAuthnUserHandle.handle_hex": "a random id given to her authenticator",
    "sessions.Session.session_data": "signed login state (membership, times); no person is put in a session",
    "django_tasks_database.DBTaskResult.args_kwargs": "job arguments are ids only (an organisation's id)",
    "django_tasks_database.DBTaskResult.task_path": _FRAMEWORK,
    "django_tasks_database.DBTaskResult.worker_ids": _FRAMEWORK,
    "django_tasks_database.DBTaskResult.queue_name": _FRAMEWORK,
    "django_tasks_database.DBTaskResult.backend_name": _FRAMEWORK,
    "django_tasks_database.DBTaskResult.return_value": "job results are counts",
    "django_tasks_database.DBTaskResult.exception_class_path": _FRAMEWORK,
    "django_tasks_database.DBTaskResult.traceback": "exceptions name no value (DecryptionError and services)",
    # accounts
    "accounts.Organisation.name": "an organisation's institutional name, shown to partners it refers to",
    "accounts.OrganisationKey.wrapped_data_key": _KEY,
    "accounts.OrganisationKey.wrapped_index_key": _KEY,
    "accounts.User.password": _HASH,
    "accounts.User.username": _STAFF,
    "accounts.User.first_name": _STAFF,
    "accounts.User.last_name": _STAFF,
    "accounts.User.email": _STAFF,
    "accounts.User.display_name": _STAFF,
    "accounts.User.preferred_language": "a language code",
    "accounts.LoginFailure.username_digest": _HASH,
    "accounts.LoginFailure.bucket": "a lockout counter: a client address, a random device id or user",
    "accounts.SealedTOTPDevice.name": "the name of a worker's authenticator app",
    "accounts.SealedTOTPDevice.seed": _KEY,
    "accounts.ApiToken.digest": _HASH,
    "accounts.ApiToken.label": "a label for her own API token, shown to her and her organisation's admin",
    "accounts.OnceToken.token": _HASH,
    "accounts.OnceToken.result_url": "a path inside Sathi (ids, no value)",
    # audit
    "audit.AuditEvent.action": "an action code",
    "audit.AuditEvent.target_type": "a model label",
    "audit.AuditEvent.target_id": "a row id",
    "audit.AuditEvent.fields": "field names, never values",
    "audit.AuditEvent.key_id": "the id of the audit key that chains the event",
    "audit.AuditEvent.prev_hash": _HASH,
    "audit.AuditEvent.hash": _HASH,
    "audit.AuditChainHead.scope": "an organisation id",
    "audit.AuditChainHead.last_hash": _HASH,
    # places
    "places.Place.name": "a district's, area's or site's institutional name, from the organisation's list",
    # people
    "people.Person.code": "her pseudonymous code, made to be shown instead of her name",
    "people.Person.origin_district": "a district, the level at which all is counted; it names no address",
    "people.Person.languages": _CODES,
    "people.Person.documents_held": _CODES,
    "people.Person.phone_index": "a blind index (HMAC under a separate key)",
    "people.PersonKey.wrapped": _KEY,
    "people.PersonName.name_index": "a blind index (HMAC under a separate key)",
    "people.PersonName.name_year_index": "a blind index (HMAC under a separate key)",
    "people.Consent.explained_in": "a language code",
    # care
    "care.CaseFlag.kind": _CODE,
    "care.Provider.services": _CODES,
    "care.Provider.languages": _CODES,
    "care.Provider.areas": "district ids",
    "care.ServiceRecord.notes_class": "a field class code",
    "care.Placement.conditions": _CODES,
    "care.FollowUp.channel": "a safe-channel code (ContactChannel)",
    "care.FollowUp.new_needs": _CODES,
    "care.Referral.fields": "field names",
    "care.Referral.copy_key_wrapped": _KEY,
    # legal
    "legal.ProceedingDocument.content_type": "a MIME type",
    "legal.ProceedingDocument.sha256": _HASH,
    "legal.ProceedingDocument.stored_as": "a random storage name",
    # screening
    "screening.Board.name": "a board's institutional name (the Self-Regulatory Board of an area)",
    "screening.Screening.acts": _CODES,
    "screening.Screening.means": _CODES,
    "screening.Screening.control_since": "a year and precision per code",
    "screening.Screening.purposes": _CODES,
    "screening.Screening.age_status": _CODE,
    "screening.Screening.suggestions": "Sathi's own suggestions: codes and readings computed from the codes",
    # relations
    "relations.SiteHistory.site_type": _CODE,
    "relations.SafetyCheck.flags": _CODES,
    "relations.SafetyCheck.work_on": "relation ids",
    "relations.SafetyCheck.plan": "the flags that have a plan, {code: true}; the words are in plan_sealed",
    # violations
    "violations.RaidDetails.agencies": _CODES,
    "violations.RaidDetails.agency_names": "police stations or units by institutional names, not people",
    "violations.RaidDetails.itpa_sections": _CODES,
    "violations.RaidDetails.held_at": _CODES,
    "violations.AffectedPerson.acts": _CODES,
    "violations.AffectedPerson.consequences": _CODES,
    "violations.EvidenceFile.content_type": "a MIME type",
    "violations.EvidenceFile.sha256": _HASH,
    "violations.EvidenceFile.stored_as": "a random storage name",
    # questionnaires: the organisation's forms, their questions and choices; no answer about a person
    "questionnaires.Questionnaire.form_id": _FORM,
    "questionnaires.Questionnaire.title": _FORM,
    "questionnaires.QuestionnaireVersion.form_version": _FORM,
    "questionnaires.QuestionnaireVersion.source": _FORM,
    "questionnaires.QuestionnaireVersion.xform": _FORM,
    "questionnaires.QuestionnaireVersion.structure": _FORM,
    "questionnaires.QuestionnaireVersion.warnings": "Sathi's and pyxform's words about the form's cells",
    "questionnaires.Question.path": _FORM,
    "questionnaires.Question.name": _FORM,
    "questionnaires.Question.type": "an XLSForm question type, checked by pyxform",
    "questionnaires.Question.labels": _FORM,
    "questionnaires.Question.hints": _FORM,
    "questionnaires.Question.choice_list": _FORM,
    "questionnaires.Question.choices": _FORM,
    "questionnaires.FormKey.public_key": "an RSA public key, published in every XForm Sathi serves",
    "questionnaires.FormKey.private_wrapped": _KEY,
    "questionnaires.Submission.root_id": "a random id the phone or Kobo made (a uuid): it names nobody",
    "questionnaires.Submission.instance_id": "a random id the phone or Kobo made (a uuid): it names nobody",
    "questionnaires.Submission.source": _CODE,
    "questionnaires.AnswerSet.field_class": "a field class code",
    "questionnaires.SubmissionFile.field_class": "a field class code",
    "questionnaires.SubmissionFile.content_type": "a MIME type",
    "questionnaires.SubmissionImport.source": _CODE,
    "questionnaires.SubmissionImport.status": _CODE,
    "questionnaires.SubmissionImport.unknown_paths": _FORM,
    "questionnaires.SubmissionImport.failure": "Sathi's own words about the file, naming no value in it",
    "questionnaires.AnswerCode.path": _FORM,
    "questionnaires.AnswerCode.vocabulary": _CODE,
    "questionnaires.AnswerCode.code": _CODE,
    "questionnaires.Study.title": "a study's title, institutional as a form's (the form asks for no name)",
    "questionnaires.StudyCohort.cohort": _CODE,
    "questionnaires.StudySession.kind": _CODE,
    "questionnaires.Participation.gender": _CODE,
    "questionnaires.Participation.age_band": _CODE,
    "questionnaires.Participation.consent_language": "a language code (ISO 639), checked by the service",
    # rights
    "rights.ProtectionRecord.measures": _CODES,
    "rights.ResidenceStep.conditions": _CODES,
    "rights.RepatriationPlan.consent_language": "a language code, checked by the service against hers",
    # prevention: about places and offices; who said so is a cohort and a count
    "prevention.ResearchSession.source": _CODE,
    "prevention.ResearchSession.cohort": _CODE,
    "prevention.VulnerabilityReport.factor": _CODE,
    "prevention.VulnerabilityReport.source": _CODE,
    "prevention.VulnerabilityReport.cohort": _CODE,
    "prevention.ProtectiveNorm.practice": _CODE,
    "prevention.ProtectiveNorm.source": _CODE,
    "prevention.ProtectiveNorm.cohort": _CODE,
    "prevention.Stakeholder.kind": _CODE,
    "prevention.Stakeholder.name": "an office's institutional name (the BDO of a block), never a person's",
    "prevention.Stakeholder.mandate": "an office's mandate as the law gives it; the form asks for no name",
    "prevention.Stakeholder.law": "the law an office stands on, cited (act and section)",
    "prevention.Stakeholder.office_phone": "an office's public phone, not a person's",
    "prevention.Stakeholder.office_email": "an office's public email, not a person's",
    "prevention.Stakeholder.office_address": "an office's public address, not a person's",
    "prevention.Ask.kind": _CODE,
    "prevention.Ask.channel": _CODE,
    "prevention.Ask.legal_basis": "the law an ask cites (act and section)",
    "prevention.Answer.outcome": _CODE,
    "prevention.CommitteeCheck.exists": _CODE,
    "prevention.ModelChoice.gender": _CODE,
    "prevention.ModelChoice.chosen": _CODES,
    # evidence: numbers that already left through the disclosure gate, and codes
    "evidence.Release.table": "a catalogue table's name (sathi.evidence.catalogue)",
    "evidence.Release.parameters": "the period, place level, district and breakdown: codes and months",
    "evidence.Release.published": "the protected numbers as they left (hidden ones null) and their labels",
    "evidence.Release.values_sha256": _HASH,
    "evidence.Dhis2Mapping.table": "a catalogue table's name (sathi.evidence.catalogue)",
    "evidence.Dhis2Mapping.org_units": "row labels (districts) and DHIS2 organisation unit codes",
    "evidence.Dhis2Mapping.cells": "column codes and DHIS2 data element and category option combo codes",
    "prevention.Dialogue.factors": _CODES,
    "prevention.Dialogue.models_raised": _CODES,
    "prevention.DialogueCount.cohort": _CODE,
    "prevention.DialogueCount.gender": _CODE,
    "prevention.DialogueCount.age_group": _CODE,
    "prevention.Assessment.name": "an assessment's name (a programme's, such as a baseline of resilience)",
    "prevention.Indicator.label": "an indicator's wording, alike for every place: no answer about a person",
    "prevention.Round.kind": _CODE,
}


def declaration(obj, column: str) -> Sealed:
    return SEALED[f"{obj._meta.label}.{column}"]


def _person_of(obj, decl: Sealed):
    return obj if decl.person == "" else operator.attrgetter(decl.person)(obj)


def seal(obj, column: str, text: str, *, vault=None) -> bytes | None:
    """The ciphertext of `text` for `obj.<column>` (None for empty text). The row must have its id."""
    from sathi.accounts import keys
    from sathi.people.vault import PersonVault, place

    if not text:
        return None
    if obj.pk is None:
        raise ValueError("a sealed field is bound to its row: save the row first")
    decl, field = declaration(obj, column), column.removesuffix("_sealed")
    if decl.person is None:
        org_id = operator.attrgetter(decl.organisation)(obj)
        return keys.seal_for_organisation(org_id, place(obj, field), text)
    vault = vault or PersonVault.open(_person_of(obj, decl))
    return vault.seal(obj, field, text)


def seal_into(obj, *, also=(), **texts: str):
    """Seal each `name=text` into the saved row's `<name>_sealed` (one key opened) and save those columns
    (and the fields named in `also`, set on the row beforehand)."""
    from sathi.people.vault import PersonVault

    vault, columns = None, []
    for name, text in texts.items():
        column = f"{name}_sealed"
        decl = declaration(obj, column)
        if decl.person is not None and text and vault is None:
            vault = PersonVault.open(_person_of(obj, decl))
        setattr(obj, column, seal(obj, column, text, vault=vault))
        columns.append(column)
    obj.save(update_fields=[*columns, *also])
    return obj


def open_text(obj, column: str, *, vault=None) -> str | None:
    """The plaintext, for the system itself (a copy it makes, a migration): readers use `read()`."""
    from sathi.accounts import keys
    from sathi.people.vault import PersonVault, place

    blob = getattr(obj, column)
    if not blob:  # None, or emptied by an erasure (sathi.rights.erasure): nothing to open
        return None
    decl, field = declaration(obj, column), column.removesuffix("_sealed")
    if decl.person is None:
        org_id = operator.attrgetter(decl.organisation)(obj)
        return keys.open_for_organisation(org_id, blob, place(obj, field))
    vault = vault or PersonVault.open(_person_of(obj, decl))
    return vault.open_field(obj, field, blob)


def may_read(actor, field_class: FieldClass) -> bool:
    from sathi.people import policy

    return bool(policy.decide(actor, policy.Verb.READ, field_class=field_class))


def read(actor, obj, column: str, *, vault=None) -> str | None:
    """What this actor sees of a sealed field: the text, the mask, or None when nothing was written."""
    if not getattr(obj, column):
        return None
    if not may_read(actor, declaration(obj, column).field_class):
        return MASK
    return open_text(obj, column, vault=vault)


def reveal(actor, rows, *columns: str, vault=None):
    """Set `row.<name>` to what the actor sees of each `<name>_sealed` (one key per person, opened once).

    Only the rows a page shows: pass the slice, not the queryset. `vault`: rows of one person, key open.
    """
    from sathi.people.vault import PersonVault

    vaults: dict = {vault.person.pk: vault} if vault else {}
    for row in rows:
        for column in columns:
            decl, opened = declaration(row, column), None
            if decl.person is not None and getattr(row, column) and may_read(actor, decl.field_class):
                person = _person_of(row, decl)
                opened = vaults.get(person.pk) or vaults.setdefault(person.pk, PersonVault.open(person))
            setattr(row, column.removesuffix("_sealed"), read(actor, row, column, vault=opened) or "")
    return rows


# --- data migrations: existing plaintext rows into their sealed column, and back ---------------------


def historical_vault(apps, obj, decl: Sealed):
    from sathi.people.vault import PersonVault, unwrap_person_key

    if decl.person is None:
        return None
    person = _person_of(obj, decl)
    wrapped = apps.get_model("people", "PersonKey").objects.get(person_id=person.pk).wrapped
    return PersonVault(person, unwrap_person_key(person.organisation_id, person.pk, wrapped))


def sealing_migration(model_label: str, *names: str):
    """The RunPython pair that seals `<name>` into `<name>_sealed` for every existing row, and back."""
    app_label, model_name = model_label.split(".")

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for row in model.objects.iterator(chunk_size=500):
            changes = {}
            for name in names:
                text = getattr(row, name)
                if text:
                    text = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
                    vault = historical_vault(apps, row, SEALED[f"{model_label}.{name}_sealed"])
                    changes[f"{name}_sealed"] = seal(row, f"{name}_sealed", text, vault=vault)
            if changes:
                model.objects.filter(pk=row.pk).update(**changes)

    def backwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for row in model.objects.iterator(chunk_size=500):
            changes = {}
            for name in names:
                if getattr(row, f"{name}_sealed") is not None:
                    vault = historical_vault(apps, row, SEALED[f"{model_label}.{name}_sealed"])
                    text = open_text(row, f"{name}_sealed", vault=vault)
                    is_json = isinstance(model._meta.get_field(name), models.JSONField)
                    changes[name] = json.loads(text) if is_json else text
            if changes:
                model.objects.filter(pk=row.pk).update(**changes)

    return forwards, backwards
