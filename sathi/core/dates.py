"""Dates every service shares: today in the organisation's time zone, a date checked at the door, and a
date or a month shown in the reader's language (never as a code)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
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


# A month as the code the API and the exports carry (2026-01); shown to a reader by its name.
MONTH_CODE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})(?![\d-])")


def month_name(value) -> str:
    """The month of a date, or of a month code, by its name in the reader's language: "January 2026",
    "জানুয়ারি 2026", "जनवरी 2026". Anything else is returned as it is (a year, a place, a category)."""
    if isinstance(value, date):
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return month_names(str(value))


def month_names(text: str) -> str:
    """Every month code inside a label ("2026-01 · Female", a period "2026-01 – 2026-03") by its name."""

    def named(match: re.Match) -> str:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            return match.group(0)
        return formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")

    return MONTH_CODE.sub(named, text)


def known_date(day: date | None, precision: str = "day") -> str:
    """A date known to the day, the month or the year only, shown as exactly as it is known."""
    if day is None:
        return ""
    if precision == "month":
        return month_name(day)
    if precision == "year":
        return str(day.year)
    return formats.date_format(day, "SHORT_DATE_FORMAT")
