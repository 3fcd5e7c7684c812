"""Self-Regulatory Boards: composition, sittings with quorum, presentations, site events, decisions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sathi.audit.models import AuditEvent
from sathi.care.models import Case
from sathi.people.tests.factories import register
from sathi.places.models import Place
from sathi.screening import selectors, services
from sathi.screening.models import BoardMember, Decision, Presentation, ReappearanceAlert, Sitting


def today():
    return timezone.localdate()


@pytest.fixture
def area(db):
    state = Place.objects.create(kind="state", name="West Bengal")
    district = Place.objects.create(kind="district", name="Kolkata", parent=state)
    return Place.objects.create(kind="red_light_area", name="Sonagachi", parent=district)


@pytest.fixture
def board(personas, area):
    board = services.board_create(
        actor=personas.board_member, area_id=area.pk, name="Sonagachi board", quorum=3
    )
    start = today() - timedelta(days=365)
    for index, category in enumerate(
        ["sex_worker"] * 8
        + ["lawyer", "doctor", "local_government", "womens_rights", "commission", "other", "other"]
    ):
        services.board_member_add(
            actor=personas.board_member,
            board_id=board.pk,
            name=f"Member {index}",
            category=category,
            term_start=start,
        )
    return board


@pytest.fixture
def site(personas, area):
    return Place.objects.create(
        kind="site", name="House 12", parent=area, site_type="brothel_with_madam", organisation=personas.org
    )


def members(board, count):
    return [m.pk for m in BoardMember.objects.filter(board=board)[:count]]


def test_model_board_composition_and_a_warning_when_sex_workers_are_not_the_majority(personas, board):
    composition = services.board_composition(board)
    assert (composition.total, composition.sex_workers) == (15, 8)
    assert composition.sex_workers_are_majority
    for index in range(2):
        services.board_member_add(
            actor=personas.board_member,
            board_id=board.pk,
            name=f"Officer {index}",
            category="local_government",
            term_start=today(),
        )
    assert not services.board_composition(board).sex_workers_are_majority


def test_board_member_names_are_sealed(personas, board):
    member = BoardMember.objects.filter(board=board).first()
    assert b"Member" not in bytes(member.name_sealed)
    assert services.member_name(member).startswith("Member")


def test_a_member_serving_outside_her_term_cannot_sit(personas, board):
    late = services.board_member_add(
        actor=personas.board_member,
        board_id=board.pk,
        name="Late member",
        category="lawyer",
        term_start=today(),
    )
    with pytest.raises(ValidationError) as err:
        services.sitting_hold(
            actor=personas.board_member,
            board_id=board.pk,
            held_on=today() - timedelta(days=3),
            member_ids=[late.pk, *members(board, 3)],
        )
    assert "members" in err.value.message_dict
    assert not Sitting.objects.exists()


def test_a_sitting_without_quorum_cannot_take_a_decision(personas, board):
    person = register(personas.board_member, names=["New Entrant"], phone="", stated_age=24)
    thin = services.sitting_hold(
        actor=personas.board_member, board_id=board.pk, held_on=today(), member_ids=members(board, 2)
    )
    presentation = services.presentation_record(
        actor=personas.board_member,
        board_id=board.pk,
        person_id=person.pk,
        presented_on=today(),
        arrived_on=today() - timedelta(days=5),
        brought_by="herself",
        sitting_id=thin.pk,
    )
    screening = services.screening_record(
        actor=personas.board_member,
        person_id=person.pk,
        acts=[],
        means=[],
        purposes=[],
        came_without_force=True,
        presentation_id=presentation.pk,
    )
    with pytest.raises(ValidationError) as err:
        services.decision_record(
            actor=personas.board_member,
            screening_id=screening.pk,
            classification="adult_own_decision",
            sitting_id=thin.pk,
        )
    assert "quorum" in str(err.value)
    assert not Decision.objects.exists()
    full = services.sitting_hold(
        actor=personas.board_member, board_id=board.pk, held_on=today(), member_ids=members(board, 5)
    )
    presentation.sitting = full
    presentation.save()
    decision = services.decision_record(
        actor=personas.board_member,
        screening_id=screening.pk,
        classification="adult_own_decision",
        sitting_id=full.pk,
        rules_explained=True,
        offered_health=True,
        offered_savings=True,
        offered_legal_aid=True,
        offered_membership=True,
    )
    assert decision.case is None and decision.rules_explained


def test_a_presentation_before_her_arrival_is_refused(personas, board):
    person = register(personas.board_member, names=["Early"], phone="", stated_age=24)
    with pytest.raises(ValidationError) as err:
        services.presentation_record(
            actor=personas.board_member,
            board_id=board.pk,
            person_id=person.pk,
            presented_on=today() - timedelta(days=10),
            arrived_on=today() - timedelta(days=2),
            brought_by="peer",
        )
    assert "presented_on" in err.value.message_dict
    assert not Presentation.objects.exists()


def test_a_refusal_is_recorded_against_the_site_not_a_person(personas, board, site):
    event = services.site_event_record(
        actor=personas.board_member, board_id=board.pk, site_id=site.pk, kind="refusal", occurred_on=today()
    )
    assert not hasattr(event, "person") and event.site == site


def test_her_account_is_sealed(personas, board, site):
    person = register(personas.board_member, names=["Account"], phone="", stated_age=24)
    presentation = services.presentation_record(
        actor=personas.board_member,
        board_id=board.pk,
        person_id=person.pk,
        presented_on=today(),
        arrived_on=today() - timedelta(days=1),
        brought_by="brothel_keeper",
        site_id=site.pk,
        account="The agent promised a job in a beauty parlour.",
    )
    assert b"beauty" not in bytes(presentation.account_sealed)


def test_a_decision_that_sends_a_minor_to_the_police_without_a_reason_is_refused(personas, board):
    girl = register(personas.board_member, names=["Girl"], phone="", stated_age=16)
    screening = services.screening_record(
        actor=personas.board_member,
        person_id=girl.pk,
        acts=["receipt"],
        means=[],
        purposes=["sexual_exploitation"],
        came_without_force=True,
    )
    assert [s["classification"] for s in screening.suggestions] == ["trafficked_child"]
    with pytest.raises(ValidationError) as err:
        services.decision_record(
            actor=personas.board_member,
            screening_id=screening.pk,
            classification="trafficked_child",
            police_involved=True,
        )
    assert "police_reason" in err.value.message_dict
    assert not Decision.objects.exists() and not Case.objects.exists()


def test_protective_decision_opens_a_case_with_her_needs_seeded(personas, board):
    girl = register(personas.board_member, names=["Girl Two"], phone="", stated_age=15)
    screening = services.screening_record(
        actor=personas.board_member,
        person_id=girl.pk,
        acts=["receipt"],
        means=["force"],
        purposes=["sexual_exploitation"],
    )
    decision = services.decision_record(
        actor=personas.board_member,
        screening_id=screening.pk,
        classification="trafficked_child",
        counselling_sessions=3,
        social_welfare_plan="Return to her aunt with the District Social Welfare Officer.",
        removed_on=today(),
    )
    assert decision.case.origin == "outreach" and not decision.police_involved
    assert set(decision.case.needs.values_list("code", flat=True)) >= {
        "physical_safety",
        "crisis_counselling",
    }


def test_a_decision_that_differs_from_the_suggestion_needs_a_reason(personas, board):
    person = register(personas.board_member, names=["Adult"], phone="", stated_age=30)
    screening = services.screening_record(
        actor=personas.board_member,
        person_id=person.pk,
        acts=[],
        means=[],
        purposes=[],
        came_without_force=True,
    )
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=personas.board_member, screening_id=screening.pk, classification="trafficked_adult"
        )
    decision = services.decision_record(
        actor=personas.board_member,
        screening_id=screening.pk,
        classification="exploited_not_trafficked",
        differs_reason="Her landlord takes half of her earnings.",
    )
    assert decision.differs_reason_sealed
    view = selectors.screening_view(actor=personas.board_member, screening_id=screening.pk)
    assert view.screening.decision.differs_reason == "Her landlord takes half of her earnings."


def test_a_disputed_age_gives_both_readings(personas, board):
    from sathi.people import services as people

    person = register(personas.board_member, names=["Disputed"], phone="", stated_age=22)
    people.age_evidence_add(
        actor=personas.board_member, person_id=person.pk, kind="estimate", as_of=today(), age_years=16
    )
    screening = services.screening_record(
        actor=personas.board_member,
        person_id=person.pk,
        acts=["recruitment"],
        means=[],
        purposes=["sexual_exploitation"],
        came_without_force=True,
    )
    assert {s["reading"]: s["classification"] for s in screening.suggestions} == {
        "minor": "trafficked_child",
        "adult": "exploited_not_trafficked",
    }


def test_a_removed_minor_presenting_again_raises_an_alert(personas, board):
    girl = register(personas.board_member, names=["Rekha Das"], phone="+91 90000 77777", stated_age=15)
    screening = services.screening_record(
        actor=personas.board_member,
        person_id=girl.pk,
        acts=["receipt"],
        means=[],
        purposes=["sexual_exploitation"],
    )
    services.decision_record(
        actor=personas.board_member,
        screening_id=screening.pk,
        classification="trafficked_child",
        removed_on=today(),
    )
    # months later she is registered again, unrecognised, and presents herself
    again = register(personas.board_member, names=["Someone"], phone="090000 77777", stated_age=18)
    services.presentation_record(
        actor=personas.board_member,
        board_id=board.pk,
        person_id=again.pk,
        presented_on=today(),
        arrived_on=today(),
        brought_by="brothel_keeper",
    )
    assert ReappearanceAlert.objects.filter(presented_to=board, organisation=personas.org).count() == 1
    assert AuditEvent.objects.filter(action="board.reappearance_alert").exists()


def test_bad_dates_are_refused(personas, board):
    with pytest.raises(ValidationError):
        services.board_member_add(
            actor=personas.board_member,
            board_id=board.pk,
            name="X",
            category="lawyer",
            term_start=date(2026, 5, 1),
            term_end=date(2026, 4, 1),
        )


def test_a_board_page_lists_only_the_presentations_of_people_the_reader_sees(personas, board, client):
    from conftest import sign_in

    theirs = register(personas.supervisor, names=["Seen By Supervisor"], phone="", stated_age=25)
    mine = register(personas.board_member, names=["Seen By Member"], phone="", stated_age=25)
    for person in (theirs, mine):
        services.presentation_record(
            actor=personas.supervisor,
            board_id=board.pk,
            person_id=person.pk,
            presented_on=today(),
            arrived_on=today() - timedelta(days=5),
            brought_by="herself",
        )
    sign_in(client, personas.board_member)
    page = client.get(f"/boards/{board.pk}/").content.decode()
    assert mine.display_code in page and theirs.display_code not in page
    sign_in(client, personas.supervisor)
    page = client.get(f"/boards/{board.pk}/").content.decode()
    assert mine.display_code in page and theirs.display_code in page
