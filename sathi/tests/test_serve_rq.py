"""SATHI_TASKS_BACKEND=rq: a real Sathi job goes through the real Redis and is run by RQ's worker.

The worker runs in this process (RQ's SimpleWorker, burst mode) so that it works on the test's own
database; `make serve` and production run the same worker as `manage.py rqworker --job-class
django_tasks_rq.Job`. Each run has its own queue name: the suites of several checkouts may share a Redis.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta

import django_rq
import pytest
import redis
import time_machine
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_rq import Job
from rq import SimpleWorker

from sathi.care import placements, services
from sathi.care.models import CaseFlag
from sathi.care.tasks import daily_checks
from sathi.care.vocab import FlagKind
from sathi.people.tests.factories import register

REDIS_URL = os.environ.get("SATHI_REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def rq_queue():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        if os.environ.get("SATHI_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is not reachable at {REDIS_URL} and SATHI_REQUIRE_REDIS=1")
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (set SATHI_REQUIRE_REDIS=1 to require it)")
    name = "sathi-test-" + secrets.token_hex(6)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}},
        RQ_QUEUES={"default": {"URL": REDIS_URL}, name: {"URL": REDIS_URL}},  # results read via "default"
    ):
        yield name
        django_rq.get_queue(name, job_class=Job).delete(delete_jobs=True)


def test_with_the_rq_backend_the_daily_checks_run_on_redis_by_the_rq_worker(personas, rq_queue):
    worker = personas.caseworker
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        person = register(worker, names=["Held Thirty Days"], phone="", stated_age=30)
        case = services.case_open(actor=worker, person_id=person.pk, origin="rescue_or_raid")
        placements.placement_start(
            actor=worker,
            case_id=case.pk,
            kind="government_home",
            legal_basis="court_order",
            order_date=timezone.localdate(),
            entry_date=timezone.localdate(),
            wish_at_entry="leave",
        )
    assert not CaseFlag.objects.filter(case=case).exists()  # time alone must raise it, through the job

    result = daily_checks.using(queue_name=rq_queue).enqueue(personas.org.pk)
    backend = task_backends["default"]
    assert type(backend).__name__ == "RQBackend"
    assert backend.get_result(result.id).status == TaskResultStatus.READY  # waiting in Redis
    assert not CaseFlag.objects.filter(case=case).exists()

    rq_worker = django_rq.get_worker(rq_queue, job_class=Job, worker_class=SimpleWorker)
    assert rq_worker.work(burst=True)

    done = backend.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL, done.errors
    assert done.return_value == 1  # one open case checked
    assert CaseFlag.objects.filter(case=case, kind=FlagKind.HELD_AGAINST_WISH, resolved_at=None).exists()
