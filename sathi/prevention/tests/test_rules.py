"""The rules of issue 11 that this slice builds, each named as it reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from sathi.audit.models import AuditEvent
from sathi.lib.errors import Conflict, Forbidden
from sathi.people import policy
from sathi.people.policy import Kind
from sathi.places.models import Place
from sathi.prevention import selectors, services
from sathi.prevention.models import Answer, Ask, Rating, VulnerabilityReport
from sathi.prevention.vocab import AskState

TODAY = timezone.localdate()


@pytest.fixture
def world(personas):
    admin = personas.by_role["org_admin"]
    place = None
    chain = {}
    for kind, name in (
        ("state", "West Bengal"),
        ("district", "North 24 Parganas"),
        ("block", "Sandeshkhali II"),
        ("gram_panchayat", "Durgamondal"),
        ("village", "Jeliakhali"),
    ):
        place = services.shared_place_add(
            actor=admin, kind=kind, name=name, parent_id=place.pk if place else None
        )
        chain[kind] = place
    researcher = personas.by_role["community_researcher"]
    bdo = services.stakeholder_add(
        actor=researcher,
        kind="bdo",
        name="BDO Sandeshkhali II",
        jurisdiction_id=chain["block"].pk,
        mandate="Convenes block-level child protection",
        law="JJ Act 2015, s. 106",
    )
    dm = services.stakeholder_add(
        actor=researcher,
        kind="district_magistrate",
        name="DM North 24 Parganas",
        jurisdiction_id=chain["district"].pk,
    )
    return personas, researcher, chain, bdo, dm


def _session(researcher, place, cohort, n=10):
    return services.session_record(
        actor=researcher, place_id=place.pk, held_on=TODAY, source="focus_group", cohort=cohort, respondents=n
    )


def _two_cohorts_rate(world, survivors_said: int, workers_said: int):
    """Survivors put the BDO at high power and low interest; frontline workers at the opposite corner."""
    personas, researcher, chain, bdo, _dm = world
    for cohort, power, interest, n in (
        ("survivors", 4, 1, survivors_said),
        ("frontline_workers", 1, 4, workers_said),
    ):
        session = _session(researcher, chain["village"], cohort)
        services.rating_record(
            actor=researcher,
            session_id=session.pk,
            stakeholder_id=bdo.pk,
            power=power,
            interest=interest,
            respondents=n,
        )
    return selectors.power_grid(personas.analyst)


@pytest.mark.django_db
def test_two_cohorts_rating_the_bdo_differently_both_show_on_the_grid(world):
    marks = _two_cohorts_rate(world, 7, 6)
    assert {(m.cohort, m.power, m.interest, m.count) for m in marks} == {
        ("Survivors", 4, 1, 7),
        ("Frontline social workers", 1, 4, 6),
    }
    assert Rating.objects.count() == 2  # neither overwrote the other
    assert {m.zone for m in marks} == {"High power, low interest", "Low power, high interest"}


@pytest.mark.django_db
def test_a_rating_count_under_the_threshold_is_hidden_but_its_mark_still_shows(world):
    marks = _two_cohorts_rate(world, 2, 9)
    assert len(marks) == 2
    assert [m.count for m in marks if m.power == 4] == [None]


@pytest.mark.django_db
def test_an_ask_past_its_due_date_with_no_answer_shows_as_a_silence_and_offers_the_escalation(world):
    _personas, researcher, _chain, bdo, dm = world
    ask = services.ask_make(
        actor=researcher,
        stakeholder_id=bdo.pk,
        kind="convene_vlcpc",
        channel="letter",
        asked_on=TODAY - timedelta(days=40),
        due_on=TODAY - timedelta(days=10),
    )
    (view,) = selectors.asks(researcher)
    assert view.state == AskState.SILENT
    assert view.silent_since == ask.due_on + timedelta(days=1)
    assert [s.what for s in view.history] == ["asked", "silence"]
    assert selectors.escalation_targets(researcher, ask) == [dm]  # the District Magistrate over the BDO
    assert Answer.objects.count() == 0  # nobody entered the silence


@pytest.mark.django_db
def test_an_answer_after_the_silence_keeps_the_silence_in_its_history(world):
    _personas, researcher, _chain, bdo, _dm = world
    ask = services.ask_make(
        actor=researcher,
        stakeholder_id=bdo.pk,
        kind="convene_vlcpc",
        channel="letter",
        asked_on=TODAY - timedelta(days=40),
        due_on=TODAY - timedelta(days=10),
    )
    services.answer_record(actor=researcher, ask_id=ask.pk, answered_on=TODAY, outcome="acted")
    (view,) = selectors.asks(researcher)
    assert view.state == AskState.ACTED
    assert [s.what for s in view.history] == ["asked", "silence", "acted"]


@pytest.mark.django_db
def test_an_rti_application_is_due_in_thirty_days(world):
    _personas, researcher, _chain, bdo, _dm = world
    ask = services.ask_make(
        actor=researcher, stakeholder_id=bdo.pk, kind="rti_application", channel="rti", asked_on=TODAY
    )
    assert ask.due_on == TODAY + timedelta(days=30)
    assert selectors.view_of(ask, []).state == AskState.WAITING


@pytest.mark.django_db
def test_an_answer_dated_before_its_ask_is_refused_and_nothing_is_saved(world):
    _personas, researcher, _chain, bdo, _dm = world
    ask = services.ask_make(
        actor=researcher,
        stakeholder_id=bdo.pk,
        kind="register_fir",
        channel="letter",
        asked_on=TODAY - timedelta(days=5),
        due_on=TODAY,
    )
    with pytest.raises(ValidationError) as caught:
        services.answer_record(
            actor=researcher, ask_id=ask.pk, answered_on=TODAY - timedelta(days=6), outcome="acted"
        )
    assert "answered_on" in caught.value.message_dict
    assert Answer.objects.count() == 0


@pytest.mark.django_db
def test_a_due_date_before_the_ask_is_refused(world):
    _personas, researcher, _chain, bdo, _dm = world
    with pytest.raises(ValidationError) as caught:
        services.ask_make(
            actor=researcher,
            stakeholder_id=bdo.pk,
            kind="register_fir",
            channel="letter",
            asked_on=TODAY,
            due_on=TODAY - timedelta(days=1),
        )
    assert "due_on" in caught.value.message_dict
    assert Ask.objects.count() == 0


@pytest.mark.django_db
def test_a_rating_outside_the_axes_is_refused_in_the_users_language(world):
    _personas, researcher, chain, bdo, _dm = world
    session = _session(researcher, chain["village"], "survivors")
    with translation.override("bn"), pytest.raises(ValidationError) as caught:
        services.rating_record(
            actor=researcher, session_id=session.pk, stakeholder_id=bdo.pk, power=5, interest=1, respondents=1
        )
    assert caught.value.message_dict["power"] != ["Give a point on the axis, from 1 to 4."]
    assert Rating.objects.count() == 0


@pytest.mark.django_db
def test_a_negative_count_is_refused_and_nothing_is_saved(world):
    _personas, researcher, chain, _bdo, _dm = world
    with pytest.raises(ValidationError) as caught:
        services.vulnerability_record(
            actor=researcher,
            factor="early_marriage",
            place_id=chain["village"].pk,
            period_start=TODAY,
            period_end=TODAY,
            source="focus_group",
            reported_on=TODAY,
            cohort="survivors",
            respondents=-3,
        )
    assert caught.value.message_dict["respondents"] == ["A count cannot be negative."]
    assert VulnerabilityReport.objects.count() == 0


@pytest.mark.django_db
def test_a_small_count_in_the_heat_grid_is_suppressed_with_its_complement(world):
    personas, researcher, chain, _bdo, _dm = world
    for factor, n in (("early_marriage", 3), ("poverty", 12), ("distress_migration", 9)):
        services.vulnerability_record(
            actor=researcher,
            factor=factor,
            place_id=chain["village"].pk,
            period_start=TODAY - timedelta(days=90),
            period_end=TODAY,
            source="focus_group",
            reported_on=TODAY,
            cohort="survivors",
            respondents=n,
        )
    grid = selectors.heat_grid(personas.analyst)
    cells = dict(zip(grid.row_labels, [row[0] for row in grid.cells], strict=True))
    assert cells["Early marriage"] is None
    assert list(cells.values()).count(None) >= 2  # and another, so that it cannot be worked out


@pytest.mark.django_db
def test_only_an_organisation_admin_adds_shared_places(world):
    personas, researcher, chain, _bdo, _dm = world
    for member in (researcher, personas.supervisor, personas.caseworker, personas.analyst):
        with pytest.raises(Forbidden):
            services.shared_place_add(actor=member, kind="ward", name="Ward 7", parent_id=None)
    assert not Place.objects.filter(name="Ward 7").exists()


@pytest.mark.django_db
def test_every_shared_place_write_is_audited(world):
    personas, _researcher, chain, _bdo, _dm = world
    municipality = services.shared_place_add(
        actor=personas.by_role["org_admin"],
        kind="municipality",
        name="Basirhat",
        parent_id=chain["district"].pk,
    )
    assert AuditEvent.objects.filter(action="place.added", target_id=str(municipality.pk)).exists()
    call_command("place_add", "--kind", "ward", "--name", "Ward 7", "--parent", str(municipality.pk))
    ward = Place.objects.get(name="Ward 7")
    assert ward.parent == municipality
    assert AuditEvent.objects.filter(action="place.added", target_id=str(ward.pk)).exists()


@pytest.mark.django_db
def test_a_village_sits_in_a_gram_panchayat_and_nowhere_else(world):
    personas, _researcher, chain, _bdo, _dm = world
    with pytest.raises(ValidationError):
        services.shared_place_add(
            actor=personas.by_role["org_admin"], kind="village", name="Stray", parent_id=chain["block"].pk
        )
    assert [p.kind for p in chain["village"].ancestors()] == [
        "village",
        "gram_panchayat",
        "block",
        "district",
        "state",
    ]


@pytest.mark.django_db
def test_the_community_researcher_sees_no_person_and_no_case(personas):
    researcher = personas.by_role["community_researcher"]
    for kind in (Kind.PERSON, Kind.CASE, Kind.INCIDENT, Kind.RELATION_MAP, Kind.SCREENING):
        assert not policy.decide(researcher, kind)
    assert policy.decide(researcher, Kind.PREVENTION)


@pytest.mark.django_db
def test_notes_about_an_office_are_masked_for_the_researcher_and_written_only_by_identity_roles(world):
    personas, researcher, chain, _bdo, _dm = world
    with pytest.raises(ValidationError):
        services.stakeholder_add(
            actor=researcher,
            kind="police_station",
            name="Hasnabad PS",
            jurisdiction_id=chain["block"].pk,
            notes="The officer on duty said no",
        )
    office = services.stakeholder_add(
        actor=personas.supervisor,
        kind="police_station",
        name="Hasnabad PS",
        jurisdiction_id=chain["block"].pk,
        notes="The officer on duty said no",
    )
    assert selectors.office_notes(personas.supervisor, office) == "The officer on duty said no"
    assert selectors.office_notes(researcher, office) == "•••"
    assert b"officer" not in bytes(office.notes_sealed)


@pytest.mark.django_db
def test_a_stale_edit_of_an_office_is_refused(world):
    _personas, researcher, _chain, bdo, _dm = world
    services.stakeholder_update(
        actor=researcher, stakeholder_id=bdo.pk, version=bdo.version, name="BDO Sandeshkhali-II"
    )
    with pytest.raises(Conflict):
        services.stakeholder_update(
            actor=researcher, stakeholder_id=bdo.pk, version=bdo.version, name="Other"
        )


@pytest.mark.django_db
def test_a_committee_check_counting_more_members_than_listed_is_refused(world):
    _personas, researcher, chain, _bdo, _dm = world
    vlcpc = services.stakeholder_add(
        actor=researcher, kind="vlcpc", name="VLCPC Jeliakhali", jurisdiction_id=chain["village"].pk
    )
    with pytest.raises(ValidationError):
        services.committee_check_record(
            actor=researcher,
            committee_id=vlcpc.pk,
            checked_on=TODAY,
            exists="on_paper",
            members_listed=9,
            members_confirmed=4,
            members_unaware=4,
            members_deceased=2,
        )
    check = services.committee_check_record(
        actor=researcher,
        committee_id=vlcpc.pk,
        checked_on=TODAY,
        exists="on_paper",
        last_met_on=TODAY - timedelta(days=400),
        members_listed=9,
        members_confirmed=3,
        members_unaware=4,
        members_deceased=2,
    )
    assert list(vlcpc.checks.all()) == [check]


@pytest.mark.django_db
def test_only_a_committee_is_checked(world):
    _personas, researcher, _chain, bdo, _dm = world
    with pytest.raises(ValidationError):
        services.committee_check_record(actor=researcher, committee_id=bdo.pk, checked_on=TODAY, exists="yes")


@pytest.mark.django_db
def test_an_offices_numbers_count_asks_in_time_refused_and_silent_with_the_median_days(world):
    _personas, researcher, chain, bdo, _dm = world

    def ask(days_ago, due_in):
        asked = TODAY - timedelta(days=days_ago)
        return services.ask_make(
            actor=researcher,
            stakeholder_id=bdo.pk,
            kind="issue_documents",
            channel="meeting",
            asked_on=asked,
            due_on=asked + timedelta(days=due_in),
        )

    in_time, late, refused, silent = ask(20, 10), ask(20, 5), ask(20, 15), ask(20, 3)
    services.answer_record(
        actor=researcher, ask_id=in_time.pk, answered_on=TODAY - timedelta(days=16), outcome="acted"
    )
    services.answer_record(
        actor=researcher, ask_id=late.pk, answered_on=TODAY - timedelta(days=2), outcome="partly"
    )
    services.answer_record(
        actor=researcher, ask_id=refused.pk, answered_on=TODAY - timedelta(days=12), outcome="refused"
    )
    services.answer_record(
        actor=researcher, ask_id=silent.pk, answered_on=TODAY - timedelta(days=19), outcome="no_reply"
    )
    (numbers,) = selectors.office_numbers(researcher, place_id=chain["state"].pk)
    assert (numbers.made, numbers.answered_in_time, numbers.refused, numbers.silent) == (4, 2, 1, 1)
    assert numbers.median_days == 8  # 4, 8 and 18 days to a first real answer


@pytest.mark.django_db
def test_where_an_ask_stands_follows_its_answers_whatever_order_they_are_entered_in(world):
    _personas, researcher, _chain, bdo, _dm = world
    ask = services.ask_make(
        actor=researcher,
        stakeholder_id=bdo.pk,
        kind="issue_documents",
        channel="letter",
        asked_on=TODAY - timedelta(days=30),
        due_on=TODAY - timedelta(days=20),
    )

    def answer(days_ago, outcome):
        services.answer_record(
            actor=researcher, ask_id=ask.pk, answered_on=TODAY - timedelta(days=days_ago), outcome=outcome
        )
        ask.refresh_from_db()
        return ask.first_answer_on, ask.latest_outcome

    assert answer(25, "no_reply") == (None, "")  # "no reply" is no answer: still open, and now silent
    assert answer(5, "partly") == (TODAY - timedelta(days=5), "partly")
    assert answer(15, "refused") == (TODAY - timedelta(days=15), "partly")  # entered late, dated earlier
    (numbers,) = selectors.office_numbers(researcher)
    assert (numbers.answered_in_time, numbers.refused, numbers.silent, numbers.median_days) == (0, 0, 0, 15)
    (view,) = selectors.asks(researcher)
    assert view.state == AskState.PARTLY and view.silent_since == ask.due_on + timedelta(days=1)


@pytest.mark.django_db
def test_the_numbers_per_place_count_every_office_inside_each_place(world):
    _personas, researcher, chain, bdo, dm = world
    vlcpc = services.stakeholder_add(
        actor=researcher, kind="vlcpc", name="VLCPC Jeliakhali", jurisdiction_id=chain["village"].pk
    )
    for office, days in ((bdo, 40), (vlcpc, 30), (vlcpc, 20), (dm, 10)):
        services.ask_make(
            actor=researcher,
            stakeholder_id=office.pk,
            kind="convene_vlcpc",
            channel="letter",
            asked_on=TODAY - timedelta(days=days),
            due_on=TODAY - timedelta(days=days - 5),
        )
    by_place = selectors.place_numbers(researcher, selectors.places_under(chain["district"].pk))
    assert [(n.place.name, n.made, n.silent) for n in by_place] == [
        ("North 24 Parganas", 1, 1),  # the DM's, at the district itself
        ("Sandeshkhali II", 3, 3),  # the BDO's and the village committee's, in the block
    ]
