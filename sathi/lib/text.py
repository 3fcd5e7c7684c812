"""Which text can be stored: one rule for every door (API parser, page forms, services)."""

from __future__ import annotations

import re

# Lone UTF-16 surrogates (not characters at all: they cannot be encoded, stored or hashed), U+FFFD (what
# undecodable bytes became on the way in), and control characters. A multi-line field allows tab and line
# breaks; a single-line one allows no control character at all.
_NOT_IN_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


def storable(value: str, *, multiline: bool) -> bool:
    """True when `value` is valid Unicode without a control character the field does not allow."""
    return (_NOT_IN_MULTILINE if multiline else _NOT_IN_LINE).search(value) is None
