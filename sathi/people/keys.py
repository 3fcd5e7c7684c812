"""Re-wrapping person keys after an organisation key rotation (no sealed field is touched)."""

from __future__ import annotations

from django.db import transaction

from sathi.accounts import keys
from sathi.lib import crypto
from sathi.people.models import PersonKey
from sathi.people.vault import unwrap_person_key, wrap_person_key


def person_keys_rewrap(*, batch: int = 1000) -> int:
    """Re-wrap every person key not yet under her organisation's active key. Short transactions; resumable."""
    done = 0
    active: dict[int, str] = {}
    last_pk = None
    while True:
        rows = PersonKey.objects.select_related("person").order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        chunk = list(rows.only("pk", "wrapped", "person__organisation_id")[:batch])
        if not chunk:
            return done
        last_pk = chunk[-1].pk
        with transaction.atomic():
            for row in chunk:
                org_id = row.person.organisation_id
                if org_id not in active:
                    active[org_id] = f"o{keys.active_version(org_id)}"
                if crypto.key_id_of(bytes(row.wrapped)) == active[org_id]:
                    continue
                key = unwrap_person_key(org_id, row.pk, row.wrapped)
                PersonKey.objects.filter(pk=row.pk).update(wrapped=wrap_person_key(org_id, row.pk, key))
                done += 1
