"""Writes of rights violations and raids: each checks access first, validates, writes in one transaction,
and audits.

Violence-history class throughout: only roles that may see it record or read any of it. An incident is the
organisation's record (sealed with the organisation's key); a person's own account is hers (sealed with her
key) when she is a person in Sathi.
"""

from __future__ import annotations

import calendar
import hashlib
import uuid
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_choices, clean_text
from sathi.core.uploads import accept_upload
from sathi.core.versions import bump_version
from sathi.lib import crypto
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.people.vault import place
from sathi.places.models import Place, PlaceKind
from sathi.violations.models import (
    EvidenceFile,
    Incident,
    RaidDetails,
    Source,
)
from sathi.violations.vocab import (
    Agency,
    Confidentiality,
    DatePrecision,
    EvidenceKind,
    Force,
    HeldAt,
    IncidentType,
    ItpaSection,
    LegalBasis,
    Reliability,
    SourceKind,
    Verification,
)

UNSET = object()
MAX_TEXT = 5000
MAX_COUNT = 100_000  # a count above this is a typing error, not a raid
MAX_HOURS = 24 * 366


# --- access ------------------------------------------------------------------------------------


def require_violence_class(actor: Membership) -> None:
    if not policy.decide(actor, Kind.INCIDENT):
        raise Forbidden


def documents_only(actor: Membership) -> bool:
    """A peer worker (REAct): she records incidents and the people affected and lists only her own."""
    return not policy.decide(actor, Kind.INCIDENT) and bool(policy.decide(actor, Kind.OWN_INCIDENT))


def require_documenter(actor: Membership) -> None:
    """Recording an incident or a person affected: the violence class, or a peer worker's own incidents."""
    if not (policy.decide(actor, Kind.INCIDENT) or documents_only(actor)):
        raise Forbidden
    if not policy.decide(actor, Verb.RECORD_INCIDENT):
        raise Forbidden


def visible_incidents(actor: Membership) -> QuerySet:
    """Incidents of the actor's organisation she may see: all of them for a supervisor; for other roles with
    the violence class, all but the restricted ones recorded by someone else; for a peer worker, the ones
    she recorded herself."""
    if documents_only(actor):
        return Incident.objects.filter(organisation_id=actor.organisation_id, recorded_by_id=actor.user_id)
    if not policy.decide(actor, Kind.INCIDENT):
        return Incident.objects.none()
    queryset = Incident.objects.filter(organisation_id=actor.organisation_id)
    if not policy.decide(actor, Kind.RESTRICTED_INCIDENT):
        queryset = queryset.filter(
            Q(confidentiality=Confidentiality.INTERNAL) | Q(recorded_by_id=actor.user_id)
        )
    return queryset


def as_uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound from exc


def incident_for(actor: Membership, incident_id, *, lock: bool = False) -> Incident:
    """The incident if the actor may see it; NotFound otherwise. The one access helper for incidents."""
    queryset = visible_incidents(actor).filter(pk=as_uuid(incident_id))
    if lock:
        queryset = queryset.select_for_update()
    incident = queryset.first()
    if incident is None:
        raise NotFound
    return incident


def child_for(actor: Membership, model, child_id):
    """A row hanging from an incident (affected person, response, outcome...), through incident_for."""
    require_violence_class(actor)
    try:
        pk = model._meta.pk.to_python(child_id)
    except ValidationError as exc:
        raise NotFound from exc
    child = model.objects.filter(pk=pk).first() if pk is not None else None
    if child is None:
        raise NotFound
    return child


# --- sealing -----------------------------------------------------------------------------------


def seal_for_organisation(org_id: int, obj, field: str, text: str) -> bytes:
    """The organisation's record, bound to its table, column and row."""
    return keys.seal_for_organisation(org_id, place(obj, field), text)


def open_for_organisation(org_id: int, obj, field: str, blob) -> str | None:
    if blob is None:
        return None
    return keys.open_for_organisation(org_id, blob, place(obj, field))


def seal_file(org_id: int, obj, content: bytes) -> bytes:
    version = keys.active_version(org_id)
    return crypto.seal(keys.data_key(org_id, version), f"o{version}", content, place(obj, "file"))


def open_file(org_id: int, obj, blob: bytes) -> bytes:
    version = int(crypto.key_id_of(blob)[1:])
    return crypto.unseal(keys.data_key(org_id, version), blob, place(obj, "file"))


# --- validation helpers ------------------------------------------------------------------------


def period_bounds(day: date, precision: str) -> tuple[date, date]:
    """The first and last day a date of this precision may stand for."""
    if precision == DatePrecision.YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day


def _clean_dates(start_date, start_precision, end_date, end_precision) -> tuple[date, str, date | None, str]:
    """A start stored as the first day of its period, an end as the last: "the end is not before the start"
    then means the end's last possible day is not before the start's first."""
    if not isinstance(start_date, date) or isinstance(start_date, datetime):
        raise ValidationError({"start_date": _("Enter a valid date.")})
    start_precision = clean_choice(start_precision, DatePrecision, field="start_precision")
    start, _last = period_bounds(start_date, start_precision)
    if start > dates.today():
        raise ValidationError({"start_date": _("This date is in the future.")})
    if end_date is None:
        return start, start_precision, None, ""
    if not isinstance(end_date, date) or isinstance(end_date, datetime):
        raise ValidationError({"end_date": _("Enter a valid date.")})
    end_precision = clean_choice(end_precision or DatePrecision.DAY, DatePrecision, field="end_precision")
    end_first, end = period_bounds(end_date, end_precision)
    if end < start:
        raise ValidationError({"end_date": _("The end cannot be before the start.")})
    if end_first > dates.today():
        raise ValidationError({"end_date": _("This date is in the future.")})
    return start, start_precision, end, end_precision


def _clean_place(actor: Membership, place_id) -> tuple[Place, Place]:
    """A district, a red-light area, or one of the organisation's own sites; and the district it lies in."""
    try:
        found = Place.objects.filter(pk=int(place_id)).first() if place_id else None
    except (TypeError, ValueError):
        found = None
    if (
        found is None
        or found.kind == PlaceKind.STATE
        or found.organisation_id not in (None, actor.organisation_id)
    ):
        raise ValidationError(
            {"place": _("Choose a district, an area, or one of your organisation's sites.")}
        )
    district = found.district()
    if district is None:
        raise ValidationError({"place": _("This place lies in no district. Choose another.")})
    return found, district


def clean_count(value, field: str, *, required: bool = False, maximum: int = MAX_COUNT) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Give a number.")})
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValidationError({field: _("Give a whole number from 0 to %(max)d.") % {"max": maximum}})
    return value


def clean_yes_no(value, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ValidationError({field: _("Answer yes, no, or leave it as not known.")})


def clean_moment(value, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise ValidationError({field: _("Enter a valid date and time.")})
    if value > timezone.now():
        raise ValidationError({field: _("This time is in the future.")})
    return value


def clean_day(value, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError({field: _("Enter a valid date.")})
    if value > dates.today():
        raise ValidationError({field: _("This date is in the future.")})
    return value


# --- incidents ---------------------------------------------------------------------------------


def incident_record(
    *,
    actor: Membership,
    incident_type: str,
    start_date: date,
    place_id,
    verification: str,
    start_precision: str = DatePrecision.DAY,
    end_date: date | None = None,
    end_precision: str = "",
    description: str = "",
    confidentiality: str = Confidentiality.INTERNAL,
) -> Incident:
    """Record an incident. Its place may be a site; anything counted or shared uses its district only.

    A peer worker's incident waits for a caseworker's or supervisor's review, and is internal (never
    restricted) so that the reviewers see it."""
    require_documenter(actor)
    peer = documents_only(actor)
    incident_type = clean_choice(incident_type, IncidentType, field="incident_type")
    start, start_precision, end, end_precision = _clean_dates(
        start_date, start_precision, end_date, end_precision
    )
    found, district = _clean_place(actor, place_id)
    verification = clean_choice(verification, Verification, field="verification")
    confidentiality = clean_choice(confidentiality, Confidentiality, field="confidentiality")
    if peer:
        confidentiality = Confidentiality.INTERNAL
    description = clean_text(description, field="description", max_length=MAX_TEXT)
    with transaction.atomic():
        incident = Incident(
            needs_review=peer,
            organisation_id=actor.organisation_id,
            incident_type=incident_type,
            start_date=start,
            start_precision=start_precision,
            end_date=end,
            end_precision=end_precision,
            place=found,
            district=district,
            verification=verification,
            confidentiality=confidentiality,
            recorded_by_id=actor.user_id,
        )
        if description:
            incident.description_sealed = seal_for_organisation(
                actor.organisation_id, incident, "description", description
            )
        incident.full_clean(exclude=["description_sealed"])
        incident.save(force_insert=True)
        log_member_action(
            actor,
            "incident.recorded",
            incident,
            [
                "incident_type",
                "start_date",
                "end_date",
                "place",
                "verification",
                "confidentiality",
                *(["description"] if description else []),
            ],
        )
    return incident


def incident_update(
    *,
    actor: Membership,
    incident_id,
    version: int,
    verification=UNSET,
    confidentiality=UNSET,
    description=UNSET,
    start_date=UNSET,
    start_precision=UNSET,
    end_date=UNSET,
    end_precision=UNSET,
    place_id=UNSET,
) -> Incident:
    """Change what is known. Its type is fixed: a raid recorded in error is a new record, not an edit."""
    require_violence_class(actor)
    incident_for(actor, incident_id)  # access before validation: others learn nothing
    with transaction.atomic():
        incident = incident_for(actor, incident_id, lock=True)
        if incident.version != version:
            raise Conflict
        changed = []
        if verification is not UNSET:
            incident.verification = clean_choice(verification, Verification, field="verification")
            changed.append("verification")
        if confidentiality is not UNSET:
            confidentiality = clean_choice(confidentiality, Confidentiality, field="confidentiality")
            if confidentiality != incident.confidentiality and not (
                policy.decide(actor, Verb.RESTRICT_INCIDENT) or incident.recorded_by_id == actor.user_id
            ):
                raise ValidationError(
                    {"confidentiality": _("Only a supervisor or the worker who recorded it may change this.")}
                )
            incident.confidentiality = confidentiality
            changed.append("confidentiality")
        if any(v is not UNSET for v in (start_date, start_precision, end_date, end_precision)):
            new = _clean_dates(
                incident.start_date if start_date is UNSET else start_date,
                incident.start_precision if start_precision is UNSET else start_precision,
                incident.end_date if end_date is UNSET else end_date,
                incident.end_precision if end_precision is UNSET else end_precision,
            )
            incident.start_date, incident.start_precision, incident.end_date, incident.end_precision = new
            changed += ["start_date", "end_date"]
        if place_id is not UNSET:
            incident.place, incident.district = _clean_place(actor, place_id)
            changed.append("place")
        if description is not UNSET:
            text = clean_text(description, field="description", max_length=MAX_TEXT)
            incident.description_sealed = (
                seal_for_organisation(actor.organisation_id, incident, "description", text) if text else None
            )
            changed.append("description")
        incident.full_clean(exclude=["description_sealed"])
        incident.save()
        bump_version(incident)
        log_member_action(actor, "incident.updated", incident, changed)
    return incident


def source_add(*, actor: Membership, incident_id, kind: str, reliability: str, note: str = "") -> Source:
    """Where it is known from, and how reliable that is. Who the source is (a witness) stays sealed."""
    require_violence_class(actor)
    incident_for(actor, incident_id)  # access before validation: others learn nothing
    kind = clean_choice(kind, SourceKind, field="kind")
    reliability = clean_choice(reliability, Reliability, field="reliability")
    note = clean_text(note, field="note", max_length=MAX_TEXT)
    with transaction.atomic():
        incident = incident_for(actor, incident_id, lock=True)
        source = Source(incident=incident, kind=kind, reliability=reliability, recorded_by_id=actor.user_id)
        if note:
            source.note_sealed = seal_for_organisation(actor.organisation_id, source, "note", note)
        source.save(force_insert=True)
        bump_version(incident)
        log_member_action(
            actor, "incident.source_added", source, ["kind", "reliability", *(["note"] if note else [])]
        )
    return source


# --- raid details ------------------------------------------------------------------------------


def raid_details_save(
    *,
    actor: Membership,
    incident_id,
    legal_basis: str,
    version: int | None = None,
    agencies: list[str] = (),
    agency_names: list[str] = (),
    itpa_sections: list[str] = (),
    warrant_shown: bool | None = None,
    picked_up_known: int = 0,
    picked_up_estimated: int | None = None,
    minors_per_police: int | None = None,
    minors_verified: int | None = None,
    force_used: str = Force.NOT_KNOWN,
    held_at: list[str] = (),
    held_hours: int | None = None,
    phones_taken: int | None = None,
    phones_returned: int | None = None,
    money_taken: bool | None = None,
    money_returned: bool | None = None,
    legal_counsel: bool | None = None,
    media_present: bool | None = None,
    collective_told: bool | None = None,
) -> RaidDetails:
    """The facts of a raid: first written with version None, then replaced whole with the version read.

    Undertakings are recorded per person affected (AffectedPerson.undertaking), not as counts here: the
    report's share who signed is then a share of persons, and can be read beside her own answers."""
    require_violence_class(actor)
    incident_for(actor, incident_id)  # access before validation: others learn nothing
    agencies = clean_choices(agencies, Agency, field="agencies")
    names = [clean_text(n, field="agency_names", max_length=120) for n in agency_names or []]
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) > 20:
        raise ValidationError({"agency_names": _("Too many names: at most %(max)d.") % {"max": 20}})
    legal_basis = clean_choice(legal_basis, LegalBasis, field="legal_basis")
    itpa_sections = clean_choices(itpa_sections, ItpaSection, field="itpa_sections")
    if legal_basis == LegalBasis.ITPA and not itpa_sections:
        raise ValidationError({"itpa_sections": _("Give the sections of the Act that were invoked.")})
    if legal_basis != LegalBasis.ITPA and itpa_sections:
        raise ValidationError(
            {"itpa_sections": _("Sections of the Act are given only when the Act was the stated basis.")}
        )
    warrant_shown = clean_yes_no(warrant_shown, "warrant_shown")
    known = clean_count(picked_up_known, "picked_up_known", required=True)
    estimated = clean_count(picked_up_estimated, "picked_up_estimated")
    if estimated is not None and estimated < known:
        raise ValidationError(
            {"picked_up_estimated": _("The estimate cannot be lower than the number known.")}
        )
    picked_up = max(known, estimated or 0)
    minors_per_police = clean_count(minors_per_police, "minors_per_police")
    minors_verified = clean_count(minors_verified, "minors_verified")
    for field, value in (("minors_per_police", minors_per_police), ("minors_verified", minors_verified)):
        if value is not None and value > picked_up:
            raise ValidationError(
                {
                    field: _("More minors than persons picked up: at most %(n)d persons were picked up.")
                    % {"n": picked_up}
                }
            )
    force_used = clean_choice(force_used, Force, field="force_used")
    held_at = clean_choices(held_at, HeldAt, field="held_at")
    held_hours = clean_count(held_hours, "held_hours", maximum=MAX_HOURS)
    phones_taken = clean_count(phones_taken, "phones_taken")
    phones_returned = clean_count(phones_returned, "phones_returned")
    if phones_returned is not None and (phones_taken is None or phones_returned > phones_taken):
        raise ValidationError({"phones_returned": _("More phones returned than were taken.")})
    money_taken = clean_yes_no(money_taken, "money_taken")
    money_returned = clean_yes_no(money_returned, "money_returned")
    if money_returned is not None and money_taken is not True:
        raise ValidationError({"money_returned": _("Money can be returned only if it was taken.")})
    values = {
        "agencies": agencies,
        "agency_names": names,
        "legal_basis": legal_basis,
        "itpa_sections": itpa_sections,
        "warrant_shown": warrant_shown,
        "picked_up_known": known,
        "picked_up_estimated": estimated,
        "minors_per_police": minors_per_police,
        "minors_verified": minors_verified,
        "force_used": force_used,
        "held_at": held_at,
        "held_hours": held_hours,
        "phones_taken": phones_taken,
        "phones_returned": phones_returned,
        "money_taken": money_taken,
        "money_returned": money_returned,
        "legal_counsel": clean_yes_no(legal_counsel, "legal_counsel"),
        "media_present": clean_yes_no(media_present, "media_present"),
        "collective_told": clean_yes_no(collective_told, "collective_told"),
    }
    with transaction.atomic():
        incident = incident_for(actor, incident_id, lock=True)
        if incident.incident_type != IncidentType.RAID:
            raise ValidationError({"incident_type": _("Raid details are recorded for a raid only.")})
        details = RaidDetails.objects.select_for_update().filter(incident=incident).first()
        if details is None:
            if version is not None:
                raise Conflict
            details = RaidDetails(incident=incident, **values)
            action = "raid.recorded"
        else:
            if details.version != version:
                raise Conflict
            for name, value in values.items():
                setattr(details, name, value)
            details.version += 1
            action = "raid.updated"
        details.full_clean(exclude=["incident"])
        details.save()
        bump_version(incident)
        log_member_action(actor, action, details, list(values))
    return details


# --- evidence files ----------------------------------------------------------------------------


def evidence_attach(
    *, actor: Membership, incident_id, kind: str, filename: str, content: bytes
) -> EvidenceFile:
    """Attach evidence, sealed with the organisation's key and bound to its row. Accepted only through the
    one upload pipeline (`accept_upload`): a PDF without active content, or an image decoded whole and
    rebuilt from its pixels, so no metadata survives; the hash is of what is stored."""
    require_violence_class(actor)
    incident_for(actor, incident_id)  # access before validation: others learn nothing
    kind = clean_choice(kind, EvidenceKind, field="kind")
    filename = clean_text(filename or "evidence", field="file", max_length=200, multiline=False) or "evidence"
    accepted = accept_upload(content)
    stored, content_type, is_image = accepted.content, accepted.content_type, accepted.rebuilt
    incident = incident_for(actor, incident_id)
    evidence = EvidenceFile(
        incident=incident,
        kind=kind,
        content_type=content_type,
        size=len(stored),
        sha256=hashlib.sha256(stored).hexdigest(),
        metadata_stripped=is_image,
        uploaded_by_id=actor.user_id,
    )
    evidence.name_sealed = seal_for_organisation(actor.organisation_id, evidence, "name", filename)
    sealed = seal_file(actor.organisation_id, evidence, stored)
    # Slow I/O outside the transaction. The sealed file is written first and removed again if the row
    # cannot be written, so there is never a row without its file.
    evidence.stored_as = default_storage.save(f"violations/{evidence.pk}", ContentFile(sealed))
    try:
        with transaction.atomic():
            incident = incident_for(actor, incident_id, lock=True)
            evidence.save(force_insert=True)
            bump_version(incident)
            log_member_action(actor, "evidence.attached", evidence, ["file", "kind", "content_type"])
    except BaseException:
        default_storage.delete(evidence.stored_as)
        raise
    return evidence


def incident_review(*, actor: Membership, incident_id) -> Incident:
    """A caseworker or supervisor reviews what a peer worker recorded (and sees it in full, as every
    incident she may see)."""
    if not policy.decide(actor, Verb.REVIEW_INCIDENT):
        raise Forbidden
    with transaction.atomic():
        incident = incident_for(actor, incident_id, lock=True)
        if not incident.needs_review:
            raise ValidationError({"incident": _("This incident does not wait for a review.")})
        incident.needs_review = False
        incident.reviewed_by_id = actor.user_id
        incident.reviewed_at = timezone.now()
        bump_version(incident)
        incident.save(update_fields=["needs_review", "reviewed_by", "reviewed_at"])
        log_member_action(actor, "incident.reviewed", incident, ["reviewed"])
    return incident
