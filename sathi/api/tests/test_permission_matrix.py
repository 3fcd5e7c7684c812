"""The permission matrix: every URL pattern and every API operation, for every persona, as data.

A new route or API operation without rows (matrix_pages.py, matrix_operations.py) fails
`test_every_route_and_operation_has_a_row`. Each row is one test per persona, named as it reads:
"caseworker GET /people/<person>/ 200".
Statuses: 302 sent elsewhere (sign-in, second step, confirm), 403 role not allowed, 404 not there for you.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from conftest import sign_in
from sathi.api.api import api
from sathi.api.tests.matrix_operations import OPERATIONS
from sathi.api.tests.matrix_pages import PAGES
from sathi.api.tests.matrix_world import PERSONAS, World


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _fill(value, values):
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (as setUpTestData would), rolled back after its last row."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield World.build()
        transaction.set_rollback(True)


def _row_id(persona, method, path, status):
    return f"{persona} {method} {path.replace('{', '<').replace('}', '>')} {status}"


def _rows(table):
    return [
        pytest.param(name, persona, id=_row_id(persona, method, path, expected[persona]))
        for name, (method, path, _data, expected) in table.items()
        for persona in PERSONAS
    ]


def _client(world, persona):
    client = Client()
    if persona != "anonymous":
        sign_in(client, world.member(persona))
    return client


def _snapshot():
    """How many rows each of Sathi's tables holds: a refused request changes none of them."""
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m.__module__.startswith("sathi.")}


def test_every_route_and_operation_has_a_row():
    routes = set(_url_names(get_resolver().url_patterns))
    api_names = {f"api:{op}" for op in OPERATIONS}
    assert routes - set(PAGES) - api_names == set(), "routes without a row in the matrix"
    schema = api.get_openapi_schema()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert operations == set(OPERATIONS), "API operations and matrix rows differ"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), _rows(PAGES))
def test_page(world, name, persona):
    method, path, data, expected = PAGES[name]
    url, client = _fill(path, world.values), _client(world, persona)
    response = client.get(url) if method == "GET" else client.post(url, _fill(data or {}, world.values))
    assert response.status_code == expected[persona]


# Every guarded page also receives a POST (an empty form): whoever may not open the page is refused it in the
# same way (or the method is refused) and nothing is written; whoever may gets an answer, never an error.
GUARDED = {name: row for name, row in PAGES.items() if row[0] == "GET" and {403, 404} & set(row[3].values())}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "persona"),
    [
        pytest.param(
            name, persona, id=_row_id(persona, "POST", path, expected[persona]).replace(" 200", " answered")
        )
        for name, (_method, path, _data, expected) in GUARDED.items()
        for persona in PERSONAS
    ],
)
def test_page_post(world, name, persona):
    _method, path, _data, expected = GUARDED[name]
    url, client = _fill(path, world.values), _client(world, persona)
    if expected[persona] == 200:
        assert client.post(url, {}).status_code < 500
        return
    before = _snapshot()
    # 405: a page that only reads refuses the method before it looks anything up, which tells nobody anything.
    assert client.post(url, {}).status_code in (expected[persona], 405)
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), _rows(OPERATIONS))
def test_api_operation(world, name, persona):
    method, path, body, expected = OPERATIONS[name]
    headers = {} if persona == "anonymous" else {"Authorization": f"Bearer {world.tokens[persona]}"}
    kwargs = {"content_type": "application/json", "headers": headers}
    if body is not None:
        kwargs["data"] = json.dumps(_fill(body, world.values))
    before = _snapshot() if expected[persona] in (401, 403, 404) else None
    response = Client().generic(method, _fill(path, world.values), **kwargs)
    assert response.status_code == expected[persona]
    if response.status_code >= 400:
        assert "error" in response.json(), "not the error shape"
    if before is not None:
        assert _snapshot() == before
