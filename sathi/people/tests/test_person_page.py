"""The person page: her cases and screenings read with her card in one round trip, through the access policy
for her alone; and the main menu of every page, rendered once per role and language, never one role's (or one
worker's) for another."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import sign_in
from sathi.accounts.models import Role
from sathi.care import services as care
from sathi.people import policy
from sathi.people.templatetags import policy as policy_tags
from sathi.people.tests.factories import register
from sathi.screening import services as screening

pytestmark = pytest.mark.django_db


def _screen(actor, person, on: date):
    return screening.screening_record(
        actor=actor,
        person_id=person.pk,
        acts=["recruitment"],
        means=["deception"],
        purposes=["forced_labour"],
        labour_sector="brick_kilns",
        came_without_force=False,
        period_from=on,
        period_to=on,
    )


@pytest.fixture
def two_people(personas):
    worker = personas.caseworker
    asha = register(worker, names=["Asha Roy"], stated_age=29)
    rupa = register(worker, names=["Rupa Sen"], stated_age=33)
    cases = {
        who: care.case_open(actor=worker, person_id=who.pk, origin="outreach", opened_on=on)
        for who, on in ((asha, date(2026, 3, 1)), (rupa, date(2026, 4, 1)))
    }
    first = cases[asha]
    care.case_close(actor=worker, case_id=first.pk, version=first.version, reason="goals_met")
    later = care.case_open(
        actor=worker, person_id=asha.pk, origin="self_referral", opened_on=date(2026, 9, 1)
    )
    screenings = {who: _screen(worker, who, date(2026, 2, 1)) for who in (asha, rupa)}
    return asha, rupa, cases, later, screenings


def _links(html: str, prefix: str) -> list[str]:
    """The links to one record each (an id after the prefix), in the page's order."""
    return re.findall(rf'href="({re.escape(prefix)}[0-9a-f-]+/)"', html)


def test_the_person_page_lists_her_own_cases_newest_first_and_her_screenings(client, personas, two_people):
    asha, rupa, cases, later, screenings = two_people
    sign_in(client, personas.caseworker)
    html = client.get(reverse("people:detail", args=[asha.pk])).content.decode()
    assert _links(html, "/cases/") == [
        reverse("care:case", args=[later.pk]),
        reverse("care:case", args=[cases[asha].pk]),
    ]
    assert _links(html, "/boards/screenings/") == [reverse("screening:screening", args=[screenings[asha].pk])]
    assert reverse("care:case", args=[cases[rupa].pk]) not in html


def _statements(queries) -> list[str]:
    """The SQL each captured query ran, with a prepared statement's `EXECUTE name(...)` as its text."""
    names = {name for q in queries.captured_queries for name in re.findall(r"EXECUTE (sathi_\w+)", q["sql"])}
    prepared = {}
    if names:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, statement FROM pg_prepared_statements WHERE name = ANY(%s)", [list(names)]
            )
            prepared = dict(cursor.fetchall())
    return [
        re.sub(r"EXECUTE (sathi_\w+)(\([^;]*\))?", lambda m: prepared[m.group(1)], q["sql"])
        for q in queries.captured_queries
    ]


def test_the_person_page_of_someone_she_may_not_see_reads_none_of_her_records(personas, two_people):
    asha = two_people[0]
    client = Client()
    sign_in(client, personas.peer_worker)  # not assigned to her
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:detail", args=[asha.pk])).status_code == 404
    # every read of her records went through the access policy for her: none came back, and none ran alone
    statements = _statements(queries)
    assert any("care_case" in sql for sql in statements)  # her cases were asked for, through the policy
    assert not [sql for sql in statements if "care_case" in sql and "assignment" not in sql]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one round trip is a PostgreSQL matter")
def test_the_person_page_reads_her_card_cases_and_screenings_in_one_round_trip(client, personas, two_people):
    asha = two_people[0]
    sign_in(client, personas.caseworker)
    client.get(reverse("people:detail", args=[asha.pk]))  # this thread learns its audit head
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("people:detail", args=[asha.pk]))
    reads = [sql for sql in _statements(queries) if "care_case" in sql or "screening_screening" in sql]
    assert len(reads) == 1
    assert '"people_person"' in reads[0] and '"screening_screening"' in reads[0]


def _menu(client) -> str:
    html = client.get(reverse("glossary")).content.decode()
    return html[html.index("<nav") : html.index("</nav>")]


def _fresh_menu(membership, language: str) -> str:
    policy_tags._menus.clear()
    client = Client()
    sign_in(client, membership)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return _menu(client)


def test_the_main_menu_follows_the_role_whatever_was_served_before(personas):
    roles = [role.value for role in Role]
    fresh = {role: _fresh_menu(personas.by_role[role], "en") for role in roles}
    assert len(set(fresh.values())) > 3  # the roles' menus differ
    assert reverse("care:dashboard") in fresh[Role.SUPERVISOR]
    assert reverse("care:dashboard") not in fresh[Role.CASEWORKER]
    assert reverse("audit:events") in fresh[Role.AUDITOR]
    policy_tags._menus.clear()
    for order in (roles, roles[::-1]):  # each role's menu served after every other's was kept
        for role in order:
            client = Client()
            sign_in(client, personas.by_role[role])
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            assert _menu(client) == fresh[role], role


def test_the_main_menu_is_in_the_readers_language(personas):
    english = _fresh_menu(personas.caseworker, "en")
    client = Client()
    sign_in(client, personas.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    bengali = _menu(client)
    assert "My cases" in english and "My cases" not in bengali
    assert re.search("[\u0980-\u09ff]", bengali)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _menu(client) == english


def test_the_main_menu_holds_nothing_of_the_worker_who_first_saw_it(personas):
    worker = personas.caseworker
    worker.user.display_name = "Unmistakable Worker Name"
    worker.user.save()
    menu = _fresh_menu(worker, "en")
    assert "Unmistakable" not in menu and worker.user.username not in menu
    assert all(key[0] == policy.query_shape(worker) for key in policy_tags._menus)
