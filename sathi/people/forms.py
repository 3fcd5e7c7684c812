from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.accounts.models import Organisation
from sathi.core.cleaning import storable_line
from sathi.core.dates import today
from sathi.core.forms import DateInput
from sathi.people.vocab import (
    AgeEvidenceKind,
    ConsentingParty,
    ConsentMethod,
    ConsentPurpose,
    ContactChannel,
    DocumentHeld,
    Gender,
    Language,
    Region,
)

LINES_HELP = _("One per line.")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class PersonForm(forms.Form):
    names = forms.CharField(
        label=_("Names"),
        help_text=LINES_HELP,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    aliases = forms.CharField(
        label=_("Work names and other names"),
        help_text=LINES_HELP,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.WOMAN)
    languages = forms.MultipleChoiceField(
        label=_("Languages they speak"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    origin_state = forms.ChoiceField(
        label=_("State or country of origin"), choices=Region.choices, required=False
    )
    origin_district = forms.CharField(label=_("District of origin"), required=False, max_length=80)
    current_location = forms.CharField(
        label=_("Where they stay now"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    documents_held = forms.MultipleChoiceField(
        label=_("Documents they hold"),
        choices=DocumentHeld.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the documents only. Never write their numbers."),
    )

    def clean_names(self):
        return _lines(self.cleaned_data["names"])

    def clean_aliases(self):
        return _lines(self.cleaned_data["aliases"])

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("names") and not data.get("aliases"):
            raise forms.ValidationError(_("Give at least one name or work name."))
        return data


class RegisterForm(PersonForm):
    age_years = forms.IntegerField(
        label=_("Age, as the person says"), required=False, min_value=0, max_value=120
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth, as the person says"), required=False, widget=DateInput
    )
    confirm_duplicates = forms.BooleanField(
        label=_("I have checked: this is a different person. Register them."), required=False
    )
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        data = super().clean()
        if data.get("age_years") is not None and data.get("date_of_birth"):
            self.add_error("age_years", _("Give either the age or the date of birth, not both."))
        return data


class EditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FindForm(forms.Form):
    query = forms.CharField(label=_("Code, phone number or name"), max_length=200, validators=[storable_line])


class AgeEvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=AgeEvidenceKind.choices)
    as_of = forms.DateField(label=_("Date of the statement or examination"), widget=DateInput, initial=today)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    age_years = forms.IntegerField(label=_("Age in years"), required=False, min_value=0, max_value=120)
    margin_years = forms.IntegerField(
        label=_("Margin in years (medical opinion)"), required=False, min_value=0, max_value=10
    )
    source = forms.CharField(
        label=_("Who gave it"),
        required=False,
        max_length=120,
        help_text=_("For example: school, hospital, police station. Not a person's name."),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    granted = forms.TypedChoiceField(
        label=_("Their answer"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Agrees")), ("no", _("Does not agree"))],
        widget=forms.RadioSelect,
    )
    receiver = forms.ModelChoiceField(
        label=_("Organisation (for sharing)"), queryset=Organisation.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=_("Safe way to contact them"), choices=[("", "—"), *ContactChannel.choices], required=False
    )
    method = forms.ChoiceField(label=_("How they gave it"), choices=ConsentMethod.choices)
    explained_in = forms.ChoiceField(label=_("Language it was explained in"), choices=Language.choices)
    consenting_party = forms.ChoiceField(label=_("Whose consent"), choices=ConsentingParty.choices)
    guardian_relationship = forms.CharField(
        label=_("Guardian's relationship to the person"), required=False, max_length=60
    )
    guardian_suspected = forms.BooleanField(
        label=_("This guardian is suspected of taking part in the trafficking"), required=False
    )
    legal_basis = forms.CharField(label=_("Legal basis (for a minor)"), required=False, max_length=200)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["receiver"].queryset = Organisation.objects.exclude(pk=organisation.pk).order_by(
                "name"
            )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must you open this record now?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your supervisor will read this. Do not write the person's name."),
    )


class AssignForm(forms.Form):
    user = forms.IntegerField(widget=forms.Select)
