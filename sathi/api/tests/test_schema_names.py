"""One name, one shape. The OpenAPI document keys its components by a schema's class name: two schemas of
the same name in two apps leave one of them in the document, and the other's operations are described by a
shape they do not answer with (a study's table was once described as the evidence catalogue's)."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from sathi.api.api import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_schema_name_means_one_shape():
    api.get_openapi_schema()  # imports every router, so every schema class exists
    shapes: dict[str, dict[str, str]] = defaultdict(dict)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("sathi."):
            shapes[schema.__name__][f"{schema.__module__}.{schema.__qualname__}"] = repr(
                schema.model_json_schema()
            )
    clashing = {name: sorted(where) for name, where in shapes.items() if len(set(where.values())) > 1}
    assert clashing == {}
