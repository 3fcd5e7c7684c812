"""Issue 15, item 8: the provider directory is filtered by a service, and shows services by name."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.care import referrals


def test_provider_directory_is_filtered_by_service(personas):
    worker = personas.caseworker
    referrals.provider_save(actor=worker, services=["shelter"], languages=["bn"])
    referrals.provider_save(actor=worker, name="Legal Clinic", services=["legal_aid"])
    client = Client()
    sign_in(client, worker)
    url = reverse("care:providers")
    everyone = client.get(url).content.decode()
    assert "Legal Clinic" in everyone and "Collective A" in everyone
    shelters = client.get(url, {"service": "shelter"}).content.decode()
    assert "Collective A" in shelters and "Legal Clinic" not in shelters
    assert "Shelter" in shelters and ">shelter<" not in shelters  # the word, not the code


def test_an_unknown_service_in_the_filter_says_so_and_lists_all(personas):
    client = Client()
    sign_in(client, personas.caseworker)
    page = client.get(reverse("care:providers"), {"service": "bogus"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
