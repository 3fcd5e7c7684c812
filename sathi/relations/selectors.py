"""Her map and her life course, for roles that may see the violence-history class. Viewing is audited."""

from __future__ import annotations

from dataclasses import dataclass

from sathi.accounts.models import Membership
from sathi.audit.services import log_action
from sathi.people import selectors
from sathi.people.vault import PersonVault
from sathi.relations import pictures
from sathi.relations.models import SafetyCheck
from sathi.relations.services import require_violence_class


@dataclass
class RelationsView:
    person: object
    relations: list
    names: dict
    sites: list
    events: list
    notes: dict
    factors: list
    checks: list
    ecomap: pictures.Picture
    timeline: pictures.Picture


def relations_view(*, actor: Membership, person_id) -> RelationsView:
    require_violence_class(actor)
    person = selectors.person_get(actor=actor, person_id=person_id)
    vault = PersonVault.open(person)
    relations = list(
        person.relations.prefetch_related("qualities").select_related("other").order_by("domain", "kind")
    )
    names = {
        r.pk: (vault.open_field(r, "name", r.name_sealed) if r.name_sealed else r.other.display_code)
        for r in relations
    }
    events = list(person.life_events.prefetch_related("factors"))
    notes = {e.pk: vault.open_field(e, "note", e.note_sealed) for e in events if e.note_sealed}
    log_action(
        actor=actor.user_id,
        organisation=actor.organisation_id,
        action="relations.viewed",
        target=person,
        fields=["relations", "life_events", "safety_checks"],
    )
    return RelationsView(
        person=person,
        relations=relations,
        names=names,
        sites=list(person.site_history.order_by("from_year")),
        events=events,
        notes=notes,
        factors=list(person.factors.all()),
        checks=list(SafetyCheck.objects.filter(person=person).order_by("-checked_on")),
        ecomap=pictures.ecomap(person, relations, names),
        timeline=pictures.timeline(person, events),
    )
