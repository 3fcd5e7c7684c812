"""Rules of the continuum of care, each with its test; bad input gets a clear message and writes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from sathi.audit.models import AuditEvent
from sathi.care import followups, placements, referrals, selectors, services
from sathi.care.models import Case, FollowUp, Goal, Placement, Provider, Referral, ServiceRecord
from sathi.care.vocab import Pathway, PlacementKind, ServiceType
from sathi.lib.errors import Conflict
from sathi.people import grants
from sathi.people import services as people
from sathi.people.tests.factories import register


def today():
    return timezone.localdate()


@pytest.fixture
def case(personas):
    person = register(personas.caseworker, names=["Case Person"], phone="", stated_age=28)
    return services.case_open(
        actor=personas.caseworker,
        person_id=person.pk,
        origin="self_referral",
        needs=["housing", "trauma_counselling"],
    )


def fresh(case):
    case.refresh_from_db()
    return case


def test_services_are_never_conditional_on_her_pathway(personas, case):
    worker = personas.caseworker
    services.pathway_record(actor=worker, case_id=case.pk, pathway=Pathway.STAY)
    for service_type in ServiceType.values:
        services.service_record(
            actor=worker, case_id=case.pk, service_type=service_type, delivered_on=today()
        )
    assert ServiceRecord.objects.filter(case=case).count() == len(ServiceType.values)
    for kind in PlacementKind.values:
        placement = placements.placement_start(
            actor=worker,
            case_id=case.pk,
            kind=kind,
            legal_basis="voluntary",
            entry_date=today(),
            wish_at_entry="stay",
        )
        placements.placement_exit(actor=worker, placement_id=placement.pk, exit_date=today())


def test_leaving_sex_work_cannot_be_entered_as_a_condition_of_a_placement(personas, case):
    for condition in ["leave_sex_work", "stop_sex_work", "leave"]:
        with pytest.raises(ValidationError) as err:
            placements.placement_start(
                actor=personas.caseworker,
                case_id=case.pk,
                kind="ngo_home",
                legal_basis="voluntary",
                entry_date=today(),
                wish_at_entry="stay",
                conditions=[condition],
            )
        assert "conditions" in err.value.message_dict
    assert not Placement.objects.exists()
    field_names = {f.name for model in (ServiceRecord, Placement, Referral) for f in model._meta.get_fields()}
    assert not any("pathway" in name or "precondition" in name for name in field_names)


def test_her_choice_of_work_is_not_a_reason_to_close(personas, case):
    from sathi.care.vocab import CloseReason

    assert not any("sex" in value or "work" in value for value in CloseReason.values)
    services.case_close(
        actor=personas.caseworker, case_id=case.pk, version=fresh(case).version, reason="she_asked"
    )
    assert fresh(case).status == "closed"


def test_reopening_needs_a_reason_and_keeps_the_history(personas, case):
    services.case_close(
        actor=personas.caseworker, case_id=case.pk, version=fresh(case).version, reason="goals_met"
    )
    with pytest.raises(ValidationError):
        services.case_reopen(
            actor=personas.caseworker, case_id=case.pk, version=fresh(case).version, reason=""
        )
    services.case_reopen(
        actor=personas.caseworker,
        case_id=case.pk,
        version=fresh(case).version,
        reason="She came back asking for help with housing.",
    )
    assert fresh(case).status == "active"
    assert [c.to_status for c in case.status_changes.all()] == ["closed", "active"]


def test_a_stale_case_change_is_refused(personas, case):
    version = fresh(case).version
    services.case_move(actor=personas.caseworker, case_id=case.pk, version=version, status="active")
    with pytest.raises(Conflict):
        services.case_close(actor=personas.supervisor, case_id=case.pk, version=version, reason="goals_met")
    assert fresh(case).status == "active"


def test_case_team_members_are_assigned_to_her(personas, case):
    from sathi.people import selectors as people_selectors

    counsellor = personas.counsellor
    with pytest.raises(Exception):  # noqa: B017 - not visible before
        people_selectors.person_get(actor=counsellor, person_id=case.person_id)
    services.case_member_add(
        actor=personas.caseworker, case_id=case.pk, user_id=counsellor.user_id, team_role="counsellor"
    )
    assert people_selectors.person_get(actor=counsellor, person_id=case.person_id)
    assert [c.pk for c in selectors.caseload(counsellor)] == [case.pk]


def test_counselling_notes_are_health_class_and_masked_for_others(personas, case):
    services.service_record(
        actor=personas.caseworker,
        case_id=case.pk,
        service_type="tf_cbt",
        delivered_on=today(),
        notes="She spoke about the nights at the brothel.",
    )
    services.service_record(
        actor=personas.caseworker,
        case_id=case.pk,
        service_type="education",
        delivered_on=today(),
        notes="Joined the literacy class.",
    )
    view = selectors.case_view(actor=personas.caseworker, case_id=case.pk)  # caseworkers do not see health
    notes = {row.record.service_type: row.notes for row in view.services}
    assert notes == {"tf_cbt": "•••", "education": "Joined the literacy class."}
    services.case_member_add(
        actor=personas.caseworker,
        case_id=case.pk,
        user_id=personas.counsellor.user_id,
        team_role="counsellor",
    )
    view = selectors.case_view(actor=personas.counsellor, case_id=case.pk)
    assert {row.record.service_type: row.notes for row in view.services}["tf_cbt"].startswith("She spoke")


def test_follow_up_contact_only_by_the_channel_she_agreed_to(personas, case):
    worker = personas.caseworker
    services.case_move(actor=worker, case_id=case.pk, version=fresh(case).version, status="follow_up")
    item = FollowUp.objects.filter(case=case).first()
    record = {"actor": worker, "follow_up_id": item.pk, "done_on": today(), "outcome": "reached"}
    with pytest.raises(ValidationError) as err:
        followups.follow_up_record(channel="phone_call", **record)
    assert "not agreed to be contacted" in str(err.value)
    grants.consent_record(
        actor=worker,
        person_id=case.person_id,
        purpose="contact",
        granted=True,
        method="spoken",
        explained_in="bn",
        channel="in_person_peer",
    )
    with pytest.raises(ValidationError):
        followups.follow_up_record(channel="phone_call", **record)
    with pytest.raises(ValidationError):  # her own choice and coercion are never the same answer
        followups.follow_up_record(channel="in_person_peer", returned_by_choice=True, coerced=True, **record)
    followups.follow_up_record(channel="in_person_peer", new_needs=["childcare"], **record)
    assert case.needs.filter(code="childcare").exists()


def test_missed_follow_up_becomes_a_due_item(personas, case, time_machine):
    worker = personas.caseworker
    time_machine.move_to(timezone.now(), tick=False)
    services.case_move(actor=worker, case_id=case.pk, version=fresh(case).version, status="follow_up")
    time_machine.shift(timedelta(days=40))
    due = selectors.due_this_week(worker)
    assert [(d.kind, d.overdue) for d in due if d.kind == "follow_up"][0] == ("follow_up", True)


def test_follow_up_period_is_an_organisation_setting(personas, case):
    personas.org.follow_up_months = 24
    personas.org.save()
    services.case_move(
        actor=personas.caseworker, case_id=case.pk, version=fresh(case).version, status="follow_up"
    )
    assert FollowUp.objects.filter(case=case).count() == 24


def test_production_deadline_and_refused_fir_on_the_legal_path(personas, case):
    from sathi.legal import services as legal
    from sathi.legal.models import Proceeding

    worker = personas.caseworker
    legal.proceeding_add(actor=worker, case_id=case.pk, kind="fir", status="refused", event_date=today())
    with pytest.raises(ValidationError):
        legal.proceeding_add(actor=worker, case_id=case.pk, kind="charge_sheet", status="refused")
    with pytest.raises(ValidationError):
        legal.proceeding_add(actor=worker, case_id=case.pk, kind="production")  # the time of the rescue
    legal.proceeding_add(
        actor=worker, case_id=case.pk, kind="production", rescue_at=timezone.now() - timedelta(hours=30)
    )
    legal.proceeding_add(
        actor=worker, case_id=case.pk, kind="trial_hearing", next_date=today() + timedelta(days=3)
    )
    due = {d.kind: d for d in selectors.due_this_week(worker)}
    assert due["production_deadline"].overdue
    assert due["hearing"].when == today() + timedelta(days=3)
    assert Proceeding.objects.get(kind="fir").status == "refused"
    with pytest.raises(Exception):  # noqa: B017 - a counsellor has no legal class
        legal.proceeding_add(actor=personas.counsellor, case_id=case.pk, kind="fir")


def test_referral_answered_by_the_receiver_with_audit_on_both_sides(personas, case):
    worker = personas.caseworker
    provider = Provider.objects.create(
        organisation=personas.other_org, kind="sathi", maintained_by=personas.other_org
    )
    grants.consent_record(
        actor=worker,
        person_id=case.person_id,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    referral = referrals.referral_send(
        actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["names", "needs"]
    )
    with pytest.raises(ValidationError):
        referrals.referral_respond(actor=personas.outsider, referral_id=referral.pk, accept=False)
    referrals.referral_respond(
        actor=personas.outsider,
        referral_id=referral.pk,
        accept=False,
        reason="No places for adults this month.",
    )
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.responded_at
    sender_side = AuditEvent.objects.filter(organisation=personas.org, action__startswith="referral.")
    receiver_side = AuditEvent.objects.filter(organisation=personas.other_org, action__startswith="referral.")
    assert {e.action for e in sender_side} == {"referral.sent", "referral.declined"}
    assert {e.action for e in receiver_side} == {"referral.received", "referral.declined"}
    # the sender's own staff cannot read the receiver's copy
    with pytest.raises(Exception):  # noqa: B017
        selectors.referral_received(actor=personas.supervisor, referral_id=referral.pk)


def test_referral_copy_does_not_follow_later_changes(personas, case):
    worker = personas.caseworker
    provider = Provider.objects.create(
        organisation=personas.other_org, kind="sathi", maintained_by=personas.other_org
    )
    grants.consent_record(
        actor=worker,
        person_id=case.person_id,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    referral = referrals.referral_send(
        actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["names"]
    )
    person = case.person
    person.refresh_from_db()
    people.person_update(actor=worker, person_id=person.pk, version=person.version, names=["Changed Name"])
    assert selectors.referral_received(actor=personas.outsider, referral_id=referral.pk).copy["names"] == [
        "Case Person"
    ]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda w, c: placements.placement_start(
                actor=w,
                case_id=c.pk,
                kind="ngo_home",
                legal_basis="voluntary",
                entry_date=today() + timedelta(days=3),
                wish_at_entry="stay",
            ),
            "entry_date",
        ),
        (
            lambda w, c: placements.placement_start(
                actor=w,
                case_id=c.pk,
                kind="government_home",
                legal_basis="court_order",
                entry_date=today(),
                wish_at_entry="stay",
            ),
            "order_date",
        ),
        (
            lambda w, c: services.case_move(
                actor=w,
                case_id=c.pk,
                version=fresh(c).version,
                status="follow_up",
                follow_up_from=today() - timedelta(days=30),
            ),
            "follow_up_from",
        ),
        (
            lambda w, c: referrals.referral_send(actor=w, case_id=c.pk, provider_id=987654, fields=["names"]),
            "provider",
        ),
        (
            lambda w, c: services.plan_item_add(
                actor=w,
                case_id=c.pk,
                kind="training",
                description="x",
                target_date=today() - timedelta(days=1),
            ),
            "target_date",
        ),
        (lambda w, c: services.need_add(actor=w, case_id=c.pk, code="housing"), "code"),
        (lambda w, c: services.goal_record(actor=w, case_id=c.pk, text="x" * 10_000), "text"),
        (lambda w, c: services.pathway_record(actor=w, case_id=c.pk, pathway="rescue_her"), "pathway"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_half_written(personas, case, call, field):
    before = (
        Placement.objects.count(),
        FollowUp.objects.count(),
        Referral.objects.count(),
        Goal.objects.count(),
        AuditEvent.objects.count(),
        fresh(case).status,
    )
    with pytest.raises(ValidationError) as err:
        call(personas.caseworker, case)
    assert field in err.value.message_dict
    after = (
        Placement.objects.count(),
        FollowUp.objects.count(),
        Referral.objects.count(),
        Goal.objects.count(),
        AuditEvent.objects.count(),
        fresh(case).status,
    )
    assert after == before


def test_exit_before_entry_is_refused(personas, case):
    placement = placements.placement_start(
        actor=personas.caseworker,
        case_id=case.pk,
        kind="ngo_home",
        legal_basis="voluntary",
        entry_date=today(),
        wish_at_entry="stay",
    )
    with pytest.raises(ValidationError) as err:
        placements.placement_exit(
            actor=personas.caseworker, placement_id=placement.pk, exit_date=today() - timedelta(days=1)
        )
    assert "exit_date" in err.value.message_dict
    placement.refresh_from_db()
    assert placement.exit_date is None


def test_referral_to_a_provider_with_no_places_is_refused(personas, case):
    provider = Provider.objects.create(
        organisation=personas.other_org, kind="sathi", maintained_by=personas.other_org, capacity=0
    )
    grants.consent_record(
        actor=personas.caseworker,
        person_id=case.person_id,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    with pytest.raises(ValidationError) as err:
        referrals.referral_send(
            actor=personas.caseworker, case_id=case.pk, provider_id=provider.pk, fields=["names"]
        )
    assert "no places" in str(err.value)


def test_a_second_open_case_for_her_is_refused(personas, case):
    with pytest.raises(ValidationError):
        services.case_open(actor=personas.caseworker, person_id=case.person_id, origin="outreach")
    assert Case.objects.count() == 1


def test_a_case_form_posted_twice_does_its_work_once(client, personas, case):
    sign_in(client, personas.caseworker)
    url = reverse("care:goal-add", args=[case.pk])
    page = client.get(url).content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    for _ in range(2):
        response = client.post(url, {"text": "To run a tea stall.", "form_token": token})
        assert response.status_code == 302
    assert Goal.objects.filter(case=case).count() == 1


def _many_cases(personas, count):
    worker = personas.caseworker
    for index in range(count):
        person = register(worker, names=[f"Load {index}"], phone="", stated_age=16)
        grants.consent_record(
            actor=worker,
            person_id=person.pk,
            purpose="contact",
            granted=True,
            method="spoken",
            explained_in="bn",
            channel="sms",
            consenting_party="cwc",
            legal_basis="CWC order",
        )
        case = services.case_open(actor=worker, person_id=person.pk, origin="outreach")
        services.plan_item_add(
            actor=worker,
            case_id=case.pk,
            kind="training",
            description="Course",
            target_date=today() + timedelta(days=4000),
        )
        services.case_move(
            actor=worker,
            case_id=case.pk,
            version=fresh(case).version,
            status="follow_up",
            follow_up_from=today(),
        )
        placements.placement_start(
            actor=worker,
            case_id=case.pk,
            kind="government_home",
            legal_basis="cwc_order",
            order_date=today(),
            entry_date=today(),
            wish_at_entry="stay",
            next_cwc_review=today() + timedelta(days=2),
        )


@pytest.mark.parametrize("scope", ["mine", "organisation"])
def test_caseload_and_due_list_stay_within_a_fixed_number_of_queries(personas, scope):
    actor = personas.caseworker if scope == "mine" else personas.supervisor
    counts = []
    for batch in (2, 6):
        _many_cases(personas, batch)
        with CaptureQueriesContext(connection) as queries:
            selectors.caseload(actor, scope=scope)
            due = selectors.due_this_week(actor, scope=scope)
            selectors.flags_for_supervisor(actor)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert {d.kind for d in due} >= {"cwc_review", "age_out"}


def test_case_pages_render_for_the_team(personas, case):
    client = Client()
    sign_in(client, personas.caseworker)
    page = client.get(reverse("care:case", args=[case.pk])).content.decode()
    assert case.person.display_code in page and "Their latest stated wish" in page
    assert client.get(reverse("care:mine")).status_code == 200


def test_workers_raise_flags_with_a_message_that_supervisors_see(personas, case):
    services.flag_raise(actor=personas.caseworker, case_id=case.pk, message="Her landlord threatened her.")
    services.flag_raise(actor=personas.caseworker, case_id=case.pk, message="Court date clashes with exams.")
    flags = selectors.flags_for_supervisor(personas.supervisor)
    assert sorted(f.message for f in flags) == [
        "Court date clashes with exams.",
        "Her landlord threatened her.",
    ]
    with pytest.raises(ValidationError):
        services.flag_raise(actor=personas.caseworker, case_id=case.pk, message="")


def test_supervisor_reviews_emergency_openings(personas, case):
    from sathi.people import selectors as people_selectors

    grants.break_glass_open(
        actor=personas.counsellor,
        person_id=case.person_id,
        reason="She called the helpline in crisis at night.",
    )
    [glass] = people_selectors.break_glass_to_review(actor=personas.supervisor)
    assert people_selectors.break_glass_to_review(actor=personas.caseworker) == []
    client = Client()
    sign_in(client, personas.supervisor)
    assert "She called the helpline" in client.get(reverse("care:dashboard")).content.decode()
    client.post(reverse("people:break-glass-review", args=[glass.pk]))
    assert people_selectors.break_glass_to_review(actor=personas.supervisor) == []
