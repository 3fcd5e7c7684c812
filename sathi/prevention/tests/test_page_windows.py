"""Every list of prevention's pages that grows with the asks or the offices comes a window at a time
(sathi/prevention/windows.py): walking its windows (on screen, by the Next links; printed, by the parts)
gives every row exactly once, in the order of the whole list, and the numbers beside them cover every ask."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Count
from django.utils import timezone

from conftest import sign_in
from sathi.demo.prevention_rows import generate_district
from sathi.prevention import ledger
from sathi.prevention.models import Ask, Dialogue, Stakeholder
from sathi.prevention.windows import PRINTED_PART

ASK_LINK = re.compile(r'href="/prevention/asks/(\d+)/"')
OFFICE_LINK = re.compile(r'href="/prevention/offices/(\d+)/"')
DIALOGUE_LINK = re.compile(r'href="/prevention/dialogues/(\d+)/"')
OFFICE_ROW = re.compile(r'<tr><th scope="row">[^<]*</th><td>(\d+)</td>')  # an office's asks made


def _district(personas, asks: int):
    researcher = personas.by_role["community_researcher"]
    made = generate_district(
        organisation=personas.org,
        recorded_by_id=researcher.user_id,
        blocks=2,
        panchayats=4,
        villages=8,
        stakeholders=40,
        asks=asks,
    )
    return researcher, made


def _next(page: str, name: str, at: int) -> tuple[str | None, int]:
    """The Next link of this list (the one that moves its own window on; the others keep it where it is)."""
    for href in re.findall(r'href="([^"]*)">Next', page):
        href = href.replace("&amp;", "&")
        moved = int(parse_qs(urlsplit(href).query).get(f"{name}_from", ["0"])[0])
        if moved > at:
            return href, moved
    return None, at


def _walk(client, url: str, name: str, link: re.Pattern) -> list[int]:
    """The rows of one list, window after window, by the Next links."""
    seen, windows, at = [], 0, 0
    while url:
        page = client.get(url).content.decode()
        rows = [int(pk) for pk in link.findall(page)]
        assert len(rows) <= ledger.PAGE
        seen += rows
        (url, at), windows = _next(page, name, at), windows + 1
    assert windows > 1  # the trap: the list is longer than one window
    return seen


@pytest.mark.django_db
def test_the_asks_page_shows_every_ask_once_in_order_a_window_at_a_time(client, personas):
    researcher, _made = _district(personas, 120)
    sign_in(client, researcher)
    every = list(Ask.objects.order_by("-asked_on", "-pk").values_list("pk", flat=True))
    assert _walk(client, "/prevention/asks/", "asks", ASK_LINK) == every
    page = client.get("/prevention/asks/").content.decode()
    assert f"Rows 1 to {ledger.PAGE} of {len(every)}." in page


@pytest.mark.django_db
def test_the_printed_asks_page_holds_every_ask_and_every_office_in_its_parts_with_the_numbers_of_every_ask(
    client, personas
):
    researcher, _made = _district(personas, 500)
    sign_in(client, researcher)
    every = list(Ask.objects.order_by("-asked_on", "-pk").values_list("pk", flat=True))
    parts = -(-len(every) // PRINTED_PART)
    assert parts > 1
    today = timezone.localdate()
    silent = Ask.objects.filter(first_answer_on=None, due_on__lt=today).count()
    printed, made, part, url = [], [], 1, "/prevention/asks/?print=1"
    while url:
        page = client.get(url).content.decode()
        assert f"Part {part} of {parts}." in page
        assert f"{silent} silences" in page  # every part has the whole numbers
        printed += [int(pk) for pk in ASK_LINK.findall(page)]
        made += [int(n) for n in OFFICE_ROW.findall(page)]
        found = re.search(r'href="([^"]*print=1[^"]*part=\d+)"', page)
        url, part = (found.group(1).replace("&amp;", "&") if found else None), part + 1
    assert printed == every
    assert part == parts + 1
    assert sum(made) == len(every)  # the offices' numbers together cover every ask
    assert len(made) == Ask.objects.values("stakeholder").distinct().count()


@pytest.mark.django_db
def test_the_offices_page_shows_every_office_once_in_order_a_window_at_a_time(client, personas):
    researcher, _made = _district(personas, 10)
    sign_in(client, researcher)
    every = list(Stakeholder.objects.order_by("kind", "name", "pk").values_list("pk", flat=True))
    assert _walk(client, "/prevention/offices/", "offices", OFFICE_LINK) == every


@pytest.mark.django_db
def test_an_office_page_shows_every_ask_to_it_once_in_order_a_window_at_a_time(client, personas):
    researcher, _made = _district(personas, 400)
    sign_in(client, researcher)
    busiest = Ask.objects.values("stakeholder").order_by().annotate(n=Count("pk")).order_by("-n")[0]
    assert busiest["n"] > ledger.PAGE
    every = list(
        Ask.objects.filter(stakeholder_id=busiest["stakeholder"])
        .order_by("-asked_on", "-pk")
        .values_list("pk", flat=True)
    )
    url = f"/prevention/offices/{busiest['stakeholder']}/"
    assert _walk(client, url, "asks", ASK_LINK) == every


@pytest.mark.django_db
def test_the_dialogues_page_shows_every_dialogue_once_in_order_a_window_at_a_time(client, personas):
    researcher, made = _district(personas, 0)
    today = timezone.localdate()
    Dialogue.objects.bulk_create(
        Dialogue(
            organisation=personas.org,
            place=made.blocks[i % 2],
            held_on=today - timedelta(days=i // 3),
            recorded_by_id=researcher.user_id,
        )
        for i in range(ledger.PAGE * 2 + 3)
    )
    sign_in(client, researcher)
    every = list(Dialogue.objects.order_by("-held_on", "-pk").values_list("pk", flat=True))
    assert _walk(client, "/prevention/dialogues/", "dialogues", DIALOGUE_LINK) == every


@pytest.mark.django_db
def test_the_api_lists_of_asks_offices_and_dialogues_come_a_window_at_a_time(client, personas):
    from django.test import Client

    from sathi.accounts.services import api_token_issue

    researcher, _made = _district(personas, 60)
    api = Client(headers={"Authorization": f"Bearer {api_token_issue(membership=researcher)}"})
    for path, every in (
        (
            "/api/v1/prevention/asks",
            list(Ask.objects.order_by("-asked_on", "-pk").values_list("pk", flat=True)),
        ),
        (
            "/api/v1/prevention/stakeholders",
            list(Stakeholder.objects.order_by("kind", "name", "pk").values_list("pk", flat=True)),
        ),
    ):
        read = []
        for offset in range(0, len(every) + 7, 7):
            response = api.get(f"{path}?limit=7&offset={offset}")
            assert response.status_code == 200, path
            read += [row["id"] for row in response.json()]
        assert read == every, path
