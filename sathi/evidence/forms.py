"""Forms of the evidence pages. Choices come from the catalogue and the vocabularies; the catalogue checks."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sathi.core.cleaning import clean_text
from sathi.evidence import catalogue
from sathi.evidence.catalogue import MONTH, PLACE
from sathi.evidence.services import CODE
from sathi.evidence.vocab import AlertDanger, PlaceLevel, ReleasePurpose


def _breakdowns(tables) -> list[tuple[str, str]]:
    seen: dict[str, str] = {PLACE: str(_("Place")), MONTH: str(_("Month"))}
    for table in tables:
        for d in table.dimensions:
            seen.setdefault(d.key, str(d.label))
    return list(seen.items())


class TableForm(forms.Form):
    table = forms.ChoiceField(label=_("Table"))
    start = forms.CharField(
        label=_("From (month)"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    end = forms.CharField(
        label=_("Until (month)"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    level = forms.ChoiceField(label=_("Place level"), choices=PlaceLevel.choices)
    within = forms.CharField(label=_("Inside the district (block level only)"), max_length=80, required=False)
    rows = forms.ChoiceField(label=_("Down the side"))
    columns = forms.MultipleChoiceField(
        label=_("Across"), required=False, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ReleasePurpose.choices)

    def __init__(self, *args, tables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [(t.name, str(t.title)) for t in tables]
        breakdowns = _breakdowns(tables)
        self.fields["rows"].choices = breakdowns
        self.fields["columns"].choices = [b for b in breakdowns if b[0] != PLACE]

    def clean_within(self):
        return clean_text(self.cleaned_data.get("within", ""), field="within", max_length=80)

    def frame(self) -> catalogue.Frame:
        d = self.cleaned_data
        return catalogue.frame(
            table=d["table"],
            start=d["start"],
            end=d["end"],
            level=d["level"],
            within=d["within"],
            rows=d["rows"],
            columns=tuple(d["columns"]),
        )


class AlertForm(forms.Form):
    danger = forms.ChoiceField(label=_("Danger"), choices=AlertDanger.choices)
    text = forms.CharField(
        label=_("What to watch for"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Describe the danger: a description, a vehicle, a method, a place. "
            "Never the person it happened to."
        ),
    )
    areas = forms.MultipleChoiceField(label=_("Areas that receive it"), widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(label=_("Shown until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(str(p.pk), p.name) for p in areas]
        self.fields["areas"].required = False  # "no recipients" gets its own message from the service

    def clean_text(self):
        return clean_text(self.cleaned_data["text"], field="text", max_length=1000)


class MemberAreasForm(forms.Form):
    member = forms.ChoiceField(label=_("Member"))
    areas = forms.MultipleChoiceField(label=_("Areas"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(str(m.pk), m.user.username) for m in members]
        self.fields["areas"].choices = [(str(p.pk), p.name) for p in areas]


class ReportForm(forms.Form):
    month = forms.CharField(label=_("Month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            catalogue.parse_month(value, field="month")
        except ValidationError as exc:
            raise ValidationError(_("Give a month as YYYY-MM.")) from exc
        return value


class Dhis2MappingForm(forms.Form):
    """Where one table's places and columns go in DHIS2: an organisation unit code per place, a data element
    and a category option combo code per column. A blank code takes the place or column out of the mapping."""

    def __init__(self, *args, places: list[tuple[str, str]], columns: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.places, self.columns = places, columns
        for i, (_key, label) in enumerate(places):
            self.fields[f"unit_{i}"] = forms.CharField(
                label=_("%(place)s: organisation unit code") % {"place": label}, max_length=50, required=False
            )
        for j, (_key, label) in enumerate(columns):
            self.fields[f"element_{j}"] = forms.CharField(
                label=_("%(column)s: data element code") % {"column": label}, max_length=50, required=False
            )
            self.fields[f"combo_{j}"] = forms.CharField(
                label=_("%(column)s: category option combo code") % {"column": label},
                max_length=50,
                required=False,
            )

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            value = (value or "").strip()
            data[name] = value
            if value and not CODE.match(value):
                self.add_error(
                    name, _("A DHIS2 code is 1 to 50 letters, digits, dots, dashes or underscores.")
                )
        for j in range(len(self.columns)):
            if bool(data.get(f"element_{j}")) != bool(data.get(f"combo_{j}")):
                self.add_error(f"combo_{j}", _("Give both codes for this column, or neither."))
        return data

    def units(self) -> dict[str, str]:
        """Each place shown with the code given (blank: none)."""
        return {key: self.cleaned_data[f"unit_{i}"] for i, (key, _label) in enumerate(self.places)}

    def cells(self) -> dict[str, dict[str, str] | None]:
        found: dict[str, dict[str, str] | None] = {}
        for j, (key, _label) in enumerate(self.columns):
            element, combo = self.cleaned_data[f"element_{j}"], self.cleaned_data[f"combo_{j}"]
            found[key] = {"dataElement": element, "categoryOptionCombo": combo} if element else None
        return found
