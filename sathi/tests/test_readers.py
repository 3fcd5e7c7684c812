"""The readers registry is complete: no URL pattern, API operation or due source opens without an entry."""

from __future__ import annotations

from django.urls import URLResolver, get_resolver

from sathi.api.api import api
from sathi.care import due
from sathi.core.readers import READERS, Door
from sathi.people.policy import FieldClass, Kind


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _doors() -> set[str]:
    schema = api.get_openapi_schema()
    operations = {f"api:{op['operationId']}" for path in schema["paths"].values() for op in path.values()}
    sources = {f"due:{source.__name__}" for source in due.sources()}
    return set(_url_names(get_resolver().url_patterns)) | operations | sources


def test_every_url_pattern_api_operation_and_due_source_is_a_registered_reader():
    registered = {name for name, reader in READERS.items() if reader.door is not Door.JOB}
    assert _doors() - registered == set(), "doors without an entry in sathi/core/readers.py"
    assert registered - _doors() == set(), "entries in sathi/core/readers.py for doors that do not exist"


def test_every_reader_names_a_kind_and_classes_of_the_policy():
    for name, reader in READERS.items():
        assert reader.kind == "" or reader.kind in set(Kind), name
        assert reader.shows <= set(FieldClass), name


def test_a_due_source_shows_the_kind_it_is_registered_with():
    for source, kind in due.sources().items():
        assert READERS[f"due:{source.__name__}"].kind == kind
