"""The due list: follow-ups, hearings, deadlines, reviews, plan targets and age-out warnings, from every app.

Apps register a source (legal registers its proceedings) so that care need not know about them, naming the
record kind it shows: an actor gets a source's items only if the policy lets her list that kind (a counsellor
without the legal class gets no hearing and no deadline). Each source makes one query whatever the caseload:
its most urgent rows in date order as plain values, at most COUNT_CAP of them, which are both the items and
their count ("1000 or more"). Sources read no code: the list reads the codes of the items it shows in one more
query. So a supervisor's list over 200,000 cases is a fixed five queries, none of which joins every open case
of the organisation to a person before sorting (that join, once per source for the rows and again for the
count, was what made it slow).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sathi.care.models import Case, CaseFlag, FollowUp, Placement, PlanItem
from sathi.care.vocab import CaseStatus, FlagKind
from sathi.people import policy
from sathi.people.policy import Kind

LIMIT = 200  # items shown; the rest are counted
COUNT_CAP = 1000  # counting stops here: "1000 or more" is all a supervisor needs, and counting all is slow


@dataclass(frozen=True)
class DueItem:
    when: date
    kind: str
    case_id: int
    label: str
    overdue: bool
    code: str = ""  # filled in by due_items for the items shown


@dataclass
class DueList:
    items: list[DueItem]
    counts: dict[str, int] = field(default_factory=dict)  # every item due, by kind

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def capped(self) -> bool:
        return any(count >= COUNT_CAP for count in self.counts.values())

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True)
class SourceResult:
    kind: str
    items: list[DueItem]
    count: int


Source = Callable[[QuerySet, date, date, date, int], SourceResult]
_sources: dict[Source, Kind] = {}


def register(source: Source, *, kind: Kind = Kind.CASE) -> None:
    """`kind` is the record kind its items come from; the policy decides who may list it."""
    _sources[source] = kind


def sources() -> dict[Source, Kind]:
    return dict(_sources)


def most_urgent(rows: QuerySet, order: str, *fields: str) -> list[tuple]:
    """The first COUNT_CAP rows in date order as plain tuples: one query for both the items and the count."""
    return list(rows.order_by(order).values_list(*fields)[:COUNT_CAP])


def follow_ups_due(cases: QuerySet, start: date, end: date, today: date, limit: int) -> SourceResult:
    rows = FollowUp.objects.filter(case__in=cases, done_on__isnull=True, due_on__lte=end)
    found = most_urgent(rows, "due_on", "due_on", "case_id")
    label = _("Follow-up")
    items = [
        DueItem(when=due_on, kind="follow_up", case_id=case_id, label=label, overdue=due_on < today)
        for due_on, case_id in found[:limit]
    ]
    return SourceResult("follow_up", items, len(found))


def reviews_due(cases: QuerySet, start: date, end: date, today: date, limit: int) -> SourceResult:
    rows = Placement.objects.filter(case__in=cases, exit_date__isnull=True, next_cwc_review__lte=end)
    found = most_urgent(rows, "next_cwc_review", "next_cwc_review", "case_id")
    label = _("CWC review")
    items = [
        DueItem(when=day, kind="cwc_review", case_id=case_id, label=label, overdue=day < today)
        for day, case_id in found[:limit]
    ]
    return SourceResult("cwc_review", items, len(found))


def plan_targets_due(cases: QuerySet, start: date, end: date, today: date, limit: int) -> SourceResult:
    """A step of the plan whose target date is this week or passed, not yet done."""
    rows = PlanItem.objects.filter(case__in=cases, done_on__isnull=True, target_date__lte=end)
    found = most_urgent(rows, "target_date", "target_date", "case_id")
    label = _("Plan target")
    items = [
        DueItem(when=day, kind="plan_target", case_id=case_id, label=label, overdue=day < today)
        for day, case_id in found[:limit]
    ]
    return SourceResult("plan_target", items, len(found))


def age_outs_due(cases: QuerySet, start: date, end: date, today: date, limit: int) -> SourceResult:
    """Minors whose open plan cannot finish before their 18th birthday. The age-out rule (checks.py) keeps
    these flags current on every plan change and daily; reading the flags keeps this list cheap."""
    rows = CaseFlag.objects.filter(case__in=cases, kind=FlagKind.AGE_OUT, resolved_at__isnull=True)
    found = most_urgent(rows, "raised_at", "case_id")
    label = _("The plan cannot finish before the person turns 18")
    items = [
        DueItem(when=today, kind="age_out", case_id=case_id, label=label, overdue=False)
        for (case_id,) in found[:limit]
    ]
    return SourceResult("age_out", items, len(found))


register(follow_ups_due)
register(reviews_due)
register(plan_targets_due)
register(age_outs_due)


def due_items(actor, cases: QuerySet, start: date, end: date, today: date, limit: int = LIMIT) -> DueList:
    """The most urgent items first (overdue, then by date), at most `limit`, with the counts of all; only from
    the sources whose kind the actor may list. `cases` are already those she may see."""
    cases = cases.exclude(status=CaseStatus.CLOSED)
    items: list[DueItem] = []
    counts: dict[str, int] = {}
    for source, kind in _sources.items():
        if not policy.decide(actor, kind):
            continue
        result = source(cases, start, end, today, limit)
        items.extend(result.items)
        counts[result.kind] = counts.get(result.kind, 0) + result.count
    items.sort(key=lambda i: (not i.overdue, i.when, i.case_id))
    items = items[:limit]
    codes = dict(Case.objects.filter(pk__in={i.case_id for i in items}).values_list("pk", "person__code"))
    items = [replace(i, code=codes[i.case_id]) for i in items]
    items.sort(key=lambda i: (not i.overdue, i.when, i.code))
    return DueList(items=items, counts=counts)


def open_flags(cases: QuerySet, limit: int = LIMIT) -> list[CaseFlag]:
    return list(
        CaseFlag.objects.filter(case__in=cases, resolved_at__isnull=True)
        .select_related("case__person__key", "placement")
        .order_by("raised_at")[:limit]
    )
