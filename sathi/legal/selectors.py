from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from sathi.care.due import DueItem
from sathi.legal.models import Proceeding, ProceedingKind, ProceedingStatus

PRODUCTION_WINDOW = timedelta(hours=24)  # production before a magistrate within 24 hours of the rescue (004)


def proceedings_due(cases: QuerySet, start: date, end: date, today: date) -> list[DueItem]:
    """Next dates of proceedings in the window (or passed, not done) and production deadlines. One query."""
    rows = (
        Proceeding.objects.filter(case__in=cases)
        .exclude(status__in=[ProceedingStatus.DONE, ProceedingStatus.REFUSED])
        .filter(Q(next_date__lte=end) | Q(kind=ProceedingKind.PRODUCTION))
        .select_related("case__person")
        .only("kind", "next_date", "rescue_at", "status", "case__id", "case__person__code")
    )
    items = []
    now = timezone.now()
    for row in rows:
        if row.kind == ProceedingKind.PRODUCTION and row.rescue_at:
            deadline = row.rescue_at + PRODUCTION_WINDOW
            items.append(
                DueItem(
                    when=timezone.localdate(deadline),
                    kind="production_deadline",
                    case_id=row.case_id,
                    code=row.case.person.code,
                    label=row.get_kind_display(),
                    overdue=deadline < now,
                )
            )
        elif row.next_date:
            items.append(
                DueItem(
                    when=row.next_date,
                    kind="hearing",
                    case_id=row.case_id,
                    code=row.case.person.code,
                    label=row.get_kind_display(),
                    overdue=row.next_date < today,
                )
            )
    return items
