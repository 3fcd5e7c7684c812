"""A page of any list, however large the numbers a client sends: every API list that takes `limit` and
`offset` answers an offset beyond any database integer with a page (empty or short), never a 500. The lists
are found in the OpenAPI document, so a list added later is checked with no edit here; each is asked by
every role, so that the role that may read it is among them."""

from __future__ import annotations

from django.test import Client

from sathi.accounts.services import api_token_issue
from sathi.api.api import api

HUGE = 10**30


def paged_lists() -> list[tuple[str, str]]:
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if method == "get" and {"limit", "offset"} <= names and "{" not in path:
                found.append((operation["operationId"], path))
    return found


def test_the_walk_finds_the_paged_lists():
    assert {"people_list", "incidents_list", "evidence_releases"} <= {op for op, _path in paged_lists()}


def test_any_offset_gives_a_page_never_a_server_error(personas):
    clients = [
        Client(headers={"Authorization": f"Bearer {api_token_issue(membership=member)}"})
        for member in personas.by_role.values()
    ]
    answered, failures = set(), []
    for operation, path in paged_lists():
        for client in clients:
            for query in (f"offset={HUGE}&limit={HUGE}", f"offset=-{HUGE}&limit=-{HUGE}"):
                response = client.get(f"{path}?{query}")
                if response.status_code == 200:
                    answered.add(operation)
                    if not isinstance(response.json(), list):
                        failures.append(f"{operation}: {response.json()!r:.80}")
                elif response.status_code != 403:
                    failures.append(f"{operation} {query[:12]}: {response.status_code}")
    assert failures == []
    assert answered == {op for op, _path in paged_lists()}  # each list was read by a role that may
