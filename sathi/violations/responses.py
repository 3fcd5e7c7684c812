"""The responses to an incident: who acted, when, and what came of it. Violence-history class throughout."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice, clean_text
from sathi.core.versions import bump_version
from sathi.lib.errors import Conflict
from sathi.violations.involvements import affected_for
from sathi.violations.models import (
    Incident,
    Response,
)
from sathi.violations.services import (
    MAX_TEXT,
    UNSET,
    as_uuid,
    child_for,
    clean_moment,
    incident_for,
    require_violence_class,
    seal_for_organisation,
)
from sathi.violations.vocab import (
    ResponseAction,
    ResponseOutcome,
)


def _check_response(incident: Incident, reported_at, first_response_at, resolved_at, outcome) -> None:
    if reported_at < timezone.make_aware(datetime.combine(incident.start_date, datetime.min.time())):
        raise ValidationError({"reported_at": _("This is before the incident began.")})
    if first_response_at is not None and first_response_at < reported_at:
        raise ValidationError({"first_response_at": _("The first response cannot come before the report.")})
    if resolved_at is not None:
        if first_response_at is None:
            raise ValidationError({"resolved_at": _("Record the first response before the resolution.")})
        if resolved_at < first_response_at:
            raise ValidationError({"resolved_at": _("It cannot be resolved before the first response.")})
        if outcome == ResponseOutcome.PENDING:
            raise ValidationError({"outcome": _("Give the outcome of a resolved action.")})


def response_add(
    *,
    actor: Membership,
    incident_id,
    action: str,
    reported_at: datetime,
    first_response_at: datetime | None = None,
    resolved_at: datetime | None = None,
    outcome: str = ResponseOutcome.PENDING,
    affected_id=None,
    note: str = "",
) -> Response:
    """An action taken on an incident, with its times: time to first response and to resolution are
    indicators (sathi.violations.report)."""
    require_violence_class(actor)
    incident_for(actor, incident_id)  # access before validation: others learn nothing
    action = clean_choice(action, ResponseAction, field="action")
    reported_at = clean_moment(reported_at, "reported_at")
    if reported_at is None:
        raise ValidationError({"reported_at": _("Give the time it was reported.")})
    first_response_at = clean_moment(first_response_at, "first_response_at")
    resolved_at = clean_moment(resolved_at, "resolved_at")
    outcome = clean_choice(outcome, ResponseOutcome, field="outcome")
    note = clean_text(note, field="note", max_length=MAX_TEXT)
    affected = None
    if affected_id:
        affected, owner = affected_for(actor, affected_id)
        if owner.pk != as_uuid(incident_id):
            raise ValidationError({"affected": _("Choose a person affected by this incident.")})
    with transaction.atomic():
        incident = incident_for(actor, incident_id, lock=True)
        _check_response(incident, reported_at, first_response_at, resolved_at, outcome)
        response = Response(
            incident=incident,
            affected=affected,
            action=action,
            reported_at=reported_at,
            first_response_at=first_response_at,
            resolved_at=resolved_at,
            outcome=outcome,
            recorded_by_id=actor.user_id,
        )
        if note:
            response.note_sealed = seal_for_organisation(actor.organisation_id, response, "note", note)
        response.save(force_insert=True)
        bump_version(incident)
        log_member_action(
            actor,
            "response.added",
            response,
            [
                "action",
                "reported_at",
                "first_response_at",
                "resolved_at",
                "outcome",
                *(["affected"] if affected else []),
                *(["note"] if note else []),
            ],
        )
    return response


def response_update(
    *,
    actor: Membership,
    response_id,
    version: int,
    first_response_at=UNSET,
    resolved_at=UNSET,
    outcome=UNSET,
    note=UNSET,
) -> Response:
    response = child_for(actor, Response, response_id)
    incident_for(actor, response.incident_id)  # access before validation: others learn nothing
    with transaction.atomic():
        incident = incident_for(actor, response.incident_id, lock=True)
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.version != version:
            raise Conflict
        changed = []
        if first_response_at is not UNSET:
            response.first_response_at = clean_moment(first_response_at, "first_response_at")
            changed.append("first_response_at")
        if resolved_at is not UNSET:
            response.resolved_at = clean_moment(resolved_at, "resolved_at")
            changed.append("resolved_at")
        if outcome is not UNSET:
            response.outcome = clean_choice(outcome, ResponseOutcome, field="outcome")
            changed.append("outcome")
        if note is not UNSET:
            text = clean_text(note, field="note", max_length=MAX_TEXT)
            response.note_sealed = (
                seal_for_organisation(actor.organisation_id, response, "note", text) if text else None
            )
            changed.append("note")
        _check_response(
            incident, response.reported_at, response.first_response_at, response.resolved_at, response.outcome
        )
        response.version += 1
        response.save()
        bump_version(incident)
        log_member_action(actor, "response.updated", response, changed)
    return response
