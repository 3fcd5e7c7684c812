"""A full record with a canary in every free-text field, made through the services (issue 9).

Each canary is a distinct word nobody types, named after its field, so that a test can say which one leaked.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def canary(field: str) -> str:
    return f"Zqv{field.replace('.', 'X').replace('_', '')}Kanary"


def build_canary_record(personas) -> dict[str, str]:
    """Person, case, services, legal, board, screening, relations, incident and break glass; returns
    {field: canary} for every free-text field written."""
    from sathi.care import referrals
    from sathi.care import services as care
    from sathi.care.models import Provider
    from sathi.legal.services import proceeding_add
    from sathi.people import grants
    from sathi.people import services as people
    from sathi.places.models import Place
    from sathi.places.services import place_add
    from sathi.relations import services as relations
    from sathi.screening import services as screening
    from sathi.violations import involvements
    from sathi.violations import services as violations

    c: dict[str, str] = {}

    def put(field: str) -> str:
        c[field] = canary(field)
        return c[field]

    worker, today = personas.caseworker, timezone.localdate()
    person = people.person_register(
        actor=worker,
        names=[put("people.PersonName.value")],
        aliases=[],
        phone="",
        current_location=put("people.Person.location"),
        stated=people.StatedAge(age_years=24),
        confirm_duplicates=True,
    )
    people.age_evidence_add(
        actor=worker,
        person_id=person.pk,
        kind="estimate",
        as_of=today,
        age_years=23,
        source=put("people.AgeEvidence.source"),
    )
    grants.consent_record(
        actor=worker,
        person_id=person.pk,
        purpose="contact",
        granted=True,
        method="spoken",
        explained_in="bn",
        channel="sms",
        guardian_relationship=put("people.Consent.guardian_relationship"),
        legal_basis=put("people.Consent.legal_basis"),
    )
    grants.consent_record(
        actor=worker,
        person_id=person.pk,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    grants.break_glass_open(
        actor=personas.counsellor, person_id=person.pk, reason=put("people.BreakGlass.reason") + " at night"
    )

    # care
    case = care.case_open(actor=worker, person_id=person.pk, origin="outreach", needs=["housing"])
    care.goal_record(actor=worker, case_id=case.pk, text=put("care.Goal.text"))
    care.plan_item_add(
        actor=worker,
        case_id=case.pk,
        kind="education",
        description=put("care.PlanItem.description"),
        target_date=today,
    )
    flag = care.flag_raise(actor=worker, case_id=case.pk, message=put("care.CaseFlag.message"))
    care.flag_resolve(actor=worker, flag_id=flag.pk, resolution=put("care.CaseFlag.resolution"))
    care.flag_raise(actor=worker, case_id=case.pk, message=canary("care.CaseFlag.message.open"))
    c["care.CaseFlag.message.open"] = canary("care.CaseFlag.message.open")
    case.refresh_from_db()
    care.case_close(
        actor=worker,
        case_id=case.pk,
        version=case.version,
        reason="goals_met",
        note=put("care.CaseStatusChange.note"),
    )
    case.refresh_from_db()
    care.case_reopen(
        actor=worker, case_id=case.pk, version=case.version, reason=put("care.CaseStatusChange.reason")
    )
    provider = Provider.objects.create(
        organisation=personas.other_org, kind="sathi", maintained_by=personas.other_org
    )
    referral = referrals.referral_send(
        actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["needs"]
    )
    referrals.referral_respond(
        actor=personas.outsider,
        referral_id=referral.pk,
        accept=False,
        reason=put("care.Referral.decline_reason"),
    )

    # legal
    proceeding_add(
        actor=worker,
        case_id=case.pk,
        kind="fir",
        lawyer_name=put("legal.Proceeding.lawyer_name"),
        notes=put("legal.Proceeding.notes"),
    )

    # board and screening
    area = Place.objects.create(kind="red_light_area", name="Canary area")
    screening.board_create(actor=personas.board_member, area_id=area.pk, name="Canary board", quorum=1)
    found = screening.screening_record(
        actor=worker,
        person_id=person.pk,
        acts=[],
        means=[],
        purposes=[],
        came_without_force=True,
        consent_words=put("screening.Screening.consent_words"),
        site_words=put("screening.Screening.site_words"),
    )
    screening.decision_record(
        actor=worker,
        screening_id=found.pk,
        classification="exploited_not_trafficked",
        differs_reason=put("screening.Decision.differs_reason"),
        social_welfare_plan=put("screening.Decision.social_welfare_plan"),
        police_involved=True,
        police_reason=put("screening.Decision.police_reason"),
    )

    # relations
    relations.relation_add(
        actor=worker, person_id=person.pk, domain="natal", kind="mother", name=put("relations.Relation.name")
    )

    relations.life_event_add(
        actor=worker, person_id=person.pk, kind="illness", year=2020, note=put("relations.LifeEvent.note")
    )
    check = relations.safety_check_record(
        actor=worker,
        person_id=person.pk,
        household="natal",
        attitude="rejecting",
        stigma="high",
        her_wish="return",
        economic=put("relations.SafetyCheck.economic"),
    )
    assert check.flags, "the canary household must raise a flag, so that its plan is written"
    relations.safety_check_decide(
        actor=worker,
        check_id=check.pk,
        choice="return_home",
        plan={flag: put(f"relations.SafetyCheck.plan.{flag}") for flag in check.flags},
    )

    # incident
    state = place_add(actor=worker, kind="state", name="Canary state")
    district = place_add(actor=worker, kind="district", name="Canary district", parent_id=state.pk)
    raid = violations.incident_record(
        actor=worker,
        incident_type="raid",
        start_date=today - timedelta(days=10),
        place_id=district.pk,
        verification="confirmed",
        description=put("violations.Incident.description"),
    )
    involvements.affected_add(
        actor=worker,
        incident_id=raid.pk,
        person_id=person.pk,
        acts=["picked_up"],
        account=put("violations.AffectedPerson.account"),
    )
    involvements.perpetrator_add(
        actor=worker,
        incident_id=raid.pk,
        perpetrator_type="police",
        office=put("violations.Perpetrator.office"),
        station=put("violations.Perpetrator.station"),
        note=put("violations.Perpetrator.note"),
    )
    _rights(personas, person, put)
    return c


def _rights(personas, person, put) -> None:
    """Her rights (issue 13): her words on a border crossing and a correction, a supervisor's refusal, and
    the reason another person's record was erased (under the organisation's key: hers is gone)."""
    from sathi.accounts.models import SealedTOTPDevice
    from sathi.accounts.totp import current_code
    from sathi.people import services as people
    from sathi.rights import corrections, crossing, erasure

    worker = personas.caseworker
    crossing.crossing_save(
        actor=worker, person_id=person.pk, country_of_origin="BD", moved_across_border=True
    )
    crossing.wish_record(
        actor=worker,
        person_id=person.pk,
        wish="stay",
        stated_on=timezone.localdate(),
        words=put("rights.WishStatement.words"),
    )
    crossing.stage_record(
        actor=worker,
        person_id=person.pk,
        stage="identification",
        status="protected",
        on=timezone.localdate(),
        note=put("rights.StageRecord.note"),
    )
    asked = corrections.correction_request(
        actor=worker,
        person_id=person.pk,
        field="current_location",
        wrong=put("rights.CorrectionRequest.wrong"),
        right=put("rights.CorrectionRequest.right"),
    )
    corrections.correction_decide(
        actor=personas.supervisor,
        correction_id=asked.pk,
        version=asked.version,
        accept=False,
        reason=put("rights.CorrectionRequest.refusal"),
    )
    other = people.person_register(actor=worker, names=["Someone else"], confirm_duplicates=True)
    device = SealedTOTPDevice.objects.get(user=personas.supervisor.user)
    from conftest import PASSWORD

    erasure.person_erase(
        actor=personas.supervisor,
        person_id=other.pk,
        basis="her_request",
        reason=put("rights.Erasure.reason"),
        password=PASSWORD,
        code=current_code(device),
    )
