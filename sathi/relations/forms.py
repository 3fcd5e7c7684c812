from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.core.forms import YES_NO
from sathi.places.models import SiteType
from sathi.relations.vocab import (
    Attitude,
    Choice,
    Domain,
    EntryRole,
    EventKind,
    Factor,
    HerWish,
    Kind,
    Quality,
    Stigma,
)


class RelationForm(forms.Form):
    domain = forms.ChoiceField(label=_("Where in the person's life"), choices=Domain.choices)
    kind = forms.ChoiceField(label=_("Who"), choices=Kind.choices)
    name = forms.CharField(label=_("Name, or what the person calls them"), max_length=120)
    entry_role = forms.ChoiceField(
        label=_("Part in the person's entry into sex work or trafficking"),
        choices=EntryRole.choices,
        required=False,
    )
    qualities = forms.MultipleChoiceField(
        label=_("What the relation brings the person"),
        choices=Quality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    in_contact = forms.ChoiceField(label=_("In contact now"), choices=YES_NO, required=False)
    safe_to_contact = forms.ChoiceField(label=_("Safe to contact"), choices=YES_NO, required=False)


class QualityForm(forms.Form):
    quality = forms.ChoiceField(label=_("What the relation brings the person"), choices=Quality.choices)
    from_year = forms.IntegerField(label=_("From (year)"), required=False, min_value=1900, max_value=2100)
    to_year = forms.IntegerField(label=_("Until (year)"), required=False, min_value=1900, max_value=2100)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=EventKind.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    age = forms.IntegerField(label=_("Or the person's age then"), required=False, min_value=0, max_value=120)
    factors = forms.MultipleChoiceField(
        label=_("What it shows"), choices=Factor.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SiteForm(forms.Form):
    site_type = forms.ChoiceField(label=_("Kind of site"), choices=SiteType.choices)
    with_madam_or_owner = forms.BooleanField(label=_("With a madam or owner"), required=False)
    controls_earnings = forms.BooleanField(
        label=_("Someone controlled the person's earnings"), required=False
    )
    controls_movement = forms.BooleanField(
        label=_("Someone controlled the person's movement"), required=False
    )
    violence = forms.BooleanField(label=_("Violence there"), required=False)
    from_year = forms.IntegerField(label=_("From (year)"), required=False, min_value=1900, max_value=2100)
    to_year = forms.IntegerField(label=_("Until (year)"), required=False, min_value=1900, max_value=2100)


class SafetyCheckForm(forms.Form):
    household = forms.ChoiceField(
        label=_("Household"),
        choices=[(Domain.NATAL, Domain.NATAL.label), (Domain.MARITAL, Domain.MARITAL.label)],
    )
    attitude = forms.ChoiceField(
        label=_("The family's attitude to the person's return"), choices=Attitude.choices
    )
    stigma = forms.ChoiceField(label=_("Stigma in the community"), choices=Stigma.choices)
    her_wish = forms.ChoiceField(label=_("The person's own wish"), choices=HerWish.choices)
    economic = forms.CharField(
        label=_("Economic situation of the household"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecideForm(forms.Form):
    choice = forms.ChoiceField(label=_("Decision"), choices=Choice.choices)

    def __init__(self, *args, flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        from sathi.relations.vocab import SafetyFlag

        for flag in flags:
            self.fields[f"plan_{flag}"] = forms.CharField(
                label=_("What will be done about: %(flag)s") % {"flag": SafetyFlag(flag).label},
                required=False,
                max_length=1000,
            )
