"""Vocabulary fields in the API: declared as enums in OpenAPI, so that a generated client knows every value.

The values are read from the vocabulary itself (a TextChoices, an enum, or a fixed collection of strings), so
a value added to it appears in the enum with no edit here. On the wire they stay strings checked by the
service (`clean_choice`), which decides who may act before it looks at what was sent: an outsider learns
nothing from a wrong value."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import WithJsonSchema


def vocab(choices, *, blank: bool = False) -> Any:
    """A string field holding one of `choices` (a string enum); `blank` when it may also be empty."""
    values = list(dict.fromkeys(str(getattr(member, "value", member)) for member in choices))
    if blank and "" not in values:
        values.append("")
    return Annotated[str, WithJsonSchema({"type": "string", "enum": values})]
