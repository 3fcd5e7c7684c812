"""Input as every service stores it: text that can be stored, a choice from its list.

A service cleans each value at its door, so that a page, the API and a job store the same thing.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sathi.lib import text as text_rules


def unstorable_message() -> str:
    return _("This contains characters that cannot be stored. Please retype it.")


def storable_line(value: str) -> None:
    """A form field's validator for single-line text (the rule of `sathi.lib.text`)."""
    if not text_rules.storable(value, multiline=False):
        raise ValidationError(unstorable_message(), code="unstorable")


def clean_text(
    value: str, *, field: str, max_length: int, required: bool = False, multiline: bool = True
) -> str:
    """Text as stored: valid Unicode (no lone surrogate, no trace of undecodable bytes), no control character
    (tab and line breaks only in a multi-line field), NFC-normalised and stripped."""
    if not isinstance(value, str):
        raise ValidationError({field: _("Enter text.")})
    if not text_rules.storable(value, multiline=multiline):
        raise ValidationError({field: unstorable_message()})
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        raise ValidationError({field: _("This is required.")})
    if len(text) > max_length:
        raise ValidationError(
            {field: _("This is too long: at most %(max)d characters.") % {"max": max_length}}
        )
    return text


def clean_choices(values, choices, *, field: str) -> list[str]:
    allowed = set(choices.values)
    values = list(dict.fromkeys(values or []))
    if any(v not in allowed for v in values):
        raise ValidationError({field: _("Choose from the list.")})
    return values


def clean_choice(value: str, choices, *, field: str) -> str:
    if value not in set(choices.values):
        raise ValidationError({field: _("Choose from the list.")})
    return value
