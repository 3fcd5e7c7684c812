from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.care.models import Provider
from sathi.care.referrals import SHAREABLE
from sathi.care.vocab import (
    Agreement,
    CaseOrigin,
    CaseStatus,
    CloseReason,
    ContactOutcome,
    LegalBasis,
    NeedCode,
    NeedStatus,
    Pathway,
    PlacementCondition,
    PlacementKind,
    PlanItemKind,
    Priority,
    ProviderKind,
    ServiceType,
    TeamRole,
    Wellbeing,
    Wish,
)
from sathi.core.forms import YES_NO_UNKNOWN, VersionForm, date_field
from sathi.people.vocab import ContactChannel, Language


class CaseOpenForm(forms.Form):
    origin = forms.ChoiceField(label=_("How did this case begin?"), choices=CaseOrigin.choices)
    needs = forms.MultipleChoiceField(
        label=_("Needs they have named"),
        choices=NeedCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class StatusForm(VersionForm):
    status = forms.ChoiceField(
        label=_("Move the case to"), choices=[c for c in CaseStatus.choices if c[0] != CaseStatus.CLOSED]
    )
    follow_up_from = date_field(_("Follow-up starts from"), required=False)


class CloseForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("Why is the case closing?"),
        choices=CloseReason.choices,
        help_text=_("The person's choice of work is never a reason to close their case."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ReopenForm(VersionForm):
    reason = forms.CharField(label=_("Why is the case reopening?"), max_length=300)


class TeamForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Worker"), coerce=int, choices=[])
    team_role = forms.ChoiceField(label=_("Role in the case"), choices=TeamRole.choices)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(m.user_id, f"{m.user} · {m.get_role_display()}") for m in members]


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Their goal, in their own words"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PathwayForm(forms.Form):
    pathway = forms.ChoiceField(
        label=_("The path they choose now"), choices=Pathway.choices, widget=forms.RadioSelect
    )
    stated_on = date_field(_("When they said it"), today_by_default=True)
    words = forms.CharField(
        label=_("In their own words"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedForm(forms.Form):
    code = forms.ChoiceField(label=_("Need"), choices=NeedCode.choices)
    agreement = forms.ChoiceField(label=_("Their agreement"), choices=Agreement.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM)


class NeedUpdateForm(VersionForm):
    agreement = forms.ChoiceField(label=_("Their agreement"), choices=Agreement.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)


class ServiceForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    delivered_on = date_field(_("Date"), today_by_default=True)
    provider_kind = forms.ChoiceField(label=_("Provided by"), choices=ProviderKind.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider (if not this organisation)"), required=False, queryset=Provider.objects.none()
    )
    needs = forms.TypedMultipleChoiceField(
        label=_("Needs it addresses"),
        coerce=int,
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Counselling and medical notes are seen only by those allowed to."),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.select_related("organisation").order_by(
            "organisation__name"
        )
        if case is not None:
            self.fields["needs"].choices = [(n.pk, n.get_code_display()) for n in case.needs.all()]


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanItemKind.choices)
    description = forms.CharField(label=_("What"), max_length=200)
    target_date = date_field(_("Target date"))


class PlanDoneForm(forms.Form):
    done_on = date_field(_("Done on"), today_by_default=True)


class PlacementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of placement"), choices=PlacementKind.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    order_date = date_field(_("Date of the order"), required=False)
    order_until = date_field(_("Order valid until"), required=False)
    entry_date = date_field(_("Entry date"), today_by_default=True)
    wish_at_entry = forms.ChoiceField(
        label=_("Their wish at entry"), choices=Wish.choices, widget=forms.RadioSelect
    )
    facility = forms.CharField(label=_("Name and place of the home"), required=False, max_length=300)
    provider = forms.ModelChoiceField(
        label=_("Provider in the directory"), required=False, queryset=Provider.objects.none()
    )
    next_cwc_review = date_field(_("Next CWC review (for a minor)"), required=False)
    conditions = forms.MultipleChoiceField(
        label=_("What the placement asks of them"),
        required=False,
        choices=PlacementCondition.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.select_related("organisation").order_by(
            "organisation__name"
        )


class ReviewForm(forms.Form):
    reviewed_on = date_field(_("Review date"), today_by_default=True)
    wish = forms.ChoiceField(label=_("Their wish now"), choices=Wish.choices, widget=forms.RadioSelect)
    next_cwc_review = date_field(_("Next CWC review (for a minor)"), required=False)


class ExitForm(forms.Form):
    exit_date = date_field(_("Exit date"), today_by_default=True)


class FollowUpForm(forms.Form):
    done_on = date_field(_("Date"), today_by_default=True)
    channel = forms.ChoiceField(label=_("How they were contacted"), choices=ContactChannel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    wellbeing = forms.ChoiceField(
        label=_("How they are"), choices=[("", "—"), *Wellbeing.choices], required=False
    )
    safety_concerns = forms.CharField(
        label=_("Safety concerns"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_needs = forms.MultipleChoiceField(
        label=_("New needs"), choices=NeedCode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    returned_by_choice = forms.ChoiceField(
        label=_("Returned to sex work by their own choice"), choices=YES_NO_UNKNOWN, required=False
    )
    coerced = forms.ChoiceField(label=_("Coerced or re-trafficked"), choices=YES_NO_UNKNOWN, required=False)


class FlagRaiseForm(forms.Form):
    message = forms.CharField(
        label=_("What should the team and supervisors know?"),
        max_length=300,
        help_text=_("Do not write the person's name."),
    )


class FlagResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How was this resolved?"), max_length=300)


class ReferralForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Refer to"), queryset=Provider.objects.none())
    need = forms.TypedChoiceField(
        label=_("For which need"), coerce=int, required=False, empty_value=None, choices=[]
    )
    fields = forms.MultipleChoiceField(
        label=_("Details that go with it (a copy)"),
        choices=[(k, k) for k in SHAREABLE],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, case=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        providers = Provider.objects.select_related("organisation").order_by("organisation__name")
        if organisation is not None:
            providers = providers.exclude(organisation=organisation)
        self.fields["provider"].queryset = providers
        self.fields["fields"].choices = [
            ("names", _("Names")),
            ("aliases", _("Work names and other names")),
            ("phone", _("Phone")),
            ("age", _("Age")),
            ("languages", _("Languages they speak")),
            ("gender", _("Gender")),
            ("needs", _("Their needs")),
            ("goals", _("Their own goals")),
        ]
        if case is not None:
            self.fields["need"].choices = [("", "—")] + [
                (n.pk, n.get_code_display()) for n in case.needs.all()
            ]


class RespondForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Accept")), ("no", _("Decline"))],
    )
    reason = forms.CharField(label=_("Reason (if declining)"), required=False, max_length=300)


class ProviderFilterForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), choices=[("", _("Any service")), *ServiceType.choices], required=False
    )


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Name of the outside provider"), required=False, max_length=200)
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=ServiceType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.CharField(
        label=_("Districts served"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    capacity = forms.IntegerField(label=_("Places free now"), required=False, min_value=0, max_value=100000)

    def clean_areas(self):
        return [line.strip() for line in self.cleaned_data["areas"].splitlines() if line.strip()]
