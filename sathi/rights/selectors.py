"""Reads for the rights pages, through the access policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.lib.errors import NotFound
from sathi.people import policy, sealing
from sathi.people.models import Person
from sathi.people.policy import Kind, Verb
from sathi.people.selectors import person_get
from sathi.relations.models import SafetyCheck
from sathi.rights import crossing as crossing_rules
from sathi.rights.corrections import may_see_field
from sathi.rights.erasure import legal_holds
from sathi.rights.models import CorrectionRequest, Crossing, Erasure
from sathi.rights.vocab import Stage, StageStatus


def person_for(actor: Membership, person_id, kind: Kind) -> Person:
    person = person_get(actor=actor, person_id=person_id)
    if not policy.decide(actor, kind, person):
        raise NotFound
    return person


def corrections_of(*, actor: Membership, person: Person) -> list[CorrectionRequest]:
    """Her correction requests; her words only where the actor's role sees the corrected field."""
    rows = list(CorrectionRequest.objects.filter(person=person).select_related("person"))
    for row in rows:
        shown = may_see_field(actor, row.field)
        for column in ("wrong_sealed", "right_sealed", "refusal_sealed"):
            name = column.removesuffix("_sealed")
            setattr(row, name, (sealing.read(actor, row, column) or "") if shown else sealing.MASK)
    if rows:
        log_member_action(actor, "person.viewed", person, ["corrections"])
    return rows


@dataclass
class StageLine:
    stage: str
    label: str
    status: str
    status_label: str
    on: object = None
    note: str = ""


@dataclass
class CrossingView:
    person: Person
    crossing: Crossing | None
    applies: bool
    smuggled: bool
    wishes: list = field(default_factory=list)
    stages: list[StageLine] = field(default_factory=list)
    protection: list = field(default_factory=list)
    residence: list = field(default_factory=list)
    compensation: list = field(default_factory=list)
    plans: list = field(default_factory=list)  # (plan, gaps)
    safety_checks: list = field(default_factory=list)

    @property
    def latest_wish(self):
        return self.wishes[0] if self.wishes else None


def crossing_view(*, actor: Membership, person_id) -> CrossingView:
    person = person_for(actor, person_id, Kind.CROSSING)
    crossing = Crossing.objects.filter(person=person).first()
    view = CrossingView(
        person=person,
        crossing=crossing,
        applies=crossing_rules.crossed_a_border(person),
        smuggled=crossing_rules.screened_as_smuggled(person),
        safety_checks=list(SafetyCheck.objects.filter(person=person).order_by("-checked_on")[:20]),
    )
    if crossing is None:
        return view
    view.wishes = sealing.reveal(
        actor, list(crossing.wishes.select_related("crossing__person")), "words_sealed"
    )
    latest: dict[str, object] = {}
    for row in crossing.stages.select_related("crossing__person").order_by("on", "recorded_at"):
        latest[row.stage] = row
    sealing.reveal(actor, list(latest.values()), "note_sealed")
    for code, label in Stage.choices:
        row = latest.get(code)
        status = row.status if row else StageStatus.NOT_STARTED
        view.stages.append(
            StageLine(
                stage=code,
                label=str(label),
                status=status,
                status_label=str(StageStatus(status).label),
                on=row.on if row else None,
                note=row.note if row else "",
            )
        )
    view.protection = list(crossing.protection.order_by("-on"))
    view.residence = list(crossing.residence.order_by("-on"))
    view.compensation = list(crossing.compensation.order_by("-claimed_on"))
    view.plans = [
        (plan, crossing_rules.repatriation_gaps(plan, actor))
        for plan in crossing.repatriations.select_related("safety_check", "crossing__person").order_by(
            "-recorded_at"
        )
    ]
    log_member_action(actor, "person.viewed", person, ["crossing", "wishes", "stages"])
    return view


def erasure_page(*, actor: Membership, person_id):
    if not policy.decide(actor, Verb.ERASE):
        raise NotFound
    person = person_get(actor=actor, person_id=person_id)
    return person, legal_holds(person)


def erasures(*, actor: Membership) -> list[Erasure]:
    if not policy.decide(actor, Verb.ERASE):
        raise NotFound
    return list(
        Erasure.objects.filter(organisation_id=actor.organisation_id)
        .select_related("person", "erased_by")
        .order_by("-erased_at")[:200]
    )
