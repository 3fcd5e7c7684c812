"""Rules of incidents, raids, acts, involvements, responses and outcomes; bad input writes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sathi.lib import crypto
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import selectors as people_selectors
from sathi.people.models import Person
from sathi.people.tests.factories import register
from sathi.violations import involvements, responses, selectors, services
from sathi.violations.models import Incident, Outcome, Perpetrator, RaidDetails
from sathi.violations.tests.conftest import days_ago, make_places, snapshot


def raid_details(actor, incident, **overrides):
    values = {"legal_basis": "none_stated", "picked_up_known": 12, "picked_up_estimated": 20}
    values.update(overrides)
    return services.raid_details_save(actor=actor, incident_id=incident.pk, **values)


# --- incidents -----------------------------------------------------------------------------------


def test_dates_keep_their_precision_a_start_from_the_first_day_an_end_to_the_last(worker, places):
    incident = services.incident_record(
        actor=worker,
        incident_type="arbitrary_detention",
        start_date=date(2024, 5, 20),
        start_precision="month",
        end_date=date(2024, 6, 3),
        end_precision="month",
        place_id=places.area.pk,
        verification="likely",
    )
    assert (incident.start_date, incident.start_precision) == (date(2024, 5, 1), "month")
    assert (incident.end_date, incident.end_precision) == (date(2024, 6, 30), "month")


def test_an_end_known_only_by_month_is_not_before_an_exact_start_in_that_month(worker, places):
    incident = services.incident_record(
        actor=worker,
        incident_type="arrest",
        start_date=date(2024, 5, 20),
        end_date=date(2024, 5, 1),
        end_precision="month",
        place_id=places.district.pk,
        verification="possible",
    )
    assert incident.end_date == date(2024, 5, 31)


def test_an_incident_whose_end_precedes_its_start_is_refused_and_nothing_is_written(worker, places):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        services.incident_record(
            actor=worker,
            incident_type="police_violence",
            start_date=days_ago(3),
            end_date=days_ago(10),
            place_id=places.site.pk,
            verification="confirmed",
            description="This must not be stored.",
        )
    assert "end_date" in err.value.message_dict
    assert "before the start" in err.value.message_dict["end_date"][0]
    assert snapshot() == before


def test_the_database_refuses_an_end_before_the_start(worker, places):
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.create(
            organisation_id=worker.organisation_id,
            incident_type="arrest",
            start_date=date(2024, 5, 2),
            start_precision="day",
            end_date=date(2024, 5, 1),
            end_precision="day",
            place=places.site,
            district=places.district,
            verification="confirmed",
            recorded_by_id=worker.user_id,
        )


def test_a_future_start_is_refused(worker, places):
    with pytest.raises(ValidationError) as err:
        services.incident_record(
            actor=worker,
            incident_type="eviction",
            start_date=timezone.localdate() + timedelta(days=2),
            place_id=places.area.pk,
            verification="confirmed",
        )
    assert "start_date" in err.value.message_dict


def test_the_district_is_derived_from_the_site_and_kept_beside_it(raid, places):
    assert raid.place == places.site and raid.district == places.district


def test_another_organisations_site_and_a_state_are_refused_as_places(personas, worker, places):
    other_site = make_places(personas.outsider, "South District").site
    for place_id in (other_site.pk, places.state.pk, 999999, "x"):
        with pytest.raises(ValidationError) as err:
            services.incident_record(
                actor=worker,
                incident_type="arrest",
                start_date=days_ago(1),
                place_id=place_id,
                verification="confirmed",
            )
        assert "place" in err.value.message_dict


def test_the_description_is_sealed_with_the_organisation_key(worker, raid):
    stored = bytes(Incident.objects.get(pk=raid.pk).description_sealed)
    assert b"doors" not in stored and crypto.key_id_of(stored) == "o1"
    view = selectors.incident_view(actor=worker, incident_id=raid.pk)
    assert view.description.startswith("Police came at night")


def test_a_stale_incident_update_is_refused(personas, worker, raid):
    services.incident_update(actor=worker, incident_id=raid.pk, version=raid.version, verification="likely")
    with pytest.raises(Conflict):
        services.incident_update(
            actor=personas.supervisor, incident_id=raid.pk, version=raid.version, verification="unlikely"
        )
    assert Incident.objects.get(pk=raid.pk).verification == "likely"


def test_roles_without_the_violence_class_cannot_record_or_see_incidents(personas, places, raid):
    # A peer worker documents (issue 14): she records, but sees only what she recorded.
    with pytest.raises(NotFound):
        selectors.incident_view(actor=personas.peer_worker, incident_id=raid.pk)
    assert selectors.incident_list(actor=personas.peer_worker) == []
    for member in (personas.analyst, personas.org_admin, personas.auditor):
        with pytest.raises(Forbidden):
            services.incident_record(
                actor=member,
                incident_type="arrest",
                start_date=days_ago(1),
                place_id=places.area.pk,
                verification="confirmed",
            )
        with pytest.raises(NotFound):
            selectors.incident_view(actor=member, incident_id=raid.pk)
        assert selectors.incident_list(actor=member) == []
    with pytest.raises(NotFound):
        selectors.incident_view(actor=personas.outsider, incident_id=raid.pk)
    with pytest.raises(NotFound):
        services.source_add(
            actor=personas.outsider, incident_id=raid.pk, kind="witness", reliability="reliable"
        )
    with pytest.raises(NotFound):
        selectors.incident_view(actor=personas.counsellor, incident_id="not-an-id")


def test_a_restricted_incident_is_seen_only_by_its_recorder_and_supervisors(personas, worker, places):
    incident = services.incident_record(
        actor=worker,
        incident_type="violence_partner",
        start_date=days_ago(2),
        place_id=places.area.pk,
        verification="confirmed",
        confidentiality="restricted",
    )
    assert selectors.incident_view(actor=worker, incident_id=incident.pk)
    assert selectors.incident_view(actor=personas.supervisor, incident_id=incident.pk)
    for member in (personas.counsellor, personas.legal_advocate, personas.board_member):
        with pytest.raises(NotFound):
            selectors.incident_view(actor=member, incident_id=incident.pk)
        assert selectors.incident_list(actor=member) == []
    with pytest.raises(NotFound):
        services.incident_update(
            actor=personas.counsellor, incident_id=incident.pk, version=1, confidentiality="internal"
        )


def test_only_the_recorder_or_a_supervisor_changes_who_may_see_an_incident(personas, raid):
    with pytest.raises(ValidationError) as err:
        services.incident_update(
            actor=personas.counsellor, incident_id=raid.pk, version=raid.version, confidentiality="restricted"
        )
    assert "confidentiality" in err.value.message_dict
    services.incident_update(
        actor=personas.supervisor, incident_id=raid.pk, version=raid.version, confidentiality="restricted"
    )


def test_incident_list_is_a_fixed_number_of_queries(worker, places, django_assert_num_queries):
    for days in range(5):
        services.incident_record(
            actor=worker,
            incident_type="extortion",
            start_date=days_ago(days + 1),
            place_id=places.site.pk,
            verification="confirmed",
        )
    with django_assert_num_queries(1):
        rows = selectors.incident_list(actor=worker)
    assert len(rows) == 5 and rows[0].district == "North District"


def test_sources_are_recorded_with_reliability_and_who_the_source_is_stays_sealed(worker, raid):
    source = services.source_add(
        actor=worker, incident_id=raid.pk, kind="witness", reliability="usually_reliable", note="Tea seller"
    )
    assert b"Tea" not in bytes(source.note_sealed)
    view = selectors.incident_view(actor=worker, incident_id=raid.pk)
    assert [(s.reliability, note) for s, note in view.sources] == [("usually_reliable", "Tea seller")]


# --- raid details ----------------------------------------------------------------------------------


def test_more_minors_than_persons_picked_up_is_refused_and_nothing_is_written(worker, raid):
    before = snapshot()
    for field in ("minors_per_police", "minors_verified"):
        with pytest.raises(ValidationError) as err:
            raid_details(worker, raid, **{field: 21})
        assert field in err.value.message_dict
        assert "More minors than persons picked up" in err.value.message_dict[field][0]
    assert snapshot() == before
    assert raid_details(worker, raid, minors_per_police=20, minors_verified=2).minors_per_police == 20


def test_an_estimate_below_the_number_known_is_refused(worker, raid):
    with pytest.raises(ValidationError) as err:
        raid_details(worker, raid, picked_up_known=12, picked_up_estimated=5)
    assert "picked_up_estimated" in err.value.message_dict


def test_the_database_refuses_more_minors_than_persons_picked_up(worker, raid):
    with pytest.raises(IntegrityError), transaction.atomic():
        RaidDetails.objects.create(
            incident=raid, legal_basis="none_stated", picked_up_known=3, minors_per_police=4
        )


def test_raid_details_are_for_a_raid_only(worker, places):
    arrest = services.incident_record(
        actor=worker,
        incident_type="arrest",
        start_date=days_ago(1),
        place_id=places.area.pk,
        verification="likely",
    )
    with pytest.raises(ValidationError) as err:
        raid_details(worker, arrest)
    assert "incident_type" in err.value.message_dict


def test_sections_of_the_itpa_go_with_the_act_as_the_stated_basis(worker, raid):
    with pytest.raises(ValidationError) as err:
        raid_details(worker, raid, legal_basis="itpa")
    assert "itpa_sections" in err.value.message_dict
    with pytest.raises(ValidationError):
        raid_details(worker, raid, legal_basis="none_stated", itpa_sections=["15"])
    details = raid_details(worker, raid, legal_basis="itpa", itpa_sections=["15", "7"], warrant_shown=False)
    assert details.itpa_sections == ["15", "7"]


def test_phones_returned_cannot_exceed_phones_taken(worker, raid):
    with pytest.raises(ValidationError) as err:
        raid_details(worker, raid, phones_taken=3, phones_returned=4)
    assert "phones_returned" in err.value.message_dict


def test_raid_details_are_replaced_whole_with_the_version_read(personas, worker, raid):
    details = raid_details(
        worker,
        raid,
        agencies=["police_station", "ngo"],
        agency_names=["Central police station"],
        held_at=["police_station"],
        held_hours=30,
        media_present=True,
    )
    with pytest.raises(Conflict):
        raid_details(personas.supervisor, raid)  # written once already: an update needs the version
    updated = raid_details(personas.supervisor, raid, version=details.version, held_hours=36)
    assert updated.version == details.version + 1 and updated.held_hours == 36
    with pytest.raises(Conflict):
        raid_details(worker, raid, version=details.version)


# --- acts and involvements ---------------------------------------------------------------------------


def test_her_account_is_sealed_with_her_key_and_an_anonymous_one_with_the_organisation_key(worker, raid):
    rupa = register(worker, names=["Rupa"], phone="", stated_age=26)
    hers = involvements.affected_add(
        actor=worker,
        incident_id=raid.pk,
        person_id=rupa.pk,
        acts=["picked_up", "beaten", "phone_taken"],
        consequences=["injury", "detention"],
        own_decision="yes",
        undertaking="forced",
        account="They took my phone and hit me.",
    )
    anonymous = involvements.affected_add(
        actor=worker,
        incident_id=raid.pk,
        gender="woman",
        age_band="25_34",
        acts=["picked_up"],
        account="I did not want my name written.",
    )
    assert crypto.key_id_of(bytes(hers.account_sealed)) == "p1"
    assert crypto.key_id_of(bytes(anonymous.account_sealed)) == "o1"
    assert hers.picked_up and hers.age_band == "25_34" and hers.gender == rupa.gender
    view = selectors.incident_view(actor=worker, incident_id=raid.pk)
    accounts = {a.affected.pk: (a.person_code, a.account) for a in view.affected}
    assert accounts[hers.pk] == (rupa.display_code, "They took my phone and hit me.")
    assert accounts[anonymous.pk] == (None, "I did not want my name written.")


def test_a_worker_not_assigned_to_her_sees_what_was_done_but_not_who_she_is(personas, worker, raid):
    rupa = register(worker, names=["Rupa"], phone="", stated_age=26)
    involvements.affected_add(
        actor=worker, incident_id=raid.pk, person_id=rupa.pk, acts=["picked_up"], account="Her words."
    )
    view = selectors.incident_view(actor=personas.counsellor, incident_id=raid.pk)
    [row] = view.affected
    assert row.person_code is None and row.account == "•••" and row.affected.acts == ["picked_up"]
    with pytest.raises(NotFound):
        involvements.affected_add(actor=personas.counsellor, incident_id=raid.pk, person_id=rupa.pk)


def test_she_is_recorded_once_per_incident(worker, raid):
    rupa = register(worker, names=["Rupa"], phone="", stated_age=26)
    involvements.affected_add(actor=worker, incident_id=raid.pk, person_id=rupa.pk)
    with pytest.raises(ValidationError) as err:
        involvements.affected_add(actor=worker, incident_id=raid.pk, person_id=rupa.pk)
    assert "person" in err.value.message_dict


def test_acts_and_consequences_come_from_the_lists(worker, raid):
    for field, value in (
        ("acts", ["rescued"]),
        ("consequences", ["rehabilitated"]),
        ("own_decision", "maybe"),
    ):
        with pytest.raises(ValidationError) as err:
            involvements.affected_add(actor=worker, incident_id=raid.pk, **{field: value})
        assert field in err.value.message_dict


def test_an_official_recorded_as_a_perpetrator_never_appears_in_the_people_register(personas, worker, raid):
    people_before = Person.objects.count()
    listed_before = len(people_selectors.person_list(actor=personas.supervisor))
    involvements.perpetrator_add(
        actor=worker,
        incident_id=raid.pk,
        perpetrator_type="police",
        degree="did_it",
        office="Sub-Inspector Ramesh Kumar",
        station="Central police station",
        number=8,
    )
    assert Person.objects.count() == people_before
    assert len(people_selectors.person_list(actor=personas.supervisor)) == listed_before
    for actor in (worker, personas.supervisor):
        for query in ("Sub-Inspector Ramesh Kumar", "Ramesh Kumar", "Central police station"):
            assert people_selectors.person_find(actor=actor, name=query).rows == []
    related = {f.related_model for f in Perpetrator._meta.get_fields() if f.is_relation}
    assert Person not in related


def test_officials_are_recorded_by_office_and_station_and_others_without(worker, raid):
    with pytest.raises(ValidationError) as err:
        involvements.perpetrator_add(actor=worker, incident_id=raid.pk, perpetrator_type="police")
    assert "station" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        involvements.perpetrator_add(
            actor=worker, incident_id=raid.pk, perpetrator_type="client", office="Manager"
        )
    assert "office" in err.value.message_dict
    goons = involvements.perpetrator_add(
        actor=worker, incident_id=raid.pk, perpetrator_type="goons", degree="assisted", note="Two men"
    )
    assert goons.office_sealed is None and b"Two men" not in bytes(goons.note_sealed)


# --- responses and outcomes ----------------------------------------------------------------------------


def test_response_times_follow_each_other(worker, raid):
    now = timezone.now()
    reported = now - timedelta(days=10)
    cases = [
        ({"first_response_at": reported - timedelta(hours=1)}, "first_response_at"),
        ({"resolved_at": reported + timedelta(days=1)}, "resolved_at"),
        (
            {
                "first_response_at": reported + timedelta(hours=5),
                "resolved_at": reported + timedelta(hours=2),
            },
            "resolved_at",
        ),
        (
            {"first_response_at": reported + timedelta(hours=5), "resolved_at": reported + timedelta(days=2)},
            "outcome",
        ),
        ({"first_response_at": now + timedelta(hours=1)}, "first_response_at"),
    ]
    before = snapshot()
    for extra, field in cases:
        with pytest.raises(ValidationError) as err:
            responses.response_add(
                actor=worker, incident_id=raid.pk, action="bail", reported_at=reported, **extra
            )
        assert field in err.value.message_dict, extra
    assert snapshot() == before
    response = responses.response_add(
        actor=worker,
        incident_id=raid.pk,
        action="phones_back",
        reported_at=reported,
        note="Went to the station",
    )
    response = responses.response_update(
        actor=worker,
        response_id=response.pk,
        version=response.version,
        first_response_at=reported + timedelta(hours=3),
        resolved_at=reported + timedelta(days=4),
        outcome="partly",
    )
    assert response.outcome == "partly" and response.version == 2


def test_outcomes_are_recorded_for_persons_picked_up_in_a_raid(worker, raid, places):
    picked = involvements.affected_add(actor=worker, incident_id=raid.pk, acts=["picked_up"])
    not_picked = involvements.affected_add(actor=worker, incident_id=raid.pk, acts=["beaten"])
    with pytest.raises(ValidationError) as err:
        involvements.outcome_record(actor=worker, affected_id=not_picked.pk, kind="released", on=days_ago(29))
    assert "affected" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        involvements.outcome_record(actor=worker, affected_id=picked.pk, kind="released", on=days_ago(40))
    assert "on" in err.value.message_dict
    stay = involvements.outcome_record(
        actor=worker, affected_id=picked.pk, kind="shelter", on=days_ago(29), against_her_wish=True
    )
    involvements.outcome_end(actor=worker, outcome_id=stay.pk, until=days_ago(5))
    involvements.outcome_record(actor=worker, affected_id=picked.pk, kind="released", on=days_ago(5))
    with pytest.raises(ValidationError) as err:
        involvements.outcome_record(actor=worker, affected_id=picked.pk, kind="released", on=days_ago(4))
    assert "kind" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        involvements.outcome_record(
            actor=worker, affected_id=picked.pk, kind="returned", on=days_ago(3), against_her_wish=False
        )
    assert "until" in err.value.message_dict
    involvements.outcome_record(actor=worker, affected_id=picked.pk, kind="returned", on=days_ago(3))
    later = services.incident_record(
        actor=worker,
        incident_type="raid",
        start_date=days_ago(1),
        place_id=places.area.pk,
        verification="confirmed",
    )
    again = involvements.outcome_record(
        actor=worker, affected_id=picked.pk, kind="raided_again", on=days_ago(1), later_incident_id=later.pk
    )
    assert again.later_incident == later
    kinds = list(Outcome.objects.filter(affected=picked).values_list("kind", flat=True))
    assert kinds == ["shelter", "released", "returned", "raided_again"]
    assert (Outcome.objects.get(pk=stay.pk).until - stay.on).days == 24
