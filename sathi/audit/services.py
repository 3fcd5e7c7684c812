"""log_action(): the one way to write an audit event."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from sathi.audit import actions
from sathi.audit.models import AuditChainHead, AuditEvent, scope_of
from sathi.core import prepared
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
    event = AuditEvent(
        organisation_id=org_id,
        actor_id=getattr(actor, "pk", actor),
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        fields=sorted(set(fields)),
        reason_given=reason_given,
        flagged=flagged,
        created_at=timezone.now(),
        key_id=key_id,
    )
    scope = scope_of(org_id)
    known = _known_heads().get(scope)
    if not (known is not None and _append_after(event, known, key.chain)):
        # No head known, or it moved since (another writer, a rolled-back transaction): lock a free one.
        # No savepoint inside the caller's transaction: two fewer round trips while the head is locked.
        with transaction.atomic(savepoint=False):
            head = _lock_free_head(org_id, prefer=_preferred_shard(scope, known))
            event.created_at = timezone.now()  # taken under the head's lock: a chain's times never go back
            _link(event, head.shard, head.last_seq, head.last_hash, key.chain)
            head.last_seq, head.last_hash = event.seq, event.hash
            _append(event, head)
            if known is not None and head.pk == known.id and head.last_seq - 1 > known.seq:
                _moved_by_another_writer(scope)  # another writer keeps to this shard too: move next time
            else:
                _remember(scope, head)
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


def _link(event: AuditEvent, shard: int, last_seq: int, last_hash: str, chain_key: bytes) -> None:
    """Make the event the next link after (last_seq, last_hash) of this shard's chain."""
    event.shard, event.seq, event.prev_hash = shard, last_seq + 1, last_hash
    event.hash = link_hash(chain_key, event.prev_hash, event.chain_content())


# --- the head each thread last wrote to, for one statement per append ---------------------------------
#
# A read's audit event (the commonest write) cost four round trips in autocommit: BEGIN, lock a free head,
# insert and move the head, COMMIT. Each thread (each has its own connection) remembers the head it last
# wrote to per scope: the next event is linked after that state in Python (the audit key never reaches the
# database) and inserted by one statement that moves the head only if it is still exactly that state and
# nobody holds it (a compare-and-swap under the same row lock, SKIP LOCKED: it never waits). If the head
# moved or is busy, nothing is written and the locked path above runs. The chain is the same chain: same
# keyed link, seq and prev_hash checked against the head row in the database, under its lock.


@dataclass(frozen=True)
class KnownHead:
    id: int
    scope: str
    shard: int
    seq: int
    hash: str


_local = threading.local()


def _known_heads() -> dict[str, KnownHead]:
    if connection.vendor != "postgresql":
        return {}
    heads = getattr(_local, "heads", None)
    if heads is None:
        heads = _local.heads = {}
        _local.prefer = {}
    return heads


def _remember(scope: str, head: AuditChainHead) -> None:
    if connection.vendor == "postgresql":
        _known_heads()[scope] = KnownHead(head.pk, scope, head.shard, head.last_seq, head.last_hash)


def _preferred_shard(scope: str, known: KnownHead | None) -> int | None:
    """The shard this thread keeps to: the one it last wrote to, or where it moved after sharing one."""
    if connection.vendor != "postgresql":
        return None
    moved = _local.prefer.pop(scope, None)
    return moved if moved is not None else (known.shard if known is not None else None)


def _moved_by_another_writer(scope: str) -> None:
    """Another process appends to the shard this thread keeps to: each would keep invalidating the other's
    known head, so this one moves to a shard chosen at random (spreading writers, not secrecy)."""
    _known_heads().pop(scope, None)
    _local.prefer[scope] = random.randrange(settings.SATHI_AUDIT_SHARDS)  # noqa: S311


def _append_after(event: AuditEvent, known: KnownHead, chain_key: bytes) -> bool:
    """One statement (PostgreSQL): insert the event linked after the known head and move the head, only if
    the head is still that state and not locked by another transaction. False: nothing was written."""
    if known.shard >= settings.SATHI_AUDIT_SHARDS:
        return False  # the shards were lowered: higher ones stay as they are
    _link(event, known.shard, known.seq, known.hash, chain_key)
    quote = connection.ops.quote_name
    columns = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    head_table, event_table = quote(AuditChainHead._meta.db_table), quote(AuditEvent._meta.db_table)
    names = ", ".join(quote(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Names come from the models, values are bound: nothing typed reaches the statement's text.
    sql = (
        f"WITH head AS (SELECT id FROM {head_table} WHERE id = %s AND scope = %s AND shard = %s"  # noqa: S608
        " AND last_seq = %s AND last_hash = %s FOR UPDATE SKIP LOCKED),"
        f" moved AS (UPDATE {head_table} h SET last_seq = %s, last_hash = %s FROM head"
        " WHERE h.id = head.id RETURNING h.id)"
        f" INSERT INTO {event_table} ({names}) SELECT {marks} FROM moved RETURNING id"
    )
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in columns]
    params = [known.id, known.scope, known.shard, known.seq, known.hash, event.seq, event.hash, *values]
    with connection.cursor() as cursor:  # prepared once per connection: the commonest write of all
        (rows,) = prepared.run(cursor, [(sql, len(params))], params)
    if not rows:
        return False
    event.pk = rows[0][0]
    event._state.adding = False
    _known_heads()[known.scope] = KnownHead(known.id, known.scope, known.shard, event.seq, event.hash)
    return True


def _lock_free_head(org_id: int | None, prefer: int | None = None) -> AuditChainHead:
    """Lock the head of a shard nobody else is writing to, so that concurrent writers do not queue.

    The lock lasts until the caller's transaction ends. On PostgreSQL `SKIP LOCKED` passes over heads other
    transactions hold (never over one this transaction already holds), so a writer waits only when every
    shard is busy; `prefer` (the shard this thread keeps to) first when it is free, else the lowest free
    one. SQLite allows one writer at a time anyway and keeps one shard.
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
    order = ("shard",)
    if prefer is not None:
        order = (Case(When(shard=prefer, then=Value(0)), default=Value(1)), "shard")
    head = heads.select_for_update(skip_locked=True).order_by(*order).first()
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
        head = heads.select_for_update(skip_locked=True).order_by(*order).first()
        if head is not None:
            return head
    # Every shard is busy: wait for one, chosen at random so that waiters do not all queue on the same.
    shards_now = list(heads.values_list("shard", flat=True))
    return heads.select_for_update().get(shard=random.choice(shards_now))  # noqa: S311 (spreading, not secrecy)
