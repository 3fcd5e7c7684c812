"""The DHIS2 mapping's page: the same service as the API, codes checked one by one, gaps named."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import sign_in
from sathi.evidence.models import Dhis2Mapping
from sathi.evidence.tests.world import cases

URL = "/evidence/dhis2/mapping/?table=care-outcomes&across=gender"
SPEC = [("Kolkata", "woman", 6, 12), ("Howrah", "man", 6, 6)]


@pytest.fixture
def page(personas):
    cases(personas.supervisor, SPEC)
    client = Client()
    sign_in(client, personas.org_admin)
    return personas, client


def _filled(form, codes: dict) -> dict:
    """The form's fields with a code for each whose label starts with a key of `codes`."""
    data = {"form_token": ""}
    for name, field in form.fields.items():
        data[name] = next((code for start, code in codes.items() if str(field.label).startswith(start)), "")
    return data


def test_the_dhis2_mapping_page_saves_codes_through_the_service(page):
    _personas, client = page
    shown = client.get(URL)
    assert shown.status_code == 200
    data = _filled(shown.context["form"], {"Kolkata": "OU_KOL", "Howrah": "OU_HOW"})
    data["form_token"] = shown.context["form_token"]
    woman = next(n for n, f in shown.context["form"].fields.items() if str(f.label).startswith("Woman: data"))
    data[woman] = "DE_CASES"
    data[woman.replace("element", "combo")] = "COC_F"
    answer = client.post(URL, data)
    assert answer.status_code == 302
    mapping = Dhis2Mapping.objects.get(table="care-outcomes")
    assert mapping.org_units == {"Kolkata": "OU_KOL", "Howrah": "OU_HOW"}
    assert mapping.cells == {"woman": {"dataElement": "DE_CASES", "categoryOptionCombo": "COC_F"}}
    # What still has no code is named: a push of this breakdown would be refused for it.
    again = client.get(URL)
    assert "Man" in again.context["missing"] and "Kolkata" not in again.context["missing"]


def test_a_dhis2_mapping_to_a_malformed_code_on_the_page_is_refused_and_nothing_is_saved(page):
    _personas, client = page
    shown = client.get(URL)
    data = _filled(shown.context["form"], {"Kolkata": "not a code!"})
    data["form_token"] = shown.context["form_token"]
    answer = client.post(URL, data)
    assert answer.status_code == 400
    assert answer.context["form"].errors
    assert not Dhis2Mapping.objects.exists()


def test_a_column_with_one_code_of_two_is_refused(page):
    _personas, client = page
    shown = client.get(URL)
    data = _filled(shown.context["form"], {})
    data["form_token"] = shown.context["form_token"]
    woman = next(n for n, f in shown.context["form"].fields.items() if str(f.label).startswith("Woman: data"))
    data[woman] = "DE_CASES"
    answer = client.post(URL, data)
    assert answer.status_code == 400
    assert woman.replace("element", "combo") in answer.context["form"].errors
    assert not Dhis2Mapping.objects.exists()


def test_only_a_role_that_configures_reporting_opens_the_mapping(personas):
    client = Client()
    sign_in(client, personas.analyst)
    assert client.get(URL).status_code == 403
