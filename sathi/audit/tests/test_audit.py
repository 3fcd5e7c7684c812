import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sathi.accounts import keys
from sathi.audit.checkpoints import checkpoint_write
from sathi.audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from sathi.audit.tests.conftest import tamper
from sathi.lib.hashchain import GENESIS, canonical, link_hash


def verify_output(capsys):
    with pytest.raises(CommandError):
        call_command("audit_verify")
    return capsys.readouterr().err


def rewrite_chain(organisation_id, hasher, edit_pk=None, action="consent.withdrawn"):
    """What an administrator with write access does: edit one row, then recompute the chain and its head."""
    prev = GENESIS
    with tamper() as cursor:
        if edit_pk is not None:
            cursor.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", [action, edit_pk])
        for event in AuditEvent.objects.filter(organisation_id=organisation_id, shard=0).order_by("seq"):
            event.prev_hash = prev
            event.hash = hasher(prev, event.chain_content())
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, event.hash, event.pk],
            )
            prev = event.hash
    AuditChainHead.objects.filter(organisation_id=organisation_id, shard=0).update(last_hash=prev)


def plain_sha256(prev, content):
    return hashlib.sha256(prev.encode() + b"\n" + canonical(content)).hexdigest()


def with_the_key(prev, content):
    return link_hash(keys.keyring().audit_key(content["key_id"]).chain, prev, content)


def test_intact_log_verifies(events, capsys):
    checkpoint_write()
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_an_edited_audit_row_is_detected_by_audit_verify(events, capsys):
    target = events[2]
    with tamper() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["consent.withdrawn", target.pk]
        )
    assert f"event id {target.pk} " in verify_output(capsys)


def test_a_deleted_audit_row_is_detected_by_audit_verify(events, capsys):
    with tamper() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert f"event id {events[3].pk} " in verify_output(capsys)


def test_deleting_the_last_audit_row_is_caught(events, capsys):
    with tamper() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    assert "removed" in verify_output(capsys)


def test_reordered_audit_rows_are_detected_by_audit_verify(events, capsys):
    a, b = events[1], events[3]
    with tamper() as cursor:
        # swap their positions in the chain
        cursor.execute("UPDATE audit_auditevent SET seq = 0 WHERE id = %s", [a.pk])
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [a.seq, b.pk])
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [b.seq, a.pk])
    assert f"event id {b.pk} " in verify_output(capsys)


def test_a_chain_recomputed_with_plain_sha256_after_editing_is_detected(events, capsys):
    rewrite_chain(events[0].organisation_id, plain_sha256, edit_pk=events[2].pk)
    first = AuditEvent.objects.filter(organisation_id=events[0].organisation_id).order_by("seq").first()
    err = verify_output(capsys)
    assert f"/0: event id {first.pk} (seq 1) content does not match its hash" in err


def test_an_event_moved_to_another_shard_is_detected(events, capsys):
    with tamper() as cursor:
        cursor.execute("UPDATE audit_auditevent SET shard = 1, seq = 1 WHERE id = %s", [events[4].pk])
    err = verify_output(capsys)
    assert f"org:{events[0].organisation_id}/1: event id {events[4].pk}" in err


def test_a_chain_rewritten_before_the_last_checkpoint_is_detected_even_with_the_key(events, capsys):
    checkpoint_write()
    rewrite_chain(events[0].organisation_id, with_the_key, edit_pk=events[2].pk)
    err = verify_output(capsys)
    chain = f"org:{events[0].organisation_id}/0"
    assert (
        f"{chain}: event id" not in err
    )  # the rewritten chain is self-consistent: only the checkpoint sees it
    assert f"line 1: chain {chain} was rewritten: its event at seq {events[-1].seq} differs" in err


def test_events_after_the_last_checkpoint_still_verify(events, capsys, personas):
    from sathi.audit.services import log_action

    checkpoint_write()
    log_action(actor=None, organisation=personas.org, action="person.viewed", target_type="people.person")
    checkpoint_write()
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_a_missing_checkpoint_file_is_named(events, capsys, checkpoint_file):
    err = verify_output(capsys)
    assert f"checkpoint {checkpoint_file}: the checkpoint file is missing" in err


def test_a_tampered_checkpoint_line_is_named_with_its_number(events, capsys, checkpoint_file):
    checkpoint_write()
    checkpoint_write()
    lines = checkpoint_file.read_text().splitlines()
    lines[1] = lines[1].replace(f'"seq":{events[-1].seq}', f'"seq":{events[-2].seq}')
    checkpoint_file.write_text("\n".join(lines) + "\n")
    assert f"checkpoint {checkpoint_file} line 2: bad signature" in verify_output(capsys)


def test_a_removed_checkpoint_line_is_named(events, capsys, checkpoint_file):
    for _ in range(3):
        checkpoint_write()
    lines = checkpoint_file.read_text().splitlines()
    checkpoint_file.write_text("\n".join([lines[0], lines[2]]) + "\n")
    assert f"{checkpoint_file} line 2: does not follow the line before it" in verify_output(capsys)


def test_an_unreadable_checkpoint_line_is_named(events, capsys, checkpoint_file):
    checkpoint_write()
    with checkpoint_file.open("a") as handle:
        handle.write("{not a checkpoint\n")
    assert f"{checkpoint_file} line 2: is not a checkpoint" in verify_output(capsys)


def test_a_chain_shorter_than_its_checkpoint_is_named(events, capsys):
    checkpoint_write()
    with tamper() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    AuditChainHead.objects.filter(organisation_id=events[0].organisation_id).update(
        last_seq=events[-2].seq, last_hash=events[-2].hash
    )
    err = verify_output(capsys)
    chain = f"org:{events[0].organisation_id}/0"
    end, anchored = events[-2].seq, events[-1].seq
    assert f"{chain}: event id" not in err
    assert f"chain {chain} ends at seq {end}, shorter than the checkpoint (seq {anchored})" in err


def test_a_chain_deleted_whole_is_named_by_the_checkpoint(events, capsys):
    checkpoint_write()
    with tamper() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE organisation_id = %s", [events[0].organisation_id])
    err = verify_output(capsys)
    assert (
        f"chain org:{events[0].organisation_id}/0 (seq {events[-1].seq}) was not found in the database" in err
    )


def test_verify_against_a_shipped_copy_of_the_checkpoints(events, capsys, tmp_path, checkpoint_file):
    checkpoint_write()
    shipped = tmp_path / "shipped.jsonl"
    shipped.write_bytes(checkpoint_file.read_bytes())
    checkpoint_file.unlink()
    call_command("audit_verify", "--checkpoint-file", str(shipped))
    assert "intact" in capsys.readouterr().out


def test_the_checkpoint_goes_to_the_log_stream_too(events, caplog):
    with caplog.at_level("INFO", logger="sathi.audit.checkpoint"):
        call_command("audit_checkpoint")
    (record,) = [r for r in caplog.records if r.name == "sathi.audit.checkpoint"]
    assert f'"chain":"org:{events[0].organisation_id}/0"' in record.getMessage()


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
        text = str(event.chain_content())
        assert "Sonali" not in text and "90000" not in text


def test_a_checkpoint_is_queued_every_n_events_when_asked(
    personas, settings, checkpoint_file, django_capture_on_commit_callbacks
):
    from sathi.audit.services import log_action

    settings.SATHI_AUDIT_CHECKPOINT_EVERY = 3
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            log_action(actor=None, organisation=personas.org, action="person.viewed")
    assert len(checkpoint_file.read_text().splitlines()) == 2  # 6 events in a row hold 2 multiples of 3
