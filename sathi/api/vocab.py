"""Vocabulary fields in the API: declared as enums in OpenAPI, so that a generated client knows every value.

On the wire they stay strings checked by the service (`clean_choice`), which decides who may act before it
looks at what was sent: an outsider learns nothing from a wrong value."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import WithJsonSchema


def vocab(choices, *, blank: bool = False) -> Any:
    """A string field holding one of `choices` (a string enum); `blank` when it may also be empty."""
    values = [str(member.value) for member in choices] + ([""] if blank else [])
    return Annotated[str, WithJsonSchema({"type": "string", "enum": values})]
