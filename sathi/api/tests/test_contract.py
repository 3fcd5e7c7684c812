"""The API answers as its OpenAPI document says: a bounded schemathesis run against the real app."""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sathi.accounts.services import api_token_issue

# Generated cases per operation, about 150 operations: 12 for `make test` (about 1,800 cases); CI
# (.ci/run) sets SATHI_CONTRACT_EXAMPLES=25, about 3,800 cases.
EXAMPLES = int(os.environ.get("SATHI_CONTRACT_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def exercise(operation, headers: dict, failures: dict[str, str], statuses: Counter) -> int:
    """Up to EXAMPLES generated requests to one operation; the first failure of each is kept."""
    cases = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        nonlocal cases
        cases += 1
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:  # go on with the others: one report names every operation that fails
            failures.setdefault(operation.label, f"{response.status_code}: {exc}"[:600])

    run()
    return cases


@pytest.fixture
def connection_kept():
    """As Django's test client does: the test's transaction must outlive each request, so neither the start
    nor the end of a request may close the connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_answers_as_its_openapi_document_says(personas, connection_kept):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    headers = {"Authorization": f"Bearer {api_token_issue(membership=personas.supervisor)}"}
    failures: dict[str, str] = {}
    statuses: Counter = Counter()
    cases = sum(exercise(result.ok(), headers, failures, statuses) for result in schema.get_all_operations())
    print(f"schemathesis: {cases} cases, statuses {dict(statuses)}")
    assert failures == {}, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    assert cases >= EXAMPLES * 40  # the run really covered the operations
    assert statuses[200] + statuses[201] > 0, statuses  # and reached the views, not only the guards
