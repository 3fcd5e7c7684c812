from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    """One action (DESIGN rule 6): who, what, on which record, which fields (names, never values), why.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger refuses them too
    (migration 0002). Each event commits to the one before it in its organisation (hash chain).
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True)
    seq = models.PositiveBigIntegerField()
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("record type"), max_length=64, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    fields = models.JSONField(_("fields"), default=list)
    reason = models.TextField(_("reason"), blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    created_at = models.DateTimeField(_("time"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "seq"], name="audit_unique_seq"),
        ]
        indexes = [
            # The auditor's page filters by organisation and time, newest first.
            models.Index(fields=["organisation", "-created_at"], name="audit_org_time"),
            # "Who looked at this person?" is the most common audit question.
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def chain_content(self) -> dict:
        return {
            "organisation": self.organisation_id,
            "seq": self.seq,
            "actor": self.actor_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "fields": self.fields,
            "reason": self.reason,
            "flagged": self.flagged,
            "created_at": self.created_at.isoformat(),
        }

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditChainHead(models.Model):
    """The latest link of each organisation's chain; locked while a new event is appended."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.PROTECT, null=True)
    scope = models.CharField(max_length=32, unique=True)  # "org:<id>" or "system"
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
