"""`"\\ud800"` in any text field gives 400, never 500: each API operation that takes text, the search page."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.accounts.services import api_token_issue
from sathi.api.api import api

SURROGATE = "\ud800"
# What a client that lets a lone surrogate through sends in a form or a query string.
SURROGATE_BYTES = SURROGATE.encode("utf-8", "surrogatepass")
UNSTORABLE = "This contains characters that cannot be stored. Please retype it."


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _takes_text(schema: dict, components: dict) -> str | None:
    """'one' for a string, 'many' for a list of strings, else None."""
    schema = _resolve(schema, components)
    for option in schema.get("anyOf", [schema]):
        option = _resolve(option, components)
        if option.get("type") == "string" and option.get("format") != "binary":
            return "one"
        if option.get("type") == "array" and _takes_text(option.get("items", {}), components) == "one":
            return "many"
    return None


def text_inputs():
    """(operation id, method, path, where, field, one or many) for each text input in the OpenAPI document."""
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            filled = path
            for param in operation.get("parameters", []):
                if param["in"] == "path":
                    kind = _resolve(param["schema"], components)
                    value = str(uuid.uuid4()) if kind.get("format") == "uuid" else "1"
                    filled = filled.replace("{" + param["name"] + "}", value)
            for param in operation.get("parameters", []):
                if param["in"] == "query" and _takes_text(param["schema"], components):
                    yield operation["operationId"], method, filled, "query", param["name"], "one"
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                body = _resolve(content["schema"], components)
                for name, field in body.get("properties", {}).items():
                    many = _takes_text(field, components)
                    if many:
                        yield operation["operationId"], method, filled, media, name, many


INPUTS = list(text_inputs())


def test_the_walk_finds_the_text_fields():
    found = {(op, field) for op, _m, _p, _w, field, _k in INPUTS}
    assert {("people_find", "query"), ("people_register", "names"), ("evidence_attach", "kind")} <= found
    assert len(INPUTS) > 40


@pytest.fixture
def token(personas):
    return api_token_issue(membership=personas.supervisor)


def _send(client: Client, method: str, url: str, where: str, field: str, kind: str):
    if where == "query":
        return client.generic(method.upper(), f"{url}?{field}=%ED%A0%80")
    if where == "application/json":
        value = SURROGATE if kind == "one" else [SURROGATE]
        return client.generic(
            method.upper(), url, json.dumps({field: value}), content_type="application/json"
        )
    boundary = "textboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'.encode()
        + SURROGATE_BYTES
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(method.upper(), url, body, content_type=f"multipart/form-data; boundary={boundary}")


def where_in(field: str, kind: str) -> str:
    return field if kind == "one" else f"{field}.0"


def test_a_lone_surrogate_in_any_text_field_gives_400_never_500(token):
    client = Client(headers={"Authorization": f"Bearer {token}"})
    expected = {"code": "invalid", "message": "Some of what you sent is not valid."}
    failures = []
    for operation, method, path, where, field, kind in INPUTS:
        response = _send(client, method, path, where, field, kind)
        if response.status_code != 400:
            failures.append(f"{operation} {field}: {response.status_code}")
        elif response.json()["error"] != {**expected, "fields": {where_in(field, kind): [UNSTORABLE]}}:
            failures.append(f"{operation} {field}: {response.json()}")
    assert failures == [], "\n".join(failures)


def test_control_characters_and_surrogates_in_json_keys_and_lists_give_400(token):
    client = Client(headers={"Authorization": f"Bearer {token}"})
    for body in ({"query": "a\x00b"}, {"query": "a\x1bb"}, {SURROGATE: "x"}, {"query": ["x", SURROGATE]}):
        response = client.post("/api/v1/people/find", json.dumps(body), content_type="application/json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    # Line breaks are text in a multi-line field: the edge lets them through to the field's own rule.
    body = json.dumps({"query": "two\nlines"})
    assert client.post("/api/v1/people/find", body, content_type="application/json").status_code == 200


def test_a_lone_surrogate_in_the_search_page_gives_a_form_error_never_500(personas):
    client = Client()
    sign_in(client, personas.caseworker)
    url = reverse("people:find")
    for raw in (b"query=%ED%A0%80", b"query=a%01b", b"query=two%0Alines", b"query=%FF%FE"):
        response = client.generic("POST", url, raw, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200 and UNSTORABLE in response.content.decode()
        assert response.context["result"] is None
