"""A screening says which period and site of the person's life it is about, and shows the labour sector."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from sathi.accounts import once
from sathi.accounts.services import api_token_issue
from sathi.people.tests.factories import register
from sathi.places.models import Place
from sathi.screening import services
from sathi.screening.models import Screening

KILN = {"acts": ["recruitment"], "means": ["deception"], "purposes": ["forced_labour"]}


@pytest.fixture(autouse=True)
def _back_to_english():
    """A request in another language leaves it active in this thread: the next test starts in English."""
    yield
    translation.activate("en")


@pytest.fixture
def boy(personas):
    return register(personas.caseworker, names=["Kiln Boy"], phone="", stated_age=15, gender="man")


@pytest.fixture
def area(personas):
    return Place.objects.create(kind="red_light_area", name="Kiln belt")


def test_a_screening_records_its_period_site_and_sector_and_shows_them(personas, boy, area, signed_in):
    worker = personas.caseworker
    start, end = date(2025, 3, 1), date(2025, 11, 30)
    screening = services.screening_record(
        actor=worker,
        person_id=boy.pk,
        labour_sector="brick_kilns",
        period_from=start,
        period_to=end,
        site_id=area.pk,
        **KILN,
    )
    assert (screening.period_from, screening.period_to, screening.site_id) == (start, end, area.pk)

    page = signed_in(worker).get(
        reverse("screening:screening", args=[screening.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Brick kilns" in body and "Kiln belt" in body
    with translation.override("en"):
        assert date_format(end, "SHORT_DATE_FORMAT") in body
    person_page = signed_in(worker).get(reverse("people:detail", args=[boy.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Brick kilns" in person_page.content.decode()
    assert "Kiln belt" in person_page.content.decode()

    token = api_token_issue(membership=worker)
    answer = Client().get(f"/api/v1/screenings/{screening.pk}", headers={"Authorization": f"Bearer {token}"})
    got = answer.json()
    assert got["labour_sector"] == "brick_kilns"
    assert (got["period_from"], got["period_to"], got["site_id"]) == ("2025-03-01", "2025-11-30", area.pk)


def test_a_site_not_on_the_list_is_written_in_words_sealed_and_masked_for_roles_without_location(
    personas, boy
):
    worker = personas.caseworker
    screening = services.screening_record(
        actor=worker, person_id=boy.pk, labour_sector="brick_kilns", site_words="kiln near the river", **KILN
    )
    assert b"kiln near the river" not in bytes(Screening.objects.get(pk=screening.pk).site_words_sealed)
    token = api_token_issue(membership=worker)
    answer = Client().get(f"/api/v1/screenings/{screening.pk}", headers={"Authorization": f"Bearer {token}"})
    assert answer.json()["site_words"] == "kiln near the river"


def test_the_period_cannot_end_before_it_starts_nor_lie_in_the_future(personas, boy):
    worker = personas.caseworker
    with pytest.raises(ValidationError) as err:
        services.screening_record(
            actor=worker, person_id=boy.pk, period_from=date(2025, 5, 1), period_to=date(2025, 4, 1), **KILN
        )
    assert "period_to" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        services.screening_record(
            actor=worker, person_id=boy.pk, period_from=timezone.localdate() + timedelta(days=2), **KILN
        )
    assert "period_from" in err.value.error_dict
    assert not Screening.objects.filter(person=boy).exists()


def test_the_site_is_a_red_light_area_or_the_organisations_own_site_never_both_with_words(
    personas, boy, area
):
    worker = personas.caseworker
    theirs = Place.objects.create(
        kind="site", name="Their site", parent=area, organisation=personas.other_org, site_type="street"
    )
    district = Place.objects.create(kind="district", name="A district")
    for place in (theirs, district):
        with pytest.raises(ValidationError) as err:
            services.screening_record(actor=worker, person_id=boy.pk, site_id=place.pk, **KILN)
        assert "site" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        services.screening_record(
            actor=worker, person_id=boy.pk, site_id=area.pk, site_words="also here", **KILN
        )
    assert "site_words" in err.value.error_dict
    assert not Screening.objects.filter(person=boy).exists()


def test_the_api_refuses_a_period_that_ends_before_it_starts_with_the_field_named(personas, boy):
    token = api_token_issue(membership=personas.caseworker)
    answer = Client().post(
        "/api/v1/screenings",
        data=json.dumps(
            {"person_id": str(boy.pk), **KILN, "period_from": "2025-05-01", "period_to": "2025-04-01"}
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 400
    assert "period_to" in answer.json()["error"]["fields"]


def test_the_screening_form_refuses_a_period_that_ends_before_it_starts_and_saves_nothing(
    personas, boy, area, signed_in
):
    client = signed_in(personas.caseworker)
    url = reverse("screening:screen", args=[boy.pk])
    assert "Kiln belt" in client.get(url).content.decode()  # the red-light areas are offered
    page = client.post(
        url,
        {"purposes_asked": "on", "period_from": "2025-05-01", "period_to": "2025-04-01", "site": area.pk},
        HTTP_ACCEPT_LANGUAGE="hi",
    )
    assert page.status_code == 400
    with translation.override("hi"):
        assert translation.gettext("The period cannot end before it starts.") in page.content.decode()
    assert not Screening.objects.filter(person=boy).exists()
    done = client.post(
        url,
        {
            "purposes_asked": "on",
            "period_from": "2025-04-01",
            "site": area.pk,
            "form_token": once.new_token(),
        },
    )
    assert done.status_code == 302
    assert Screening.objects.get(person=boy).site == area
