"""Writes on the legal path."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.care.services import case_for
from sathi.core.cleaning import clean_choice, clean_text
from sathi.core.uploads import accept_upload
from sathi.core.versions import bump_version
from sathi.legal.models import Proceeding, ProceedingDocument, ProceedingKind, ProceedingStatus
from sathi.lib import crypto
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy, sealing
from sathi.people.policy import FieldClass, Verb
from sathi.people.vault import PersonVault

UNSET = object()


def _check_dates(event_date, next_date) -> None:
    if event_date is not None and not isinstance(event_date, date):
        raise ValidationError({"event_date": _("Enter a valid date.")})
    if next_date is not None and not isinstance(next_date, date):
        raise ValidationError({"next_date": _("Enter a valid date.")})
    if event_date and next_date and next_date < event_date:
        raise ValidationError({"next_date": _("The next date cannot be before the date of this step.")})


def _require_legal(actor: Membership) -> None:
    if not policy.decide(actor, Verb.WRITE, field_class=FieldClass.LEGAL):
        raise Forbidden


def proceeding_add(
    *,
    actor: Membership,
    case_id,
    kind: str,
    status: str = ProceedingStatus.PENDING,
    event_date: date | None = None,
    next_date: date | None = None,
    rescue_at: datetime | None = None,
    lawyer_id: int | None = None,
    lawyer_name: str = "",
    notes: str = "",
) -> Proceeding:
    """A step on her legal path. A police refusal to register an FIR is recorded as a refusal (003)."""
    _require_legal(actor)
    case_for(actor, case_id)
    kind = clean_choice(kind, ProceedingKind, field="kind")
    status = clean_choice(status, ProceedingStatus, field="status")
    if status == ProceedingStatus.REFUSED and kind != ProceedingKind.FIR:
        raise ValidationError({"status": _("Only an FIR can be refused by the police.")})
    _check_dates(event_date, next_date)
    if kind == ProceedingKind.PRODUCTION:
        if rescue_at is None:
            raise ValidationError(
                {
                    "rescue_at": _(
                        "Give the time of the rescue: the person must be produced before a "
                        "magistrate within 24 hours."
                    )
                }
            )
        if rescue_at > timezone.now():
            raise ValidationError({"rescue_at": _("This time is in the future.")})
    lawyer_name = clean_text(lawyer_name, field="lawyer_name", max_length=120)
    notes = clean_text(notes, field="notes", max_length=5000)
    if (
        lawyer_id
        and not Membership.objects.filter(
            user_id=lawyer_id,
            organisation_id=actor.organisation_id,
            role__in=policy.roles_that(Verb.REPRESENT),
        ).exists()
    ):
        raise ValidationError({"lawyer": _("Choose a legal advocate of your organisation.")})
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        proceeding = Proceeding(
            case=case,
            kind=kind,
            status=status,
            event_date=event_date,
            next_date=next_date,
            rescue_at=rescue_at,
            lawyer_id=lawyer_id,
            recorded_by_id=actor.user_id,
        )
        if notes or lawyer_name:
            vault = PersonVault.open(case.person)
            proceeding.notes_sealed = sealing.seal(proceeding, "notes_sealed", notes, vault=vault)
            proceeding.lawyer_name_sealed = sealing.seal(
                proceeding, "lawyer_name_sealed", lawyer_name, vault=vault
            )
        proceeding.save(force_insert=True)
        bump_version(case)
        log_member_action(
            actor,
            "proceeding.added",
            proceeding,
            ["kind", "status", "event_date", "next_date", *(["notes"] if notes else [])],
        )
    return proceeding


def proceeding_update(
    *, actor: Membership, proceeding_id, version: int, status=UNSET, event_date=UNSET, next_date=UNSET
) -> Proceeding:
    _require_legal(actor)
    with transaction.atomic():
        proceeding = (
            Proceeding.objects.select_for_update().filter(pk=proceeding_id).first() if proceeding_id else None
        )
        if proceeding is None:
            raise NotFound
        case = case_for(actor, proceeding.case_id, lock=True)
        if proceeding.version != version:
            raise Conflict
        changed = []
        if status is not UNSET:
            proceeding.status = clean_choice(status, ProceedingStatus, field="status")
            if proceeding.status == ProceedingStatus.REFUSED and proceeding.kind != ProceedingKind.FIR:
                raise ValidationError({"status": _("Only an FIR can be refused by the police.")})
            changed.append("status")
        if event_date is not UNSET:
            proceeding.event_date = event_date
            changed.append("event_date")
        if next_date is not UNSET:
            proceeding.next_date = next_date
            changed.append("next_date")
        _check_dates(proceeding.event_date, proceeding.next_date)
        proceeding.version += 1
        proceeding.save()
        bump_version(case)
        log_member_action(actor, "proceeding.updated", proceeding, changed)
    return proceeding


def document_attach(*, actor: Membership, proceeding_id, filename: str, content: bytes) -> ProceedingDocument:
    """Attach a document, sealed under her key, through the one upload pipeline (`accept_upload`): a PDF
    without active content, or a photo rebuilt from its pixels, so no GPS, camera or comment is kept."""
    _require_legal(actor)
    if not policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY):
        raise Forbidden
    proceeding = Proceeding.objects.filter(pk=proceeding_id).first() if proceeding_id else None
    if proceeding is None:
        raise NotFound
    case_for(actor, proceeding.case_id)
    filename = clean_text(filename or "document", field="file", max_length=200, multiline=False) or "document"
    accepted = accept_upload(content)  # a photo of a document loses its GPS, camera and comment here
    content = accepted.content
    document = ProceedingDocument(
        proceeding=proceeding,
        content_type=accepted.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=actor.user_id,
    )
    document.stored_as = f"legal/{document.pk}"
    vault = PersonVault.open(proceeding.case.person)
    document.name_sealed = vault.seal(document, "name", filename)
    sealed = crypto.seal(vault.key_for_files(), "p1", content, f"legal.proceedingdocument.file:{document.pk}")
    # The sealed file is written first; if the row then fails, an unreadable orphan is left, never a row
    # without its file.
    default_storage.save(document.stored_as, ContentFile(sealed))
    with transaction.atomic():
        document.save(force_insert=True)
        log_member_action(actor, "document.attached", document, ["file", "content_type"])
    return document


def document_open(*, actor: Membership, document_id) -> tuple[ProceedingDocument, str, bytes]:
    """The document's name and bytes for one permitted reader; audited."""
    _require_legal(actor)
    if not policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY):
        raise NotFound
    document = (
        ProceedingDocument.objects.select_related("proceeding__case__person").filter(pk=document_id).first()
    )
    if document is None:
        raise NotFound
    case_for(actor, document.proceeding.case_id)
    vault = PersonVault.open(document.proceeding.case.person)
    with default_storage.open(document.stored_as, "rb") as handle:
        content = crypto.unseal(
            vault.key_for_files(), handle.read(), f"legal.proceedingdocument.file:{document.pk}"
        )
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise crypto.DecryptionError("document integrity check failed")
    log_member_action(actor, "document.viewed", document, ["file"])
    return document, vault.open_field(document, "name", document.name_sealed), content
