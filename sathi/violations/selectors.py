"""Reads of incidents, through the access policy. Opening sealed text or an evidence file is audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch, Q

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.lib import crypto
from sathi.lib.errors import NotFound
from sathi.people import policy, sealing
from sathi.people.models import Person
from sathi.people.selectors import MASK
from sathi.people.vault import PersonVault
from sathi.violations import services
from sathi.violations.models import AffectedPerson, EvidenceFile, Incident, RaidDetails, Source
from sathi.violations.services import (
    incident_for,
    open_file,
    open_for_organisation,
    visible_incidents,
)
from sathi.violations.vocab import ResponseOutcome


@dataclass
class IncidentRow:
    """One line of a list: no sealed field is opened, and the place is shown at district level."""

    id: object
    incident_type: str
    start_date: date
    start_precision: str
    district: str
    verification: str
    confidentiality: str
    affected: int
    open_responses: int
    version: int


def incident_list(*, actor: Membership, limit: int = 50, offset: int = 0) -> list[IncidentRow]:
    """Incidents the actor may see, newest first. A fixed number of queries; not audited as a view."""
    incidents = (
        visible_incidents(actor)
        .select_related("district")
        .only(
            "id",
            "incident_type",
            "start_date",
            "start_precision",
            "verification",
            "confidentiality",
            "version",
            "district__name",
        )
        .annotate(
            n_affected=Count("affected", distinct=True),
            n_open=Count("responses", filter=Q(responses__outcome=ResponseOutcome.PENDING), distinct=True),
        )
        .order_by("-start_date", "pk")[offset : offset + limit]
    )
    return [
        IncidentRow(
            id=i.pk,
            incident_type=i.incident_type,
            start_date=i.start_date,
            start_precision=i.start_precision,
            district=i.district.name,
            verification=i.verification,
            confidentiality=i.confidentiality,
            affected=i.n_affected,
            open_responses=i.n_open,
            version=i.version,
        )
        for i in incidents
    ]


@dataclass
class AffectedView:
    affected: AffectedPerson
    # Her code when she is a person in Sathi the actor may open; None for an anonymous record or one the
    # actor may not open (who she is stays hidden; what was done to her is the incident's record).
    person_code: str | None
    account: str | None  # MASK when it is hers and the actor may not open her violence history


@dataclass
class IncidentView:
    incident: Incident
    place: str
    description: str | None
    raid: RaidDetails | None
    sources: list[tuple[Source, str | None]]
    affected: list[AffectedView]
    perpetrators: list[tuple[object, str | None]]
    responses: list[tuple[object, str | None]]
    evidence: list[tuple[EvidenceFile, str]]  # metadata and name only; the file opens through evidence_open
    opened: list[str] = field(default_factory=list)


def _account(row: AffectedPerson, seen: bool) -> str | None:
    """Her account: masked when she is a person in Sathi the actor may not open (the caller already holds the
    violence class, so opening her record is all that is left to decide)."""
    if row.account_sealed is None:
        return None
    if row.person_id and not seen:
        return MASK
    try:
        if row.person_id:
            return PersonVault.open(row.person).open_field(row, "account", row.account_sealed)
        return open_for_organisation(row.incident.organisation_id, row, "account", row.account_sealed)
    except crypto.DecryptionError:
        return None  # her key was destroyed: her account is erased with it


def incident_view(*, actor: Membership, incident_id) -> IncidentView:
    """Open one incident for the actor. Writes exactly one audit event naming what was opened."""
    incident = incident_for(actor, incident_id)
    incident = (
        Incident.objects.select_related("place", "district", "raid")
        .prefetch_related(
            "sources",
            "perpetrators",
            "responses",
            "evidence",
            Prefetch(
                "affected",
                queryset=AffectedPerson.objects.select_related("person__key").order_by("recorded_at"),
            ),
        )
        .get(pk=incident.pk)
    )
    org_id = incident.organisation_id
    if services.documents_only(actor):
        return _documenter_view(actor, incident)
    visible_people = set(
        policy.visible_people(
            actor, Person.objects.filter(pk__in=[a.person_id for a in incident.affected.all() if a.person_id])
        ).values_list("pk", flat=True)
    )
    affected = []
    for row in incident.affected.all():
        row.incident = incident
        seen = row.person_id in visible_people
        affected.append(
            AffectedView(
                affected=row,
                person_code=row.person.display_code if row.person_id and seen else None,
                account=_account(row, seen),
            )
        )

    def note(obj) -> str | None:
        return open_for_organisation(org_id, obj, "note", obj.note_sealed)

    view = IncidentView(
        incident=incident,
        place=incident.place.name,  # a site is the organisation's own; only its workers read this
        description=open_for_organisation(org_id, incident, "description", incident.description_sealed),
        raid=getattr(incident, "raid", None),
        sources=[(s, note(s)) for s in incident.sources.all()],
        affected=affected,
        perpetrators=[
            (p, note(p))
            for p in sealing.reveal(actor, incident.perpetrators.all(), "office_sealed", "station_sealed")
        ],
        responses=[(r, note(r)) for r in incident.responses.all()],
        evidence=[
            (e, open_for_organisation(org_id, e, "name", e.name_sealed)) for e in incident.evidence.all()
        ],
        opened=["description", "sources", "accounts", "notes", "evidence_names"],
    )
    log_member_action(actor, "incident.viewed", incident, view.opened)
    return view


def _documenter_view(actor: Membership, incident: Incident) -> IncidentView:
    """What a peer worker sees of an incident she recorded: what, when, where and who, with every account,
    note and the description masked (she wrote them; reading them back is the violence class)."""
    affected = [
        AffectedView(affected=row, person_code=None, account=MASK if row.account_sealed else None)
        for row in incident.affected.all()
    ]
    return IncidentView(
        incident=incident,
        place=incident.place.name,
        description=MASK if incident.description_sealed else None,
        raid=getattr(incident, "raid", None),
        sources=[(s, MASK) for s in incident.sources.all()],
        affected=affected,
        perpetrators=[(p, MASK) for p in incident.perpetrators.all()],
        responses=[(r, MASK) for r in incident.responses.all()],
        evidence=[],
    )


def evidence_open(*, actor: Membership, evidence_id) -> tuple[EvidenceFile, str, bytes]:
    """The file's name and bytes for one permitted reader; audited. NotFound for any role that may not see
    the violence class, for another organisation, and for a restricted incident the actor may not see."""
    if not policy.decide(actor, policy.Kind.INCIDENT):
        raise NotFound
    try:
        pk = EvidenceFile._meta.pk.to_python(evidence_id)
    except ValidationError as exc:  # a malformed id is a missing one
        raise NotFound from exc
    evidence = EvidenceFile.objects.filter(pk=pk).first() if pk else None
    if evidence is None:
        raise NotFound
    incident = incident_for(actor, evidence.incident_id)
    with default_storage.open(evidence.stored_as, "rb") as handle:
        content = open_file(incident.organisation_id, evidence, handle.read())
    if hashlib.sha256(content).hexdigest() != evidence.sha256:
        raise crypto.DecryptionError("evidence integrity check failed")
    name = open_for_organisation(incident.organisation_id, evidence, "name", evidence.name_sealed)
    log_member_action(actor, "evidence.viewed", evidence, ["file"])
    return evidence, name, content


def evidence_get(*, actor: Membership, evidence_id) -> EvidenceFile:
    """An evidence file's metadata (nothing sealed is opened, so not audited as a view), through the same
    access as the incident: NotFound for any role that may not see the violence class, another organisation,
    or a restricted incident the actor may not see."""
    if not policy.decide(actor, policy.Kind.INCIDENT):
        raise NotFound
    try:
        pk = EvidenceFile._meta.pk.to_python(evidence_id)
    except ValidationError as exc:  # a malformed id is a missing one
        raise NotFound from exc
    evidence = EvidenceFile.objects.filter(pk=pk).first() if pk else None
    if evidence is None:
        raise NotFound
    incident_for(actor, evidence.incident_id)
    return evidence
