"""Rights violations and raids: incidents, acts, involvements, responses, evidence (issue 6; PRIMER flow E).

Everything here is the violence-history class. An incident belongs to the organisation, so what it says in
words (description, sources, notes, evidence) is sealed with the organisation's key; a person's own account
is sealed with her key when she is a person in Sathi. Perpetrators are never people in the register: there is
no relation from a perpetrator to people.Person, and officials are recorded by office and station.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.people.vocab import Gender
from sathi.violations.vocab import (
    AgeBand,
    Confidentiality,
    DatePrecision,
    Degree,
    EvidenceKind,
    Force,
    IncidentType,
    LegalBasis,
    OutcomeKind,
    OwnDecision,
    PerpetratorType,
    Reliability,
    ResponseAction,
    ResponseOutcome,
    SourceKind,
    Undertaking,
    Verification,
)

USER = settings.AUTH_USER_MODEL


class Incident(ChoiceLabels, models.Model):
    """An event: what happened, when, where, and how sure we are."""

    # UUIDs so that a row's id is known before it is written: ciphertexts are bound to it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    incident_type = models.CharField(_("what happened"), max_length=24, choices=IncidentType.choices)
    start_date = models.DateField(_("from"))  # the first day of its period
    start_precision = models.CharField(
        _("how exactly the start is known"), max_length=5, choices=DatePrecision.choices
    )
    end_date = models.DateField(_("until"), null=True, blank=True)  # the last day of its period
    end_precision = models.CharField(
        _("how exactly the end is known"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    # A site (the organisation's own), a red-light area or a district; the district is kept beside it, so
    # that anything shared or counted is at district level and never names a site.
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    description_sealed = models.BinaryField(null=True, blank=True)
    verification = models.CharField(_("verification"), max_length=10, choices=Verification.choices)
    confidentiality = models.CharField(
        _("who may see it"), max_length=10, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # A peer worker's record waits for a caseworker's or supervisor's review (issue 14, item 5).
    needs_review = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="incident_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True, end_precision="")
                | models.Q(end_date__isnull=False) & ~models.Q(end_precision=""),
                name="incident_end_has_precision",
            ),
        ]
        indexes = [
            # The raid report: an organisation's incidents of one type in one district over a period.
            models.Index(
                fields=["organisation", "incident_type", "district", "start_date"], name="incident_report"
            ),
            # The list page: an organisation's incidents, newest first.
            models.Index(fields=["organisation", "-start_date"], name="incident_recent"),
        ]


class Source(ChoiceLabels, models.Model):
    """Where we know it from, and how far that source is to be relied on. Who the source is stays sealed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    reliability = models.CharField(_("reliability"), max_length=16, choices=Reliability.choices)
    note_sealed = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class RaidDetails(ChoiceLabels, models.Model):
    """The facts of a raid (seed 001). Undertakings are recorded per person affected, not here."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, primary_key=True, related_name="raid")
    agencies = models.JSONField(_("who conducted it"), default=list, blank=True)
    agency_names = models.JSONField(_("police station or unit, by name"), default=list, blank=True)
    legal_basis = models.CharField(_("legal basis stated"), max_length=12, choices=LegalBasis.choices)
    itpa_sections = models.JSONField(_("sections of the ITPA invoked"), default=list, blank=True)
    warrant_shown = models.BooleanField(_("a warrant was shown"), null=True, blank=True)
    picked_up_known = models.PositiveIntegerField(_("persons picked up (known)"), default=0)
    picked_up_estimated = models.PositiveIntegerField(
        _("persons picked up (estimated)"), null=True, blank=True
    )
    minors_per_police = models.PositiveIntegerField(
        _("recorded as minors by the police"), null=True, blank=True
    )
    minors_verified = models.PositiveIntegerField(_("minors by verified age"), null=True, blank=True)
    force_used = models.CharField(
        _("force used"), max_length=10, choices=Force.choices, default=Force.NOT_KNOWN
    )
    held_at = models.JSONField(_("where people were held"), default=list, blank=True)
    held_hours = models.PositiveIntegerField(_("how long they were held (hours)"), null=True, blank=True)
    phones_taken = models.PositiveIntegerField(_("phones taken"), null=True, blank=True)
    phones_returned = models.PositiveIntegerField(_("phones returned"), null=True, blank=True)
    money_taken = models.BooleanField(_("money taken"), null=True, blank=True)
    money_returned = models.BooleanField(_("money returned"), null=True, blank=True)
    legal_counsel = models.BooleanField(_("legal counsel given"), null=True, blank=True)
    media_present = models.BooleanField(_("media present"), null=True, blank=True)
    collective_told = models.BooleanField(
        _("the collective or board was told beforehand"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(picked_up_estimated__isnull=True)
                | models.Q(picked_up_estimated__gte=models.F("picked_up_known")),
                name="raid_estimate_not_below_known",
            ),
            # Never more minors than persons picked up (the larger of the known and estimated numbers).
            models.CheckConstraint(
                condition=models.Q(minors_per_police__isnull=True)
                | models.Q(minors_per_police__lte=models.F("picked_up_known"))
                | models.Q(
                    picked_up_estimated__isnull=False, minors_per_police__lte=models.F("picked_up_estimated")
                ),
                name="raid_police_minors_within_picked_up",
            ),
            models.CheckConstraint(
                condition=models.Q(minors_verified__isnull=True)
                | models.Q(minors_verified__lte=models.F("picked_up_known"))
                | models.Q(
                    picked_up_estimated__isnull=False, minors_verified__lte=models.F("picked_up_estimated")
                ),
                name="raid_verified_minors_within_picked_up",
            ),
            models.CheckConstraint(
                condition=models.Q(phones_returned__isnull=True)
                | models.Q(phones_taken__isnull=False, phones_returned__lte=models.F("phones_taken")),
                name="raid_phones_returned_within_taken",
            ),
        ]


class AffectedPerson(ChoiceLabels, models.Model):
    """One person affected, and what was done to her. She is a person in Sathi, or an anonymous record (age
    band and gender, no name) when she does not want a record; her account is sealed with her key in the
    first case and with the organisation's key in the second."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, default=Gender.UNDISCLOSED)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    picked_up = models.BooleanField(_("picked up"), default=False)
    acts = models.JSONField(_("what was done to them"), default=list, blank=True)
    consequences = models.JSONField(_("consequences"), default=list, blank=True)
    own_decision = models.CharField(
        _("said they are in sex work by their own decision"),
        max_length=10,
        choices=OwnDecision.choices,
        default=OwnDecision.NOT_ASKED,
    )
    undertaking = models.CharField(
        _("undertaking"), max_length=24, choices=Undertaking.choices, default=Undertaking.NOT_KNOWN
    )
    account_sealed = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "person"],
                condition=models.Q(person__isnull=False),
                name="affected_once_per_incident",
            ),
        ]


class Perpetrator(ChoiceLabels, models.Model):
    """An involvement: who did it, and how far. Deliberately no relation to people.Person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="perpetrators")
    perpetrator_type = models.CharField(_("who"), max_length=16, choices=PerpetratorType.choices)
    degree = models.CharField(_("degree of involvement"), max_length=10, choices=Degree.choices)
    # An official's office or rank and station, sealed (sathi.people.sealing): together they name one person.
    office_sealed = models.BinaryField(null=True, blank=True)
    station_sealed = models.BinaryField(null=True, blank=True)
    number = models.PositiveSmallIntegerField(_("how many"), default=1)
    note_sealed = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(perpetrator_type__in=["police", "other_official"])
                | models.Q(office_sealed__isnull=True, station_sealed__isnull=True),
                name="perpetrator_sealed_office_only_for_officials",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="perpetrator_at_least_one"),
        ]


class Response(ChoiceLabels, models.Model):
    """An action taken on an incident (REAct: every documented case is tied to a response)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="responses")
    affected = models.ForeignKey(
        AffectedPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    action = models.CharField(_("action"), max_length=20, choices=ResponseAction.choices)
    reported_at = models.DateTimeField(_("reported"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ResponseOutcome.choices, default=ResponseOutcome.PENDING
    )
    note_sealed = models.BinaryField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_response_at__isnull=True)
                | models.Q(first_response_at__gte=models.F("reported_at")),
                name="response_first_after_reported",
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True)
                | models.Q(first_response_at__isnull=False, resolved_at__gte=models.F("first_response_at")),
                name="response_resolved_after_first",
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True) | ~models.Q(outcome="pending"),
                name="response_resolved_has_outcome",
            ),
        ]


class Outcome(ChoiceLabels, models.Model):
    """What became of a person picked up in a raid, over time. Each is dated; none is a judgement."""

    affected = models.ForeignKey(AffectedPerson, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("what became of them"), max_length=12, choices=OutcomeKind.choices)
    on = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    against_her_wish = models.BooleanField(_("against their wish"), null=True, blank=True)
    later_incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("on")),
                name="outcome_until_after_on",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="shelter")
                | models.Q(against_her_wish__isnull=True, until__isnull=True),
                name="outcome_wish_and_end_only_for_shelter",
            ),
            # Released once per raid: the report counts those released.
            models.UniqueConstraint(
                fields=["affected"], condition=models.Q(kind="released"), name="outcome_released_once"
            ),
        ]


class EvidenceFile(ChoiceLabels, models.Model):
    """A photo, FIR copy, undertaking or medical report. Sealed with the organisation's key under a name that
    says nothing; images are re-encoded on upload so that no EXIF or GPS survives; the hash is of what is
    stored. Never in an export."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind of evidence"), max_length=16, choices=EvidenceKind.choices)
    name_sealed = models.BinaryField()
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=100)
    metadata_stripped = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
