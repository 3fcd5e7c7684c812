"""One form runner for every page (sathi/pages.py one_form_page): the one-time token is in the form body every
page includes, so a form sent twice (a double tap, a retry on a slow line) does its work once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.care.models import Case
from sathi.people.models import AgeEvidence
from sathi.people.tests.factories import register
from sathi.people.vocab import AgeEvidenceKind


def _token(page) -> str:
    html = page.content.decode()
    assert 'name="form_token"' in html
    return html.split('name="form_token" value="')[1].split('"')[0]


def _age(person):
    return (
        reverse("people:age", args=[person.pk]),
        {
            "kind": AgeEvidenceKind.ESTIMATE,
            "as_of": "2025-01-01",
            "age_years": "30",
            "margin_years": "2",
            "source": "Outreach",
        },
        lambda: AgeEvidence.objects.filter(person=person, as_of="2025-01-01").count(),
    )


def _case_open(person):
    return (
        reverse("care:case-open", args=[person.pk]),
        {"origin": "self_referral", "needs": ["physical_safety"]},
        lambda: Case.objects.filter(person=person).count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("page", [_age, _case_open], ids=["age evidence", "open a case"])
def test_a_page_form_sent_twice_does_its_work_once(personas, page):
    person = register(personas.caseworker)
    url, data, count = page(person)
    client = Client()
    sign_in(client, personas.caseworker)
    token = _token(client.get(url))
    first = client.post(url, {**data, "form_token": token})
    second = client.post(url, {**data, "form_token": token})
    assert first.status_code == 302 and second.status_code == 302
    assert count() == 1
