"""Prevention records (issue 11; PRIMER flow F): about places and offices, never about a person.

Who said something is a cohort and a count, not a name. Offices are offices: a BDO, a police station, a VLCPC.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sathi.prevention.vocab import (
    AXIS_MAX,
    AXIS_MIN,
    AskKind,
    Channel,
    Cohort,
    Exists,
    Factor,
    Gender,
    OfficeKind,
    Outcome,
    Protection,
    Source,
)

USER = settings.AUTH_USER_MODEL
ORG = "accounts.Organisation"
PLACE = "places.Place"


class ResearchSession(models.Model):
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


class Reported(models.Model):
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


class Stakeholder(models.Model):
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


class Ask(models.Model):
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
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("asked_on")), name="prev_ask_due_after_asked")
        ]
        # Open asks past their due date: the silences, found for an office or a place.
        indexes = [models.Index(fields=["organisation", "due_on"], name="prev_ask_org_due")]


class Answer(models.Model):
    """What the office did, on a date. Answers accumulate: a later one never erases an earlier one."""

    ask = models.ForeignKey(Ask, on_delete=models.PROTECT, related_name="answers")
    answered_on = models.DateField(_("answered on"))
    outcome = models.CharField(_("answer"), max_length=12, choices=Outcome.choices)
    reason_sealed = models.BinaryField(null=True, blank=True)  # the reason given for a refusal
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class CommitteeCheck(models.Model):
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


class ModelChoice(models.Model):
    """One respondent's choice of prevention models in a session, in order (first, second, then any more):
    which models she or he would invest in as the government (003, Phase II). A gender and the choices;
    never a name."""

    session = models.ForeignKey(ResearchSession, on_delete=models.PROTECT, related_name="model_choices")
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    chosen = models.JSONField(_("models chosen, first first"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
