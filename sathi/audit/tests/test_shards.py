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
