"""Smuggling is not trafficking, on every page (issue 13, item 6): a person whose screening says "smuggled"
gets the border rights and every service, and no page, report or flag calls them a victim of trafficking."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from conftest import sign_in
from sathi.care import services as care
from sathi.people.tests.factories import register
from sathi.rights import crossing
from sathi.screening import services as screening

OPTIONS = re.compile(r"<select\b.*?</select>", re.S)  # a choice offered is not a name given to her
TAGS = re.compile(r"<[^>]+>")


def _words(html: str) -> str:
    return " ".join(TAGS.sub(" ", OPTIONS.sub(" ", html)).split())


def _forbidden(language: str) -> list[re.Pattern]:
    with translation.override(language):
        labels = [translation.gettext("Trafficked adult"), translation.gettext("Trafficked child")]
    patterns = [re.compile(re.escape(label), re.I) for label in labels]
    if language == "en":
        patterns += [re.compile(r"\bvictims?\b", re.I), re.compile(r"(?<!not )\btrafficked\b", re.I)]
    return patterns


@pytest.fixture
def smuggled(personas):
    worker = personas.caseworker
    person = register(
        worker, names=["Nasrin"], phone="", stated_age=26, languages=["bn", "hi", "en"], origin_state="IN-WB"
    )
    found = screening.screening_record(
        actor=worker,
        person_id=person.pk,
        acts=[],
        means=[],
        purposes=[],
        came_without_force=True,
        irregular_crossing_consented=True,
    )
    assert {s["classification"] for s in found.suggestions} == {"smuggled"}
    screening.decision_record(actor=worker, screening_id=found.pk, classification="smuggled")
    case = care.case_open(
        actor=worker, person_id=person.pk, origin="outreach", needs=["housing", "documents"]
    )
    return person, case, found


def test_a_smuggled_person_gets_the_cross_border_rights_and_every_service(personas, smuggled):
    person, case, _found = smuggled
    assert crossing.screened_as_smuggled(person) and crossing.crossed_a_border(person)
    record = crossing.crossing_save(actor=personas.caseworker, person_id=person.pk, country_of_origin="BD")
    assert record.pk
    assert case.needs.count() == 2  # services open to her as to anyone


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
def test_no_page_report_or_flag_calls_a_smuggled_person_a_victim_of_trafficking(personas, smuggled, language):
    person, case, found = smuggled
    crossing.crossing_save(actor=personas.caseworker, person_id=person.pk, country_of_origin="BD")
    crossing.stage_record(
        actor=personas.caseworker,
        person_id=person.pk,
        stage="identification",
        status="protected",
        on=case.opened_on,
    )
    client = Client()
    sign_in(client, personas.caseworker)
    pages = [
        f"/people/{person.pk}/",
        f"/cases/{case.pk}/",
        f"/boards/screenings/{found.pk}/",
        f"/people/{person.pk}/crossing/",
        f"/people/{person.pk}/crossing/stages/",
        f"/people/{person.pk}/own-record/?language={language}",
        "/cases/",
        "/cases/dashboard/",
    ]
    forbidden = _forbidden(language)
    try:
        client.post("/language/", {"language": language})
        for url in pages:
            response = client.get(url)
            if response.status_code == 403:  # a supervisor's page: read below with the supervisor
                continue
            assert response.status_code == 200, url
            text = _words(response.content.decode())
            assert not [p.pattern for p in forbidden if p.search(text)], url
        supervisor = Client()
        sign_in(supervisor, personas.supervisor)
        supervisor.post("/language/", {"language": language})
        for url in ("/cases/dashboard/", f"/people/{person.pk}/crossing/"):
            text = _words(supervisor.get(url).content.decode())
            assert not [p.pattern for p in forbidden if p.search(text)], url
    finally:
        client.post("/language/", {"language": "en"})
        translation.activate("en")
