"""Every answer an operation gives is declared in OpenAPI, in the one error shape (issue 10). The operations
are read from the document itself, so a new operation is checked with no edit here."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client

from sathi.accounts.services import api_token_issue
from sathi.api.api import api
from sathi.people.models import Person

READS = {"get", "head", "options"}
ERROR_REF = "#/components/schemas/Error"


def operations():
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def declared_in_the_error_shape(operation, status: int) -> bool:
    answer = operation["responses"].get(status) or operation["responses"].get(str(status))
    return bool(answer) and answer["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}


def concrete(path: str, operation) -> str:
    """The path with each parameter filled by a value of its type (nothing need exist: auth comes first)."""
    types = {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "path"}

    def value(match):
        schema = types[match.group(1)]
        return str(uuid.uuid4()) if schema.get("format") == "uuid" else "1"

    return re.sub(r"\{(\w+)\}", value, path)


def test_every_operation_declares_400_401_403_and_404_in_the_error_shape():
    missing = [
        f"{method.upper()} {path}: {status}"
        for path, method, operation in operations()
        for status in (400, 401, 403, 404)
        if not declared_in_the_error_shape(operation, status)
    ]
    assert missing == []


def test_every_write_declares_409_and_413_in_the_error_shape():
    missing = [
        f"{method.upper()} {path}: {status}"
        for path, method, operation in operations()
        if method not in READS
        for status in (409, 413)
        if not declared_in_the_error_shape(operation, status)
    ]
    assert missing == []


def test_a_read_only_token_gets_403_in_the_error_shape_on_every_write_operation(personas):
    token = api_token_issue(membership=personas.supervisor, read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    writes = [(path, method, op) for path, method, op in operations() if method not in READS]
    assert len(writes) > 40
    answers = {}
    for path, method, operation in writes:
        response = client.generic(method.upper(), concrete(path, operation), "{}", "application/json")
        answers[f"{method.upper()} {path}"] = (response.status_code, response.json()["error"]["code"])
    assert set(answers.values()) == {(403, "forbidden")}, answers
    assert not Person.objects.exists()


def test_a_body_over_the_request_limit_gets_413_in_the_error_shape(personas):
    token = api_token_issue(membership=personas.caseworker)
    body = json.dumps({"names": ["x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)], "stated_age": 30})
    response = Client().post(
        "/api/v1/people", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not Person.objects.exists()


@pytest.mark.parametrize("status", [401, 403])
def test_the_declared_auth_answers_are_what_the_api_sends(personas, status):
    token = api_token_issue(membership=personas.caseworker, read_only=status == 403)
    headers = (
        {"HTTP_AUTHORIZATION": "Bearer wrong"} if status == 401 else {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    )
    response = Client().post("/api/v1/people", "{}", content_type="application/json", **headers)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_a_request_with_too_many_fields_gets_400_in_the_error_shape(personas):
    token = api_token_issue(membership=personas.caseworker)
    query = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = Client().get(f"/api/v1/cases?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "too many parts" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/api/v1/people", "/api/v1/incidents"])
def test_a_list_asked_for_beyond_any_database_integer_answers_an_empty_page(personas, path):
    token = api_token_issue(membership=personas.supervisor)
    huge = 51194934115477281691108638720  # what schemathesis sent: an overflow and a 500 before
    response = Client().get(f"{path}?offset={huge}&limit={huge}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == []
