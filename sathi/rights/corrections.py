"""Correction (issue 13, item 2; DPDP Act 2023, s. 12): she says what is wrong and what is right.

The worker records her request in her words, sealed under her key. A supervisor accepts it (the record
changes through the person service, audited, the request being the reason) or refuses it with a reason that
is printed for her in her next summary of her own record.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice, clean_text
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy, sealing
from sathi.people import services as people
from sathi.people.models import Person
from sathi.people.policy import FieldClass, Verb
from sathi.people.services import locked_visible, require_visible
from sathi.rights.models import CorrectionRequest
from sathi.rights.vocab import CORRECTABLE_CLASS, CorrectableField, CorrectionStatus

LIST_FIELDS = {CorrectableField.NAMES, CorrectableField.ALIASES}


def may_see_field(actor: Membership, field: str) -> bool:
    field_class = CORRECTABLE_CLASS[CorrectableField(field)]
    return not field_class or bool(policy.decide(actor, Verb.READ, field_class=FieldClass(field_class)))


def _value(field: str, right: str):
    """What she says is right, as the person service takes it (names one per line)."""
    if field in LIST_FIELDS:
        return [line.strip() for line in right.splitlines() if line.strip()]
    return right


def _check_right(field: str, right: str) -> None:
    """The correction would be accepted by the record: validated now, not when the supervisor accepts."""
    try:
        if field == CorrectableField.PHONE:
            people.clean_phone(right)
        elif field == CorrectableField.NAMES:
            people.clean_names(_value(field, right), [])
    except ValidationError as exc:
        raise ValidationError({"right": exc.messages}) from exc


def correction_request(
    *, actor: Membership, person_id, field: str, wrong: str, right: str
) -> CorrectionRequest:
    if not policy.decide(actor, Verb.REQUEST_CORRECTION):
        raise Forbidden
    require_visible(actor, person_id)
    field = clean_choice(field, CorrectableField, field="field")
    if not may_see_field(actor, field):
        raise ValidationError(
            {
                "field": _(
                    "Your role cannot see this part of the record, so it cannot take a correction to it. "
                    "Ask a colleague who can see it. Nothing was saved."
                )
            }
        )
    wrong = clean_text(wrong, field="wrong", max_length=500, required=True)
    right = clean_text(right, field="right", max_length=500, required=True)
    _check_right(field, right)
    with transaction.atomic():
        person = locked_visible(actor, person_id, None)
        row = CorrectionRequest.objects.create(
            person=person, field=field, requested_by_id=actor.user_id, requested_at=timezone.now()
        )
        sealing.seal_into(row, wrong=wrong, right=right)
        log_member_action(actor, "correction.requested", row, [field, "wrong", "right"])
    return row


def correction_decide(
    *, actor: Membership, correction_id, version: int, accept: bool, reason: str = ""
) -> CorrectionRequest:
    """Accept (her record takes what she says is right) or refuse with a reason she will read."""
    if not policy.decide(actor, Verb.DECIDE_CORRECTION):
        raise Forbidden
    visible = policy.visible_people(actor, Person.objects.all())
    row = (
        CorrectionRequest.objects.filter(pk=correction_id, person__in=visible).first()
        if correction_id
        else None
    )
    if row is None:
        raise NotFound
    reason = clean_text(reason, field="reason", max_length=500)
    if not accept and not reason:
        raise ValidationError({"reason": _("Give the reason for refusing: it is shown to the person.")})
    with transaction.atomic():
        row = CorrectionRequest.objects.select_for_update().get(pk=row.pk)
        if row.version != version:
            raise Conflict
        if row.status != CorrectionStatus.PENDING:
            raise ValidationError({"__all__": _("This correction was already answered.")})
        person = locked_visible(actor, row.person_id, None)
        if accept:
            right = sealing.open_text(row, "right_sealed") or ""
            people.person_update(
                actor=actor,
                person_id=person.pk,
                version=person.version,
                **{row.field: _value(row.field, right)},
            )
            row.status = CorrectionStatus.ACCEPTED
        else:
            row.status = CorrectionStatus.REFUSED
            row.refusal_sealed = sealing.seal(row, "refusal_sealed", reason)
        row.decided_by_id, row.decided_at = actor.user_id, timezone.now()
        row.version += 1
        row.save()
        action = "correction.accepted" if accept else "correction.refused"
        log_member_action(actor, action, row, [row.field, "status"], reason_given=True)
    return row
