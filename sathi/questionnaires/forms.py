from django import forms
from django.utils.translation import gettext_lazy as _

from sathi.core.forms import date_field
from sathi.people.vocab import Language
from sathi.prevention.vocab import Cohort, Gender
from sathi.questionnaires.studies import Participant
from sathi.questionnaires.vocab import AgeBand, QuestionClass, SessionKind


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
    file = forms.FileField(label=_("Kobo export (XLSX, JSON or CSV) or ODK Central export (JSON)"))


# --- studies (items 7 and 8): the pages for what the API's research operations do ---------------------
PARTICIPANT_ROWS = 4  # lines of a session's participants (gender, age band, how many, language of consent)
CONSENT_LANGUAGES = [(code, label) for code, label in Language.choices if code != Language.OTHER]


class StudyForm(forms.Form):
    title = forms.CharField(label=_("Title of the study"), max_length=200)


class CohortForm(forms.Form):
    cohort = forms.ChoiceField(label=_("Cohort"), choices=Cohort.choices)
    questionnaire = forms.TypedChoiceField(
        label=_("Questionnaire it answers"), coerce=int, required=False, empty_value=None, choices=[]
    )

    def __init__(self, *args, questionnaires=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = [("", "—"), *((q.pk, q.title) for q in questionnaires)]


class StudySessionForm(forms.Form):
    """A session and who took part, counted: each line is people of one gender and age band who gave their
    consent aloud in one language. Nobody is named."""

    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    held_on = date_field(_("Date"), today_by_default=True)
    place = forms.TypedChoiceField(label=_("Place"), coerce=int, choices=[])
    researcher = forms.TypedChoiceField(label=_("Researcher"), coerce=int, choices=[])
    community_researcher = forms.BooleanField(
        label=_("The researcher is a community researcher"), required=False
    )

    def __init__(self, *args, places=(), researchers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.pk, f"{p.name} ({p.get_kind_display()})") for p in places]
        self.fields["researcher"].choices = [(u.pk, str(u)) for u in researchers]
        for n in range(1, PARTICIPANT_ROWS + 1):
            self.fields[f"count_{n}"] = forms.IntegerField(
                label=_("Participants, line %(n)s: how many") % {"n": n}, required=n == 1, min_value=0
            )
            self.fields[f"gender_{n}"] = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
            self.fields[f"age_band_{n}"] = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
            self.fields[f"consent_language_{n}"] = forms.ChoiceField(
                label=_("Language their consent was asked in"), choices=CONSENT_LANGUAGES
            )
            self.fields[f"consent_spoken_{n}"] = forms.BooleanField(
                label=_("Each of them gave their informed consent aloud"), required=False
            )

    def participants(self) -> list[Participant]:
        d, people = self.cleaned_data, []
        for n in range(1, PARTICIPANT_ROWS + 1):
            people.extend(
                Participant(
                    d[f"gender_{n}"], d[f"age_band_{n}"], d[f"consent_spoken_{n}"], d[f"consent_language_{n}"]
                )
                for _i in range(d.get(f"count_{n}") or 0)
            )
        return people


class LinkForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session it was asked in"), coerce=int, choices=[])

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (
                s.pk,
                f"{s.cohort.study.title} · {s.cohort.get_cohort_display()} · {s.get_kind_display()} · "
                f"{s.held_on.isoformat()}",
            )
            for s in sessions
        ]


class CodesForm(forms.Form):
    """One open answer coded to one vocabulary (the vocabulary is chosen first, by a link)."""

    path = forms.ChoiceField(label=_("Answer"), choices=[])
    codes = forms.MultipleChoiceField(label=_("Codes"), choices=[], widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, questions=(), vocabulary=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["path"].choices = list(questions)
        self.fields["codes"].choices = vocabulary.choices if vocabulary else []


class CrossTabForm(forms.Form):
    rows = forms.ChoiceField(label=_("Rows"), choices=[])
    columns = forms.ChoiceField(label=_("Columns"), choices=[])

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"].choices = self.fields["columns"].choices = list(questions)
