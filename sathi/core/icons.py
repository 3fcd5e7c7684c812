"""Icons beside the main actions (issue 15, item 11): `{% icon "search" %}` draws one of the vendored Tabler
icons (sathi/static/vendor/tabler, MIT) inline, so it costs no request and follows the text's colour.

An icon is decoration only: hidden from screen readers and never focusable, always beside the action's
words (sathi/tests/test_help_on_every_page.py checks every one on the main pages)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

FOLDER = Path(__file__).resolve().parent.parent / "static" / "vendor" / "tabler"
_INSIDE = re.compile(r"<svg\b[^>]*>(.*)</svg>", re.S)


@cache
def svg(name: str) -> str:
    path = FOLDER / f"{name}.svg"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.is_file():
        raise template.TemplateSyntaxError(f"no vendored icon named {name!r} in {FOLDER}")
    inside = _INSIDE.search(path.read_text(encoding="utf-8"))
    if inside is None:
        raise template.TemplateSyntaxError(f"{path} is not an SVG icon")
    paths = " ".join(inside.group(1).split())
    return (
        '<svg class="icon" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" '
        f'aria-hidden="true" focusable="false">{paths}</svg>'
    )


@register.simple_tag
def icon(name: str) -> str:
    return mark_safe(svg(name))  # noqa: S308 - our own vendored file, checked by name above
