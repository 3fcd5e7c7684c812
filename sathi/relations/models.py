"""The social-relations map, the life course, and the reintegration safety check (issue 5; seed 000).

Everything here is the violence-history class: only roles that may see it see any of it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.relations.vocab import (
    Attitude,
    Choice,
    Domain,
    EntryRole,
    EventKind,
    Factor,
    HerWish,
    Kind,
    Quality,
    Stigma,
    Suggestion,
)

USER = settings.AUTH_USER_MODEL


class Relation(ChoiceLabels, models.Model):
    """A person or institution in her life: another person in Sathi, or a contact known only to this map."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name_sealed = models.BinaryField(null=True, blank=True)  # a contact's name, under her key
    domain = models.CharField(_("where in the person's life"), max_length=12, choices=Domain.choices)
    kind = models.CharField(_("who"), max_length=20, choices=Kind.choices)
    entry_role = models.CharField(
        _("part in the person's entry"), max_length=16, choices=EntryRole.choices, blank=True
    )
    in_contact = models.BooleanField(_("in contact now"), null=True, blank=True)
    safe_to_contact = models.BooleanField(_("safe to contact"), null=True, blank=True)
    # the same person as a contact recorded elsewhere (never a cycle)
    same_as = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(other__isnull=False) | models.Q(name_sealed__isnull=False),
                name="relation_names_someone",
            ),
        ]


class RelationQuality(ChoiceLabels, models.Model):
    """Dated qualities, because relations change: support, control, violence."""

    relation = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="qualities")
    quality = models.CharField(_("quality"), max_length=24, choices=Quality.choices)
    from_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_year__isnull=True)
                | models.Q(to_year__isnull=True)
                | models.Q(to_year__gte=models.F("from_year")),
                name="quality_ends_after_start",
            ),
        ]


class SiteHistory(models.Model):
    """A site of sex work in her history: violence differs by site (Jasmine in Kalighat, 000)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="site_history")
    site_type = models.CharField(_("kind of site"), max_length=20)
    with_madam_or_owner = models.BooleanField(_("with a madam or owner"), default=False)
    controls_earnings = models.BooleanField(_("someone controlled the person's earnings"), default=False)
    controls_movement = models.BooleanField(_("someone controlled the person's movement"), default=False)
    violence = models.BooleanField(_("violence there"), default=False)
    from_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    @property
    def site_type_label(self) -> str:
        from sathi.places.models import SiteType

        return str(SiteType(self.site_type).label) if self.site_type in SiteType.values else self.site_type


class LifeEvent(ChoiceLabels, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="life_events")
    kind = models.CharField(_("what happened"), max_length=24, choices=EventKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    age = models.PositiveSmallIntegerField(_("the person's age then"), null=True, blank=True)
    note_sealed = models.BinaryField(null=True, blank=True)
    relations = models.ManyToManyField(Relation, blank=True, related_name="events")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=False) | models.Q(age__isnull=False), name="lifeevent_dated"
            ),
        ]


class LifeFactor(ChoiceLabels, models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="factors")
    factor = models.CharField(_("factor"), max_length=24, choices=Factor.choices)
    events = models.ManyToManyField(LifeEvent, blank=True, related_name="factors")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "factor"], name="lifefactor_once")]


class SafetyCheck(ChoiceLabels, models.Model):
    """A structured Home Inquiry Report on one household (004), with the flags Sathi derives from the map."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="safety_checks")
    household = models.CharField(_("household"), max_length=12, choices=Domain.choices)
    members = models.ManyToManyField(Relation, related_name="+")
    attitude = models.CharField(
        _("the family's attitude to the person's return"), max_length=12, choices=Attitude.choices
    )
    stigma = models.CharField(_("stigma in the community"), max_length=8, choices=Stigma.choices)
    economic_sealed = models.BinaryField(null=True, blank=True)
    her_wish = models.CharField(_("the person's own wish"), max_length=12, choices=HerWish.choices)
    flags = models.JSONField(default=list)
    work_on = models.JSONField(default=list)  # ids of relations to work on before any return
    suggestion = models.CharField(_("Sathi suggests"), max_length=20, choices=Suggestion.choices)
    choice = models.CharField(_("decision"), max_length=12, choices=Choice.choices, default=Choice.NOT_YET)
    # For a return home: the flags that have a plan ({flag: true}); what will be done about each, in the
    # worker's words, is sealed under her key as {flag: words} (sathi.people.sealing).
    plan = models.JSONField(default=dict)
    plan_sealed = models.BinaryField(null=True, blank=True)
    checked_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-checked_on", "-pk"]
