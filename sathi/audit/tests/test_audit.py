from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sathi.audit.models import AppendOnlyError, AuditEvent
from sathi.audit.services import log_action


@contextmanager
def tamper():
    """Raw SQL past the model guard; on PostgreSQL the insert-only trigger must be switched off first."""
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
    org = personas.org
    return [
        log_action(
            actor=personas.caseworker.user_id,
            organisation=org,
            action=f"test.action{i}",
            target_type="people.person",
            target_id=str(i),
            fields=["names"],
        )
        for i in range(5)
    ]


def verify_output(capsys):
    with pytest.raises(CommandError):
        call_command("audit_verify")
    return capsys.readouterr().err


def test_intact_log_verifies(events, capsys):
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_editing_one_audit_row_makes_audit_verify_fail_and_name_it(events, capsys):
    target = events[2]
    with tamper() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["test.other", target.pk])
    assert f"event id {target.pk} " in verify_output(capsys)


def test_deleting_one_audit_row_makes_audit_verify_fail_and_name_the_next(events, capsys):
    with tamper() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert f"event id {events[3].pk} " in verify_output(capsys)


def test_deleting_the_last_audit_row_is_caught(events, capsys):
    with tamper() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    assert "removed" in verify_output(capsys)


def test_reordering_audit_rows_makes_audit_verify_fail(events, capsys):
    a, b = events[1], events[3]
    with tamper() as cursor:
        # swap their positions in the chain
        cursor.execute("UPDATE audit_auditevent SET seq = 0 WHERE id = %s", [a.pk])
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [a.seq, b.pk])
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [b.seq, a.pk])
    assert f"event id {b.pk} " in verify_output(capsys)


def test_model_refuses_update_and_delete(events):
    event = AuditEvent.objects.get(pk=events[0].pk)
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_trigger_refuses_update_and_delete(events):
    for sql in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [events[0].pk])


def test_audit_rows_carry_field_names_never_values(personas):
    from sathi.people.tests.factories import register

    register(personas.caseworker, names=["Sonali Mistry"], phone="+91 90000 11111", stated_age=30)
    for event in AuditEvent.objects.all():
        text = f"{event.fields} {event.reason} {event.target_id}"
        assert "Sonali" not in text and "90000" not in text
