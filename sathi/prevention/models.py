"""Prevention records (issue 11; PRIMER flow F): about places and offices, never about a person.

Who said something is a cohort and a count, not a name. Offices are offices: a BDO, a police station, a VLCPC.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
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
    Protection,
    RoundKind,
    Source,
)

USER = settings.AUTH_USER_MODEL
ORG = "accounts.Organisation"
PLACE = "places.Place"


class ResearchSession(ChoiceLabels, models.Model):
    """A focus group, an interview round or a survey sitting, with one cohort of respondents."""

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(PLACE, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    source = models.CharField(_("kind of session"), max_length=16, choices=Source.choices)
    cohort = models.CharField(_("respondents"), max_length=20, choices=Cohort.choices)
    respondents = models.PositiveIntegerField(_("how many took part"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "held_on"], name="prev_session_org_date")]


class Reported(ChoiceLabels, models.Model):
    """Something said of a place over a period: the source, its date, who said it (a cohort) and how many."""

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(PLACE, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    reported_on = models.DateField(_("date reported"))
    cohort = models.CharField(_("reported by"), max_length=20, choices=Cohort.choices)
    respondents = models.PositiveIntegerField(_("how many said so"))
    session = models.ForeignKey(
        ResearchSession, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class VulnerabilityReport(Reported):
    factor = models.CharField(_("factor"), max_length=24, choices=Factor.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="prev_vulnerability_period_ordered"
            )
        ]
        # The heat grid reads one organisation's reports by place and factor.
        indexes = [models.Index(fields=["organisation", "place", "factor"], name="prev_vuln_grid")]


class ProtectiveNorm(Reported):
    practice = models.CharField(_("norm or practice"), max_length=32, choices=Protection.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="prev_norm_period_ordered"
            )
        ]


class Stakeholder(ChoiceLabels, models.Model):
    """An office or body with a mandate (a BDO, a police station, a VLCPC), never a person."""

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of office"), max_length=28, choices=OfficeKind.choices)
    name = models.CharField(_("name of the office"), max_length=160)
    jurisdiction = models.ForeignKey(PLACE, on_delete=models.PROTECT, related_name="+")
    mandate = models.TextField(_("mandate in words"), blank=True)
    law = models.CharField(_("law it stands on"), max_length=300, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    office_email = models.CharField(_("office email"), max_length=120, blank=True)
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    higher_office = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes_sealed = models.BinaryField(null=True, blank=True)  # free text: it may name a person
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "jurisdiction", "name"], name="prev_stakeholder_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """How many respondents of a session's cohort put an office at this point of Figure I's grid. Each
    session's ratings stand beside every other's: disagreement is kept, nothing is averaged away."""

    session = models.ForeignKey(ResearchSession, on_delete=models.PROTECT, related_name="ratings")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="ratings")
    power = models.PositiveSmallIntegerField(_("power and influence"))
    interest = models.PositiveSmallIntegerField(_("interest and involvement"))
    respondents = models.PositiveIntegerField(_("how many said so"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(power__gte=AXIS_MIN, power__lte=AXIS_MAX), name="prev_rating_power_on_axis"
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=AXIS_MIN, interest__lte=AXIS_MAX),
                name="prev_rating_interest_on_axis",
            ),
            models.CheckConstraint(condition=Q(respondents__gte=1), name="prev_rating_someone_said_so"),
        ]


class Ask(ChoiceLabels, models.Model):
    """A request to a duty bearer, with its legal basis and the date an answer is due."""

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="asks")
    kind = models.CharField(_("what is asked"), max_length=24, choices=AskKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    asked_on = models.DateField(_("asked on"))
    due_on = models.DateField(_("answer due by"))
    by_collective = models.BooleanField(_("asked by a survivor collective"), default=False)
    escalated_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # Where the ask stands, from its answers: the day of its first real answer ("no reply" is none) and
    # the outcome of its latest. Written with each answer, in the answer's transaction with the ask locked
    # (services.answer_insert; answers are never edited or removed), so the numbers and the open asks of a
    # district read one row an ask, never every answer. Empty: no real answer yet.
    first_answer_on = models.DateField(null=True, blank=True, editable=False)
    latest_outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("asked_on")), name="prev_ask_due_after_asked"),
            models.CheckConstraint(
                condition=Q(first_answer_on__isnull=True) | Q(first_answer_on__gte=F("asked_on")),
                name="prev_ask_answered_after_asked",
            ),
        ]
        indexes = [
            # The numbers of a place's offices read every ask of each office from this index alone.
            models.Index(
                fields=["stakeholder"],
                include=["organisation", "asked_on", "due_on", "first_answer_on", "latest_outcome"],
                name="prev_ask_numbers",
            ),
            # The open asks (no real answer), oldest due first: the silences of a place or an office, and
            # (with the office in it) their counts per office and per place from this index alone
            # (sathi/prevention/ledger.py).
            models.Index(
                fields=["organisation", "due_on"],
                include=["stakeholder"],
                condition=Q(first_answer_on__isnull=True),
                name="prev_ask_open_due",
            ),
        ]


class Answer(ChoiceLabels, models.Model):
    """What the office did, on a date. Answers accumulate: a later one never erases an earlier one."""

    ask = models.ForeignKey(Ask, on_delete=models.PROTECT, related_name="answers")
    answered_on = models.DateField(_("answered on"))
    outcome = models.CharField(_("answer"), max_length=12, choices=Outcome.choices)
    reason_sealed = models.BinaryField(null=True, blank=True)  # the reason given for a refusal
    # For an ask linked to a case, the reason may be about the person: under the person's key, shown only
    # with the case (sathi.prevention.cases), never by a prevention reader.
    case_reason_sealed = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class CaseAsk(models.Model):
    """An ask made about one person's case (an FIR for the person, compensation for the person). The ask
    itself stays in the ledger as an ask to an office; everything about the person is here, under the
    person's key, and only the case's readers read this table (issue 11: nothing about the person appears
    in anything but that case)."""

    ask = models.OneToOneField(Ask, on_delete=models.PROTECT, related_name="case_link")
    case = models.ForeignKey("care.Case", on_delete=models.PROTECT, related_name="+")
    about_sealed = models.BinaryField(null=True, blank=True)  # what the ask is about, in the case's words
    linked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class CommitteeCheck(ChoiceLabels, models.Model):
    """A check of a mandated committee (a VLCPC and the like): does it exist, when did it last meet, and are
    its listed members real and aware that they are members (003 found lists with the deceased and the
    unaware). Numbers only: no member is named here."""

    committee = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField(_("checked on"))
    exists = models.CharField(_("does it exist"), max_length=10, choices=Exists.choices)
    last_met_on = models.DateField(_("last met on"), null=True, blank=True)
    members_listed = models.PositiveIntegerField(_("members on its list"))
    members_confirmed = models.PositiveIntegerField(_("members who know they are members"))
    members_unaware = models.PositiveIntegerField(_("members who did not know"))
    members_deceased = models.PositiveIntegerField(_("listed members who have died"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    members_listed__gte=F("members_confirmed") + F("members_unaware") + F("members_deceased")
                ),
                name="prev_check_members_add_up",
            ),
            models.CheckConstraint(
                condition=Q(last_met_on__isnull=True) | Q(last_met_on__lte=F("checked_on")),
                name="prev_check_met_before_checked",
            ),
        ]


class ModelChoice(ChoiceLabels, models.Model):
    """One respondent's choice of prevention models in a session, in order (first, second, then any more):
    which models she or he would invest in as the government (003, Phase II). A gender and the choices;
    never a name."""

    session = models.ForeignKey(ResearchSession, on_delete=models.PROTECT, related_name="model_choices")
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    chosen = models.JSONField(_("models chosen, first first"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Dialogue(models.Model):
    """A community dialogue (003, the way forward): who came is counted, never named; the issues raised are
    coded to vulnerability factors and prevention models; what duty bearers committed becomes an ask."""

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(PLACE, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    facilitators = models.ManyToManyField(USER, blank=True, related_name="+")  # the organisation's workers
    other_facilitators = models.PositiveIntegerField(_("facilitators from outside"), default=0)
    factors = models.JSONField(_("issues raised: vulnerability factors"), default=list)
    models_raised = models.JSONField(_("issues raised: prevention models"), default=list)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # A place's dialogues, latest first (its prevention home).
        indexes = [models.Index(fields=["organisation", "place", "-held_on"], name="prev_dialogue_place")]


class DialogueCount(ChoiceLabels, models.Model):
    """How many participants of one cohort, gender and age group came: a count, never a name."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="counts")
    cohort = models.CharField(_("participants"), max_length=20, choices=Cohort.choices)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    age_group = models.CharField(_("age"), max_length=10, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("how many"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "cohort", "gender", "age_group"], name="prev_count_once"
            )
        ]


class Commitment(models.Model):
    """What a duty bearer committed to at a dialogue: an ask in the ledger (channel: a dialogue
    commitment), due on the date given, so that a silence after it is recorded like any other."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="commitments")
    ask = models.OneToOneField(Ask, on_delete=models.PROTECT, related_name="commitment")
    created_at = models.DateTimeField(auto_now_add=True)


class Assessment(models.Model):
    """A resilience assessment, run at baseline and end line in the same places (003, the way forward)."""

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name of the assessment"), max_length=160)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="prev_assessment_unique")
        ]


class Indicator(models.Model):
    """One indicator of the assessment, measured as a proportion: of those asked, how many said yes."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicator"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "label"], name="prev_indicator_unique")]


class Round(ChoiceLabels, models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="rounds")
    kind = models.CharField(_("round"), max_length=10, choices=RoundKind.choices)
    held_on = models.DateField(_("date"))
    places = models.ManyToManyField(PLACE, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "kind"], name="prev_round_once")]


class RoundValue(models.Model):
    """For one indicator in one place of a round: how many were asked and how many said yes."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    place = models.ForeignKey(PLACE, on_delete=models.PROTECT, related_name="+")
    asked = models.PositiveIntegerField(_("how many were asked"))
    yes = models.PositiveIntegerField(_("how many said yes"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "indicator", "place"], name="prev_value_once"),
            models.CheckConstraint(condition=Q(yes__lte=F("asked")), name="prev_value_yes_of_asked"),
        ]
