"""The due list: follow-ups, hearings, deadlines, reviews and age-out warnings, from every app that has them.

Apps register a source (legal registers its proceedings) so that care need not know about them. Each source
makes a fixed number of queries whatever the caseload, so lists stay within `assertNumQueries`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sathi.care import checks
from sathi.care.models import CaseFlag, FollowUp, Placement, PlanItem
from sathi.care.vocab import CaseStatus
from sathi.lib import agerange


@dataclass(frozen=True)
class DueItem:
    when: date
    kind: str
    case_id: int
    code: str
    label: str
    overdue: bool


Source = Callable[[QuerySet, date, date, date], list[DueItem]]
_sources: list[Source] = []


def register(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def follow_ups_due(cases: QuerySet, start: date, end: date, today: date) -> list[DueItem]:
    rows = (
        FollowUp.objects.filter(case__in=cases, done_on__isnull=True, due_on__lte=end)
        .select_related("case__person")
        .only("due_on", "case__id", "case__person__code")
    )
    return [
        DueItem(
            when=r.due_on,
            kind="follow_up",
            case_id=r.case_id,
            code=r.case.person.code,
            label=str(_("Follow-up")),
            overdue=r.due_on < today,
        )
        for r in rows
    ]


def reviews_due(cases: QuerySet, start: date, end: date, today: date) -> list[DueItem]:
    rows = (
        Placement.objects.filter(case__in=cases, exit_date__isnull=True, next_cwc_review__lte=end)
        .select_related("case__person")
        .only("next_cwc_review", "case__id", "case__person__code")
    )
    return [
        DueItem(
            when=r.next_cwc_review,
            kind="cwc_review",
            case_id=r.case_id,
            code=r.case.person.code,
            label=str(_("CWC review")),
            overdue=r.next_cwc_review < today,
        )
        for r in rows
    ]


def age_outs_due(cases: QuerySet, start: date, end: date, today: date) -> list[DueItem]:
    """Minors (and disputed ages) whose open plan cannot finish before their 18th birthday."""
    items = (
        PlanItem.objects.filter(
            case__in=cases,
            done_on__isnull=True,
            case__person__age_status__in=[agerange.Status.MINOR, agerange.Status.DISPUTED],
        )
        .select_related("case__person")
        .only(
            "target_date",
            "case__id",
            "case__person__code",
            "case__person__age_status",
            "case__person__born_earliest",
            "case__person__born_latest",
        )
    )
    by_case: dict[int, list] = {}
    for item in items:
        by_case.setdefault(item.case_id, []).append(item)
    due = []
    for plan in by_case.values():
        case = plan[0].case
        state = checks.age_out(case, today, [i.target_date for i in plan])
        if state and state.cannot_finish:
            due.append(
                DueItem(
                    when=today,
                    kind="age_out",
                    case_id=case.pk,
                    code=case.person.code,
                    label=str(_("Her plan cannot finish before she turns 18")),
                    overdue=False,
                )
            )
    return due


register(follow_ups_due)
register(reviews_due)
register(age_outs_due)


def due_items(cases: QuerySet, start: date, end: date, today: date) -> list[DueItem]:
    cases = cases.exclude(status=CaseStatus.CLOSED)
    items: list[DueItem] = []
    for source in _sources:
        items.extend(source(cases, start, end, today))
    return sorted(items, key=lambda i: (not i.overdue, i.when, i.code))


def open_flags(cases: QuerySet) -> list[CaseFlag]:
    return list(
        CaseFlag.objects.filter(case__in=cases, resolved_at__isnull=True)
        .select_related("case__person", "placement")
        .order_by("raised_at")
    )
