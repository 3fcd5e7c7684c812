"""Self-Regulatory Boards and Palermo screening (PRIMER flows A and B; seed 002)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.screening.vocab import BroughtBy, Classification, LabourSector, MemberCategory, SiteEventKind

USER = settings.AUTH_USER_MODEL


class Board(models.Model):
    """A Self-Regulatory Board for one red-light area, run by an organisation."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    quorum = models.PositiveSmallIntegerField(_("members needed to decide"), default=8)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "area"], name="board_one_per_area")]

    def __str__(self) -> str:
        return self.name


class BoardMember(ChoiceLabels, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    name_sealed = models.BinaryField()  # a sex-worker member's name is as sensitive as anyone's
    category = models.CharField(_("category"), max_length=20, choices=MemberCategory.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="boardmember_term_ordered",
            )
        ]


class Sitting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="sittings")
    held_on = models.DateField(_("date"))
    members_present = models.ManyToManyField(BoardMember, related_name="sittings")
    minutes_sealed = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")


class Presentation(ChoiceLabels, models.Model):
    """A new woman or girl presents herself to the board, voluntarily."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="presentations")
    sitting = models.ForeignKey(
        Sitting, on_delete=models.SET_NULL, null=True, blank=True, related_name="presentations"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="presentations")
    presented_on = models.DateField(_("date of presenting to the board"))
    arrived_on = models.DateField(_("date of arrival in the area"))
    site = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    brought_by = models.CharField(_("who brought them"), max_length=16, choices=BroughtBy.choices)
    account_sealed = models.BinaryField(null=True, blank=True)  # her own words; violence-history class
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(presented_on__gte=models.F("arrived_on")),
                name="presentation_after_arrival",
            ),
        ]
        indexes = [models.Index(fields=["board", "presented_on"], name="presentation_board_date")]


class SiteEvent(ChoiceLabels, models.Model):
    """A refusal to bring a new entrant, or a concealed entrant: an event against the site, not a person."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="site_events")
    site = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what happened"), max_length=12, choices=SiteEventKind.choices)
    occurred_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")


class Screening(ChoiceLabels, models.Model):
    """Palermo screening by a board or any caseworker, with Sathi's suggestion and its reasons."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="screenings")
    presentation = models.OneToOneField(
        Presentation, on_delete=models.PROTECT, null=True, blank=True, related_name="screening"
    )
    acts = models.JSONField(null=True, blank=True)  # None: not asked
    means = models.JSONField(null=True, blank=True)
    control_since = models.JSONField(default=list, blank=True)
    purposes = models.JSONField(null=True, blank=True)
    labour_sector = models.CharField(
        _("sector of forced labour"), max_length=16, choices=LabourSector.choices, blank=True
    )
    # Which period and site of the person's life the screening is about: a life holds several entries
    # and exits (Jasmine, Mamata, Rahima in seed 000), and each may read differently under Palermo.
    period_from = models.DateField(_("about the period from"), null=True, blank=True)
    period_to = models.DateField(_("until"), null=True, blank=True)
    site = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    site_words_sealed = models.BinaryField(null=True, blank=True)  # a site not in the places list; location
    came_without_force = models.BooleanField(_("came without force or coercion"), null=True, blank=True)
    irregular_crossing_consented = models.BooleanField(default=False)
    consent_words_sealed = models.BinaryField(null=True, blank=True)  # violence-history class
    age_status = models.CharField(max_length=10)  # her age status when screened
    suggestions = models.JSONField(default=list)  # [{reading, classification, reasons}]
    screened_on = models.DateField(_("date"))
    screened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_from__isnull=True)
                | models.Q(period_to__isnull=True)
                | models.Q(period_to__gte=models.F("period_from")),
                name="screening_period_ordered",
            ),
        ]


class Decision(ChoiceLabels, models.Model):
    """What the board or caseworker decided. A decision that differs from the suggestion carries a reason;
    police involvement is never a default and always carries one (002)."""

    screening = models.OneToOneField(Screening, on_delete=models.PROTECT, related_name="decision")
    classification = models.CharField(_("decision"), max_length=32, choices=Classification.choices)
    # Free text is sealed under her key (sathi.people.sealing): why the decision differs from the suggestion,
    # the removal and reintegration plan with social welfare, why the police were involved.
    differs_reason_sealed = models.BinaryField(null=True, blank=True)
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # adult by her own decision: what was done anyway
    rules_explained = models.BooleanField(default=False)
    offered_health = models.BooleanField(default=False)
    offered_savings = models.BooleanField(default=False)
    offered_legal_aid = models.BooleanField(default=False)
    offered_membership = models.BooleanField(default=False)
    # removal with the social welfare department
    counselling_sessions = models.PositiveSmallIntegerField(default=0)
    social_welfare_plan_sealed = models.BinaryField(null=True, blank=True)
    police_involved = models.BooleanField(default=False)
    police_reason_sealed = models.BinaryField(null=True, blank=True)
    removed_on = models.DateField(_("date of removal"), null=True, blank=True)
    # A path home: refused while the safety check of her household has a flag without a plan.
    reintegrate_with_family = models.BooleanField(_("to be reintegrated with the family"), default=False)
    case = models.ForeignKey("care.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("date"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(police_involved=True) | models.Q(police_reason_sealed__isnull=False),
                name="decision_police_has_sealed_reason",
            ),
        ]


class ReappearanceAlert(models.Model):
    """A removed minor presenting again (seed 002, "re-entry after removal"). It goes to the board and the
    organisation that removed her, who must act; the board she presents to now is told only that an earlier
    decision exists, and its content only if her consent to share with its organisation allows."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    # The board that removed her (none when an outreach worker decided without a board).
    board = models.ForeignKey(Board, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts")
    presented_to = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="notices")
    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="+")
    earlier_decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            # The home page lists an organisation's alerts not yet acknowledged.
            models.Index(
                fields=["organisation", "raised_at"],
                name="alert_open",
                condition=models.Q(acknowledged_at__isnull=True),
            ),
        ]
