"""The legal path after a rescue (PRIMER flow C; seed 004): proceedings, hearings, statutory deadlines."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels


class ProceedingKind(models.TextChoices):
    FIR = "fir", _("First Information Report (FIR)")
    STATEMENT_164 = "statement_164", _("Statement before a magistrate (Section 164 CrPC)")
    PRODUCTION = "production", _("Production before a magistrate")
    AGE_VERIFICATION = "age_verification", _("Age verification")
    MEDICAL_EXAMINATION = "medical_examination", _("Medical examination")
    CWC_HEARING = "cwc_hearing", _("Child Welfare Committee hearing")
    HIR_REQUESTED = "hir_requested", _("Home Inquiry Report requested")
    HIR_RECEIVED = "hir_received", _("Home Inquiry Report received")
    CHARGE_SHEET = "charge_sheet", _("Charge sheet")
    TRIAL_HEARING = "trial_hearing", _("Trial hearing")
    VICTIM_COMPENSATION = "victim_compensation", _("Victim compensation application")


class ProceedingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused by the police")


class Proceeding(ChoiceLabels, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("care.Case", on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("step"), max_length=24, choices=ProceedingKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ProceedingStatus.choices, default=ProceedingStatus.PENDING
    )
    event_date = models.DateField(_("date"), null=True, blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    # For production before a magistrate: the time of the rescue; the deadline is 24 hours later.
    rescue_at = models.DateTimeField(_("time of the rescue or raid"), null=True, blank=True)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lawyer_name_sealed = models.BinaryField(null=True, blank=True)  # an outside lawyer's name; legal class
    notes_sealed = models.BinaryField(null=True, blank=True)  # legal class
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | models.Q(kind="fir"),
                name="proceeding_only_fir_refused",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="production") | models.Q(rescue_at__isnull=False),
                name="proceeding_production_has_rescue_time",
            ),
        ]
        indexes = [
            # "Due this week": proceedings with a next date.
            models.Index(
                fields=["next_date"], name="proceeding_next", condition=models.Q(next_date__isnull=False)
            ),
        ]


class ProceedingDocument(models.Model):
    """A document of a proceeding (an FIR copy, an order).

    Identity class: sealed under her key, stored under a name that says nothing, its type checked by content
    and its hash kept for integrity.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="documents")
    name_sealed = models.BinaryField()
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
