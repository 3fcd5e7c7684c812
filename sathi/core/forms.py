"""Form pieces every app's pages share: a date field, the version a write answers to, yes/no/not known."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"


def date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput)


class VersionForm(forms.Form):
    """The record's version the form was shown with; the service refuses a write against a newer one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


YES_NO_UNKNOWN = [("", _("Not asked or not known")), ("yes", _("Yes")), ("no", _("No"))]
YES_NO = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


def tri_state(value):
    """The answer of a yes/no/not-known choice: True, False or None."""
    return {"yes": True, "no": False}.get(value)
