from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.questionnaires.vocab import QuestionClass


class UploadForm(forms.Form):
    file = forms.FileField(label=_("XLSForm (.xlsx or .xls)"))
    default_class = forms.ChoiceField(
        label=_("Field class of questions the form does not class"),
        help_text=_(
            "A “sathi::class” column in the survey sheet wins. Anything about lived experience is violence "
            "history."
        ),
        choices=QuestionClass.choices,
        initial=QuestionClass.VIOLENCE,
    )


class ExportForm(forms.Form):
    file = forms.FileField(label=_("Kobo export (JSON or CSV) or ODK Central export (JSON)"))
