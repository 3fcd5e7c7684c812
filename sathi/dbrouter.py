"""Report and indicator pages read from a PostgreSQL read replica when one is configured.

Enabled by SATHI_REPLICA_DATABASE_URL (settings add the "replica" database, this router and the
middleware). Only the requests whose route is in REPORT_ROUTES read from the replica, and within them only
the data a report counts (READ_APPS): accounts, sessions, memberships and the audit chain are always read
from the primary, so no access decision is made on lagging data and no lock is taken on a read-only copy.
Every write goes to the primary, and migrations run there only.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.urls import Resolver404, resolve

REPLICA = "replica"
# Route patterns (as sathi.requestlog logs them) whose reads go to the replica. A test checks each exists.
REPORT_ROUTES = frozenset(
    {
        "incidents/report/",
        "incidents/report/export.<str:fmt>",
        "api/v1/reports/raids",
        "api/v1/reports/raids.csv",
        "api/v1/reports/raids.xlsx",
        "boards/<int:board_id>/indicators/",
    }
)
# The apps whose rows reports count. Never accounts, audit, sessions or the job queue.
READ_APPS = frozenset({"people", "care", "legal", "screening", "relations", "violations", "places"})

_replica_reads: ContextVar[bool] = ContextVar("sathi_replica_reads", default=False)


@contextmanager
def replica_reads():
    """Reads of report data inside this block go to the replica (when the router is installed)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and model._meta.app_label in READ_APPS:
            return REPLICA
        return None  # the primary

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database and its copy

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReportsMiddleware:
    """Runs the report routes inside replica_reads()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            route = resolve(request.path_info).route
        except Resolver404:
            route = None
        if route in REPORT_ROUTES:
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
