"""Her rights (issue 13): erasure, correction, and the rights of a person who crossed a border.

Every free text here is sealed (sathi.people.sealing): under her own key, so that erasing her erases it; the
reason for an erasure under the organisation's key, since her key is gone once it is written.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.relations.vocab import HOUSEHOLDS, Domain
from sathi.rights.vocab import (
    BorderWish,
    CompensationFrom,
    CompensationKind,
    CorrectableField,
    CorrectionStatus,
    Country,
    ErasureBasis,
    IdentifiedBy,
    MigrationStatus,
    Phase,
    PlanStatus,
    ResidenceKind,
    ResidenceStatus,
    Stage,
    StageStatus,
    Threat,
)
from sathi.screening.vocab import LabourSector

USER = settings.AUTH_USER_MODEL
# The households of the relations map a return goes to (its safety check is the risk assessment).
RETURN_HOUSEHOLDS = [(code, label) for code, label in Domain.choices if code in HOUSEHOLDS]


class Erasure(ChoiceLabels, models.Model):
    """Her data key was destroyed on this date. The row says when, why and by whom; never what was held."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="erasure")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("basis"), max_length=12, choices=ErasureBasis.choices)
    reason_sealed = models.BinaryField(null=True, blank=True)  # the organisation's key: hers is gone
    # None: the organisation's retention job erased it (a system action in the audit).
    erased_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    erased_at = models.DateTimeField(_("erased on"))
    notices = models.PositiveSmallIntegerField(
        _("erasure notices sent to receiving organisations"), default=0
    )


class CorrectionRequest(ChoiceLabels, models.Model):
    """What she says is wrong and what she says is right, in her words, and a supervisor's answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("what is wrong"), max_length=20, choices=CorrectableField.choices)
    wrong_sealed = models.BinaryField(null=True, blank=True)
    right_sealed = models.BinaryField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("asked on"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    refusal_sealed = models.BinaryField(null=True, blank=True)  # shown to her in her next summary
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="correction_decided_when_answered",
            ),
        ]


class Crossing(ChoiceLabels, models.Model):
    """Her record as someone who crossed a border (or whose country of origin is not India)."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="crossing")
    nationality = models.CharField(_("nationality"), max_length=10, choices=Country.choices, blank=True)
    country_of_origin = models.CharField(
        _("country of origin"), max_length=10, choices=Country.choices, blank=True
    )
    moved_across_border = models.BooleanField(_("moved across a border"), default=False)
    migration_status = models.CharField(
        _("migration status"),
        max_length=20,
        choices=MigrationStatus.choices,
        default=MigrationStatus.NOT_KNOWN,
    )
    identified_by = models.CharField(
        _("identified by"), max_length=16, choices=IdentifiedBy.choices, blank=True
    )
    labour_sector = models.CharField(
        _("labour sector of the exploitation"), max_length=16, choices=LabourSector.choices, blank=True
    )
    # A reflection period in a safe place before any questioning (EU framework, support and protection).
    reflection_from = models.DateField(_("reflection period from"), null=True, blank=True)
    reflection_until = models.DateField(_("reflection period until"), null=True, blank=True)
    first_questioned_on = models.DateField(_("first questioned on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reflection_from__isnull=True)
                | Q(reflection_until__isnull=True)
                | Q(reflection_from__lte=F("reflection_until")),
                name="crossing_reflection_ordered",
            ),
        ]

    @property
    def questioned_in_reflection(self) -> bool:
        """Questioning happened inside the reflection period: a flag on her case."""
        if not (self.first_questioned_on and self.reflection_from):
            return False
        until = self.reflection_until or self.first_questioned_on
        return self.reflection_from <= self.first_questioned_on <= until


class WishStatement(ChoiceLabels, models.Model):
    """Her wish about staying or returning, dated, in her words: shown beside every decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="wishes")
    wish = models.CharField(_("their wish"), max_length=10, choices=BorderWish.choices)
    words_sealed = models.BinaryField(null=True, blank=True)
    stated_on = models.DateField(_("stated on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-stated_on", "-recorded_at"]


class StageRecord(ChoiceLabels, models.Model):
    """The status of one of the eight stages of rights, dated; the latest per stage is the checklist."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=16, choices=StageStatus.choices)
    on = models.DateField(_("date"))
    note_sealed = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-recorded_at"]
        # The checklist reads the latest record of each stage.
        indexes = [models.Index(fields=["crossing", "stage", "-on"], name="stage_latest")]


class ProtectionRecord(ChoiceLabels, models.Model):
    """Threats and retaliation, and the measures taken, before, during or after proceedings."""

    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="protection")
    phase = models.CharField(_("when"), max_length=8, choices=Phase.choices)
    threat = models.CharField(_("threat"), max_length=12, choices=Threat.choices)
    measures = models.JSONField(_("measures"), default=list, blank=True)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")


class ResidenceStep(ChoiceLabels, models.Model):
    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="residence")
    kind = models.CharField(_("step"), max_length=20, choices=ResidenceKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ResidenceStatus.choices)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")


class Compensation(ChoiceLabels, models.Model):
    """Wages earned while exploited, or victim compensation: claimed, awarded, received, from whom."""

    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="compensation")
    kind = models.CharField(_("kind"), max_length=20, choices=CompensationKind.choices)
    payer = models.CharField(_("from whom"), max_length=16, choices=CompensationFrom.choices)
    claimed_on = models.DateField(_("claimed on"))
    amount_claimed = models.PositiveIntegerField(_("amount claimed (rupees)"), null=True, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    amount_awarded = models.PositiveIntegerField(_("amount awarded (rupees)"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    amount_received = models.PositiveIntegerField(_("amount received (rupees)"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(awarded_on__isnull=True) | Q(awarded_on__gte=F("claimed_on")),
                name="compensation_awarded_after_claim",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | (Q(awarded_on__isnull=False) & Q(received_on__gte=F("awarded_on"))),
                name="compensation_received_after_award",
            ),
        ]


class RepatriationPlan(ChoiceLabels, models.Model):
    """A return to her country, only by her choice: her informed consent in a language she speaks, a risk
    assessment of the household and community there, and for a minor the CWC's order and a home inquiry in
    the country of return. Without them it cannot be started (sathi.rights.crossing.repatriation_start)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="repatriations")
    destination = models.CharField(_("country of return"), max_length=10, choices=Country.choices)
    household = models.CharField(_("household of return"), max_length=12, choices=RETURN_HOUSEHOLDS)
    consent_given = models.BooleanField(_("they consented"), default=False)
    consent_informed = models.BooleanField(
        _("the plan, its risks and the other choices were explained"), default=False
    )
    # A language code (sathi.people.vocab.Language), checked by the service against hers.
    consent_language = models.CharField(_("language it was explained in"), max_length=8, blank=True)
    consent_on = models.DateField(_("consented on"), null=True, blank=True)
    safety_check = models.ForeignKey(
        "relations.SafetyCheck", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cwc_order_on = models.DateField(_("Child Welfare Committee order of"), null=True, blank=True)
    home_inquiry_on = models.DateField(_("home inquiry in the country of return of"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # A started plan has her consent: the database refuses one without it, whatever the caller.
            models.CheckConstraint(
                condition=~Q(status="started") | (Q(consent_given=True) & Q(consent_informed=True)),
                name="repatriation_started_with_consent",
            ),
        ]
