"""Sealing and opening a person's fields with her own data key (sathi.lib.crypto)."""

from __future__ import annotations

from sathi.accounts import keys
from sathi.lib import crypto


def place(obj, field: str) -> str:
    """Associated data: the table, column and row a ciphertext belongs to."""
    return f"{obj._meta.label_lower}.{field}:{obj.pk}"


def _person_key_aad(person_id) -> str:
    return f"people.personkey:{person_id}"


def wrap_person_key(org_id: int, person_id, person_key: bytes) -> bytes:
    version = keys.active_version(org_id)
    return crypto.seal(keys.data_key(org_id, version), f"o{version}", person_key, _person_key_aad(person_id))


def unwrap_person_key(org_id: int, person_id, wrapped: bytes) -> bytes:
    wrapped = bytes(wrapped)
    version = int(crypto.key_id_of(wrapped)[1:])
    return crypto.unseal(keys.data_key(org_id, version), wrapped, _person_key_aad(person_id))


class PersonVault:
    """Opens one person's data key once and seals or opens her fields with it."""

    def __init__(self, person, key: bytes):
        self.person = person
        self._key = key

    @classmethod
    def create(cls, person) -> tuple[PersonVault, bytes]:
        key = crypto.new_key()
        return cls(person, key), wrap_person_key(person.organisation_id, person.pk, key)

    @classmethod
    def open(cls, person) -> PersonVault:
        from sathi.people.models import Person, PersonKey

        if Person.key.is_cached(person):  # loaded with select_related("key"): no query per row
            row = person.key
        else:
            row = PersonKey.objects.filter(person_id=person.pk).first()
        if row is None:
            raise crypto.DecryptionError("the person's key has been destroyed")
        return cls(person, unwrap_person_key(person.organisation_id, person.pk, row.wrapped))

    def seal(self, obj, field: str, value: str) -> bytes:
        return crypto.seal_text(self._key, "p1", value, place(obj, field))

    def key_for_files(self) -> bytes:
        """Her key, for sealing a file's bytes (the caller binds the file's own place as associated data)."""
        return self._key

    def open_field(self, obj, field: str, blob) -> str | None:
        if blob is None:
            return None
        return crypto.unseal_text(self._key, bytes(blob), place(obj, field))

    def open_at(self, model, pk, field: str, blob) -> str | None:
        """As open_field, for a row known by its model and id only (a search's raw rows: no instance)."""
        if blob is None:
            return None
        return crypto.unseal_text(self._key, bytes(blob), f"{model._meta.label_lower}.{field}:{pk}")
