from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.core.forms import date_field
from sathi.places.models import PlaceKind
from sathi.prevention.vocab import (
    AXIS_MAX,
    AXIS_MIN,
    AgeGroup,
    AskKind,
    Channel,
    Cohort,
    Exists,
    Factor,
    Gender,
    OfficeKind,
    Outcome,
    PreventionModel,
    Protection,
    RoundKind,
    Source,
)

SHARED_KINDS = [(k.value, k.label) for k in PlaceKind if k != PlaceKind.SITE]
AXIS = [(n, str(n)) for n in range(AXIS_MIN, AXIS_MAX + 1)]


def count_field(label, minimum=0):
    # No min_value here: the service gives the clear message for a negative count, in one place.
    return forms.IntegerField(label=label)


def place_choices(places):
    return [(p.pk, f"{p.name} ({p.get_kind_display()})") for p in places]


class PlaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of place"), choices=SHARED_KINDS)
    name = forms.CharField(label=_("Name"), max_length=120)
    parent = forms.TypedChoiceField(
        label=_("Inside"), coerce=int, required=False, empty_value=None, choices=[]
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—"), *place_choices(places)]


class SessionForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Place"), coerce=int, choices=[])
    held_on = date_field(_("Date"), today_by_default=True)
    source = forms.ChoiceField(label=_("Kind of session"), choices=Source.choices)
    cohort = forms.ChoiceField(label=_("Respondents"), choices=Cohort.choices)
    respondents = count_field(_("How many took part"))

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(places)


class ReportedForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Place"), coerce=int, choices=[])
    period_start = date_field(_("Period from"))
    period_end = date_field(_("Period to"))
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    reported_on = date_field(_("Date reported"), today_by_default=True)
    cohort = forms.ChoiceField(label=_("Reported by"), choices=Cohort.choices)
    respondents = count_field(_("How many said so"))

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(places)


class VulnerabilityForm(ReportedForm):
    factor = forms.ChoiceField(label=_("Factor"), choices=Factor.choices)
    field_order = ["factor"]


class NormForm(ReportedForm):
    practice = forms.ChoiceField(label=_("Norm or practice"), choices=Protection.choices)
    field_order = ["practice"]


class StakeholderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of office"), choices=OfficeKind.choices)
    name = forms.CharField(
        label=_("Name of the office"), max_length=160, help_text=_("The office, not the person in it.")
    )
    jurisdiction = forms.TypedChoiceField(label=_("Jurisdiction"), coerce=int, choices=[])
    mandate = forms.CharField(
        label=_("Mandate in words"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    law = forms.CharField(label=_("Law it stands on"), max_length=300, required=False)
    office_phone = forms.CharField(label=_("Office phone"), max_length=30, required=False)
    office_email = forms.CharField(label=_("Office email"), max_length=120, required=False)
    office_address = forms.CharField(label=_("Office address"), max_length=300, required=False)
    higher_office = forms.TypedChoiceField(
        label=_("Office over it"), coerce=int, required=False, empty_value=None, choices=[]
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args, places=(), offices=(), with_notes=True, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = place_choices(places)
        self.fields["higher_office"].choices = [("", "—"), *[(o.pk, o.name) for o in offices]]
        if not with_notes or editing:
            del self.fields["notes"]
        if editing:
            del self.fields["kind"], self.fields["jurisdiction"]
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)


class RatingForm(forms.Form):
    stakeholder = forms.TypedChoiceField(label=_("Office"), coerce=int, choices=[])
    power = forms.TypedChoiceField(label=_("Power and influence (1 low, 4 high)"), coerce=int, choices=AXIS)
    interest = forms.TypedChoiceField(
        label=_("Interest and involvement (1 low, 4 high)"), coerce=int, choices=AXIS
    )
    respondents = count_field(_("How many said so"))

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].choices = [(o.pk, o.name) for o in offices]


class AskForm(forms.Form):
    stakeholder = forms.TypedChoiceField(label=_("Office"), coerce=int, choices=[])
    kind = forms.ChoiceField(label=_("What is asked"), choices=AskKind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    asked_on = date_field(_("Asked on"), today_by_default=True)
    due_on = date_field(_("Answer due by (empty for an RTI: 30 days)"), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    by_collective = forms.BooleanField(label=_("Asked by a survivor collective"), required=False)

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].choices = [(o.pk, o.name) for o in offices]


class AnswerForm(forms.Form):
    answered_on = date_field(_("Answered on"), today_by_default=True)
    outcome = forms.ChoiceField(label=_("Answer"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Reason given"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args, with_reason=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_reason:
            del self.fields["reason"]


class EscalateForm(forms.Form):
    to = forms.TypedChoiceField(label=_("To the office"), coerce=int, choices=[])
    asked_on = date_field(_("Asked on"), today_by_default=True)
    due_on = date_field(_("Answer due by (empty for an RTI: 30 days)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(o.pk, o.name) for o in offices]


class CommitteeCheckForm(forms.Form):
    checked_on = date_field(_("Checked on"), today_by_default=True)
    exists = forms.ChoiceField(label=_("Does it exist"), choices=Exists.choices)
    last_met_on = date_field(_("Last met on"), required=False)
    members_listed = count_field(_("Members on its list"))
    members_confirmed = count_field(_("Members who know they are members"))
    members_unaware = count_field(_("Members who did not know"))
    members_deceased = count_field(_("Listed members who have died"))


class ModelChoiceForm(forms.Form):
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    first = forms.ChoiceField(label=_("First choice"), choices=PreventionModel.choices)
    second = forms.ChoiceField(
        label=_("Second choice"), choices=[("", "—"), *PreventionModel.choices], required=False
    )
    more = forms.MultipleChoiceField(
        label=_("Also chosen"),
        choices=PreventionModel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CaseAskForm(AskForm):
    about = forms.CharField(
        label=_("What it asks for the person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Kept with the case only, never in the ledger or its reports."),
    )

    def __init__(self, *args, with_about=True, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["by_collective"]
        if not with_about:
            del self.fields["about"]


class CaseAskLinkForm(forms.Form):
    ask = forms.TypedChoiceField(label=_("The ask in the ledger"), coerce=int, choices=[])
    about = CaseAskForm.base_fields["about"]

    def __init__(self, *args, asks=(), with_about=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ask"].choices = [
            (a.pk, f"{a.get_kind_display()} · {a.stakeholder.name} · {a.asked_on.isoformat()}") for a in asks
        ]
        if not with_about:
            del self.fields["about"]


class DialogueForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Place"), coerce=int, choices=[])
    held_on = date_field(_("Date"))
    facilitators = forms.TypedMultipleChoiceField(
        label=_("Facilitators from the organisation"),
        coerce=int,
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_facilitators = forms.IntegerField(label=_("Facilitators from outside (how many)"), initial=0)
    factors = forms.MultipleChoiceField(
        label=_("Issues raised: vulnerability factors"),
        choices=Factor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    models_raised = forms.MultipleChoiceField(
        label=_("Issues raised: prevention models"),
        choices=PreventionModel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, places=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(places)
        self.fields["facilitators"].choices = list(members)


class ParticipantsForm(forms.Form):
    cohort = forms.ChoiceField(label=_("Participants"), choices=Cohort.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    age_group = forms.ChoiceField(label=_("Age"), choices=AgeGroup.choices)
    count = count_field(_("How many"))


class CommitmentForm(forms.Form):
    stakeholder = forms.TypedChoiceField(label=_("Office that committed"), coerce=int, choices=[])
    kind = forms.ChoiceField(label=_("What it committed to"), choices=AskKind.choices)
    due_on = date_field(_("Answer due by"))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].choices = [(o.pk, o.name) for o in offices]


class AssessmentForm(forms.Form):
    name = forms.CharField(label=_("Name of the assessment"), max_length=160)
    indicators = forms.CharField(
        label=_("Indicators, one a line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Each is a share: of those asked, how many said yes."),
        max_length=12000,
    )


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Round"), choices=RoundKind.choices)
    held_on = date_field(_("Date"))
    places = forms.TypedMultipleChoiceField(
        label=_("Places"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = place_choices(places)


class RoundValueForm(forms.Form):
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int, choices=[])
    place = forms.TypedChoiceField(label=_("Place"), coerce=int, choices=[])
    asked = count_field(_("How many were asked"))
    yes = count_field(_("How many said yes"))

    def __init__(self, *args, indicators=(), places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, i.label) for i in indicators]
        self.fields["place"].choices = place_choices(places)
