"""Re-key the chains written before keyed hashes: verify each under the old unkeyed rule, then rehash it.

An existing chain is only rehashed if it verifies under the old rule, so no edit made before this
migration is laundered. The break-glass reason text leaves the log here (only the fact that one was given
stays); the text itself is on the BreakGlass row. Needs the audit key in the keys file.
"""

import hashlib
import hmac
import json

from django.db import migrations

GENESIS = "0" * 64


def _canonical(content) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _legacy_hash(prev_hash, e) -> str:
    content = {
        "organisation": e.organisation_id,
        "seq": e.seq,
        "actor": e.actor_id,
        "action": e.action,
        "target_type": e.target_type,
        "target_id": e.target_id,
        "fields": e.fields,
        "reason": e.reason,
        "flagged": e.flagged,
        "created_at": e.created_at.isoformat(),
    }
    return hashlib.sha256(prev_hash.encode() + b"\n" + _canonical(content)).hexdigest()


def _keyed_hash(key, prev_hash, e) -> str:
    content = {
        "organisation": e.organisation_id,
        "shard": 0,
        "seq": e.seq,
        "actor": e.actor_id,
        "action": e.action,
        "target_type": e.target_type,
        "target_id": e.target_id,
        "fields": e.fields,
        "reason_given": bool(e.reason),
        "flagged": e.flagged,
        "created_at": e.created_at.isoformat(),
        "key_id": e.key_id,
    }
    return hmac.new(key, prev_hash.encode() + b"\n" + _canonical(content), hashlib.sha256).hexdigest()


def forwards(apps, schema_editor):
    Event = apps.get_model("audit", "AuditEvent")
    Head = apps.get_model("audit", "AuditChainHead")
    if not Event.objects.exists():
        return
    from sathi.core.keyring import keyring

    key_id, key = keyring().active_audit  # a clear refusal when the keys file has no audit key
    postgres = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
        org_ids = set(Event.objects.values_list("organisation_id", flat=True))
        for org_id in org_ids:
            old_prev, new_prev, expected = GENESIS, GENESIS, 1
            for e in Event.objects.filter(organisation_id=org_id).order_by("seq").iterator(chunk_size=2000):
                if e.seq != expected or e.prev_hash != old_prev or _legacy_hash(old_prev, e) != e.hash:
                    raise RuntimeError(
                        f"audit chain of organisation {org_id} is broken at event id {e.pk}; "
                        "it cannot be re-keyed. Investigate with the previous release's audit_verify."
                    )
                old_prev, expected = e.hash, e.seq + 1
                e.key_id = key_id
                new_hash = _keyed_hash(key.chain, new_prev, e)
                Event.objects.filter(pk=e.pk).update(
                    key_id=key_id, reason_given=bool(e.reason), reason="", prev_hash=new_prev, hash=new_hash
                )
                new_prev = new_hash
            scope = f"org:{org_id}" if org_id else "system"
            Head.objects.filter(scope=scope, shard=0).update(last_hash=new_prev)
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_shards_keyed_chain")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
