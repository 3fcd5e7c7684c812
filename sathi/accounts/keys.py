"""The key store: unwraps organisation keys with the master key from SATHI_KEYS_FILE.

Unwrapped keys are cached in process memory only; they never touch the database or logs.
"""

from __future__ import annotations

import threading

from django.db import transaction

from sathi.core.keyring import keyring
from sathi.lib import crypto
from sathi.lib.crypto import DecryptionError

_cache: dict[tuple[int, int], tuple[bytes, bytes]] = {}
_lock = threading.Lock()


def reset_caches() -> None:
    keyring.cache_clear()
    with _lock:
        _cache.clear()


def _aad(org_id: int, version: int, part: str) -> str:
    return f"orgkey:{org_id}:{version}:{part}"


def organisation_keys_create(organisation) -> None:
    """Give a new organisation its first data key and blind-index key."""
    from sathi.accounts.models import OrganisationKey

    ring = keyring()
    OrganisationKey.objects.create(
        organisation=organisation,
        version=1,
        wrapped_data_key=crypto.seal(
            ring.active_master, ring.active_master_id, crypto.new_key(), _aad(organisation.pk, 1, "data")
        ),
        wrapped_index_key=crypto.seal(
            ring.active_master, ring.active_master_id, crypto.new_key(), _aad(organisation.pk, 1, "index")
        ),
    )


def _unwrap(org_id: int, version: int) -> tuple[bytes, bytes]:
    cached = _cache.get((org_id, version))
    if cached:
        return cached
    from sathi.accounts.models import OrganisationKey

    row = OrganisationKey.objects.filter(organisation_id=org_id, version=version).first()
    if row is None:
        raise DecryptionError("organisation key version not found")
    ring = keyring()
    data_blob, index_blob = bytes(row.wrapped_data_key), bytes(row.wrapped_index_key)
    keys = (
        crypto.unseal(ring.master(crypto.key_id_of(data_blob)), data_blob, _aad(org_id, version, "data")),
        crypto.unseal(ring.master(crypto.key_id_of(index_blob)), index_blob, _aad(org_id, version, "index")),
    )
    with _lock:
        _cache[(org_id, version)] = keys
    return keys


def active_version(org_id: int) -> int:
    from sathi.accounts.models import OrganisationKey

    version = (
        OrganisationKey.objects.filter(organisation_id=org_id, is_active=True)
        .values_list("version", flat=True)
        .first()
    )
    if version is None:
        raise DecryptionError("organisation has no active key")
    return version


def data_key(org_id: int, version: int) -> bytes:
    return _unwrap(org_id, version)[0]


def index_key(org_id: int) -> bytes:
    """The blind-index key never changes with rotation (indexes would all need recomputing): version 1's."""
    return _unwrap(org_id, 1)[1]


def blind_index(org_id: int, purpose: str, normalised: str) -> str:
    return crypto.blind_index(index_key(org_id), purpose, normalised)


def rewrap_organisation_keys(*, new_data_key: bool) -> dict[str, int]:
    """Re-wrap every organisation key under the active master; optionally add a new data key version.

    Each row is rewritten in its own short transaction, so readers never wait long and a crash midway
    leaves every key readable (old master ids stay in the keys file until `--retire`).
    """
    from sathi.accounts.models import Organisation, OrganisationKey

    ring = keyring()
    counts = {"rewrapped": 0, "new_versions": 0}
    for row_id in OrganisationKey.objects.values_list("pk", flat=True):
        with transaction.atomic():
            row = OrganisationKey.objects.select_for_update().get(pk=row_id)
            data, index = _unwrap(row.organisation_id, row.version)
            row.wrapped_data_key = crypto.seal(
                ring.active_master,
                ring.active_master_id,
                data,
                _aad(row.organisation_id, row.version, "data"),
            )
            row.wrapped_index_key = crypto.seal(
                ring.active_master,
                ring.active_master_id,
                index,
                _aad(row.organisation_id, row.version, "index"),
            )
            row.save(update_fields=["wrapped_data_key", "wrapped_index_key"])
            counts["rewrapped"] += 1
    if new_data_key:
        for org_id in Organisation.objects.values_list("pk", flat=True):
            with transaction.atomic():
                current = OrganisationKey.objects.select_for_update().get(
                    organisation_id=org_id, is_active=True
                )
                index = _unwrap(org_id, current.version)[1]
                version = current.version + 1
                current.is_active = False
                current.save(update_fields=["is_active"])
                OrganisationKey.objects.create(
                    organisation_id=org_id,
                    version=version,
                    wrapped_data_key=crypto.seal(
                        ring.active_master,
                        ring.active_master_id,
                        crypto.new_key(),
                        _aad(org_id, version, "data"),
                    ),
                    wrapped_index_key=crypto.seal(
                        ring.active_master, ring.active_master_id, index, _aad(org_id, version, "index")
                    ),
                )
                counts["new_versions"] += 1
    return counts


def master_ids_in_use() -> set[str]:
    from sathi.accounts.models import OrganisationKey, SealedTOTPDevice

    used = set()
    for data, index in OrganisationKey.objects.values_list("wrapped_data_key", "wrapped_index_key"):
        used.add(crypto.key_id_of(bytes(data)))
        used.add(crypto.key_id_of(bytes(index)))
    for seed in SealedTOTPDevice.objects.values_list("seed", flat=True):
        used.add(crypto.key_id_of(bytes(seed)))
    return used


def seal_for_organisation(org_id: int, aad: str, text: str) -> bytes:
    """Seal a record that belongs to the organisation, not to one person (minutes, board members' names)."""
    version = active_version(org_id)
    return crypto.seal_text(data_key(org_id, version), f"o{version}", text, aad)


def open_for_organisation(org_id: int, blob, aad: str) -> str:
    blob = bytes(blob)
    version = int(crypto.key_id_of(blob)[1:])
    return crypto.unseal_text(data_key(org_id, version), blob, aad)
