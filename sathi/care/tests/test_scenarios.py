"""The life stories of seed 000 told through the services, asserting what Sathi shows (issue 3)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sathi.care import checks, followups, placements, referrals, selectors, services
from sathi.care.models import CaseFlag, FollowUp
from sathi.care.vocab import FlagKind
from sathi.core import dates
from sathi.people import grants
from sathi.people import services as people
from sathi.people.tests.factories import register


def today():
    return timezone.localdate()


def test_mamata_held_against_her_stated_wish_with_a_disputed_age(personas, time_machine):
    """Picked up in a raid, recorded by the NGO as 17, says she is 22, no documents, bone test pending;
    placed in a shelter; her recorded wish is to leave and return to work."""
    worker = personas.caseworker
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    mamata = register(worker, names=["Mamata"], phone="", stated_age=22)
    people.age_evidence_add(
        actor=worker,
        person_id=mamata.pk,
        kind="estimate",
        as_of=today(),
        age_years=17,
        source="NGO at the raid",
    )
    case = services.case_open(
        actor=worker, person_id=mamata.pk, origin="rescue_or_raid", needs=["childcare", "legal_support"]
    )
    services.pathway_record(
        actor=worker,
        case_id=case.pk,
        pathway="stay",
        words="I want to leave this home and go back to my work.",
    )
    placement = placements.placement_start(
        actor=worker,
        case_id=case.pk,
        kind="government_home",
        legal_basis="court_order",
        order_date=today(),
        entry_date=today(),
        wish_at_entry="leave",
    )
    assert not CaseFlag.objects.filter(case=case, resolved_at__isnull=True).exists()  # the first 21 days
    time_machine.shift(timedelta(days=22))
    placements.placement_review(actor=worker, placement_id=placement.pk, reviewed_on=today(), wish="leave")
    view = selectors.case_view(actor=worker, case_id=case.pk)
    assert [f.kind for f in view.flags] == [FlagKind.HELD_AGAINST_WISH]
    assert view.placements[0].held_days == 22
    assert view.person.age_status == "disputed"
    # visible to the supervisor on her dashboard
    assert [f.case_id for f in selectors.flags_for_supervisor(personas.supervisor)] == [case.pk]
    # the flag stays until resolved with a reason
    flag = view.flags[0]
    with pytest.raises(ValidationError):
        services.flag_resolve(actor=worker, flag_id=flag.pk, resolution="")
    services.flag_resolve(actor=worker, flag_id=flag.pk, resolution="Magistrate ordered her release.")
    assert selectors.flags_for_supervisor(personas.supervisor) == []
    # her daughter needs childcare; her family's refusal is a fact of the case, recorded in her goals
    assert "childcare" in [n.code for n in view.needs]


def test_adult_held_without_a_current_order_is_flagged_at_once(personas):
    worker = personas.caseworker
    person = register(worker, names=["Adult Voluntary"], phone="", stated_age=30)
    case = services.case_open(actor=worker, person_id=person.pk, origin="outreach")
    placements.placement_start(
        actor=worker,
        case_id=case.pk,
        kind="ngo_home",
        legal_basis="voluntary",
        entry_date=today(),
        wish_at_entry="leave",
    )
    assert CaseFlag.objects.filter(
        case=case, kind=FlagKind.HELD_AGAINST_WISH, resolved_at__isnull=True
    ).exists()


def test_the_held_flag_closes_when_the_placement_ends(personas, time_machine):
    worker = personas.caseworker
    person = register(worker, names=["Leaves Home"], phone="", stated_age=30)
    case = services.case_open(actor=worker, person_id=person.pk, origin="rescue_or_raid")
    time_machine.move_to(timezone.now(), tick=False)
    placement = placements.placement_start(
        actor=worker,
        case_id=case.pk,
        kind="government_home",
        legal_basis="court_order",
        order_date=today(),
        entry_date=today(),
        wish_at_entry="leave",
    )
    time_machine.shift(timedelta(days=30))
    from sathi.care.tasks import daily_checks

    daily_checks.call(personas.org.pk)  # time alone raises the flag, through the daily job
    assert CaseFlag.objects.get(case=case).resolved_at is None
    placements.placement_exit(actor=worker, placement_id=placement.pk, exit_date=today())
    flag = CaseFlag.objects.get(case=case)
    assert flag.resolved_at is not None and flag.resolution_sealed


def test_minor_placement_shows_the_next_cwc_review_and_warns_when_passed(personas, time_machine):
    worker = personas.caseworker
    girl = register(worker, names=["Minor In Home"], phone="", stated_age=15)
    case = services.case_open(actor=worker, person_id=girl.pk, origin="cwc_order")
    time_machine.move_to(timezone.now(), tick=False)
    placements.placement_start(
        actor=worker,
        case_id=case.pk,
        kind="government_home",
        legal_basis="cwc_order",
        order_date=today(),
        entry_date=today(),
        wish_at_entry="leave",
        next_cwc_review=today() + timedelta(days=10),
    )
    view = selectors.case_view(actor=worker, case_id=case.pk)
    assert view.placements[0].placement.next_cwc_review and not view.placements[0].cwc_review_passed
    assert view.flags == []  # a minor is not "held against her wish": the CWC decides, and reviews
    time_machine.shift(timedelta(days=11))
    from sathi.care.tasks import daily_checks

    daily_checks.call(personas.org.pk)
    view = selectors.case_view(actor=worker, case_id=case.pk)
    assert view.placements[0].cwc_review_passed
    assert [f.kind for f in view.flags] == [FlagKind.CWC_REVIEW_OVERDUE]
    assert any(item.kind == "cwc_review" and item.overdue for item in selectors.due_this_week(worker))


def test_rahima_follow_up_records_her_choice_without_calling_it_re_trafficking(personas, time_machine):
    worker = personas.caseworker
    rahima = register(worker, names=["Rahima"], phone="+91 90000 55555", stated_age=22)
    grants.consent_record(
        actor=worker,
        person_id=rahima.pk,
        purpose="contact",
        granted=True,
        method="spoken",
        explained_in="bn",
        channel="phone_call",
    )
    case = services.case_open(actor=worker, person_id=rahima.pk, origin="rescue_or_raid")
    services.pathway_record(actor=worker, case_id=case.pk, pathway="return_family")
    case.refresh_from_db()
    time_machine.move_to(timezone.now(), tick=False)
    services.case_move(actor=worker, case_id=case.pk, version=case.version, status="follow_up")
    follow_ups = list(FollowUp.objects.filter(case=case))
    assert len(follow_ups) == 12
    assert follow_ups[0].due_on == dates.add_months(today(), 1)
    time_machine.shift(timedelta(days=32))
    services.pathway_record(
        actor=worker,
        case_id=case.pk,
        pathway="migrate",
        words="I want to leave the village and work in the city again.",
    )
    followups.follow_up_record(
        actor=worker,
        follow_up_id=follow_ups[0].pk,
        done_on=today(),
        channel="phone_call",
        outcome="reached",
        wellbeing="mixed",
        returned_by_choice=True,
        coerced=False,
    )
    done = FollowUp.objects.get(pk=follow_ups[0].pk)
    assert done.returned_by_choice is True and done.coerced is False
    view = selectors.case_view(actor=worker, case_id=case.pk)
    assert [p.pathway for p in view.pathways] == ["return_family", "migrate"]
    assert view.latest_wish.pathway == "migrate"
    # the organisation cannot close her case merely because she wants to re-enter sex work
    case.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        services.case_close(
            actor=worker, case_id=case.pk, version=case.version, reason="returned_to_sex_work"
        )
    assert "not a reason" in str(err.value)
    case.refresh_from_db()
    assert case.status == "follow_up"


def test_minor_with_200_days_to_18_and_a_300_day_plan_shows_the_age_out_warning(personas):
    worker = personas.caseworker
    birthday = today() + timedelta(days=200)
    dob = birthday.replace(year=birthday.year - 18)
    girl = register(worker, names=["Age Out"], phone="")
    people.age_evidence_add(
        actor=worker, person_id=girl.pk, kind="birth_certificate", as_of=today(), date_of_birth=dob
    )
    case = services.case_open(actor=worker, person_id=girl.pk, origin="cwc_order")
    services.plan_item_add(
        actor=worker,
        case_id=case.pk,
        kind="training",
        description="Tailoring course",
        target_date=today() + timedelta(days=300),
    )
    view = selectors.case_view(actor=worker, case_id=case.pk)
    assert view.age_out.days_soonest == 200 and view.age_out.cannot_finish
    assert [f.kind for f in view.flags] == [FlagKind.AGE_OUT]
    assert any(item.kind == "age_out" for item in selectors.due_this_week(worker))


def test_a_referral_without_consent_to_share_with_the_receiver_is_refused(personas):
    from sathi.care.models import Provider, Referral

    worker = personas.caseworker
    person = register(worker, names=["Refer Me"], phone="", stated_age=25)
    case = services.case_open(actor=worker, person_id=person.pk, origin="outreach", needs=["housing"])
    provider = Provider.objects.create(
        organisation=personas.other_org,
        kind="sathi",
        maintained_by=personas.other_org,
        services=["housing_support"],
    )
    with pytest.raises(ValidationError) as err:
        referrals.referral_send(actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["names"])
    assert "has not agreed to share" in str(err.value)
    assert not Referral.objects.exists()
    # consent to another organisation does not count for this one
    grants.consent_record(
        actor=worker,
        person_id=person.pk,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    referral = referrals.referral_send(
        actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["names", "needs"]
    )
    seen = selectors.referral_received(actor=personas.outsider, referral_id=referral.pk)
    assert seen.copy["names"] == ["Refer Me"] and seen.copy["needs"] == ["housing"]
    assert "phone" not in seen.copy


def test_age_out_state_counts_from_both_ends_of_the_range(personas):
    worker = personas.caseworker
    girl = register(worker, names=["Range"], phone="", stated_age=16)
    people.age_evidence_add(
        actor=worker, person_id=girl.pk, kind="medical_opinion", as_of=today(), age_years=16, margin_years=1
    )
    case = services.case_open(actor=worker, person_id=girl.pk, origin="cwc_order")
    case.person.refresh_from_db()
    state = checks.age_out(case, today(), [])
    assert state.days_soonest < state.days_latest
