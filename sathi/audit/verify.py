"""Verification of every audit chain: each shard's keyed hash chain, and its head row."""

from __future__ import annotations

from collections.abc import Iterator

from sathi.audit.models import AuditChainHead, AuditEvent, chain_name, scope_of
from sathi.core.keyring import keyring
from sathi.lib.hashchain import Break, Link, verify_chain


def chains() -> list[tuple[int | None, int]]:
    """(organisation id, shard) of every chain that holds an event, in a stable order."""
    pairs = set(AuditEvent.objects.values_list("organisation_id", "shard").distinct())
    return sorted(pairs, key=lambda p: (p[0] is None, p[0] or 0, p[1]))


def _links(org_id: int | None, shard: int) -> Iterator[Link]:
    rows = (
        AuditEvent.objects.filter(organisation_id=org_id, shard=shard)
        .order_by("seq", "pk")
        .iterator(chunk_size=5000)
    )
    for e in rows:
        yield Link(e.seq, e.pk, e.key_id, e.prev_hash, e.hash, e.chain_content())


def verify_chains() -> list[tuple[str, Break]]:
    """Every chain's first break, if any. Also checks each chain's head still matches its last event."""
    ring = keyring()

    def key_for(key_id: str) -> bytes | None:
        found = ring.audit_key(key_id)
        return found.chain if found else None

    breaks: list[tuple[str, Break]] = []
    for org_id, shard in chains():
        found = verify_chain(_links(org_id, shard), key_for)
        if found is None:
            head = AuditChainHead.objects.filter(scope=scope_of(org_id), shard=shard).first()
            last = AuditEvent.objects.filter(organisation_id=org_id, shard=shard).order_by("-seq").first()
            if head and last and (head.last_seq != last.seq or head.last_hash != last.hash):
                found = Break(last.seq, last.pk, "the chain's end was removed")
        if found is not None:
            breaks.append((chain_name(org_id, shard), found))
    return breaks
