"""Choice labels looked up in a kept table rather than rebuilt on every call.

Django's `get_FOO_display()` flattens the field's choices into a new dict each time it is called: 180 µs for
the 36 states of origin, and a person's page shows a dozen such labels. The table below is built once per
field; its labels stay lazy translations, so each call still answers in the reader's language.
"""

from functools import cache

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _labels(field) -> dict:
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels:
    """First base of every model with a `choices=` field (a test checks that none is missed)."""

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's own hook name)
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


@cache
def labels_of(choices: type) -> dict:
    """A Choices class's value -> label, built once (its `.values` and `.choices` are rebuilt per call)."""
    return dict(choices.choices)
