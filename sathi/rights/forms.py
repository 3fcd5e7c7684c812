from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.core.forms import VersionForm, date_field
from sathi.people.vocab import Language
from sathi.relations.vocab import HOUSEHOLDS, Domain
from sathi.rights import vocab
from sathi.screening.vocab import LabourSector

SUMMARY_CHOICES = [(code, label) for code, label in Language.choices if code in vocab.SUMMARY_LANGUAGES]


NOT_KNOWN = _("Not known")


def _blank(choices, label=NOT_KNOWN):
    return [("", label), *[(c, n) for c, n in choices if c]]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("The language the person chooses"), choices=SUMMARY_CHOICES)


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("What is wrong"), choices=vocab.CorrectableField.choices)
    wrong = forms.CharField(
        label=_("What the person says is wrong"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    right = forms.CharField(
        label=_("What the person says is right (names one per line)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionDecisionForm(VersionForm):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("yes", _("Accept: correct the record")), ("no", _("Refuse, with a reason"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for refusing (shown to the person)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ErasureForm(forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=vocab.ErasureBasis.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        required=False,  # or her passkey instead (sathi/accounts/passkeys.py, take_proof)
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class CrossingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=_blank(vocab.Country.choices), required=False
    )
    country_of_origin = forms.ChoiceField(
        label=_("Country of origin"), choices=_blank(vocab.Country.choices), required=False
    )
    moved_across_border = forms.BooleanField(label=_("Moved across a border"), required=False)
    migration_status = forms.ChoiceField(label=_("Migration status"), choices=vocab.MigrationStatus.choices)
    identified_by = forms.ChoiceField(
        label=_("Identified by"), choices=_blank(vocab.IdentifiedBy.choices), required=False
    )
    labour_sector = forms.ChoiceField(
        label=_("Labour sector of the exploitation"), choices=_blank(LabourSector.choices), required=False
    )
    reflection_from = date_field(_("Reflection period from"), required=False)
    reflection_until = date_field(_("Reflection period until"), required=False)
    first_questioned_on = date_field(_("First questioned on"), required=False)


class WishForm(forms.Form):
    wish = forms.ChoiceField(label=_("Their wish"), choices=vocab.BorderWish.choices)
    words = forms.CharField(
        label=_("In their own words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    stated_on = date_field(_("Stated on"))


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=vocab.Stage.choices)
    status = forms.ChoiceField(label=_("Status"), choices=vocab.StageStatus.choices)
    on = date_field(_("Date"))
    note = forms.CharField(
        label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProtectionForm(forms.Form):
    phase = forms.ChoiceField(label=_("When"), choices=vocab.Phase.choices)
    threat = forms.ChoiceField(label=_("Threat"), choices=vocab.Threat.choices)
    measures = forms.MultipleChoiceField(
        label=_("Measures"),
        choices=vocab.ProtectionMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on = date_field(_("Date"))


class ResidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=vocab.ResidenceKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=vocab.ResidenceStatus.choices)
    conditions = forms.MultipleChoiceField(
        label=_("Conditions"),
        choices=vocab.ResidenceCondition.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on = date_field(_("Date"))


class CompensationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=vocab.CompensationKind.choices)
    payer = forms.ChoiceField(label=_("From whom"), choices=vocab.CompensationFrom.choices)
    claimed_on = date_field(_("Claimed on"))
    amount_claimed = forms.IntegerField(label=_("Amount claimed (rupees)"), required=False, min_value=0)
    awarded_on = date_field(_("Awarded on"), required=False)
    amount_awarded = forms.IntegerField(label=_("Amount awarded (rupees)"), required=False, min_value=0)
    received_on = date_field(_("Received on"), required=False)
    amount_received = forms.IntegerField(label=_("Amount received (rupees)"), required=False, min_value=0)


class CompensationUpdateForm(VersionForm):
    awarded_on = date_field(_("Awarded on"), required=False)
    amount_awarded = forms.IntegerField(label=_("Amount awarded (rupees)"), required=False, min_value=0)
    received_on = date_field(_("Received on"), required=False)
    amount_received = forms.IntegerField(label=_("Amount received (rupees)"), required=False, min_value=0)


class RepatriationForm(forms.Form):
    destination = forms.ChoiceField(label=_("Country of return"), choices=vocab.Country.choices)
    household = forms.ChoiceField(
        label=_("Household of return"), choices=[(c, n) for c, n in Domain.choices if c in HOUSEHOLDS]
    )
    consent_given = forms.BooleanField(label=_("They consented"), required=False)
    consent_informed = forms.BooleanField(
        label=_("The plan, its risks and the other choices were explained"), required=False
    )
    consent_language = forms.ChoiceField(
        label=_("Language it was explained in"), choices=_blank(Language.choices, "—"), required=False
    )
    consent_on = date_field(_("Consented on"), required=False)
    safety_check = forms.ChoiceField(label=_("Safety check of that household"), required=False, choices=[])
    cwc_order_on = date_field(_("Child Welfare Committee order of"), required=False)
    home_inquiry_on = date_field(_("Home inquiry in the country of return of"), required=False)

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safety_check"].choices = [("", "—"), *checks]


class StartForm(VersionForm):
    started_on = date_field(_("Started on"), required=False)
