"""Every vocabulary is an enum in OpenAPI. Which fields hold a vocabulary is read from the models (every
concrete field with choices), never from a list kept by hand: a vocabulary or a value added later is checked
with no edit here."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps

from sathi.api.api import api
from sathi.relations.vocab import Kind

# Same name as a vocabulary field somewhere, but not one here; each says what it holds instead.
NOT_A_VOCABULARY = {
    ("PersonItem", "code"): "her pseudonymous code (Person.code), not a need's code",
    ("PersonOut", "code"): "her pseudonymous code (Person.code)",
    ("CaseItem", "code"): "the case's code (Case.code)",
    ("CaseOut", "code"): "the case's code (Case.code)",
    ("DueOut", "code"): "the case's code",
    ("AlertOut", "code"): "the pseudonymous code of the person who presented again",
    ("DueOut", "kind"): "a due source's kind: sources register themselves (sathi.care.due), an open set",
    ("FollowUpIn", "channel"): "how she was contacted, in the worker's words (FollowUp.channel)",
    ("CommitmentIn", "legal_basis"): "the law a commitment at a dialogue cites, in words (Ask.legal_basis)",
    ("CaseAskIn", "legal_basis"): "the law an ask about a case cites, in words (Ask.legal_basis)",
    ("ConsentIn", "legal_basis"): "the legal basis in words, sealed (Consent.legal_basis_sealed)",
    (
        "AgeEvidenceIn",
        "source",
    ): "where the age evidence came from, in words, sealed (AgeEvidence.source_sealed)",
    ("AskIn", "legal_basis"): "the law an ask to an office cites, in words (prevention's Ask.legal_basis)",
    ("OwnRecordOut", "code"): "her pseudonymous code, in her own record (Person.code)",
    ("ErasureIn", "code"): "a current code from the supervisor's authenticator app (re-authentication)",
}


def vocabulary_fields() -> dict[str, list[frozenset[str]]]:
    """Field name -> the set of values of each model field of that name that has choices."""
    found: dict[str, list[frozenset[str]]] = defaultdict(list)
    for model in apps.get_models():
        if not model.__module__.startswith("sathi."):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                found[field.name].append(frozenset(str(value) for value, _label in field.flatchoices))
    return found


def string_fields(document: dict):
    """(owner, name, schema) of every object property and operation parameter in the document, inline
    bodies included; owner is the schema's name (its title when inline) or the operation's id."""
    components = document.get("components", {}).get("schemas", {})
    for name, schema in components.items():
        for prop, sub in (schema.get("properties") or {}).items():
            yield name, prop, sub
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                yield operation.get("operationId", "?"), parameter["name"], parameter.get("schema", {})
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body = content.get("schema", {})
                for prop, sub in (body.get("properties") or {}).items():
                    yield body.get("title", "?"), prop, sub


def string_kinds(schema: dict):
    """For each string a schema may hold (through arrays and anyOf/oneOf): its enum as a set, or None when
    any string goes (no enum, no format)."""
    if schema.get("type") == "string" and "format" not in schema:
        yield frozenset(schema["enum"]) if "enum" in schema else None
    if schema.get("type") == "array":
        yield from string_kinds(schema.get("items", {}))
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from string_kinds(sub)


def vocabulary_gaps(document: dict, vocabularies: dict[str, list[frozenset[str]]]) -> list[str]:
    gaps = []
    for owner, name, schema in string_fields(document):
        if name not in vocabularies:
            continue
        for enum in string_kinds(schema):
            if enum is None:
                if (owner, name) not in NOT_A_VOCABULARY:
                    gaps.append(f"{owner}.{name}: a plain string, but {name} is a vocabulary in the models")
            elif not any(enum - {""} == values - {""} for values in vocabularies[name]):
                gaps.append(f"{owner}.{name}: its enum is not the vocabulary of any model's {name}")
    return gaps


def test_every_vocabulary_field_is_an_enum_of_its_vocabulary_in_openapi():
    assert vocabulary_gaps(api.get_openapi_schema(), vocabulary_fields()) == []


def test_every_field_excused_from_an_enum_is_still_in_the_document_as_a_plain_string():
    """The list of exceptions cannot outlive the fields it excuses."""
    plain = {
        (owner, name)
        for owner, name, schema in string_fields(api.get_openapi_schema())
        if None in set(string_kinds(schema))
    }
    assert set(NOT_A_VOCABULARY) <= plain


def test_a_vocabulary_field_left_a_plain_string_is_found():
    document = {
        "components": {
            "schemas": {
                "RelationIn": {"properties": {"kind": {"type": "string"}, "name": {"type": "string"}}},
                "CheckOut": {"properties": {"choice": {"type": "string", "enum": ["stale"]}}},
            }
        },
        "paths": {"/x": {"get": {"operationId": "x", "parameters": [{"name": "domain", "schema": {}}]}}},
    }
    assert vocabulary_gaps(document, vocabulary_fields()) == [
        "RelationIn.kind: a plain string, but kind is a vocabulary in the models",
        "CheckOut.choice: its enum is not the vocabulary of any model's choice",
    ]


def test_relation_kinds_in_openapi_are_read_from_the_vocabulary():
    """A kind added to relations/vocab.py is in the enum with no edit to the API."""
    properties = api.get_openapi_schema()["components"]["schemas"]["RelationIn"]["properties"]
    assert properties["kind"]["enum"] == list(Kind.values)
