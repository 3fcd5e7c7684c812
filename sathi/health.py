"""`/healthz` for a load balancer: 200 "ok" when this process can serve, 503 otherwise.

It checks what every page needs: the database answers, the master keys are loaded, and the job queue's
backend answers. The public answer carries no detail (no versions, no error text); the failing check's
name goes to the log for the operator.
"""

import logging

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from sathi.accounts.keys import keyring

logger = logging.getLogger("sathi.health")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _keys() -> None:
    keyring().active_master  # noqa: B018  (loads and validates the keys file once per process)


def _queue() -> None:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    module = type(backend).__module__
    if module.startswith("django_tasks_rq"):
        import django_rq

        for queue in backend.queues:
            django_rq.get_connection(queue).ping()
    elif module.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()  # the table is there and readable


CHECKS = {"database": _database, "keys": _keys, "queue": _queue}


@require_safe
def healthz(request):
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:
            logger.warning("health check failed", extra={"check": name, "error": type(exc).__name__})
            return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
