"""Dates every service shares: today in the organisation's time zone, and a date checked at the door."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def today() -> date:
    return timezone.localdate()


def clean_date(value, field: str, *, not_future: bool = False) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: _("Enter a valid date.")})
    if not_future and value > today():
        raise ValidationError({field: _("This date is in the future.")})
    return value


def add_months(day: date, months: int) -> date:
    """The same day some months on, or the month's last day when it has none (31 January + 1: 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for dom in (day.day, 30, 29, 28):
        try:
            return date(year, month, dom)
        except ValueError:
            continue
    raise ValueError(day)
