from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.core.forms import YES_NO, date_field, moment_field
from sathi.people.vocab import Gender
from sathi.violations.services import MAX_COUNT
from sathi.violations.vocab import (
    Act,
    AgeBand,
    Agency,
    Confidentiality,
    Consequence,
    DatePrecision,
    Degree,
    EvidenceKind,
    Force,
    HeldAt,
    IncidentType,
    ItpaSection,
    LegalBasis,
    OutcomeKind,
    OwnDecision,
    PerpetratorType,
    Reliability,
    ResponseAction,
    ResponseOutcome,
    SourceKind,
    Undertaking,
    Verification,
)


def count_field(label, required=False):
    # the service's ceiling (a larger count is a typing error), so the phone stops it as it is typed
    return forms.IntegerField(label=label, required=required, min_value=0, max_value=MAX_COUNT)


def note_field(label):
    return forms.CharField(
        label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


def many(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def tri_field(label):
    return forms.ChoiceField(label=label, choices=YES_NO, required=False)


class IncidentForm(forms.Form):
    incident_type = forms.ChoiceField(label=_("What happened"), choices=IncidentType.choices)
    start_date = date_field(_("From"))
    start_precision = forms.ChoiceField(
        label=_("How exactly the start is known"), choices=DatePrecision.choices
    )
    end_date = date_field(_("Until"), required=False)
    end_precision = forms.ChoiceField(
        label=_("How exactly the end is known"),
        choices=[("", "—"), *DatePrecision.choices],
        required=False,
    )
    place = forms.ChoiceField(label=_("Where"))
    verification = forms.ChoiceField(label=_("Verification"), choices=Verification.choices)
    confidentiality = forms.ChoiceField(label=_("Who may see it"), choices=Confidentiality.choices)
    description = note_field(_("What happened, in a few words"))

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.pk, str(p)) for p in places]


class RaidForm(forms.Form):
    legal_basis = forms.ChoiceField(label=_("Legal basis stated"), choices=LegalBasis.choices)
    agencies = many(_("Who conducted it"), Agency.choices)
    agency_names = forms.CharField(
        label=_("Police station or unit, by name (one a line)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    itpa_sections = many(_("Sections of the ITPA invoked"), ItpaSection.choices)
    warrant_shown = tri_field(_("A warrant was shown"))
    picked_up_known = count_field(_("Persons picked up (known)"), required=True)
    picked_up_estimated = count_field(_("Persons picked up (estimated)"))
    minors_per_police = count_field(_("Recorded as minors by the police"))
    minors_verified = count_field(_("Minors by verified age"))
    force_used = forms.ChoiceField(label=_("Force used"), choices=Force.choices)
    held_at = many(_("Where people were held"), HeldAt.choices)
    held_hours = count_field(_("How long they were held (hours)"))
    phones_taken = count_field(_("Phones taken"))
    phones_returned = count_field(_("Phones returned"))
    money_taken = tri_field(_("Money taken"))
    money_returned = tri_field(_("Money returned"))
    legal_counsel = tri_field(_("Legal counsel given"))
    media_present = tri_field(_("Media present"))
    collective_told = tri_field(_("The collective or board was told beforehand"))

    # The version the form was read at: a change made meanwhile is a conflict, not overwritten.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    TRI = (
        "warrant_shown",
        "money_taken",
        "money_returned",
        "legal_counsel",
        "media_present",
        "collective_told",
    )


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    reliability = forms.ChoiceField(label=_("Reliability"), choices=Reliability.choices)
    note = note_field(_("Note"))


class AffectedForm(forms.Form):
    """An anonymous record: age band and gender, no name."""

    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNDISCLOSED)
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN)
    acts = many(_("What was done to them"), Act.choices)
    consequences = many(_("Consequences"), Consequence.choices)
    own_decision = forms.ChoiceField(
        label=_("Said they are in sex work by their own decision"),
        choices=OwnDecision.choices,
        initial=OwnDecision.NOT_ASKED,
    )
    undertaking = forms.ChoiceField(
        label=_("Undertaking"), choices=Undertaking.choices, initial=Undertaking.NOT_KNOWN
    )
    account = note_field(_("Their account, in their words"))
    code = forms.CharField(
        label=_("Their code in Sathi, if they have a record of their own"),
        required=False,
        max_length=20,
        help_text=_("Leave it empty for an anonymous record. With a code, this links to their record."),
    )


class PerpetratorForm(forms.Form):
    perpetrator_type = forms.ChoiceField(label=_("Who did it"), choices=PerpetratorType.choices)
    degree = forms.ChoiceField(
        label=_("Degree of involvement"), choices=Degree.choices, initial=Degree.NOT_KNOWN
    )
    office = forms.CharField(label=_("Office or rank"), required=False, max_length=120)
    station = forms.CharField(label=_("Police station, unit or office"), required=False, max_length=120)
    number = forms.IntegerField(label=_("How many"), min_value=1, max_value=1000, initial=1)
    note = note_field(_("Note"))


class ResponseForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ResponseAction.choices)
    reported_at = moment_field(_("Reported"), now_by_default=True)
    first_response_at = moment_field(_("First response"), required=False)
    resolved_at = moment_field(_("Resolved"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ResponseOutcome.choices, initial=ResponseOutcome.PENDING
    )
    note = note_field(_("Note"))


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What became of them"), choices=OutcomeKind.choices)
    on = date_field(_("From"))
    until = date_field(_("Until (a shelter stay only)"), required=False)
    against_her_wish = tri_field(_("Against their wish (a shelter stay only)"))


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


class ReportForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("Until"))
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts")), *((d.pk, d.name) for d in districts)]


# --- changing what is recorded: the version the form was read at travels with it, so a change made
# meanwhile is a conflict, never overwritten.


def version_field():
    return forms.IntegerField(widget=forms.HiddenInput)


class IncidentEditForm(IncidentForm):
    """What is known of an incident. Its type is fixed: a raid recorded in error is a new record."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["incident_type"]


class AffectedEditForm(AffectedForm):
    """Gender and the link to a record stay as recorded; the rest is what they later told."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["gender"]
        del self.fields["code"]


class ResponseEditForm(forms.Form):
    first_response_at = moment_field(_("First response"), required=False)
    resolved_at = moment_field(_("Resolved"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ResponseOutcome.choices)
    note = note_field(_("Note"))
    version = version_field()


class OutcomeEndForm(forms.Form):
    until = date_field(_("The stay ended on"))
