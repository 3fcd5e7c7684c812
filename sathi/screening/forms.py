from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.core.forms import YES_NO_UNKNOWN, date_field
from sathi.places.models import PlaceKind, SiteType
from sathi.screening.vocab import (
    ActChoice,
    BroughtBy,
    Classification,
    ControlChoice,
    LabourSector,
    MeansChoice,
    MemberCategory,
    PurposeChoice,
    SiteEventKind,
)


class PlaceForm(forms.Form):
    # A board adds its own sites; shared geography (areas, districts, villages) is added by an organisation
    # admin on the prevention pages (issue 11, item 1).
    kind = forms.ChoiceField(label=_("Kind of place"), choices=[(PlaceKind.SITE.value, PlaceKind.SITE.label)])
    name = forms.CharField(label=_("Name"), max_length=120)
    parent = forms.TypedChoiceField(
        label=_("Inside"), coerce=int, required=False, empty_value=None, choices=[]
    )
    site_type = forms.ChoiceField(
        label=_("Kind of site"), choices=[("", "—"), *SiteType.choices], required=False
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—")] + [
            (p.pk, f"{p.name} ({p.get_kind_display()})") for p in places
        ]


class BoardForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Red-light area"), coerce=int, choices=[])
    name = forms.CharField(label=_("Name of the board"), max_length=120)
    quorum = forms.IntegerField(label=_("Members needed to decide"), min_value=1, max_value=50, initial=8)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=MemberCategory.choices)
    term_start = date_field(_("Term starts"))
    term_end = date_field(_("Term ends"), required=False)


class SittingForm(forms.Form):
    held_on = date_field(_("Date"), today_by_default=True)
    members = forms.MultipleChoiceField(
        label=_("Members present"), choices=[], widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    without_quorum = forms.BooleanField(
        label=_("Record it although fewer members than the quorum were present"), required=False
    )

    def __init__(self, *args, members=(), quorum: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = members
        self.quorum = quorum

    def clean(self):
        """Fewer members than the quorum: a warning first, saved only once the worker confirms it (a
        decision taken at such a sitting may be challenged)."""
        data = super().clean()
        present = len(data.get("members") or [])
        if "members" in data and present < self.quorum and not data.get("without_quorum"):
            self.add_error(
                "without_quorum",
                _(
                    "Only %(present)s of the %(quorum)s members needed for a quorum are present: no "
                    "decision can be taken at this sitting. Nothing is saved yet: tick the box to record "
                    "it anyway."
                )
                % {"present": present, "quorum": self.quorum},
            )
        return data


class PresentationForm(forms.Form):
    code = forms.CharField(
        label=_("The person's code"),
        max_length=20,
        help_text=_("Register the person first, then give their code here."),
    )
    presented_on = date_field(_("Date of presenting to the board"), today_by_default=True)
    arrived_on = date_field(_("Date of arrival in the area"))
    brought_by = forms.ChoiceField(label=_("Who brought them"), choices=BroughtBy.choices)
    site = forms.TypedChoiceField(
        label=_("Where they work"), coerce=int, required=False, empty_value=None, choices=[]
    )
    sitting = forms.ChoiceField(label=_("Sitting"), required=False, choices=[])
    account = forms.CharField(
        label=_("Their own account, in their words"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, sites=(), sittings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "—")] + [
            (s.pk, f"{s.name} · {s.get_site_type_display()}") for s in sites
        ]
        self.fields["sitting"].choices = [("", "—")] + [(str(s.pk), s.held_on.isoformat()) for s in sittings]


class SiteEventForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=int, choices=[])
    kind = forms.ChoiceField(label=_("What happened"), choices=SiteEventKind.choices)
    occurred_on = date_field(_("Date"), today_by_default=True)

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.pk, s.name) for s in sites]


class ScreeningForm(forms.Form):
    acts_asked = forms.BooleanField(label=_("I asked about the act"), required=False)
    acts = forms.MultipleChoiceField(
        label=_("Act"), choices=ActChoice.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    means_asked = forms.BooleanField(label=_("I asked about the means"), required=False)
    means = forms.MultipleChoiceField(
        label=_("Means"), choices=MeansChoice.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    control_since = forms.MultipleChoiceField(
        label=_("Control used since they came"),
        choices=ControlChoice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes_asked = forms.BooleanField(label=_("I asked about the purpose"), required=False)
    purposes = forms.MultipleChoiceField(
        label=_("Purpose"), choices=PurposeChoice.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    labour_sector = forms.ChoiceField(
        label=_("Sector of forced labour"), choices=[("", "—"), *LabourSector.choices], required=False
    )
    period_from = date_field(_("About the period from"), required=False)
    period_to = date_field(_("Until"), required=False)
    site = forms.TypedChoiceField(
        label=_("At the site"), coerce=int, required=False, empty_value=None, choices=[]
    )
    site_words = forms.CharField(
        label=_("Or, if it is not on the list, where"), required=False, max_length=500
    )
    came_without_force = forms.ChoiceField(
        label=_("They say they came without force or coercion"), choices=YES_NO_UNKNOWN, required=False
    )
    irregular_crossing_consented = forms.BooleanField(
        label=_("They crossed a border irregularly, by their choice"), required=False
    )
    consent_words = forms.CharField(
        label=_("Their consent, in their words"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "—")] + [
            (p.pk, f"{p.name} ({p.get_kind_display()})") for p in sites
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period cannot end before it starts."))
        return data


class DecisionForm(forms.Form):
    classification = forms.ChoiceField(label=_("Decision"), choices=Classification.choices)
    differs_reason = forms.CharField(
        label=_("If it differs from the suggestion: why"), required=False, max_length=500
    )
    sitting = forms.ChoiceField(label=_("Decided at the sitting of"), required=False, choices=[])
    rules_explained = forms.BooleanField(
        label=_("The rules of the area were explained to them"), required=False
    )
    offered_health = forms.BooleanField(label=_("Health services offered"), required=False)
    offered_savings = forms.BooleanField(label=_("Savings offered"), required=False)
    offered_legal_aid = forms.BooleanField(label=_("Legal aid offered"), required=False)
    offered_membership = forms.BooleanField(label=_("Membership of the collective offered"), required=False)
    counselling_sessions = forms.IntegerField(
        label=_("Counselling sessions held"), min_value=0, max_value=500, initial=0
    )
    social_welfare_plan = forms.CharField(
        label=_("Removal and reintegration plan with the social welfare department"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    removed_on = date_field(_("Date of removal"), required=False)
    reintegrate_with_family = forms.BooleanField(
        label=_("To be reintegrated with the family"),
        required=False,
        help_text=_("Only once every flag of the safety check of that household has a plan."),
    )
    police_involved = forms.BooleanField(label=_("The police were involved"), required=False)
    police_reason = forms.CharField(label=_("Why the police were involved"), required=False, max_length=500)

    def __init__(self, *args, sittings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].choices = [("", "—")] + [(str(s.pk), s.held_on.isoformat()) for s in sittings]
