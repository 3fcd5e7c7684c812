"""With SATHI_REPLICA_DATABASE_URL, report and indicator pages read the data they count from the replica;
access decisions, the audit chain and every write stay on the primary."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from sathi import dbrouter
from sathi.accounts.models import Membership
from sathi.audit.models import AuditEvent
from sathi.tests.serving import manage, production_env
from sathi.violations.models import Incident


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_report_route_sent_to_the_replica_exists():
    missing = dbrouter.REPORT_ROUTES - set(_routes(get_resolver().url_patterns))
    assert not missing


@override_settings(DATABASE_ROUTERS=["sathi.dbrouter.ReplicaRouter"])
def test_report_data_is_read_from_the_replica_only_inside_a_report():
    assert Incident.objects.all().db == "default"
    with dbrouter.replica_reads():
        assert Incident.objects.all().db == "replica"
        assert Membership.objects.all().db == "default"  # access decisions on current data
        assert AuditEvent.objects.all().db == "default"  # the chain head is locked on the primary
        assert Incident.objects.select_for_update().db == "default"  # a lock is a write
    assert Incident.objects.all().db == "default"


@pytest.mark.parametrize(
    ("path", "replica"),
    [
        ("/incidents/report/", True),
        ("/incidents/report/export.csv", True),
        ("/api/v1/reports/raids", True),
        ("/boards/7/indicators/", True),
        ("/incidents/", False),
        ("/people/", False),
        ("/no/such/page/", False),
    ],
)
def test_the_middleware_reads_from_the_replica_for_report_routes_only(path, replica):
    seen = []
    middleware = dbrouter.ReplicaReportsMiddleware(lambda request: seen.append(dbrouter._replica_reads.get()))
    middleware(RequestFactory().get(path))
    assert seen == [replica]


def test_a_replica_url_adds_the_replica_database_its_router_and_middleware(tmp_path):
    env = production_env(tmp_path, SATHI_REPLICA_DATABASE_URL="postgres://reader@replica.invalid:5432/sathi")
    show = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS, "
        "'sathi.dbrouter.ReplicaReportsMiddleware' in s.MIDDLEWARE)"
    )
    result = manage(env, "shell", "--no-imports", "-c", show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "replica.invalid",
        "['sathi.dbrouter.ReplicaRouter']",
        "True",
    ]
