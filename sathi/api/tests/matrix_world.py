"""The world of the permission matrix: personas and one record of every kind a row's path names."""

from __future__ import annotations

from conftest import build_personas
from sathi.accounts.services import api_token_issue
from sathi.lib.tests import samples
from sathi.people import grants
from sathi.people.tests.factories import register

PERSONAS = [
    "peer_worker",
    "caseworker",
    "counsellor",
    "legal_advocate",
    "board_member",
    "supervisor",
    "analyst",
    "org_admin",
    "auditor",
    "community_researcher",
    "outsider",
    "anonymous",
]


class World:
    """The records every row's path names, made through the services as a user would."""

    @classmethod
    def build(cls):
        cls.p = build_personas()
        person = register(cls.p.caseworker, names=["Matrix Person"], phone="+91 91234 56789", stated_age=30)
        consent = grants.consent_record(
            actor=cls.p.caseworker,
            person_id=person.pk,
            purpose="contact",
            granted=True,
            method="spoken",
            explained_in="bn",
            channel="sms",
        )
        grants.consent_withdraw(actor=cls.p.caseworker, consent_id=consent.pk)
        cls.values = {
            "person": person.pk,
            "code": person.code,
            "withdrawn_consent": consent.pk,
            "membership": cls.p.peer_worker.pk,
            **cls._care_records(person),
        }
        cls.values.update(cls._rights_records(person))
        cls.values.update(cls._case_ask())
        cls.tokens = {
            name: api_token_issue(membership=cls.member(name)) for name in PERSONAS if name != "anonymous"
        }
        api_token_issue(membership=cls.p.caseworker, label="matrix")
        cls.values["token"] = cls.p.caseworker.api_tokens.get(label="matrix").pk
        return cls

    @classmethod
    def _care_records(cls, person):
        from django.utils import timezone

        from sathi.care import placements, referrals
        from sathi.care import services as care
        from sathi.care.models import FollowUp, Provider
        from sathi.legal.services import document_attach, proceeding_add
        from sathi.people.grants import consent_record

        worker, today = cls.p.caseworker, timezone.localdate()
        case = care.case_open(actor=worker, person_id=person.pk, origin="outreach", needs=["housing"])
        item = care.plan_item_add(
            actor=worker, case_id=case.pk, kind="education", description="Class", target_date=today
        )
        placement = placements.placement_start(
            actor=worker,
            case_id=case.pk,
            kind="ngo_home",
            legal_basis="voluntary",
            entry_date=today,
            wish_at_entry="leave",
        )  # raises a flag at once
        case.refresh_from_db()
        care.case_move(actor=worker, case_id=case.pk, version=case.version, status="follow_up")
        proceeding = proceeding_add(actor=worker, case_id=case.pk, kind="fir", status="refused")
        document = document_attach(
            actor=worker, proceeding_id=proceeding.pk, filename="fir.pdf", content=samples.pdf()
        )
        consent_record(
            actor=worker,
            person_id=person.pk,
            purpose="share",
            granted=True,
            method="spoken",
            explained_in="bn",
            receiver_id=cls.p.other_org.pk,
        )
        provider = Provider.objects.create(
            organisation=cls.p.other_org, kind="sathi", maintained_by=cls.p.other_org
        )
        board, screening = cls._screening_records(person)
        referral = referrals.referral_send(
            actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["needs"]
        )
        return {
            "case": case.pk,
            "need": case.needs.get().pk,
            "plan_item": item.pk,
            "placement": placement.pk,
            "follow_up": FollowUp.objects.filter(case=case).first().pk,
            "flag": case.flags.get().pk,
            "proceeding": proceeding.pk,
            "document": document.pk,
            "board": board.pk,
            "safety_check": cls._safety_check(person).pk,
            "relation": cls.relation.pk,
            "screening": screening.pk,
            "referral": referral.pk,
            **cls._violation_records(person),
            **cls._prevention_records(),
        }

    @classmethod
    def _screening_records(cls, person):
        from sathi.places.models import Place
        from sathi.screening import services as screening

        area = Place.objects.create(kind="red_light_area", name="Matrix area")
        board = screening.board_create(
            actor=cls.p.board_member, area_id=area.pk, name="Matrix board", quorum=1
        )
        found = screening.screening_record(
            actor=cls.p.caseworker,
            person_id=person.pk,
            acts=[],
            means=[],
            purposes=[],
            came_without_force=True,
        )
        return board, found

    @classmethod
    def _violation_records(cls, person):
        """A raid in the organisation, recorded by the caseworker through the services, with one of each
        record hanging from it. She is among those affected, so a reader who may not open her is masked."""
        from datetime import timedelta

        from django.utils import timezone

        from sathi.places.services import place_add
        from sathi.violations import involvements, responses
        from sathi.violations import services as violations

        worker, today = cls.p.caseworker, timezone.localdate()
        state = place_add(actor=worker, kind="state", name="Matrix state")
        district = place_add(actor=worker, kind="district", name="Matrix district", parent_id=state.pk)
        raid = violations.incident_record(
            actor=worker,
            incident_type="raid",
            start_date=today - timedelta(days=10),
            place_id=district.pk,
            verification="confirmed",
            description="Matrix raid",
        )
        violations.raid_details_save(
            actor=worker, incident_id=raid.pk, legal_basis="none_stated", picked_up_known=2
        )
        violations.source_add(
            actor=worker, incident_id=raid.pk, kind="affected_person", reliability="reliable"
        )
        involvements.affected_add(
            actor=worker, incident_id=raid.pk, person_id=person.pk, acts=["picked_up"], account="Her words"
        )
        affected = involvements.affected_add(
            actor=worker, incident_id=raid.pk, gender="woman", acts=["picked_up"], account="Anonymous words"
        )
        outcome = involvements.outcome_record(
            actor=worker, affected_id=affected.pk, kind="shelter", on=today - timedelta(days=9)
        )
        response = responses.response_add(
            actor=worker,
            incident_id=raid.pk,
            action="legal_aid",
            reported_at=timezone.now() - timedelta(days=9),
        )
        evidence = violations.evidence_attach(
            actor=worker, incident_id=raid.pk, kind="fir_copy", filename="fir.pdf", content=samples.pdf()
        )
        return {
            "incident": raid.pk,
            "affected": affected.pk,
            "outcome": outcome.pk,
            "response": response.pk,
            "evidence": evidence.pk,
        }

    @classmethod
    def _prevention_records(cls):
        """A village (added by the admin), a session, an office and an ask, recorded by the researcher."""
        from datetime import timedelta

        from django.utils import timezone

        from sathi.prevention import services as prevention

        admin, researcher = cls.p.org_admin, cls.p.by_role["community_researcher"]
        today = timezone.localdate()
        place = None
        for kind, name in (
            ("state", "Matrix state P"),
            ("district", "Matrix district P"),
            ("block", "Matrix block"),
            ("gram_panchayat", "Matrix panchayat"),
            ("village", "Matrix village"),
        ):
            place = prevention.shared_place_add(
                actor=admin, kind=kind, name=name, parent_id=place.pk if place else None
            )
        session = prevention.session_record(
            actor=researcher,
            place_id=place.pk,
            held_on=today,
            source="focus_group",
            cohort="survivors",
            respondents=8,
        )
        office = prevention.stakeholder_add(
            actor=researcher, kind="panchayat", name="Matrix panchayat office", jurisdiction_id=place.pk
        )
        ask = prevention.ask_make(
            actor=researcher,
            stakeholder_id=office.pk,
            kind="convene_vlcpc",
            channel="letter",
            asked_on=today - timedelta(days=40),
            due_on=today - timedelta(days=10),
        )
        from sathi.prevention import assessments, dialogues

        dialogue = dialogues.dialogue_record(
            actor=researcher,
            place_id=place.pk,
            held_on=today,
            participants=[{"cohort": "community", "gender": "woman", "age_group": "18_29", "count": 9}],
            commitments=[{"stakeholder_id": office.pk, "kind": "convene_vlcpc", "due_on": today}],
        )
        assessment = assessments.assessment_create(
            actor=researcher, name="Matrix resilience", indicators=["Knows the Childline number"]
        )
        baseline = assessments.round_record(
            actor=researcher,
            assessment_id=assessment.pk,
            kind="baseline",
            held_on=today,
            place_ids=[place.pk],
        )
        from sathi.api.tests.matrix_questionnaires import questionnaire_records

        return {
            **questionnaire_records(cls.p, place),
            "village": place.pk,
            "research_session": session.pk,
            "stakeholder": office.pk,
            "ask": ask.pk,
            "dialogue": dialogue.pk,
            "assessment": assessment.pk,
            "round": baseline.pk,
        }

    @classmethod
    def _case_ask(cls):
        """An ask about the matrix case, made by its caseworker."""
        from django.utils import timezone

        from sathi.care.services import case_for
        from sathi.prevention import cases

        worker = cls.p.caseworker
        ask = cases.case_ask_make(
            actor=worker,
            case=case_for(worker, cls.values["case"]),
            stakeholder_id=cls.values["stakeholder"],
            kind="register_fir",
            channel="letter",
            asked_on=timezone.localdate(),
            due_on=timezone.localdate(),
        )
        return {"case_ask": ask.pk}

    @classmethod
    def _rights_records(cls, person):
        """She speaks Bengali and crossed a border: a correction she asked for, a claim for her wages and a
        plan to return, not started."""
        from datetime import timedelta

        from django.utils import timezone

        from sathi.people import services as people
        from sathi.people.models import Person
        from sathi.rights import corrections, crossing

        worker, today = cls.p.caseworker, timezone.localdate()
        version = Person.objects.get(pk=person.pk).version
        people.person_update(actor=worker, person_id=person.pk, version=version, languages=["bn"])
        crossing.crossing_save(
            actor=worker, person_id=person.pk, country_of_origin="BD", moved_across_border=True
        )
        correction = corrections.correction_request(
            actor=worker, person_id=person.pk, field="names", wrong="Matrix Person", right="Matrix Persona"
        )
        claim = crossing.compensation_record(
            actor=worker,
            person_id=person.pk,
            kind="wages",
            payer="employer",
            claimed_on=today - timedelta(days=9),
        )
        plan = crossing.repatriation_plan(
            actor=worker, person_id=person.pk, destination="BD", household="natal"
        )
        return {"correction": correction.pk, "compensation": claim.pk, "plan": plan.pk}

    @classmethod
    def _safety_check(cls, person):
        from sathi.relations import services as relations

        cls.relation = relations.relation_add(
            actor=cls.p.caseworker, person_id=person.pk, domain="natal", kind="mother", name="M"
        )
        return relations.safety_check_record(
            actor=cls.p.caseworker,
            person_id=person.pk,
            household="natal",
            attitude="accepting",
            stigma="low",
            her_wish="return",
        )

    @classmethod
    def member(cls, name):
        return cls.p.outsider if name == "outsider" else cls.p.by_role[name]
