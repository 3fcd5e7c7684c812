"""log_action(): the one way to write an audit event."""

from __future__ import annotations

import random
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from sathi.audit import actions
from sathi.audit.models import AuditChainHead, AuditEvent, scope_of
from sathi.core.keyring import keyring
from sathi.lib.hashchain import GENESIS, link_hash


def log_action(
    *,
    actor,
    organisation,
    action: str,
    target=None,
    target_type: str = "",
    target_id: str = "",
    fields: Iterable[str] = (),
    reason_given: bool = False,
    flagged: bool = False,
) -> AuditEvent:
    """Append an event to one of the organisation's chains. Call inside the service's transaction.

    `action` is a code registered in sathi/audit/actions.py. `fields` are field *names*; values never
    enter the audit log. A reason's text never does either:
    `reason_given` says there is one, and `target` is the record that holds it.
    """
    actions.require(action)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    org_id = getattr(organisation, "pk", organisation)
    key_id, key = keyring().active_audit
    # No savepoint inside the caller's transaction: two fewer round trips while the shard's head is locked.
    with transaction.atomic(savepoint=False):
        head = _lock_free_head(org_id)
        event = AuditEvent(
            organisation_id=org_id,
            shard=head.shard,
            seq=head.last_seq + 1,
            actor_id=getattr(actor, "pk", actor),
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            fields=sorted(set(fields)),
            reason_given=reason_given,
            flagged=flagged,
            created_at=timezone.now(),
            key_id=key_id,
            prev_hash=head.last_hash,
        )
        event.hash = link_hash(key.chain, event.prev_hash, event.chain_content())
        head.last_seq, head.last_hash = event.seq, event.hash
        _append(event, head)
    every = settings.SATHI_AUDIT_CHECKPOINT_EVERY
    if every and event.seq % every == 0:
        from sathi.audit.tasks import audit_checkpoint

        transaction.on_commit(audit_checkpoint.enqueue)
    return event


def log_member_action(member, action: str, target, fields: Iterable[str] = (), **extra) -> AuditEvent:
    """The event of a member (a user acting for an organisation) in that organisation's chain: the one
    call every service makes."""
    return log_action(
        actor=member.user_id,
        organisation=member.organisation_id,
        action=action,
        target=target,
        fields=fields,
        **extra,
    )


def _append(event: AuditEvent, head: AuditChainHead) -> None:
    """Insert the event and move its chain's head. On PostgreSQL one statement (a data-modifying CTE):
    every audited read pays for this while the head is locked, so one round trip fewer is worth it."""
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        head.save(update_fields=["last_seq", "last_hash"])
        return
    quote = connection.ops.quote_name
    columns = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    head_table, event_table = quote(AuditChainHead._meta.db_table), quote(AuditEvent._meta.db_table)
    names = ", ".join(quote(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Names come from the models, values are bound: nothing typed reaches the statement's text.
    sql = f"WITH moved AS (UPDATE {head_table} SET last_seq = %s, last_hash = %s WHERE id = %s) INSERT INTO {event_table} ({names}) VALUES ({marks}) RETURNING id"  # noqa: S608, E501
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, [head.last_seq, head.last_hash, head.pk, *values])
        event.pk = cursor.fetchone()[0]
    event._state.adding = False


def _lock_free_head(org_id: int | None) -> AuditChainHead:
    """Lock the head of a shard nobody else is writing to, so that concurrent writers do not queue.

    The lock lasts until the caller's transaction ends. On PostgreSQL `SKIP LOCKED` passes over heads other
    transactions hold (never over one this transaction already holds), so a writer waits only when every
    shard is busy. SQLite allows one writer at a time anyway and keeps one shard.
    """
    scope = scope_of(org_id)
    shards = settings.SATHI_AUDIT_SHARDS
    heads = AuditChainHead.objects.filter(
        scope=scope, shard__lt=shards
    )  # lowered: higher shards stay as they are
    if connection.vendor != "postgresql":
        head, _ = AuditChainHead.objects.get_or_create(
            scope=scope, shard=0, defaults={"organisation_id": org_id, "last_hash": GENESIS}
        )
        return AuditChainHead.objects.select_for_update().get(pk=head.pk)
    head = heads.select_for_update(skip_locked=True).order_by("shard").first()
    if head is not None:
        return head
    if heads.count() < shards:
        AuditChainHead.objects.bulk_create(
            [
                AuditChainHead(scope=scope, shard=n, organisation_id=org_id, last_hash=GENESIS)
                for n in range(shards)
            ],
            ignore_conflicts=True,
        )
        head = heads.select_for_update(skip_locked=True).order_by("shard").first()
        if head is not None:
            return head
    # Every shard is busy: wait for one, chosen at random so that waiters do not all queue on the same.
    shards_now = list(heads.values_list("shard", flat=True))
    return heads.select_for_update().get(shard=random.choice(shards_now))  # noqa: S311 (spreading, not secrecy)
