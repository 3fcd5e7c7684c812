"""log_action(): the one way to write an audit event."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from sathi.audit.models import AuditChainHead, AuditEvent
from sathi.lib.hashchain import GENESIS, Break, link_hash, verify_chain


def _scope(organisation_id: int | None) -> str:
    return f"org:{organisation_id}" if organisation_id else "system"


def log_action(
    *,
    actor,
    organisation,
    action: str,
    target=None,
    target_type: str = "",
    target_id: str = "",
    fields: Iterable[str] = (),
    reason: str = "",
    flagged: bool = False,
) -> AuditEvent:
    """Append an event to the organisation's chain. Call inside the service's transaction.

    `fields` are field *names*; values never enter the audit log.
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    org_id = getattr(organisation, "pk", organisation)
    with transaction.atomic():
        # The head row is the lock that keeps each chain a single line under concurrent writers.
        head, _ = AuditChainHead.objects.get_or_create(
            scope=_scope(org_id), defaults={"organisation_id": org_id, "last_hash": GENESIS}
        )
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
        event = AuditEvent(
            organisation_id=org_id,
            seq=head.last_seq + 1,
            actor_id=getattr(actor, "pk", actor),
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            fields=sorted(set(fields)),
            reason=reason,
            flagged=flagged,
            created_at=timezone.now(),
            prev_hash=head.last_hash,
        )
        event.hash = link_hash(event.prev_hash, event.chain_content())
        event.save(force_insert=True)
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


def verify_all() -> list[tuple[str, Break]]:
    """Every chain's first break, if any. Also checks each chain's head still matches its last event."""
    breaks: list[tuple[str, Break]] = []
    org_ids = AuditEvent.objects.values_list("organisation_id", flat=True).distinct()
    for org_id in sorted(set(org_ids), key=lambda x: (x is None, x or 0)):
        rows = (
            AuditEvent.objects.filter(organisation_id=org_id).order_by("seq", "pk").iterator(chunk_size=5000)
        )
        links = ((e.seq, e.pk, e.prev_hash, e.hash, e.chain_content()) for e in rows)
        found = verify_chain(links)
        if found is None:
            head = AuditChainHead.objects.filter(scope=_scope(org_id)).first()
            last = AuditEvent.objects.filter(organisation_id=org_id).order_by("-seq").first()
            if head and last and (head.last_seq != last.seq or head.last_hash != last.hash):
                found = Break(last.seq, last.pk, "the chain's end was removed")
        if found is not None:
            breaks.append((_scope(org_id), found))
    return breaks
