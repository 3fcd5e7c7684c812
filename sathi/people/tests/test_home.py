"""Issue 15, item 6: home is what she must do today, as counts; names never, codes only inside an item."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import sign_in
from sathi.care import selectors as care_selectors
from sathi.care import services as care
from sathi.people.tests.factories import register


def _case_with_a_target(worker, name: str, target_in_days: int):
    person = register(worker, names=[name], phone="", stated_age=30)
    case = care.case_open(actor=worker, person_id=person.pk, origin="outreach", needs=["housing"])
    care.plan_item_add(
        actor=worker,
        case_id=case.pk,
        kind="education",
        description="Class",
        target_date=timezone.localdate() + timedelta(days=target_in_days),
    )
    return person, case


def test_plan_targets_are_due_this_week(personas):
    worker = personas.caseworker
    _person, case = _case_with_a_target(worker, "Target Person", 3)
    _case_with_a_target(worker, "Later Person", 30)
    due = care_selectors.due_this_week(worker)
    assert [(i.kind, i.case_id) for i in due if i.kind == "plan_target"] == [("plan_target", case.pk)]


def test_home_shows_counts_and_codes_but_no_name(personas, time_machine):
    worker = personas.caseworker
    time_machine.move_to(timezone.now(), tick=False)
    person, case = _case_with_a_target(worker, "Zqvhomename Person", 1)
    time_machine.shift(timedelta(days=3))  # the target passed, not done
    client = Client()
    sign_in(client, worker)
    with translation.override("en"):
        page = client.get(reverse("people:home")).content.decode()
    assert "Zqvhomename" not in page
    assert "Plan targets" in page and "1 overdue" in page
    details = page.split('<details class="card due-group">', 1)[1].split("</details>", 1)[0]
    assert person.display_code in details and reverse("care:case", args=[case.pk]) in details


def test_home_without_anything_due_says_so(personas):
    client = Client()
    sign_in(client, personas.peer_worker)
    with translation.override("en"):
        page = client.get(reverse("people:home")).content.decode()
    assert "Nothing due this week." in page


def test_silences_are_counted_for_the_supervisor(personas):
    from sathi.prevention import services as prevention

    admin, researcher = personas.org_admin, personas.by_role["community_researcher"]
    place = None
    for kind in ("state", "district", "block", "gram_panchayat", "village"):
        place = prevention.shared_place_add(
            actor=admin, kind=kind, name=f"Home {kind}", parent_id=place.pk if place else None
        )
    office = prevention.stakeholder_add(
        actor=researcher, kind="panchayat", name="Home office", jurisdiction_id=place.pk
    )
    today = timezone.localdate()
    prevention.ask_make(
        actor=researcher,
        stakeholder_id=office.pk,
        kind="convene_vlcpc",
        channel="letter",
        asked_on=today - timedelta(days=40),
        due_on=today - timedelta(days=10),
    )
    client = Client()
    sign_in(client, personas.supervisor)
    with translation.override("en"):
        page = client.get(reverse("people:home")).content.decode()
    assert "1 office has not answered in time." in page
    assert reverse("prevention:asks") in page


def test_the_analysts_home_leads_to_the_numbers_pages(personas):
    from sathi.places.models import Place
    from sathi.screening import services as screening

    area = Place.objects.create(kind="red_light_area", name="Home area")
    board = screening.board_create(actor=personas.board_member, area_id=area.pk, name="Home board", quorum=1)
    client = Client()
    sign_in(client, personas.analyst)
    page = client.get(reverse("people:home"))
    assert page.status_code == 200
    body = page.content.decode()
    for url in (
        reverse("violations:report"),
        reverse("screening:indicators", args=[board.pk]),
        reverse("prevention:profile"),
    ):
        assert url in body
        assert client.get(url).status_code in (200, 400)  # the report asks for a period: 400 without one
