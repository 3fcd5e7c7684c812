from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from sathi.care.due import DueItem, SourceResult, most_urgent
from sathi.legal.models import Proceeding, ProceedingKind, ProceedingStatus

PRODUCTION_WINDOW = timedelta(hours=24)  # production before a magistrate within 24 hours of the rescue (004)


def proceedings_due(cases: QuerySet, start: date, end: date, today: date, limit: int) -> SourceResult:
    """Next dates of proceedings in the window (or passed, not done) and production deadlines. One query."""
    rows = (
        Proceeding.objects.filter(case__in=cases)
        .exclude(status__in=[ProceedingStatus.DONE, ProceedingStatus.REFUSED])
        .filter(Q(next_date__lte=end) | Q(kind=ProceedingKind.PRODUCTION, rescue_at__isnull=False))
    )
    labels = {value: str(label) for value, label in ProceedingKind.choices}
    items = []
    now = timezone.now()
    found = most_urgent(rows, "next_date", "kind", "next_date", "rescue_at", "case_id")
    for kind, next_date, rescue_at, case_id in found[:limit]:
        if kind == ProceedingKind.PRODUCTION and rescue_at:
            deadline = rescue_at + PRODUCTION_WINDOW
            items.append(
                DueItem(
                    when=timezone.localdate(deadline),
                    kind="production_deadline",
                    case_id=case_id,
                    label=labels[kind],
                    overdue=deadline < now,
                )
            )
        elif next_date:
            items.append(
                DueItem(
                    when=next_date,
                    kind="hearing",
                    case_id=case_id,
                    label=labels[kind],
                    overdue=next_date < today,
                )
            )
    return SourceResult("proceeding", items, len(found))
