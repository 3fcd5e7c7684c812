"""Issue 15, item 7: the decision starts from Sathi's suggestion and says so; a screening done from the
person's page updates the board presentation it belongs to; a sitting without quorum warns first."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import sign_in
from sathi.accounts import once
from sathi.people.tests.factories import register
from sathi.places.models import Place
from sathi.screening import services
from sathi.screening.models import Screening, Sitting


def _board(personas, quorum=1):
    area = Place.objects.create(kind="red_light_area", name="Field area")
    return services.board_create(
        actor=personas.board_member, area_id=area.pk, name="Field board", quorum=quorum
    )


def test_decision_starts_from_sathis_suggestion_and_says_so(personas):
    worker = personas.caseworker
    person = register(worker, names=["Young Person"], phone="", stated_age=15)
    screening = services.screening_record(
        actor=worker, person_id=person.pk, acts=["recruitment"], means=[], purposes=["sexual_exploitation"]
    )
    suggested = screening.suggestions[0]["classification"]
    client = Client()
    sign_in(client, worker)
    with translation.override("en"):
        page = client.get(reverse("screening:screening", args=[screening.pk]))
    assert page.context["form"]["classification"].value() == suggested
    body = page.content.decode()
    assert "The decision starts from Sathi" in body
    assert "(Sathi" in body and "s suggestion)" in body


def test_a_screening_from_the_person_page_updates_the_board_presentation(personas):
    member = personas.board_member
    board = _board(personas)
    person = register(member, names=["Board Person"], phone="", stated_age=25)
    today = timezone.localdate()
    presentation = services.presentation_record(
        actor=member,
        board_id=board.pk,
        person_id=person.pk,
        presented_on=today,
        arrived_on=today,
        brought_by="herself",
    )
    client = Client()
    sign_in(client, member)
    screen = reverse("screening:screen", args=[person.pk])  # from the person page: no presentation named
    data = {"came_without_force": "yes", "form_token": once.new_token()}
    assert client.post(screen, data).status_code == 302
    assert Screening.objects.get(person=person).presentation_id == presentation.pk
    with translation.override("en"):
        board_page = client.get(reverse("screening:board", args=[board.pk])).content.decode()
    assert f"?presentation={presentation.pk}" not in board_page  # no longer offered to "Screen"


def test_a_sitting_without_quorum_warns_before_saving(personas):
    member = personas.board_member
    board = _board(personas, quorum=3)
    today = timezone.localdate()
    one = services.board_member_add(
        actor=member, board_id=board.pk, name="Member One", category="sex_worker", term_start=today
    )
    client = Client()
    sign_in(client, member)
    url = reverse("screening:sitting-add", args=[board.pk])
    data = {
        "held_on": today.isoformat(),
        "members": [str(one.pk)],
        "minutes": "",
        "form_token": once.new_token(),
    }
    with translation.override("en"):
        warned = client.post(url, data)
    assert warned.status_code == 400
    assert "Only 1 of the 3 members needed for a quorum are present: no decision" in warned.content.decode()
    assert not Sitting.objects.exists()
    assert client.post(url, {**data, "without_quorum": "on"}).status_code == 302
    assert Sitting.objects.get(board=board).members_present.count() == 1
