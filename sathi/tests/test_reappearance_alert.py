"""A removed minor who presents again: the board and organisation that removed her are alerted and act."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_member
from sathi.accounts.services import api_token_issue, organisation_create
from sathi.lib.errors import Conflict
from sathi.people import grants
from sathi.people.tests.factories import register
from sathi.places.models import Place
from sathi.screening import selectors, services
from sathi.screening.models import ReappearanceAlert


@pytest.fixture
def two_boards(personas):
    first = services.board_create(
        actor=personas.board_member,
        area_id=Place.objects.create(kind="red_light_area", name="First para").pk,
        name="First board",
        quorum=1,
    )
    second = services.board_create(
        actor=personas.board_member,
        area_id=Place.objects.create(kind="red_light_area", name="Second para").pk,
        name="Second board",
        quorum=1,
    )
    return first, second


def _present(actor, board, person):
    today = timezone.localdate()
    return services.presentation_record(
        actor=actor,
        board_id=board.pk,
        person_id=person.pk,
        presented_on=today,
        arrived_on=today,
        brought_by="brothel_keeper",
    )


@pytest.fixture
def removed_then_presented(personas, two_boards):
    first, second = two_boards
    member = personas.board_member
    girl = register(member, names=["Rekha Das"], phone="+91 90000 77777", stated_age=15)
    presentation = _present(member, first, girl)
    found = services.screening_record(
        actor=member,
        person_id=girl.pk,
        acts=["receipt"],
        means=[],
        purposes=["sexual_exploitation"],
        presentation_id=presentation.pk,
    )
    services.decision_record(
        actor=member,
        screening_id=found.pk,
        classification="trafficked_child",
        removed_on=timezone.localdate(),
    )
    # Months later she is registered again, unrecognised, and presents herself to another board.
    again = register(member, names=["Someone"], phone="090000 77777", stated_age=18)
    _present(member, second, again)
    return first, second, girl


def test_the_first_board_receives_the_reappearance_alert_and_the_second_sees_only_that_an_alert_exists(
    personas, removed_then_presented, signed_in
):
    first, second, _girl = removed_then_presented
    alert = ReappearanceAlert.objects.get()
    assert (alert.board, alert.organisation, alert.presented_to) == (first, personas.org, second)
    assert selectors.alerts_to_act(personas.board_member) == [alert]
    assert selectors.alerts_to_act(personas.caseworker) == []  # the board's members and supervisors act

    # The second board: that an earlier decision exists, nothing of what it was.
    [notice] = selectors.board_notices(second)
    assert notice.classification is None and notice.decided_on is None
    assert selectors.board_notices(first) == []

    client = signed_in(personas.board_member)
    with translation.override("en"):
        home = client.get(reverse("people:home")).content.decode()
        assert "Alerts you must act on" in home and "Second board" in home
        first_page = client.get(reverse("screening:board", args=[first.pk])).content.decode()
        second_page = client.get(reverse("screening:board", args=[second.pk])).content.decode()
    assert "Someone this board removed as a minor has presented again" in first_page
    assert "An earlier decision to remove" in second_page
    assert "Trafficked child" not in second_page
    assert "Someone this board removed" not in second_page


def test_the_present_board_sees_the_decision_when_her_consent_to_share_allows(personas):
    other = organisation_create(actor=None, name="Collective C", kind="sex_worker_collective")
    member_c = make_member(other, "board_member", "board-c")
    board_c = services.board_create(
        actor=member_c,
        area_id=Place.objects.create(kind="red_light_area", name="Third para").pk,
        name="Board C",
        quorum=1,
    )
    member = personas.board_member
    first = services.board_create(
        actor=member,
        area_id=Place.objects.create(kind="red_light_area", name="A para").pk,
        name="A",
        quorum=1,
    )
    girl = register(member, names=["Asha"], phone="", stated_age=15)
    found = services.screening_record(
        actor=member,
        person_id=girl.pk,
        acts=["receipt"],
        means=[],
        purposes=["sexual_exploitation"],
        presentation_id=_present(member, first, girl).pk,
    )
    services.decision_record(
        actor=member,
        screening_id=found.pk,
        classification="trafficked_child",
        removed_on=timezone.localdate(),
    )
    alert = ReappearanceAlert.objects.create(
        organisation=personas.org,
        board=first,
        presented_to=board_c,
        presentation=found.presentation,
        earlier_decision=found.decision,
    )
    assert selectors.board_notices(board_c)[0].classification is None
    grants.consent_record(
        actor=member,
        person_id=girl.pk,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=other.pk,
        consenting_party="cwc",
        legal_basis="CWC order of 2 November 2026",
    )
    with translation.override("en"):
        assert selectors.board_notices(board_c)[0].classification == "Trafficked child"
    assert alert.pk


def test_a_stale_acknowledgement_is_a_conflict_and_saves_nothing(personas, removed_then_presented, signed_in):
    alert = ReappearanceAlert.objects.get()
    services.alert_acknowledge(actor=personas.supervisor, alert_id=alert.pk, version=alert.version)
    with pytest.raises(Conflict):
        services.alert_acknowledge(actor=personas.board_member, alert_id=alert.pk, version=alert.version)
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas.supervisor.user and alert.version == 2
    assert selectors.alerts_to_act(personas.board_member) == []

    # On the page, in her language.
    client = signed_in(personas.board_member)
    page = client.post(
        reverse("screening:alert-acknowledge", args=[alert.pk]),
        {"version": "1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="bn",
    )
    with translation.override("bn"):
        said = translation.gettext(
            "Someone else acknowledged this alert since you opened the page. Nothing was saved."
        )
    assert said in page.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_by == personas.supervisor.user

    # Through the API: the one error shape, 409.
    token = api_token_issue(membership=personas.board_member)
    answer = Client().post(
        f"/api/v1/alerts/{alert.pk}/acknowledge",
        {"version": 1},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 409
    assert set(answer.json()["error"]) == {"code", "message", "fields"}
    listed = Client().get("/api/v1/alerts", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200 and listed.json() == []
