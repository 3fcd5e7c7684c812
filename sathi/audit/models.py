from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    """One action (DESIGN rule 6): who, what, on which record, which fields (names, never values).

    A reason is never copied here: the event says that one was given and points at the record that holds
    it (sealed), so the log is no second copy of case content.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger refuses them too
    (migration 0002). Each event commits to the one before it in its chain: one organisation's events are
    spread over a few shards so that concurrent writers do not queue on one row, and each shard is its own
    keyed hash chain (sathi.lib.hashchain). Signed checkpoints outside the database anchor every shard.
    """

    # No foreign-key constraint in the database: its check would lock the organisation's and the actor's
    # rows (FOR KEY SHARE, written to the WAL) on every append, so that every concurrent writer of an
    # organisation shares one locked row again. Only log_action writes here, with ids it was given by
    # records that exist; Django still refuses to delete an organisation or a user that events name
    # (PROTECT), and the append-only trigger refuses it in the database. No index of the organisation
    # alone: audit_unique_seq and audit_org_time both begin with it.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, db_constraint=False, db_index=False
    )
    shard = models.PositiveSmallIntegerField(default=0)
    seq = models.PositiveBigIntegerField()
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+", db_constraint=False
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("record type"), max_length=64, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    fields = models.JSONField(_("fields"), default=list)
    reason_given = models.BooleanField(_("a reason was given"), default=False)
    flagged = models.BooleanField(_("flagged"), default=False)
    created_at = models.DateTimeField(_("time"))
    key_id = models.CharField(max_length=32)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "shard", "seq"], name="audit_unique_seq"),
        ]
        indexes = [
            # The auditor's page filters by organisation and time, newest first.
            models.Index(fields=["organisation", "-created_at"], name="audit_org_time"),
            # "Who looked at this person?" is the most common audit question.
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    @property
    def chain(self) -> str:
        return chain_name(self.organisation_id, self.shard)

    @property
    def action_label(self) -> str:
        from sathi.audit.actions import label

        return label(self.action)

    def _target_model(self):
        from django.apps import apps

        try:
            return apps.get_model(self.target_type) if "." in self.target_type else None
        except LookupError:
            return None

    @property
    def target_label(self) -> str:
        """The record's kind in words ("incident"), not its model label ("violations.incident")."""
        model = self._target_model()
        return str(model._meta.verbose_name) if model else self.target_type

    @property
    def field_labels(self) -> list[str]:
        """The changed fields' names in words, as the forms call them, not the columns' names."""
        model = self._target_model()
        labels = []
        for name in self.fields:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name) if model else name)
            except Exception:  # a field no longer on the model, or a name that was never one: shown as kept
                labels.append(str(name).replace("_", " "))
        return labels

    def chain_content(self) -> dict:
        return {
            "organisation": self.organisation_id,
            "shard": self.shard,
            "seq": self.seq,
            "actor": self.actor_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "fields": self.fields,
            "reason_given": self.reason_given,
            "flagged": self.flagged,
            "created_at": self.created_at.isoformat(),
            "key_id": self.key_id,
        }

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


def scope_of(organisation_id: int | None) -> str:
    return f"org:{organisation_id}" if organisation_id else "system"


def chain_name(organisation_id: int | None, shard: int) -> str:
    """How verification reports and checkpoints name one chain: `org:3/0`, `system/2`."""
    return f"{scope_of(organisation_id)}/{shard}"


class AuditChainHead(models.Model):
    """The latest link of one shard's chain; locked while a new event is appended to it."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True)
    scope = models.CharField(max_length=32)  # "org:<id>" or "system"
    shard = models.PositiveSmallIntegerField(default=0)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "shard"], name="audit_head_unique_shard")]

    @property
    def chain(self) -> str:
        return f"{self.scope}/{self.shard}"
