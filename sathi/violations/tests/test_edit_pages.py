"""Issue 15, item 8: what the API changes, a page changes too (the incident, a person affected, a response,
the end of a shelter stay), and a person affected can be linked to their own record by code."""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from sathi.people.tests.factories import register
from sathi.violations import involvements, responses, services
from sathi.violations.models import AffectedPerson, Incident, Outcome, Response
from sathi.violations.selectors import incident_view
from sathi.violations.tests.conftest import days_ago, snapshot


def form_data(page) -> dict:
    """What the form shows, as a browser would send it back unchanged (with its token)."""
    data = {"form_token": page.context["form_token"]}
    for field in page.context["form"]:
        value = field.value()
        if value is None:
            value = (
                [] if hasattr(field.field, "choices") and field.field.widget.allow_multiple_selected else ""
            )
        elif isinstance(value, datetime):
            value = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, date):
            value = value.isoformat()
        data[field.name] = value
    return data


def test_incident_page_changes_only_what_the_worker_changed(client, signed_in, worker, raid):
    signed_in(worker)
    url = reverse("violations:incident-edit", args=[raid.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {**form_data(page), "verification": "likely"}
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    raid.refresh_from_db()
    assert raid.verification == "likely"
    view = incident_view(actor=worker, incident_id=raid.pk)
    assert view.description.startswith("Police came at night")  # the unchanged text is kept


def test_a_stale_incident_form_is_a_conflict_and_saves_nothing(client, signed_in, worker, raid):
    signed_in(worker)
    url = reverse("violations:incident-edit", args=[raid.pk])
    data = {**form_data(client.get(url)), "verification": "unlikely"}
    services.incident_update(actor=worker, incident_id=raid.pk, version=raid.version, verification="possible")
    answer = client.post(url, data)
    assert answer.status_code == 400
    assert "Nothing was saved" in answer.content.decode()
    assert Incident.objects.get(pk=raid.pk).verification == "possible"


def test_a_person_affected_is_linked_to_their_own_record_by_code(client, signed_in, worker, raid):
    person = register(worker, names=["Linked Person"], stated_age=30)
    signed_in(worker)
    url = reverse("violations:affected-add", args=[raid.pk])
    data = {**form_data(client.get(url)), "acts": ["picked_up"], "code": person.display_code}
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    assert AffectedPerson.objects.get(incident=raid).person_id == person.pk


def test_an_unknown_code_says_so_and_records_nothing(client, signed_in, personas, worker, raid):
    stranger = register(personas.outsider, names=["Elsewhere"], stated_age=30)
    signed_in(worker)
    url = reverse("violations:affected-add", args=[raid.pk])
    before = snapshot()
    data = {**form_data(client.get(url)), "acts": ["picked_up"], "code": stranger.display_code}
    answer = client.post(url, data)
    assert answer.status_code == 400
    assert "No record with this code is open to you" in answer.content.decode()
    assert snapshot() == before


def test_a_person_affected_page_changes_what_they_later_told(client, signed_in, worker, raid):
    affected = involvements.affected_add(
        actor=worker, incident_id=raid.pk, gender="woman", acts=["picked_up"], account="First words"
    )
    signed_in(worker)
    url = reverse("violations:affected-edit", args=[affected.pk])
    page = client.get(url)
    assert "First words" in page.content.decode()
    data = {**form_data(page), "own_decision": "yes", "consequences": ["detention"]}
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    affected.refresh_from_db()
    assert (affected.own_decision, affected.consequences, affected.acts) == (
        "yes",
        ["detention"],
        ["picked_up"],
    )


def test_a_response_page_records_its_resolution(client, signed_in, worker, raid):
    response = responses.response_add(
        actor=worker,
        incident_id=raid.pk,
        action="legal_aid",
        reported_at=timezone.now() - timezone.timedelta(days=3),
    )
    signed_in(worker)
    url = reverse("violations:response-edit", args=[response.pk])
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {**form_data(client.get(url)), "outcome": "achieved", "first_response_at": now, "resolved_at": now}
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    response = Response.objects.get(pk=response.pk)
    assert response.outcome == "achieved" and response.resolved_at is not None


def test_the_end_of_a_shelter_stay_is_recorded_from_a_page(client, signed_in, worker, raid):
    affected = involvements.affected_add(actor=worker, incident_id=raid.pk, acts=["picked_up"])
    stay = involvements.outcome_record(actor=worker, affected_id=affected.pk, kind="shelter", on=days_ago(20))
    signed_in(worker)
    detail = client.get(reverse("violations:incident", args=[raid.pk])).content.decode()
    url = reverse("violations:outcome-end", args=[stay.pk])
    assert url in detail
    data = {**form_data(client.get(url)), "until": days_ago(2).isoformat()}
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    assert Outcome.objects.get(pk=stay.pk).until == days_ago(2)
    assert client.get(url).status_code == 404  # an ended stay has no end left to record


def test_a_stay_cannot_end_before_it_began_and_nothing_changes(client, signed_in, worker, raid):
    affected = involvements.affected_add(actor=worker, incident_id=raid.pk, acts=["picked_up"])
    stay = involvements.outcome_record(actor=worker, affected_id=affected.pk, kind="shelter", on=days_ago(20))
    signed_in(worker)
    url = reverse("violations:outcome-end", args=[stay.pk])
    data = {**form_data(client.get(url)), "until": days_ago(25).isoformat()}
    answer = client.post(url, data)
    assert answer.status_code == 400
    assert Outcome.objects.get(pk=stay.pk).until is None


def test_edit_pages_are_404_for_the_peer_worker(client, signed_in, personas, worker, raid):
    affected = involvements.affected_add(actor=worker, incident_id=raid.pk, acts=["picked_up"])
    signed_in(personas.peer_worker)
    assert client.get(reverse("violations:incident-edit", args=[raid.pk])).status_code == 404
    assert client.get(reverse("violations:affected-edit", args=[affected.pk])).status_code == 404
