"""Concurrent writers do not queue on one head row: each takes a free shard, and every shard verifies."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from sathi.audit.checkpoints import checkpoint_write
from sathi.audit.services import log_action

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED shards on PostgreSQL")


def _append(org_id, results, key, hold: threading.Event | None = None, ready: threading.Event | None = None):
    try:
        with transaction.atomic():
            results[key] = log_action(actor=None, organisation=org_id, action="person.viewed")
            if ready is not None:
                ready.set()
            if hold is not None:
                hold.wait(timeout=60)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_writer_is_not_held_by_another_writers_open_transaction(personas, capsys):
    org_id = personas.org.pk
    results, hold, ready = {}, threading.Event(), threading.Event()
    holder = threading.Thread(target=_append, args=(org_id, results, "holder", hold, ready))
    holder.start()
    assert ready.wait(timeout=60)
    other = threading.Thread(target=_append, args=(org_id, results, "other"))
    other.start()
    other.join(timeout=60)
    try:
        assert not other.is_alive(), "the second writer waited for the first one's head row"
    finally:
        hold.set()
        holder.join()
    assert results["holder"].shard != results["other"].shard
    checkpoint_write()
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_writers_leave_every_shard_a_whole_chain(personas, capsys):
    org_id = personas.org.pk
    results: dict = {}

    def burst(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    results[(n, i)] = log_action(actor=None, organisation=org_id, action="person.viewed")
        finally:
            connection.close()

    threads = [threading.Thread(target=burst, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 80
    checkpoint_write()
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def _verified(capsys) -> None:
    checkpoint_write()
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_read_audited_outside_a_transaction_is_one_statement_once_its_head_is_known(personas, capsys):
    from django.test.utils import CaptureQueriesContext

    org_id = personas.org.pk
    first = log_action(actor=None, organisation=org_id, action="person.viewed")
    with CaptureQueriesContext(connection) as queries:
        second = log_action(actor=None, organisation=org_id, action="person.viewed")
    assert len(queries.captured_queries) == 1
    assert (second.shard, second.seq, second.prev_hash) == (first.shard, first.seq + 1, first.hash)
    _verified(capsys)


@pytest.mark.django_db(transaction=True)
def test_an_event_never_follows_a_head_that_another_writer_moved(personas, capsys):
    org_id = personas.org.pk
    mine = log_action(actor=None, organisation=org_id, action="person.viewed")
    results: dict = {}
    other = threading.Thread(target=_append, args=(org_id, results, "other"))
    other.start()
    other.join(timeout=60)
    assert results["other"].shard == mine.shard  # the lowest free shard, the one this thread knows
    after = log_action(actor=None, organisation=org_id, action="person.viewed")
    if after.shard == mine.shard:
        assert (after.seq, after.prev_hash) == (results["other"].seq + 1, results["other"].hash)
    _verified(capsys)


@pytest.mark.django_db(transaction=True)
def test_an_append_rolled_back_is_not_followed(personas, capsys):
    org_id = personas.org.pk
    kept = log_action(actor=None, organisation=org_id, action="person.viewed")
    with pytest.raises(RuntimeError), transaction.atomic():
        log_action(actor=None, organisation=org_id, action="person.viewed")
        raise RuntimeError("the service failed after its audit event")
    after = log_action(actor=None, organisation=org_id, action="person.viewed")
    assert (after.shard, after.seq, after.prev_hash) == (kept.shard, kept.seq + 1, kept.hash)
    _verified(capsys)


@pytest.mark.django_db(transaction=True)
def test_an_append_locks_no_row_of_the_organisation_or_the_actor(personas):
    """A foreign-key check would lock both rows at every commit (KEY SHARE): a transaction holding either
    row (an operator's FOR UPDATE) would then hold every reader's audited page."""
    from sathi.accounts.models import Organisation, User

    org_id, user_id = personas.org.pk, personas.caseworker.user_id
    hold, ready, results = threading.Event(), threading.Event(), {}

    def holder():
        try:
            with transaction.atomic():
                Organisation.objects.select_for_update().get(pk=org_id)
                User.objects.select_for_update().get(pk=user_id)
                ready.set()
                hold.wait(timeout=60)
        finally:
            connection.close()

    def writer():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                log_action(actor=user_id, organisation=org_id, action="person.viewed")
            results["committed"] = True  # the key checks run at commit: only now has it passed them
        finally:
            connection.close()

    locker = threading.Thread(target=holder)
    locker.start()
    assert ready.wait(timeout=60)
    append = threading.Thread(target=writer)
    append.start()
    append.join(timeout=30)
    hold.set()
    locker.join()
    assert "committed" in results, "the append waited for a lock on the organisation's or the actor's row"
