"""The accountability ledger read a page at a time (issue 11, item 6): the numbers per place, the offices
by silence and the open asks by due date, each list in windows of `sathi.lib.paging.window`, and the
silences and the asks waiting counted over every ask.

Built for a district of 50,000 asks (bench/prevention_bench.py, bench/README.md): a request reads one pass
over the asks for the numbers per place (counted in the database, the medians from the days' counts), the
open asks from the partial covering index `prev_ask_open_due` (the silences per office and the counts come
from it alone), and the whole numbers of only the offices on the page. On SQLite (the tests) the same
numbers come from `selectors.accountability`, so both databases give the same rows in the same order.

They count asks to offices, never people: no column of `CaseAsk` is read here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from sathi.accounts.models import Membership
from sathi.lib import paging
from sathi.people.policy import Kind
from sathi.places.models import Place
from sathi.prevention.models import Ask
from sathi.prevention.selectors import (
    AskView,
    Office,
    OfficeNumbers,
    PlaceNumbers,
    _whole,
    accountability,
    in_places,
    view_of,
)
from sathi.prevention.services import require

PAGE = 25  # rows of a list on a screen; a printed part holds paging.MAX_LIMIT
OPEN_ASK_FIELDS = ("kind", "asked_on", "due_on", "stakeholder__name", "stakeholder__kind")


@dataclass
class Window:
    """One window of a list: its rows, where it starts, and how many the whole list holds."""

    rows: list
    offset: int
    limit: int
    total: int

    @property
    def first(self) -> int:  # counted from 1, as a person reads "rows 26 to 50 of 2,000"
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)

    @property
    def previous(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset else None

    @property
    def next(self) -> int | None:
        return self.last if self.last < self.total else None


def open_counts(actor: Membership, inside: list[int] | None) -> tuple[int, int]:
    """(silences, asks waiting) over every ask with no real answer yet to the offices of these places (None:
    every office): an indexed count (the partial index prev_ask_open_due holds only open asks), never a
    count of the latest asks shown."""
    require(actor, Kind.PREVENTION)
    today = timezone.localdate()
    rows = Ask.objects.filter(organisation_id=actor.organisation_id, first_answer_on__isnull=True)
    if inside is not None:
        rows = rows.filter(in_places("stakeholder__jurisdiction_id", inside))
    counted = rows.aggregate(
        silent=Count("due_on", filter=Q(due_on__lt=today)),
        waiting=Count("due_on", filter=Q(due_on__gte=today)),
    )
    return counted["silent"], counted["waiting"]


def open_asks(
    actor: Membership, inside: list[int] | None, *, limit: int = PAGE, offset: int = 0
) -> list[AskView]:
    """The asks with no real answer yet ("no reply" is none) to the offices of these places, the oldest due
    first. Past its due date one is a silence: Sathi's own record, never typed. An open ask has no real
    answer by definition, so its state and its silence come from its own dates: no answer is read."""
    require(actor, Kind.PREVENTION)
    page = paging.window(limit, offset)
    rows = Ask.objects.filter(organisation_id=actor.organisation_id, first_answer_on__isnull=True)
    if inside is not None:
        rows = rows.filter(in_places("stakeholder__jurisdiction_id", inside))
    shown = (
        rows.select_related("stakeholder")
        .only(*OPEN_ASK_FIELDS)
        .order_by("due_on", "pk")[page["offset"] : page["offset"] + page["limit"]]
    )
    return [view_of(a, []) for a in shown]


def window_of(rows, read, *, limit: int = PAGE, offset: int = 0) -> Window:
    """One window of a list: `rows` (a query set in the list's order) counted, `read(limit, offset)` its
    rows (with what they carry: an ask's answers, a dialogue's counts)."""
    page = paging.window(limit, offset)
    return Window(read(**page), page["offset"], page["limit"], rows.count())


def open_window(actor, inside, *, limit: int = PAGE, offset: int = 0, total: int) -> Window:
    page = paging.window(limit, offset)
    return Window(open_asks(actor, inside, **page), page["offset"], page["limit"], total)


def _ranked(numbers: list[OfficeNumbers]) -> list[OfficeNumbers]:
    return sorted(numbers, key=lambda n: (-n.silent, n.office.name, n.office.pk))


def offices(actor: Membership, inside: list[int] | None, *, limit: int = PAGE, offset: int = 0) -> Window:
    """The offices of these places that were asked anything, the most silent first (then by name), with
    their numbers over all their asks; one window of them."""
    require(actor, Kind.PREVENTION)
    page = paging.window(limit, offset)
    if connection.vendor != "postgresql":
        every = _ranked(accountability(actor, _columns(inside), by_place=False)[0])
        rows = every[page["offset"] : page["offset"] + page["limit"]]
        return Window(rows, page["offset"], page["limit"], len(every))
    today = timezone.localdate()
    params = {"org": actor.organisation_id, "today": today, "places": inside, **page}
    with connection.cursor() as cursor:
        cursor.execute(RANKED_SQL.format(within=WITHIN if inside is not None else ""), params)
        ranked = cursor.fetchall()
        total = ranked[0][-1] if ranked else _offices_asked(cursor, params, inside)
        numbers = _office_numbers(cursor, params, [row[0] for row in ranked])
    rows = [OfficeNumbers(Office(*row[:4]), *numbers[row[0]]) for row in ranked]
    return Window(rows, page["offset"], page["limit"], total)


def by_place(actor: Membership, column_of: dict[int, int]) -> list[PlaceNumbers]:
    """The numbers per place that `column_of` (selectors.places_under) maps the places inside to (a
    district's blocks), over every ask to every office in and under each."""
    require(actor, Kind.PREVENTION)
    if connection.vendor != "postgresql":
        return accountability(actor, column_of)[1]
    params = {
        "org": actor.organisation_id,
        "today": timezone.localdate(),
        "places": list(column_of),
        "columns": list(column_of.values()),
    }
    tallies: dict[int, list] = {}
    with connection.cursor() as cursor:
        cursor.execute(BY_PLACE_SQL, params)
        for col, days, made, in_time, refused, silent, waiting in cursor.fetchall():
            t = tallies.setdefault(col, [0, 0, 0, 0, 0, {}])
            for i, n in enumerate((made, in_time, refused, silent, waiting)):
                t[i] += n
            if days is not None:
                t[5][days] = t[5].get(days, 0) + made
    shown = Place.objects.in_bulk(list(tallies))
    return sorted(
        (PlaceNumbers(shown[pk], *t[:5], _median(t[5])) for pk, t in tallies.items()),
        key=lambda n: n.place.name,
    )


def _columns(inside: list[int] | None) -> dict[int, int] | None:
    return None if inside is None else {pk: pk for pk in inside}


def _median(counts: dict[int, int]) -> float | int | None:
    """The median of the days, from how many asks took each number of days (as statistics.median gives it:
    a whole number, or the half between the two middle ones)."""
    n = sum(counts.values())
    if not n:
        return None
    middle, seen, low = (n - 1) // 2, 0, None
    for days in sorted(counts):
        seen += counts[days]
        if low is None and seen > middle:
            low = days
        if seen > n // 2:
            median = (low + days) / 2
            return int(median) if float(median).is_integer() else median
    raise AssertionError("unreachable: the counts add up to n")


# The offices by silence: the silences per office from the open asks alone (the partial covering index
# prev_ask_open_due, in an index-only scan), every office asked anything (an index probe each), one window.
WITHIN = "AND s.jurisdiction_id = ANY(%(places)s::bigint[])"
RANKED_SQL = """
WITH open AS (
    SELECT stakeholder_id, count(*) AS silent FROM prevention_ask
     WHERE organisation_id = %(org)s AND first_answer_on IS NULL AND due_on < %(today)s
     GROUP BY stakeholder_id
)
SELECT s.id, s.kind, s.name, s.jurisdiction_id, coalesce(o.silent, 0) AS silent, count(*) OVER ()
  FROM prevention_stakeholder s LEFT JOIN open o ON o.stakeholder_id = s.id
 WHERE s.organisation_id = %(org)s {within}
   AND EXISTS (SELECT 1 FROM prevention_ask x WHERE x.stakeholder_id = s.id)
 ORDER BY silent DESC, s.name, s.id LIMIT %(limit)s OFFSET %(offset)s
"""
OFFICES_ASKED_SQL = """
SELECT count(*) FROM prevention_stakeholder s
 WHERE s.organisation_id = %(org)s {within}
   AND EXISTS (SELECT 1 FROM prevention_ask x WHERE x.stakeholder_id = s.id)
"""
# The whole numbers of the offices on the page, from the covering index prev_ask_numbers.
OFFICE_NUMBERS_SQL = """
SELECT a.stakeholder_id, count(*),
       count(*) FILTER (WHERE a.first_answer_on <= a.due_on),
       count(*) FILTER (WHERE a.latest_outcome = 'refused'),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on < %(today)s),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on >= %(today)s),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY a.first_answer_on - a.asked_on)
  FROM prevention_ask a
 WHERE a.organisation_id = %(org)s AND a.stakeholder_id = ANY(%(ids)s::bigint[])
 GROUP BY a.stakeholder_id
"""
# The numbers per place in one pass over the asks, counted by place and by the days to a first real answer
# (a few hundred rows, summed in hashes rather than sorted): the medians come from these counts.
BY_PLACE_SQL = """
SELECT m.col, a.first_answer_on - a.asked_on AS days, count(*),
       count(*) FILTER (WHERE a.first_answer_on <= a.due_on),
       count(*) FILTER (WHERE a.latest_outcome = 'refused'),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on < %(today)s),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on >= %(today)s)
  FROM prevention_ask a JOIN prevention_stakeholder j ON j.id = a.stakeholder_id
  JOIN unnest(%(places)s::bigint[], %(columns)s::bigint[]) m(place, col) ON m.place = j.jurisdiction_id
 WHERE a.organisation_id = %(org)s
 GROUP BY m.col, days
"""


def _offices_asked(cursor, params: dict, inside) -> int:
    """How many offices were asked anything, for a window past the end of the list."""
    cursor.execute(OFFICES_ASKED_SQL.format(within=WITHIN if inside is not None else ""), params)
    return cursor.fetchone()[0]


def _office_numbers(cursor, params: dict, ids: list[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    cursor.execute(OFFICE_NUMBERS_SQL, {**params, "ids": ids})
    return {row[0]: (*row[1:6], None if row[6] is None else _whole(row[6])) for row in cursor.fetchall()}
