"""Crossing a border, repatriation only by her choice, smuggling is not trafficking (issue 13, items 4-6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sathi.care import services as care
from sathi.care.models import CaseFlag
from sathi.people.tests.factories import register
from sathi.relations import services as relations
from sathi.rights import crossing
from sathi.rights.models import Compensation, RepatriationPlan, ResidenceStep
from sathi.rights.tests.world import day


@pytest.fixture
def jasmine(personas):
    """From Bangladesh (000): sold into a Kolkata brothel; an adult who speaks Bengali."""
    person = register(
        personas.caseworker, names=["Jasmine"], phone="", stated_age=27, languages=["bn"], origin_state="BD"
    )
    case = care.case_open(actor=personas.caseworker, person_id=person.pk, origin="outreach")
    crossing.crossing_save(
        actor=personas.caseworker,
        person_id=person.pk,
        nationality="BD",
        country_of_origin="BD",
        moved_across_border=True,
        migration_status="without_documents",
    )
    return person, case


def _check(personas, person, **overrides):
    data = {"household": "natal", "attitude": "accepting", "stigma": "low", "her_wish": "return"}
    data.update(overrides)
    return relations.safety_check_record(actor=personas.caseworker, person_id=person.pk, **data)


def _plan(personas, person, check=None, **overrides):
    data = {
        "destination": "BD",
        "household": "natal",
        "consent_given": True,
        "consent_informed": True,
        "consent_language": "bn",
        "consent_on": day(-1),
        "safety_check_id": check.pk if check else None,
    }
    data.update(overrides)
    return crossing.repatriation_plan(actor=personas.caseworker, person_id=person.pk, **data)


def _start(personas, plan):
    return crossing.repatriation_start(actor=personas.caseworker, plan_id=plan.pk, version=plan.version)


def test_a_repatriation_with_her_consent_wish_and_a_safe_home_starts(personas, jasmine):
    person, _case = jasmine
    crossing.wish_record(
        actor=personas.caseworker, person_id=person.pk, wish="return", stated_on=day(-2), words="বাড়ি ফিরতে চাই"
    )
    plan = _start(personas, _plan(personas, person, _check(personas, person)))
    assert plan.status == "started"


def test_a_repatriation_without_her_consent_is_refused(personas, jasmine):
    person, _case = jasmine
    crossing.wish_record(actor=personas.caseworker, person_id=person.pk, wish="return", stated_on=day(-2))
    plan = _plan(personas, person, _check(personas, person), consent_given=False)
    with pytest.raises(ValidationError) as refused:
        _start(personas, plan)
    assert "informed consent" in " ".join(refused.value.messages)
    assert RepatriationPlan.objects.get(pk=plan.pk).status == "draft"
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):  # and the database refuses it whatever the caller
        RepatriationPlan.objects.filter(pk=plan.pk).update(status="started")


def test_a_repatriation_against_her_stated_wish_is_refused(personas, jasmine):
    person, _case = jasmine
    crossing.wish_record(
        actor=personas.caseworker, person_id=person.pk, wish="stay", stated_on=day(-2), words="এখানেই থাকব"
    )
    with pytest.raises(ValidationError) as refused:
        _start(personas, _plan(personas, person, _check(personas, person)))
    assert "only by their choice" in " ".join(refused.value.messages)


def test_a_repatriation_explained_in_a_language_she_does_not_speak_is_refused(personas, jasmine):
    person, _case = jasmine
    with pytest.raises(ValidationError) as refused:
        _plan(personas, person, consent_language="hi")
    assert "language the person speaks" in " ".join(refused.value.messages)
    assert not RepatriationPlan.objects.exists()


def test_a_repatriation_to_a_household_with_unplanned_flags_is_refused(personas, jasmine):
    person, _case = jasmine
    crossing.wish_record(actor=personas.caseworker, person_id=person.pk, wish="return", stated_on=day(-2))
    unsafe = _check(personas, person, attitude="rejecting", stigma="high")
    assert unsafe.flags
    with pytest.raises(ValidationError) as refused:
        _start(personas, _plan(personas, person, unsafe))
    assert "flags without a plan" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as refused:
        _start(personas, _plan(personas, person, None))
    assert "risk assessment" in " ".join(refused.value.messages)


def test_a_repatriation_for_a_minor_without_a_cwc_order_is_refused(personas):
    girl = register(
        personas.caseworker, names=["Rupa"], phone="", stated_age=15, languages=["bn"], origin_state="NP"
    )
    crossing.crossing_save(
        actor=personas.caseworker, person_id=girl.pk, country_of_origin="NP", moved_across_border=True
    )
    crossing.wish_record(actor=personas.caseworker, person_id=girl.pk, wish="return", stated_on=day(-2))
    check = _check(personas, girl)
    with pytest.raises(ValidationError) as refused:
        _start(personas, _plan(personas, girl, check, destination="NP"))
    messages = " ".join(refused.value.messages)
    assert "Child Welfare Committee" in messages and "home inquiry" in messages
    plan = _plan(personas, girl, check, destination="NP", cwc_order_on=day(-1), home_inquiry_on=day(-1))
    assert _start(personas, plan).status == "started"


def test_a_residence_step_conditional_on_testifying_is_refused(personas, jasmine):
    person, _case = jasmine
    with pytest.raises(ValidationError) as refused:
        crossing.residence_step_add(
            actor=personas.caseworker,
            person_id=person.pk,
            kind="residence_permit",
            status="applied",
            on=day(-1),
            conditions=["conditional_on_witness"],
        )
    assert "never depend on testifying" in " ".join(refused.value.messages)
    assert not ResidenceStep.objects.exists()
    crossing.residence_step_add(
        actor=personas.caseworker, person_id=person.pk, kind="residence_permit", status="applied", on=day(-1)
    )
    assert ResidenceStep.objects.count() == 1


def test_questioning_recorded_inside_the_reflection_period_raises_a_flag_on_the_case(personas, jasmine):
    person, case = jasmine
    record = crossing.crossing_for(personas.caseworker, person.pk)
    crossing.crossing_save(
        actor=personas.caseworker,
        person_id=person.pk,
        version=record.version,
        country_of_origin="BD",
        moved_across_border=True,
        reflection_from=day(-10),
        reflection_until=day(20),
        first_questioned_on=day(-5),
    )
    flag = CaseFlag.objects.get(case=case, kind="questioned_in_reflection", resolved_at__isnull=True)
    assert flag.message_sealed is None


def test_questioning_after_the_reflection_period_raises_no_flag(personas, jasmine):
    person, case = jasmine
    record = crossing.crossing_for(personas.caseworker, person.pk)
    crossing.crossing_save(
        actor=personas.caseworker,
        person_id=person.pk,
        version=record.version,
        country_of_origin="BD",
        reflection_from=day(-40),
        reflection_until=day(-10),
        first_questioned_on=day(-5),
    )
    assert not CaseFlag.objects.filter(case=case, kind="questioned_in_reflection").exists()


def test_a_compensation_received_before_it_was_awarded_is_refused(personas, jasmine):
    person, _case = jasmine
    base = {"actor": personas.caseworker, "person_id": person.pk, "kind": "wages", "payer": "employer"}
    with pytest.raises(ValidationError) as refused:
        crossing.compensation_record(**base, claimed_on=day(-30), received_on=day(-5))
    assert "before it was awarded" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        crossing.compensation_record(**base, claimed_on=day(-30), awarded_on=day(-10), received_on=day(-20))
    with pytest.raises(ValidationError):
        crossing.compensation_record(**base, claimed_on=day(-30), awarded_on=day(-40))
    assert not Compensation.objects.exists()
    row = crossing.compensation_record(**base, claimed_on=day(-30), amount_claimed=42000)
    with pytest.raises(ValidationError):
        crossing.compensation_update(
            actor=personas.caseworker, compensation_id=row.pk, version=row.version, received_on=day(-1)
        )
    row = crossing.compensation_update(
        actor=personas.caseworker,
        compensation_id=row.pk,
        version=row.version,
        awarded_on=day(-9),
        amount_awarded=30000,
    )
    row = crossing.compensation_update(
        actor=personas.caseworker,
        compensation_id=row.pk,
        version=row.version,
        received_on=day(-2),
        amount_received=30000,
    )
    assert row.received_on == day(-2)


def test_the_eight_stages_are_a_checklist_of_her_rights_with_status_and_date(personas, jasmine):
    from sathi.rights.selectors import crossing_view

    person, _case = jasmine
    crossing.stage_record(
        actor=personas.caseworker,
        person_id=person.pk,
        stage="identification",
        status="protected",
        on=day(-3),
        note="By the collective",
    )
    view = crossing_view(actor=personas.caseworker, person_id=person.pk)
    assert [s.stage for s in view.stages] == [
        "identification",
        "cooperation",
        "support",
        "repatriation",
        "residence",
        "data_protection",
        "witness_protection",
        "compensation",
    ]
    assert view.stages[0].status == "protected" and view.stages[0].note == "By the collective"
    assert all(s.status == "not_started" for s in view.stages[1:])


def test_the_border_record_is_for_a_person_who_crossed_a_border(personas):
    local = register(personas.caseworker, names=["Rahima"], phone="", stated_age=22, origin_state="IN-WB")
    with pytest.raises(ValidationError):
        crossing.crossing_save(actor=personas.caseworker, person_id=local.pk, country_of_origin="IN")
    crossing.crossing_save(
        actor=personas.caseworker, person_id=local.pk, country_of_origin="IN", moved_across_border=True
    )
