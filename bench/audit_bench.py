"""Audit appends per second on PostgreSQL: one writer against 50 concurrent writers on one organisation.

Each writer is a process with its own database connection, appending one event per transaction (as a page
view does) for a fixed time. The target (issue 10): at 50 writers, at least 80% of one writer's throughput
per organisation's chain. Also measured with one shard, the former single hot row, as the floor to beat.

Standalone: `SATHI_DATABASE_URL=postgres://... python bench/audit_bench.py` (its own organisation); also a
stage of `make bench` (bench/run.py).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.8


def _work(n, organisation_id, actor_id, ready, go, stop, counts) -> None:
    from django.db import connection, transaction

    from sathi.audit.services import log_action

    connection.close()  # a connection of its own, never the parent's
    done = 0
    ready.release()
    go.wait()
    while not stop.is_set():
        with transaction.atomic():
            log_action(
                actor=actor_id,
                organisation=organisation_id,
                action="person.viewed",
                target_type="people.person",
                target_id=str(n),
                fields=["names"],
            )
        done += 1
    counts[n] = done
    connection.close()


def _writers(organisation_id: int, actor_id: int | None, writers: int, seconds: float) -> float:
    """Events per second appended by `writers` processes together during `seconds`.

    Processes, not threads, so that Python's interpreter lock does not stand in for the database's locks.
    """
    import multiprocessing

    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")  # inherits the configured Django; each opens its own connection
    ready, go, stop = ctx.Semaphore(0), ctx.Event(), ctx.Event()
    counts = ctx.Array("q", writers)
    procs = [
        ctx.Process(target=_work, args=(n, organisation_id, actor_id, ready, go, stop, counts))
        for n in range(writers)
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.acquire()
    go.set()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - began
    if any(proc.exitcode for proc in procs):
        raise RuntimeError("an audit benchmark writer failed")
    return sum(counts) / elapsed


def measure(organisation_id: int, actor_id: int | None = None, seconds: float = 10.0) -> dict:
    from django.conf import settings

    results = {}
    shards = settings.SATHI_AUDIT_SHARDS
    for label, shard_count in (("sharded", shards), ("one_shard", 1)):
        settings.SATHI_AUDIT_SHARDS = shard_count
        try:
            one = _writers(organisation_id, actor_id, 1, seconds)
            fifty = _writers(organisation_id, actor_id, 50, seconds)
        finally:
            settings.SATHI_AUDIT_SHARDS = shards
        results[label] = {
            "shards": shard_count,
            "writers_1_per_s": round(one),
            "writers_50_per_s": round(fifty),
            "ratio": round(fifty / one, 2),
        }
    results["target_ratio"] = TARGET_RATIO
    results["met"] = results["sharded"]["ratio"] >= TARGET_RATIO
    return results


def print_results(results: dict) -> None:
    print("Audit appends/s on one organisation (1 writer | 50 writers | ratio, target >= 0.8):")
    for label in ("sharded", "one_shard"):
        row = results[label]
        print(
            f"  {label:<10} {row['shards']:>3} shard(s): {row['writers_1_per_s']:>6} | "
            f"{row['writers_50_per_s']:>6} | {row['ratio']:.2f}"
        )
    print(f"  target met: {'yes' if results['met'] else 'NO'}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sathi.settings")
    os.environ["SATHI_DEBUG"] = "1"  # development secret and keys path; DEBUG itself is turned off below
    keys_file = ROOT / "var" / "bench-keys.json"
    os.environ["SATHI_KEYS_FILE"] = str(keys_file)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not os.environ.get("SATHI_DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set SATHI_DATABASE_URL to a postgres:// URL: the audit benchmark runs on PostgreSQL.")
    from sathi.lib import crypto

    if not keys_file.exists():
        crypto.generate_keys_file(keys_file)
    elif crypto.load_keys_file(keys_file).active_audit_id is None:
        crypto.add_audit_key(keys_file)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from sathi.accounts.models import Organisation, OrganisationKind
    from sathi.accounts.services import organisation_create

    call_command("migrate", interactive=False, verbosity=0)
    settings.DEBUG = False
    org = Organisation.objects.filter(name="Audit benchmark").first() or organisation_create(
        actor=None, name="Audit benchmark", kind=OrganisationKind.OTHER
    )
    seconds = float(os.environ.get("AUDIT_BENCH_SECONDS", "10"))
    print_results(measure(org.pk, seconds=seconds))


if __name__ == "__main__":
    main()
