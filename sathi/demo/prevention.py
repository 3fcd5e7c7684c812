"""Demo prevention records (issue 11), made through the services: the Sundarbans blocks of 003 with their
offices, what their communities said, two cohorts rating the BDO apart, asks with answers and silences, a
committee on paper, a community dialogue whose commitment went silent, a baseline and an end line, and a few
life courses for the chain of risk. Synthetic: the place names are real geography, nothing else is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sathi.accounts.models import Membership, Role

VILLAGES = {
    "Patharpratima": {
        "Banashyamnagar": ["Sridharnagar", "Gobardhanpur"],
        "Dakshin Gangadharpur": ["Ramganga"],
    },
    "Kultali": {"Deuli": ["Jalaberia", "Kundakhali"]},
}


def seed_prevention(organisation) -> None:
    from sathi.prevention import dialogues, services

    admin = Membership.objects.get(organisation=organisation, role=Role.ORG_ADMIN)
    researcher = Membership.objects.get(organisation=organisation, role=Role.COMMUNITY_RESEARCHER)
    today = timezone.localdate()
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    district = services.shared_place_add(
        actor=admin, kind="district", name="South 24 Parganas", parent_id=state.pk
    )
    dm = services.stakeholder_add(
        actor=researcher, kind="district_magistrate", name="DM South 24 Parganas", jurisdiction_id=district.pk
    )
    services.stakeholder_add(
        actor=researcher, kind="superintendent_of_police", name="SP Baruipur", jurisdiction_id=district.pk
    )
    villages, bdos = [], {}
    for block_name, panchayats in VILLAGES.items():
        block = services.shared_place_add(actor=admin, kind="block", name=block_name, parent_id=district.pk)
        bdos[block_name] = services.stakeholder_add(
            actor=researcher,
            kind="bdo",
            name=f"BDO {block_name}",
            jurisdiction_id=block.pk,
            mandate="Convenes the block child protection committee; oversees the VLCPCs",
            law="Juvenile Justice (Care and Protection of Children) Act 2015; ICPS guidelines",
            higher_office_id=dm.pk,
        )
        services.stakeholder_add(
            actor=researcher, kind="police_station", name=f"{block_name} PS", jurisdiction_id=block.pk
        )
        for gp_name, names in panchayats.items():
            gp = services.shared_place_add(
                actor=admin, kind="gram_panchayat", name=gp_name, parent_id=block.pk
            )
            for name in names:
                villages.append(
                    services.shared_place_add(actor=admin, kind="village", name=name, parent_id=gp.pk)
                )
    bdo = bdos["Patharpratima"]
    _voices(researcher, villages, bdo, today)
    _ledger(researcher, villages[0], bdo, today)
    dialogues.dialogue_record(
        actor=researcher,
        place_id=villages[0].pk,
        held_on=today - timedelta(days=50),
        facilitator_ids=[researcher.user_id],
        other_facilitators=2,
        factors=["early_marriage", "distress_migration", "climate_salinity"],
        models_raised=["chain_of_risk", "root_causes"],
        participants=[
            {"cohort": "youth", "gender": "woman", "age_group": "12_17", "count": 14},
            {"cohort": "community", "gender": "woman", "age_group": "30_59", "count": 11},
            {"cohort": "community", "gender": "man", "age_group": "60_plus", "count": 6},
        ],
        commitments=[
            {"stakeholder_id": bdo.pk, "kind": "convene_vlcpc", "due_on": today - timedelta(days=20)}
        ],
    )
    _rounds(researcher, villages[:3], today)
    _life_courses(organisation, today)


def _voices(researcher, villages, bdo, today) -> None:
    from sathi.prevention import services

    for cohort, power, interest in (("survivors", 4, 1), ("frontline_workers", 2, 4)):
        session = services.session_record(
            actor=researcher,
            place_id=villages[0].pk,
            held_on=today - timedelta(days=60),
            source="focus_group",
            cohort=cohort,
            respondents=12,
        )
        services.rating_record(
            actor=researcher,
            session_id=session.pk,
            stakeholder_id=bdo.pk,
            power=power,
            interest=interest,
            respondents=9,
        )
    for index, village in enumerate(villages):
        for factor, said in (
            ("early_marriage", 8 + index),
            ("distress_migration", 6 + 2 * index),
            ("poverty", 10),
        ):
            services.vulnerability_record(
                actor=researcher,
                factor=factor,
                place_id=village.pk,
                period_start=today - timedelta(days=365),
                period_end=today,
                source="focus_group",
                reported_on=today - timedelta(days=60),
                cohort="community",
                respondents=said,
            )
        services.norm_record(
            actor=researcher,
            practice="pledge_no_marriage_under_18",
            place_id=village.pk,
            period_start=today - timedelta(days=365),
            period_end=today,
            source="focus_group",
            reported_on=today - timedelta(days=60),
            cohort="youth",
            respondents=5 + index,
        )


def _ledger(researcher, village, bdo, today) -> None:
    from sathi.prevention import services

    vlcpc = services.stakeholder_add(
        actor=researcher, kind="vlcpc", name=f"VLCPC {village.name}", jurisdiction_id=village.pk
    )
    services.committee_check_record(
        actor=researcher,
        committee_id=vlcpc.pk,
        checked_on=today - timedelta(days=30),
        exists="on_paper",
        last_met_on=today - timedelta(days=420),
        members_listed=11,
        members_confirmed=4,
        members_unaware=5,
        members_deceased=2,
    )
    for days, outcome in ((90, "acted"), (75, "refused"), (60, None), (40, "partly"), (10, None)):
        ask = services.ask_make(
            actor=researcher,
            stakeholder_id=bdo.pk,
            kind="convene_vlcpc",
            channel="letter",
            asked_on=today - timedelta(days=days),
            due_on=today - timedelta(days=days - 30),
        )
        if outcome:
            services.answer_record(
                actor=researcher,
                ask_id=ask.pk,
                answered_on=today - timedelta(days=days - 20),
                outcome=outcome,
            )
    services.ask_make(
        actor=researcher,
        stakeholder_id=bdo.pk,
        kind="rti_application",
        channel="rti",
        asked_on=today - timedelta(days=45),
        legal_basis="Right to Information Act 2005, s. 6(1)",
    )


def _rounds(researcher, villages, today) -> None:
    from sathi.prevention import assessments

    found = assessments.assessment_create(
        actor=researcher,
        name="Community resilience 2026",
        indicators=[
            "Knows the Childline number",
            "Knows where the VLCPC meets",
            "Would report a child marriage",
        ],
    )
    places = [v.pk for v in villages]
    counts = {
        "baseline": [(18, 40), (9, 40), (22, 40)],
        "endline": [(29, 40), (12, 40), (25, 40)],
    }
    for kind, days in (("baseline", 330), ("endline", 5)):
        found_round = assessments.round_record(
            actor=researcher,
            assessment_id=found.pk,
            kind=kind,
            held_on=today - timedelta(days=days),
            place_ids=places,
        )
        for indicator, (yes, asked) in zip(found.indicators.all(), counts[kind], strict=True):
            for place_id in places:
                assessments.round_value_record(
                    actor=researcher,
                    assessment_id=found.pk,
                    round_id=found_round.pk,
                    indicator_id=indicator.pk,
                    place_id=place_id,
                    asked=asked,
                    yes=yes,
                )


def _life_courses(organisation, today) -> None:
    """Entries into sex work after an early marriage or a move, for the chain of risk; and an ask about one
    case (its words stay with the case)."""
    from sathi.care.models import Case
    from sathi.care.services import case_for
    from sathi.people.models import Person
    from sathi.prevention import cases
    from sathi.prevention.models import Stakeholder
    from sathi.relations import services as relations

    supervisor = Membership.objects.get(organisation=organisation, role=Role.SUPERVISOR)
    people = list(Person.objects.filter(organisation=organisation).order_by("code")[:24])
    for index, person in enumerate(people):
        before = (
            ("marriage", 14, ["early_marriage"]) if index % 3 else ("migration", 17, ["distress_migration"])
        )
        relations.life_event_add(
            actor=supervisor, person_id=person.pk, kind=before[0], age=before[1], factors=before[2]
        )
        relations.life_event_add(
            actor=supervisor, person_id=person.pk, kind="entry_coerced", age=16 + index % 6
        )
    case = Case.objects.filter(organisation=organisation).order_by("pk").first()
    station = (
        Stakeholder.objects.filter(organisation=organisation, kind="police_station").order_by("pk").first()
    )
    if case and station:
        cases.case_ask_make(
            actor=supervisor,
            case=case_for(supervisor, case.pk),
            stakeholder_id=station.pk,
            kind="register_fir",
            channel="letter",
            asked_on=today - timedelta(days=21),
            due_on=today - timedelta(days=7),
            about="FIR for the assault described in the person's statement",
        )
