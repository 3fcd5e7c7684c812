"""Optimistic locking: a write names the version of the record it was shown; against a newer one it is a
Conflict and nothing is written. Each write moves the version on by one."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from sathi.lib.errors import Conflict


def bump_version(record, version: int | None = None) -> None:
    """Refuse a stale version, then move the row's version (and updated_at) on, in the database and on the
    object. Call inside the write's transaction, on a row it has locked."""
    if version is not None and record.version != version:
        raise Conflict
    type(record)._default_manager.filter(pk=record.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    record.version += 1
