"""The accountability ledger read a window at a time (sathi/prevention/ledger.py): the windows hold every
row once in the order of the whole list, their numbers are the numbers over every ask, the silences are
counted over every ask, and the printed report holds every row in its parts."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from conftest import sign_in
from sathi.demo.prevention_rows import generate_district
from sathi.prevention import ledger, selectors
from sathi.prevention.models import Ask
from sathi.prevention.windows import PRINTED_PART

ASK_LINK = re.compile(r'href="/prevention/asks/(\d+)/"')


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
    return researcher, made.district


def _open(today=None):
    """Every open ask (no real answer yet), counted here from the rows themselves."""
    today = today or timezone.localdate()
    rows = list(Ask.objects.filter(first_answer_on=None).order_by("due_on", "pk"))
    return rows, sum(a.due_on < today for a in rows), sum(a.due_on >= today for a in rows)


@pytest.mark.django_db
def test_the_windows_of_offices_and_open_asks_hold_every_row_once_in_the_order_of_the_whole_list(personas):
    researcher, district = _district(personas, 400)
    inside = list(selectors.places_under(district.pk))
    whole = sorted(
        selectors.office_numbers(researcher, place_id=district.pk),
        key=lambda n: (-n.silent, n.office.name, n.office.pk),
    )
    windows = [ledger.offices(researcher, inside, limit=7, offset=at) for at in range(0, len(whole) + 7, 7)]
    assert {w.total for w in windows} == {len(whole)} and len(whole) > 14
    assert [n for w in windows for n in w.rows] == whole  # every office once, numbers and all
    assert windows[-1].rows == [] and windows[-1].next is None
    assert (windows[0].previous, windows[0].next, windows[1].previous) == (None, 7, 0)
    rows, _silent, _waiting = _open()
    read = [
        v.ask.pk
        for at in range(0, len(rows), 9)
        for v in ledger.open_asks(researcher, inside, limit=9, offset=at)
    ]
    assert read == [a.pk for a in rows]


@pytest.mark.django_db
def test_the_numbers_per_place_read_for_a_window_are_the_numbers_over_every_ask(personas):
    researcher, district = _district(personas, 400)
    column_of = selectors.places_under(district.pk)
    assert ledger.by_place(researcher, column_of) == selectors.place_numbers(researcher, column_of)
    medians = [n.median_days for n in ledger.by_place(researcher, column_of)]
    assert len(medians) == 3 and all(m is not None for m in medians)  # the district itself, two blocks


def test_a_median_from_the_days_counts_is_the_median_of_the_days():
    assert ledger._median({4: 1, 8: 1, 18: 1}) == 8
    assert ledger._median({1: 1, 3: 1}) == 2
    assert ledger._median({1: 1, 2: 1, 3: 1, 4: 1}) == 2.5
    assert ledger._median({5: 3, 9: 1}) == 5
    assert ledger._median({}) is None


@pytest.mark.django_db
def test_the_prevention_home_counts_every_silence_not_only_those_of_the_latest_asks(client, personas):
    researcher, _district_place = _district(personas, 400)
    _rows, silent, waiting = _open()
    latest = Ask.objects.order_by("-asked_on", "-pk")[:300]
    today = timezone.localdate()
    assert silent > sum(a.first_answer_on is None and a.due_on < today for a in latest)  # the trap
    assert ledger.open_counts(researcher, None) == (silent, waiting)
    sign_in(client, researcher)
    page = client.get("/prevention/").content.decode()
    assert f"{silent} silences: answers were due and none came." in page


@pytest.mark.django_db
def test_the_report_on_screen_shows_a_window_of_each_list_with_the_next_a_link_away(client, personas):
    researcher, district = _district(personas, 400)
    rows, silent, waiting = _open()
    sign_in(client, researcher)
    page = client.get(f"/prevention/report/?place={district.pk}").content.decode()
    asked = Ask.objects.values("stakeholder").distinct().count()
    assert f"Rows 1 to {ledger.PAGE} of {asked}." in page  # the offices
    assert f"Rows 1 to {ledger.PAGE} of {silent + waiting}." in page  # the open asks
    assert [int(pk) for pk in ASK_LINK.findall(page)] == [a.pk for a in rows[: ledger.PAGE]]
    after = re.search(r'href="([^"]*asks_from=25[^"]*)"', page).group(1).replace("&amp;", "&")
    second = client.get(after).content.decode()
    assert [int(pk) for pk in ASK_LINK.findall(second)] == [a.pk for a in rows[ledger.PAGE : 2 * ledger.PAGE]]


@pytest.mark.django_db
def test_the_printed_report_holds_every_office_and_every_open_ask_in_its_parts(client, personas):
    researcher, district = _district(personas, 1200)
    rows, silent, waiting = _open()
    parts = -(-len(rows) // PRINTED_PART)
    assert parts > 1
    sign_in(client, researcher)
    printed, part, url = [], 1, f"/prevention/report/?place={district.pk}&print=1"
    while url:
        page = client.get(url).content.decode()
        assert f"Part {part} of {parts}." in page
        assert f"{silent} silences" in page  # every part has the whole numbers
        printed += [int(pk) for pk in ASK_LINK.findall(page)]
        found = re.search(r'href="([^"]*print=1[^"]*part=\d+)"', page)
        url, part = (found.group(1).replace("&amp;", "&") if found else None), part + 1
    assert printed == [a.pk for a in rows]
    assert part == parts + 1


@pytest.mark.django_db
def test_a_malformed_or_past_the_end_window_of_the_report_is_answered_with_a_page(client, personas):
    researcher, district = _district(personas, 100)
    sign_in(client, researcher)
    for query in ("asks_from=abc&offices_from=-3", "asks_from=99999999999999999999", "print=1&part=0"):
        response = client.get(f"/prevention/report/?place={district.pk}&{query}")
        assert response.status_code == 200, query
    past = client.get(f"/prevention/report/?place={district.pk}&offices_from=1000").content.decode()
    asked = Ask.objects.values("stakeholder").distinct().count()
    assert f"All {asked} are listed earlier." in past
