"""Form pieces every app's pages share: a date field, the version a write answers to, yes/no/not known."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sathi.core.dates import today

# An <input type=date> takes only an ISO value (2026-12-01) and silently drops any other, so its value is
# ISO in every language (Bengali's own short form, 01/12/2026, emptied every pre-filled date); the browser
# shows it in the user's own way. The same for date and time.
ISO_DATE, ISO_MOMENT = "%Y-%m-%d", "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_MOMENT)


def _now():
    return timezone.localtime().replace(second=0, microsecond=0)


def date_field(label, required=True, *, today_by_default=False):
    """A date; `today_by_default` where what is recorded is usually done today (a visit, a service)."""
    return forms.DateField(
        label=label, required=required, widget=DateInput, initial=today if today_by_default else None
    )


def moment_field(label, required=True, *, now_by_default=False):
    return forms.DateTimeField(
        label=label, required=required, widget=DateTimeInput, initial=_now if now_by_default else None
    )


class VersionForm(forms.Form):
    """The record's version the form was shown with; the service refuses a write against a newer one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


YES_NO_UNKNOWN = [("", _("Not asked or not known")), ("yes", _("Yes")), ("no", _("No"))]
YES_NO = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


def tri_state(value):
    """The answer of a yes/no/not-known choice: True, False or None."""
    return {"yes": True, "no": False}.get(value)
