"""A record that holds a canary string in every field class, for the tests that walk every door.

The canary test (sathi/tests/test_canary.py) reads it through every registered reader and role. The raw-dump
tests use sathi/tests/canary.py, a canary in every free-text field.

Each canary is a made-up word (synthetic data only), lower case letters so that it survives every cleaner,
and unlike any word of the three languages' catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sathi.people.policy import FieldClass

CANARY: dict[FieldClass, str] = {
    FieldClass.IDENTITY: "Qzidentwyk",
    FieldClass.LOCATION: "qzlocatwyk lane",
    FieldClass.HEALTH: "qzhealthwyk",
    FieldClass.LEGAL: "Qzlegalwyk",
    FieldClass.VIOLENCE: "Qzviolwyk",
}


@dataclass
class CanaryRecord:
    person: object
    case: object
    proceeding: object
    relation: object
    incident: object
    canaries: dict[FieldClass, str]


def canary_record(personas) -> CanaryRecord:
    """Registered by the caseworker, with the counsellor, the legal advocate, the peer worker and the board
    member on her case team (so that each sees her, and each is shown only her role's classes)."""
    from sathi.care import services as care
    from sathi.care.vocab import CaseOrigin, ServiceType, TeamRole
    from sathi.legal import services as legal
    from sathi.legal.models import ProceedingKind
    from sathi.people import services as people
    from sathi.relations import services as relations
    from sathi.relations.vocab import Domain

    worker = personas.caseworker
    person = people.person_register(
        actor=worker,
        names=[CANARY[FieldClass.IDENTITY]],
        current_location=CANARY[FieldClass.LOCATION],
        languages=["en", "bn", "hi"],  # her own record is printed in a language she speaks (issue 13)
        stated=people.StatedAge(age_years=24),
        confirm_duplicates=True,
    )
    case = care.case_open(actor=worker, person_id=person.pk, origin=CaseOrigin.SELF_REFERRAL)
    for role, team_role in (
        ("counsellor", TeamRole.COUNSELLOR),
        ("legal_advocate", TeamRole.LEGAL),
        ("peer_worker", TeamRole.PEER),
        ("board_member", TeamRole.PEER),
    ):
        care.case_member_add(
            actor=worker, case_id=case.pk, user_id=personas.by_role[role].user_id, team_role=team_role
        )
    today = date.today()
    care.service_record(
        actor=worker,
        case_id=case.pk,
        service_type=ServiceType.COUNSELLING,
        delivered_on=today,
        notes=CANARY[FieldClass.HEALTH],
    )
    proceeding = legal.proceeding_add(
        actor=personas.legal_advocate,
        case_id=case.pk,
        kind=ProceedingKind.FIR,
        event_date=today,
        next_date=today + timedelta(days=2),
        lawyer_name=CANARY[FieldClass.LEGAL],
        notes=CANARY[FieldClass.LEGAL],
    )
    relation = relations.relation_add(
        actor=worker,
        person_id=person.pk,
        domain=Domain.NATAL,
        kind="father",
        name=CANARY[FieldClass.VIOLENCE],
    )
    incident = _incident(worker, person)
    _rights(worker, person)
    _case_ask(personas, case)
    return CanaryRecord(
        person=person,
        case=case,
        proceeding=proceeding,
        relation=relation,
        incident=incident,
        canaries=dict(CANARY),
    )


def _rights(worker, person):
    """She crossed a border and said, in her words, what she wants (identity class, like every worker's note
    of her words); she asked for two corrections, one of her names and one of where she stays."""
    from sathi.rights import corrections, crossing

    crossing.crossing_save(
        actor=worker, person_id=person.pk, country_of_origin="BD", moved_across_border=True
    )
    crossing.wish_record(
        actor=worker,
        person_id=person.pk,
        wish="stay",
        stated_on=date.today(),
        words=CANARY[FieldClass.IDENTITY],
    )
    corrections.correction_request(
        actor=worker, person_id=person.pk, field="names", wrong=CANARY[FieldClass.IDENTITY], right="Rani"
    )
    corrections.correction_request(
        actor=worker,
        person_id=person.pk,
        field="current_location",
        wrong=CANARY[FieldClass.LOCATION],
        right="Sonagachi lane",
    )


def _incident(worker, person):
    """A raid she was picked up in, its description and her account in the violence class."""
    from sathi.places.services import place_add
    from sathi.violations import involvements
    from sathi.violations import services as violations

    state = place_add(actor=worker, kind="state", name="Canary state")
    district = place_add(actor=worker, kind="district", name="Canary district", parent_id=state.pk)
    incident = violations.incident_record(
        actor=worker,
        incident_type="raid",
        start_date=date.today() - timedelta(days=3),
        place_id=district.pk,
        verification="confirmed",
        description=CANARY[FieldClass.VIOLENCE],
    )
    involvements.affected_add(
        actor=worker,
        incident_id=incident.pk,
        person_id=person.pk,
        acts=["picked_up"],
        account=CANARY[FieldClass.VIOLENCE],
    )
    return incident


def _case_ask(personas, case):
    """An ask to an office about her case, its words and the office's reason in the legal class: every
    prevention reader walks the ledger with it in, and must show neither."""
    from sathi.places.models import Place
    from sathi.prevention import cases
    from sathi.prevention import services as prevention

    office = prevention.stakeholder_add(
        actor=personas.by_role["community_researcher"],
        kind="police_station",
        name="Canary police station",
        jurisdiction_id=Place.objects.get(name="Canary district").pk,
    )
    today = date.today()
    worker = personas.caseworker
    ask = cases.case_ask_make(
        actor=worker,
        case=case,
        stakeholder_id=office.pk,
        kind="register_fir",
        channel="letter",
        asked_on=today - timedelta(days=3),
        due_on=today - timedelta(days=1),
        about=CANARY[FieldClass.LEGAL],
    )
    cases.case_ask_answer(
        actor=worker,
        case=case,
        ask_id=ask.pk,
        answered_on=today,
        outcome="refused",
        reason=CANARY[FieldClass.LEGAL],
    )
    return ask
