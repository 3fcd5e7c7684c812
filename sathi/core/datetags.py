"""Template filters for dates shown to a reader (`{% load dates %}`): a month by its name, a date as exactly
as it is known. Dates in inputs stay ISO (sathi.core.forms)."""

from django import template

from sathi.core import dates

register = template.Library()


@register.filter
def month(value) -> str:
    """A date's month, or the month codes in a label, by name: {{ row.period|month }}."""
    if value is None or value == "":
        return ""
    return dates.month_name(value)


@register.filter
def known_date(day, precision="day") -> str:
    """{{ incident.start_date|known_date:incident.start_precision }}: "March 2026" for a month only."""
    return dates.known_date(day, precision or "day")
