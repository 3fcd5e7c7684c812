"""Every API operation that writes has a page that does the same work (issue 15: a peer worker on a phone
uses pages, never the API). The table is `PAGE_FOR_WRITE` in sathi/core/readers.py; the API's own schema
says which operations write, and each operation's source says which service does the work, so a new write
without a page, or a page that does other work, fails here."""

from __future__ import annotations

import inspect
import re

from django.urls import URLResolver, get_resolver

from sathi.api.api import api
from sathi.core.readers import API_ONLY_WRITES, PAGE_FOR_WRITE, READERS, Door

SERVICE_CALL = re.compile(r"(\w+)\(\s*actor=")


def _views(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _routers(mounted):
    """Every router, nested ones included (the API lists a nested router itself only once its URLs are
    built, so a test run alone would not see prevention's programme operations)."""
    for entry in mounted:  # (prefix, router), and a nested router's (prefix, router, tags)
        router = entry[1]
        yield router
        yield from _routers(router._routers)


def _operations() -> dict[str, tuple[str, object]]:
    """operation id -> (HTTP method, the function that answers it)."""
    found = {}
    for router in _routers(api._routers):
        for path_operation in router.path_operations.values():
            for operation in path_operation.operations:
                for method in operation.methods:
                    found[f"api:{operation.operation_id}"] = (method, operation.view_func)
    return found


def _source(function) -> str:
    return inspect.getsource(inspect.unwrap(function))


def test_every_api_write_operation_has_a_page():
    writes = {name for name, (method, _f) in _operations().items() if method != "GET"}
    without = writes - set(PAGE_FOR_WRITE) - set(API_ONLY_WRITES)
    assert without == set(), "API writes without a page (PAGE_FOR_WRITE in readers.py)"
    assert set(PAGE_FOR_WRITE) - writes == set(), "PAGE_FOR_WRITE names operations that do not write"
    assert set(API_ONLY_WRITES) <= writes, "API_ONLY_WRITES names operations that do not write"
    assert not set(API_ONLY_WRITES) & set(PAGE_FOR_WRITE), "a write with a page is not API-only"
    assert all(reason.strip() for reason in API_ONLY_WRITES.values()), "each API-only write says why"


def test_each_write_page_is_a_registered_page():
    views = dict(_views(get_resolver().url_patterns))
    for operation, page in PAGE_FOR_WRITE.items():
        assert page in views, f"{operation}: no URL pattern named {page}"
        assert READERS[page].door in (Door.PAGE, Door.FORM), page


def test_each_write_page_calls_the_service_its_operation_calls():
    operations, views = _operations(), dict(_views(get_resolver().url_patterns))
    for operation, page in PAGE_FOR_WRITE.items():
        services = set(SERVICE_CALL.findall(_source(operations[operation][1])))
        assert services, f"{operation} calls no service with an actor"
        page_source = _source(views[page])
        assert any(re.search(rf"\b{name}\b", page_source) for name in services), (
            f"{page} does not do the work of {operation} ({', '.join(sorted(services))})"
        )
