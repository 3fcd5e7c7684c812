"""Cases and the continuum of care. Sealed fields use her own key (sathi.people.vault)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.care.vocab import (
    Agreement,
    CaseOrigin,
    CaseStatus,
    CloseReason,
    ContactOutcome,
    FlagKind,
    LegalBasis,
    NeedCode,
    NeedStatus,
    NeedTerm,
    Pathway,
    PlacementKind,
    PlanItemKind,
    Priority,
    ProviderKind,
    ServiceType,
    TeamRole,
    Wellbeing,
    Wish,
)
from sathi.core.labels import ChoiceLabels
from sathi.people.vocab import Language

USER = settings.AUTH_USER_MODEL


class Case(ChoiceLabels, models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    origin = models.CharField(_("how it began"), max_length=20, choices=CaseOrigin.choices)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("why it closed"), max_length=24, choices=CloseReason.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Caseload lists: open cases of an organisation by status.
            models.Index(fields=["organisation", "status"], name="case_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
                name="case_closed_has_date",
            ),
        ]


class CaseStatusChange(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    reason_sealed = models.BinaryField(null=True, blank=True)  # (sathi.people.sealing)
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at"]


class CaseMember(ChoiceLabels, models.Model):
    """The case team. Each member is also assigned to her, so the access policy follows the team."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="case_memberships")
    team_role = models.CharField(_("role in the case"), max_length=12, choices=TeamRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="casemember_unique")]


class CaseFlag(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("flag"), max_length=24, choices=FlagKind.choices)
    message_sealed = models.BinaryField(null=True, blank=True)  # a worker's own words; none on Sathi's flags
    placement = models.ForeignKey(
        "Placement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resolution_sealed = models.BinaryField(null=True, blank=True)  # how it was resolved

    class Meta:
        constraints = [
            # One open flag of a kind per placement, or per case for case-wide flags: checks run daily and
            # must not pile up. Two partial constraints, because SQLite has no NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["case", "kind", "placement"],
                name="caseflag_one_open_per_placement",
                condition=models.Q(resolved_at__isnull=True, placement__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["case", "kind"],
                name="caseflag_one_open_per_case",
                # a worker's own flags ("other") may be several at once
                condition=models.Q(resolved_at__isnull=True, placement__isnull=True)
                & ~models.Q(kind="other"),
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True) | models.Q(resolution_sealed__isnull=False),
                name="caseflag_resolution_sealed",
            ),
        ]
        indexes = [models.Index(fields=["case", "resolved_at"], name="caseflag_open")]


class Goal(models.Model):
    """Her goals in her own words (sealed)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    text_sealed = models.BinaryField()
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")


class PathwayChoice(ChoiceLabels, models.Model):
    """Her chosen pathway, as a dated history: choices change, and every one is hers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pathways")
    pathway = models.CharField(_("pathway"), max_length=16, choices=Pathway.choices)
    words_sealed = models.BinaryField(null=True, blank=True)
    stated_on = models.DateField(_("stated on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stated_on", "recorded_at"]


class Provider(ChoiceLabels, models.Model):
    """The directory of providers, so that caseworkers find services and do not duplicate them.

    Every provider is an organisation: one that works in Sathi, or an outside one entered by an organisation
    (with no members). So her consent to share "with a named organisation" covers both alike.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="provider"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ProviderKind.choices[1:])
    services = models.JSONField(_("services offered"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    areas = models.JSONField(_("districts served"), default=list)
    capacity = models.PositiveIntegerField(_("places free now"), null=True, blank=True)
    maintained_by = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def service_labels(self) -> list[str]:
        return [str(ServiceType(c).label) if c in ServiceType.values else c for c in self.services]

    @property
    def language_labels(self) -> list[str]:
        return [str(Language(code).label) if code in Language.values else code for code in self.languages]


class Need(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    code = models.CharField(_("need"), max_length=24, choices=NeedCode.choices)
    term = models.CharField(_("term"), max_length=8, choices=NeedTerm.choices)
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    agreement = models.CharField(
        _("their agreement"), max_length=16, choices=Agreement.choices, default=Agreement.NOT_DISCUSSED
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="need_unique_per_case")]


class ServiceRecord(ChoiceLabels, models.Model):
    """A service delivered. Notes are sealed and classed: counselling and medical notes are health."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    needs = models.ManyToManyField(Need, blank=True, related_name="services")
    delivered_on = models.DateField(_("date"))
    service_type = models.CharField(_("service"), max_length=24, choices=ServiceType.choices)
    provider_kind = models.CharField(_("provided by"), max_length=10, choices=ProviderKind.choices)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    staff = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    notes_sealed = models.BinaryField(null=True, blank=True)
    notes_class = models.CharField(max_length=10, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(provider_kind="this") | models.Q(provider__isnull=False),
                name="service_outside_names_provider",
            ),
        ]


class PlanItem(ChoiceLabels, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(_("kind"), max_length=10, choices=PlanItemKind.choices)
    description_sealed = models.BinaryField(null=True, blank=True)  # what (sathi.people.sealing)
    target_date = models.DateField(_("target date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)


class Placement(ChoiceLabels, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("kind of placement"), max_length=16, choices=PlacementKind.choices)
    facility_sealed = models.BinaryField(null=True, blank=True)  # location class
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    legal_basis = models.CharField(_("legal basis"), max_length=12, choices=LegalBasis.choices)
    order_date = models.DateField(_("date of the order"), null=True, blank=True)
    order_until = models.DateField(_("order valid until"), null=True, blank=True)
    entry_date = models.DateField(_("entry date"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    wish_at_entry = models.CharField(_("their wish at entry"), max_length=8, choices=Wish.choices)
    next_cwc_review = models.DateField(_("next CWC review"), null=True, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exit_date__isnull=True) | models.Q(exit_date__gte=models.F("entry_date")),
                name="placement_exit_after_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(legal_basis="voluntary") | models.Q(order_date__isnull=False),
                name="placement_order_dated",
            ),
        ]


class PlacementReview(ChoiceLabels, models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("review date"))
    wish = models.CharField(_("their wish"), max_length=8, choices=Wish.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "recorded_at"]


class FollowUp(ChoiceLabels, models.Model):
    """A scheduled follow-up contact, and what happened. Her own return to sex work and coercion or
    re-trafficking are separate questions, never one box."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    channel = models.CharField(_("how they were contacted"), max_length=24, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ContactOutcome.choices, blank=True)
    wellbeing = models.CharField(_("wellbeing"), max_length=8, choices=Wellbeing.choices, blank=True)
    safety_sealed = models.BinaryField(null=True, blank=True)  # violence-history class
    new_needs = models.JSONField(_("new needs"), default=list, blank=True)
    returned_by_choice = models.BooleanField(
        _("returned to sex work by their own choice"), null=True, blank=True
    )
    coerced = models.BooleanField(_("coerced or re-trafficked"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on"]
        indexes = [
            # "Due this week": open follow-ups by date.
            models.Index(
                fields=["due_on"], name="followup_open_due", condition=models.Q(done_on__isnull=True)
            ),
        ]


class Referral(ChoiceLabels, models.Model):
    """A referral sends a copy of the fields she agreed to share, never live access."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    sender = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    need = models.ForeignKey(Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    fields = models.JSONField(default=list)
    copy_sealed = models.BinaryField()
    copy_key_wrapped = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    decline_reason_sealed = models.BinaryField(null=True, blank=True)  # the receiver's words, under her key
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["receiver", "status"], name="referral_inbox")]
