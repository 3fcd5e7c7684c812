from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.core.forms import DateTimeInput, VersionForm, date_field
from sathi.legal.models import ProceedingKind, ProceedingStatus


class ProceedingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=ProceedingKind.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=ProceedingStatus.choices, initial=ProceedingStatus.PENDING
    )
    event_date = date_field(_("Date"), required=False)
    next_date = date_field(_("Next date"), required=False)
    rescue_at = forms.DateTimeField(
        label=_("Time of the rescue or raid (for production)"),
        required=False,
        widget=DateTimeInput,
    )
    lawyer_name = forms.CharField(label=_("Outside lawyer"), required=False, max_length=120)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProceedingUpdateForm(VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=ProceedingStatus.choices)
    event_date = date_field(_("Date"), required=False)
    next_date = date_field(_("Next date"), required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, JPEG or PNG)"))
