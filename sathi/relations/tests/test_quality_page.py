"""Issue 15, item 8: what a relation brings the person is added from a page, not only through the API."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.accounts import once
from sathi.people.tests.factories import register
from sathi.relations import services
from sathi.relations.models import RelationQuality


def test_a_quality_is_added_to_a_relation_from_its_page(personas):
    worker = personas.caseworker
    person = register(worker, names=["Quality Person"], phone="", stated_age=27)
    relation = services.relation_add(
        actor=worker, person_id=person.pk, domain="natal", kind="mother", name="Ma"
    )
    client = Client()
    sign_in(client, worker)
    url = reverse("relations:quality-add", args=[person.pk, relation.pk])
    assert url in client.get(reverse("relations:person", args=[person.pk])).content.decode()
    data = {
        "quality": "support_emotional",
        "from_year": "2019",
        "to_year": "",
        "form_token": once.new_token(),
    }
    assert client.post(url, data).status_code == 302
    assert RelationQuality.objects.get(relation=relation).quality == "support_emotional"


def test_a_quality_that_ends_before_it_starts_is_refused_and_nothing_is_saved(personas):
    worker = personas.caseworker
    person = register(worker, names=["Quality Person"], phone="", stated_age=27)
    relation = services.relation_add(
        actor=worker, person_id=person.pk, domain="natal", kind="mother", name="Ma"
    )
    client = Client()
    sign_in(client, worker)
    url = reverse("relations:quality-add", args=[person.pk, relation.pk])
    data = {
        "quality": "support_emotional",
        "from_year": "2019",
        "to_year": "2010",
        "form_token": once.new_token(),
    }
    assert client.post(url, data).status_code == 400
    assert not RelationQuality.objects.exists()


def test_a_relation_of_another_person_is_404(personas):
    worker = personas.caseworker
    one = register(worker, names=["One Person"], phone="", stated_age=27)
    other = register(worker, names=["Other Person"], phone="", stated_age=27)
    relation = services.relation_add(actor=worker, person_id=one.pk, domain="natal", kind="mother", name="Ma")
    client = Client()
    sign_in(client, worker)
    assert client.get(reverse("relations:quality-add", args=[other.pk, relation.pk])).status_code == 404
