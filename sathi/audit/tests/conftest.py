from contextlib import contextmanager

import pytest
from django.db import connection

from sathi.audit.services import log_action


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.SATHI_AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    return settings.SATHI_AUDIT_CHECKPOINT_FILE


@contextmanager
def tamper():
    """Raw SQL past the model guard, as a database administrator could; the insert-only trigger is off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending deferred checks, or ALTER refuses
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


@pytest.fixture
def events(personas):
    return [
        log_action(
            actor=personas.caseworker.user_id,
            organisation=personas.org,
            action="person.viewed",
            target_type="people.person",
            target_id=str(i),
            fields=["names"],
        )
        for i in range(5)
    ]
