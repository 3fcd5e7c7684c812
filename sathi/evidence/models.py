"""The release ledger, community alerts and the DHIS2 mapping.

A Release is one figure that left Sathi: which catalogue table, with which parameters, the numbers exactly as
they went out (suppressed cells as null: the hidden values are never stored), a hash of them, who, when, by
which door and for which purpose. The ledger's differencing check reads earlier releases' published numbers
back from here (sathi.evidence.ledger).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.evidence.vocab import AlertDanger, ReleaseDoor, ReleaseFormat, ReleasePurpose

USER = settings.AUTH_USER_MODEL


class Release(ChoiceLabels, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    table = models.CharField(_("table"), max_length=40)
    parameters = models.JSONField()  # period, place level, breakdown: codes and labels, no person
    published = models.JSONField()  # the protected numbers as they left: row and column keys, counts, nulls
    suppressed = models.PositiveIntegerField(default=0)
    suppressed_for_differencing = models.PositiveIntegerField(default=0)
    values_sha256 = models.CharField(max_length=64)
    door = models.CharField(_("how it left"), max_length=10, choices=ReleaseDoor.choices)
    fmt = models.CharField(_("format"), max_length=8, choices=ReleaseFormat.choices)
    purpose = models.CharField(_("purpose"), max_length=16, choices=ReleasePurpose.choices)
    released_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released on"), auto_now_add=True)

    class Meta:
        ordering = ["-released_at"]
        indexes = [
            # The differencing check reads the earlier releases of one table of one organisation.
            models.Index(fields=["organisation", "table", "released_at"], name="release_org_table"),
        ]


class Alert(ChoiceLabels, models.Model):
    """A warning to the collective about a danger, written from an incident whose affected person consented
    to community alerts. It names the danger, never her."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey("violations.Incident", on_delete=models.PROTECT, related_name="+")
    danger = models.CharField(_("danger"), max_length=16, choices=AlertDanger.choices)
    text_sealed = models.BinaryField()  # (sathi.people.sealing): the organisation's key
    areas = models.ManyToManyField("places.Place", related_name="+", verbose_name=_("areas"))
    expires_on = models.DateField(_("shown until"))
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at"]
        indexes = [models.Index(fields=["organisation", "expires_on"], name="alert_org_expiry")]


class MemberArea(models.Model):
    """An area (a district or a block) a member of the collective receives alerts for."""

    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "place"], name="member_area_once")]


class Dhis2Mapping(models.Model):
    """Where one catalogue table's cells go in an organisation's DHIS2: organisation units for its rows and a
    data element with a category option combo for its columns, all by code (idScheme=code)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    table = models.CharField(max_length=40)
    org_units = models.JSONField(default=dict)  # row key -> organisation unit code
    cells = models.JSONField(default=dict)  # column key -> {"dataElement": code, "categoryOptionCombo": code}
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "table"], name="dhis2_mapping_once")]
