"""Indicators for a board, every number through the disclosure gate (sathi.lib.disclosure).

Durbar's boards reported that minors among new entrants fell from 25% to 3% and the median age rose from 22
to 28 (seed 002): these are the numbers a collective needs of its own, computed without exposing anyone.
Age at presentation is read at the younger end of her age range, so a disputed age counts as a minor here.
Only people whose consent to statistics is in force are counted (sathi.people.consent): a withdrawal takes
her out of the next numbers. Refusals to bring an entrant are events at a site, not a person's data.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sathi.lib import agerange, disclosure
from sathi.lib.disclosure import Entry
from sathi.people.consent import counted, statistics_source
from sathi.screening.models import Board, Decision, Presentation, SiteEvent
from sathi.screening.vocab import PROTECTIVE


@dataclass(frozen=True)
class PeriodRow:
    period: str
    entrants: Entry
    minors: Entry
    adults_not_consenting: Entry
    share_minors: float | None  # shown only when both counts are shown
    share_adults_not_consenting: float | None
    median_age: float | None  # shown only when the number of entrants is shown
    refusals: Entry


@dataclass(frozen=True)
class Indicators:
    rows: list[PeriodRow]
    threshold: int
    median_days_to_removal: float | None
    removals: Entry
    # Where the minors removed now are: with family, in another placement, or still pending.
    minor_outcomes: dict[str, Entry]


def _period(day: date, by: str) -> str:
    return f"{day.year}" if by == "year" else f"{day.year}-{day.month:02d}"


def board_indicators(
    board: Board,
    *,
    by: str = "month",
    start: date | None = None,
    end: date | None = None,
    threshold: int | None = None,
) -> Indicators:
    return indicators_for(
        [board], organisation=board.organisation, by=by, start=start, end=end, threshold=threshold
    )


def organisation_indicators(organisation, *, by: str = "month", threshold: int | None = None) -> Indicators:
    """The same numbers over every board the organisation runs."""
    return indicators_for(
        list(Board.objects.filter(organisation=organisation)),
        organisation=organisation,
        by=by,
        threshold=threshold,
    )


def indicators_for(
    boards: list[Board],
    *,
    organisation,
    by: str = "month",
    start: date | None = None,
    end: date | None = None,
    threshold: int | None = None,
) -> Indicators:
    # A caller may ask for more suppression, never less than the organisation's own threshold.
    own = organisation.disclosure_threshold
    threshold = disclosure.check_threshold(max(threshold or own, own))
    presentations = counted(
        Presentation.objects.filter(board__in=boards).select_related("person", "screening"), path="person"
    )
    if start:
        presentations = presentations.filter(presented_on__gte=start)
    if end:
        presentations = presentations.filter(presented_on__lte=end)
    groups: dict[str, dict] = {}
    for item in presentations.order_by("presented_on"):
        group = groups.setdefault(
            _period(item.presented_on, by), {"minors": 0, "adults": 0, "not_consenting": 0, "ages": []}
        )
        born = item.person.born_latest
        age = agerange.completed_years(born, item.presented_on) if born else None
        screening = getattr(item, "screening", None)
        if age is not None and age < agerange.MAJORITY:
            group["minors"] += 1
        elif screening is not None and screening.came_without_force is False:
            group["not_consenting"] += 1
        else:
            group["adults"] += 1
        if age is not None:
            group["ages"].append(age)
    refusals: dict[str, int] = {}
    for event in SiteEvent.objects.filter(board__in=boards):
        key = _period(event.occurred_on, by)
        refusals[key] = refusals.get(key, 0) + 1
    periods = sorted(set(groups) | set(refusals))
    # One table: periods x (minors, adults who consented or said nothing, adults who did not consent).
    table = [
        [
            groups.get(p, {}).get("minors", 0),
            groups.get(p, {}).get("adults", 0),
            groups.get(p, {}).get("not_consenting", 0),
        ]
        for p in periods
    ]
    protected = (
        disclosure.protect_table(
            table, rows=periods, columns=["minors", "adults", "adults_not_consenting"], threshold=threshold
        )
        if periods
        else None
    )
    refusal_counts = (
        disclosure.protect_counts([refusals.get(p, 0) for p in periods], labels=periods, threshold=threshold)
        if periods
        else None
    )
    rows = []
    for index, period in enumerate(periods):
        entrants = protected.row_totals[index]
        minors, _consenting, not_consenting = protected.cells[index]
        adults_total = None
        raw = table[index]
        if entrants is not None and minors is not None:
            adults_total = entrants - minors
        ages = groups.get(period, {}).get("ages", [])
        rows.append(
            PeriodRow(
                period=period,
                entrants=entrants,
                minors=minors,
                adults_not_consenting=not_consenting,
                share_minors=round(minors / entrants, 4) if entrants and minors is not None else None,
                share_adults_not_consenting=(
                    round(not_consenting / adults_total, 4)
                    if adults_total and not_consenting is not None
                    else None
                ),
                median_age=float(statistics.median(ages))
                if entrants is not None and ages and sum(raw)
                else None,
                refusals=refusal_counts.counts[index],
            )
        )
    removed = list(_removed(boards).select_related("screening__presentation", "case"))
    removal_days = [(d.removed_on - d.screening.presentation.presented_on).days for d in removed]
    removals = disclosure.protect_count(len(removal_days), threshold=threshold)
    median_days = float(statistics.median(removal_days)) if removals and removal_days else None
    return Indicators(
        rows=rows,
        threshold=threshold,
        median_days_to_removal=median_days,
        removals=removals,
        minor_outcomes=_minor_outcomes(removed, threshold),
    )


def _removed(boards):
    return counted(
        Decision.objects.filter(
            screening__presentation__board__in=boards, classification__in=PROTECTIVE, removed_on__isnull=False
        ),
        path="screening__presentation__person",
    )


@statistics_source("screening.board_indicators")
def _presented_people(organisation):
    return counted(Presentation.objects.filter(board__organisation=organisation), path="person").values_list(
        "person_id", flat=True
    )


@statistics_source("screening.removals_and_outcomes")
def _removed_people(organisation):
    return _removed(Board.objects.filter(organisation=organisation)).values_list(
        "screening__presentation__person_id", flat=True
    )


OUTCOMES = ("reintegrated_with_family", "alternative_placement", "pending")


def _minor_outcomes(removed: list[Decision], threshold: int) -> dict[str, Entry]:
    """From her case in the continuum of care: living with family now, in another placement, or not yet."""
    from sathi.care.selectors import latest_placement_kinds

    counts = dict.fromkeys(OUTCOMES, 0)
    latest = latest_placement_kinds([d.case_id for d in removed if d.case_id])
    for decision in removed:
        kind = latest.get(decision.case_id)
        if kind == "family":
            counts["reintegrated_with_family"] += 1
        elif kind:
            counts["alternative_placement"] += 1
        else:
            counts["pending"] += 1
    protected = disclosure.protect_counts(list(counts.values()), labels=list(OUTCOMES), threshold=threshold)
    return dict(zip(OUTCOMES, protected.counts, strict=True))
