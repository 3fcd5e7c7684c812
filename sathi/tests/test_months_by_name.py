"""A month is shown by its name in the reader's language, never as its code (issue 15, item 4).

The board's numbers, the evidence tables broken down by month, the monthly report and the ledger of what
went out all carry months as codes (2026-01) for the API and the exports; a page shows "জানুয়ারি 2026".
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import sign_in
from sathi.core import dates
from sathi.evidence.tests.world import cases
from sathi.people.tests.factories import agree_to_statistics, register
from sathi.places.models import Place
from sathi.screening import services

MONTH_CODE = re.compile(r"\b20\d\d-(0[1-9]|1[0-2])\b(?!-)")


def _visible(response) -> str:
    """The page's text as a reader sees it: no tags, no attribute values (inputs keep ISO months)."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _client(membership, language: str) -> Client:
    client = Client()
    sign_in(client, membership)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_month_code_is_shown_by_its_name_in_each_language():
    shown = {}
    for language in ("en", "bn", "hi"):
        with translation.override(language):
            shown[language] = dates.month_name("2026-01")
            assert (
                dates.month_names("2026-01 · 2026-03") == f"{shown[language]} · {dates.month_name('2026-03')}"
            )
            assert dates.month_name(date(2026, 1, 31)) == shown[language]
    assert shown == {"en": "January 2026", "bn": "জানুয়ারি 2026", "hi": "जनवरी 2026"}
    # What is not a month stays as it is: a year, a day, a place.
    assert dates.month_names("2026") == "2026"
    assert dates.month_names("2026-01-05") == "2026-01-05"
    assert dates.month_names("2026-13") == "2026-13"


def test_the_boards_numbers_show_the_months_by_name_in_bengali(personas):
    member = personas.board_member
    area = Place.objects.create(kind="red_light_area", name="Month area")
    board = services.board_create(actor=member, area_id=area.pk, name="Month board", quorum=1)
    person = register(member, names=["Month Person"], phone="", stated_age=25)
    agree_to_statistics(member, person)  # counted only with her consent
    services.presentation_record(
        actor=member,
        board_id=board.pk,
        person_id=person.pk,
        presented_on=date(2026, 1, 15),
        arrived_on=date(2026, 1, 15),
        brought_by="herself",
    )
    page = _client(member, "bn").get(reverse("screening:indicators", args=[board.pk]))
    assert page.status_code == 200
    text = _visible(page)
    assert "জানুয়ারি 2026" in text
    assert not MONTH_CODE.search(text), MONTH_CODE.search(text)


def test_evidence_tables_by_month_and_the_ledger_show_months_by_name_in_bengali(personas):
    cases(personas.supervisor, [("Kolkata", "woman", 1, 6), ("Kolkata", "woman", 2, 5)])
    client = _client(personas.analyst, "bn")
    query = {
        "table": "care-outcomes",
        "start": "2026-01",
        "end": "2026-02",
        "level": "district",
        "rows": "month",
        "purpose": "funder",
    }
    page = client.get(reverse("evidence:tables"), query)
    assert page.status_code == 200
    text = _visible(page)
    assert "জানুয়ারি 2026" in text and "ফেব্রুয়ারি 2026" in text
    assert not MONTH_CODE.search(text), MONTH_CODE.search(text)
    ledger = _visible(client.get(reverse("evidence:ledger")))
    assert "জানুয়ারি 2026 – ফেব্রুয়ারি 2026" in " ".join(ledger.split())
    assert not MONTH_CODE.search(ledger), MONTH_CODE.search(ledger)
