"""The person pages as a worker uses them: register, find, edit, age and consent screens."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.accounts import once
from sathi.accounts.models import OnceToken
from sathi.audit.models import AuditEvent
from sathi.people.models import Person
from sathi.people.tests.factories import register

# Form tokens as the pages issue them (a token carries its time; see sathi/accounts/once.py).
TOKEN_1 = once.new_token()
TOKEN_2 = once.new_token()
TOKEN_3 = once.new_token()


@pytest.fixture
def worker(client, personas):
    sign_in(client, personas.caseworker)
    return client


def form(**extra):
    data = {
        "names": "Sabita Sardar",
        "aliases": "Rosy",
        "phone": "+91 98765 43210",
        "gender": "woman",
        "languages": ["bn"],
        "origin_state": "IN-WB",
        "origin_district": "South 24 Parganas",
        "current_location": "Kalighat",
        "age_years": "23",
        "form_token": TOKEN_1,
    }
    data.update(extra)
    return data


def test_register_then_open_the_record(worker):
    response = worker.post("/people/new/", form())
    assert response.status_code == 302
    person = Person.objects.get()
    page = worker.get(response["Location"]).content.decode()
    assert person.display_code in page and "Sabita Sardar" in page and "Rosy" in page


def test_form_posted_twice_registers_once(worker):
    first = worker.post("/people/new/", form())
    second = worker.post("/people/new/", form())
    assert Person.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert OnceToken.objects.count() == 1


def test_duplicate_warning_then_confirm(worker):
    worker.post("/people/new/", form())
    response = worker.post("/people/new/", form(names="Another Name", form_token=TOKEN_2))
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Person.objects.count() == 1
    response = worker.post(
        "/people/new/", form(names="Another Name", form_token=TOKEN_2, confirm_duplicates="on")
    )
    assert response.status_code == 302 and Person.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"names": "", "aliases": ""}, "Give at least one name or work name."),
        ({"age_years": "200"}, "Ensure this value is less than or equal to 120."),
        ({"date_of_birth": "2001-02-30", "age_years": ""}, "Enter a valid date."),
        ({"phone": "not a phone"}, "A phone number has only digits, spaces and +."),
        ({"names": "x" * 5000}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_written(worker, data, message):
    events = AuditEvent.objects.count()
    response = worker.post("/people/new/", form(**data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Person.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_ten_megabyte_name_is_refused_with_a_clear_page(worker):
    response = worker.post("/people/new/", form(names="x" * 10_000_000))
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert Person.objects.count() == 0


def test_invalid_utf8_is_refused_with_a_clear_message(worker):
    body = b"names=Sab%FFita&gender=woman&form_token=t&languages=bn"  # a browser percent-encodes bytes
    response = worker.post("/people/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "cannot be stored" in response.content.decode()
    assert Person.objects.count() == 0


def test_messages_are_in_the_users_language(worker):
    worker.post("/language/", {"language": "bn", "next": "/"})
    response = worker.post("/people/new/", form(names="", aliases=""))
    assert response.status_code == 400
    assert "Give at least one name or work name." not in response.content.decode()
    assert 'lang="bn"' in response.content.decode()


def test_stale_edit_shows_a_conflict_and_keeps_the_newer_data(worker, personas):
    person = register(personas.caseworker, names=["Edit Me"], phone="", stated_age=30)
    url = reverse("people:edit", args=[person.pk])
    base = {"names": "Edit Me", "gender": "woman", "version": person.version}
    assert worker.post(url, {**base, "origin_district": "Nadia"}).status_code == 302
    response = worker.post(url, {**base, "origin_district": "Howrah"})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    person.refresh_from_db()
    assert person.origin_district == "Nadia"


def test_search_goes_by_post_so_nothing_identifying_enters_a_url(worker, personas):
    person = register(personas.caseworker, names=["Find Me"], phone="+91 90000 33333", stated_age=30)
    assert worker.get("/people/find/").status_code == 405
    response = worker.post("/people/find/", {"query": "9000033333"})
    assert person.display_code in response.content.decode()
    for event in AuditEvent.objects.all():
        assert "90000" not in event.target_id


def test_person_page_is_not_stored(worker, personas):
    person = register(personas.caseworker, names=["No Store"], phone="", stated_age=30)
    response = worker.get(reverse("people:detail", args=[person.pk]))
    assert "no-store" in response["Cache-Control"]


def test_masked_classes_show_as_dots(client, personas):
    from sathi.people import grants

    person = register(
        personas.caseworker, names=["Dots"], phone="", stated_age=30, current_location="Sealdah"
    )
    grants.assignment_add(actor=personas.supervisor, person_id=person.pk, user_id=personas.counsellor.user_id)
    sign_in(client, personas.counsellor)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "•••" in page and "Sealdah" not in page


def test_age_screen_records_a_dispute(worker, personas):
    person = register(personas.caseworker, names=["Mamata Test"], phone="", stated_age=22)
    response = worker.post(
        reverse("people:age", args=[person.pk]),
        {
            "kind": "estimate",
            "as_of": "2026-01-10",
            "age_years": "17",
            "source": "police",
            "form_token": TOKEN_3,
        },
    )
    assert response.status_code == 302
    page = worker.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "disputed" in page


def test_consent_screen_records_and_withdraws(worker, personas):
    person = register(personas.caseworker, names=["Consent Test"], phone="", stated_age=30)
    response = worker.post(
        reverse("people:consent", args=[person.pk]),
        {
            "purpose": "contact",
            "granted": "yes",
            "channel": "sms",
            "method": "spoken",
            "explained_in": "bn",
            "consenting_party": "self",
        },
    )
    assert response.status_code == 302
    consent = person.consents.get()
    worker.post(reverse("people:consent-withdraw", args=[person.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "Do not contact" in worker.get(reverse("people:detail", args=[person.pk])).content.decode()


def test_dates_follow_the_users_language(client, personas):
    person = register(personas.caseworker, names=["Date Test"], phone="", stated_age=30)
    sign_in(client, personas.caseworker)
    client.post("/language/", {"language": "hi", "next": "/"})
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert 'lang="hi"' in page


def test_anonymous_visitor_is_sent_to_sign_in(personas):
    response = Client().get("/people/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
