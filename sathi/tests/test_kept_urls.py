"""`{% url %}` (sathi.core.urltags) answers what Django's reverse answers, for every route of the app."""

import random
import uuid

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse, set_script_prefix
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter
from django.utils import translation

from sathi.core.urltags import kept_reverse

DJANGOS = (IntConverter, UUIDConverter, StringConverter, SlugConverter, PathConverter)


def _routes(patterns=None, namespace="", converters=None):
    """(name with its namespaces, {parameter: converter}) for every named route."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    converters = converters or {}
    for entry in patterns:
        found = {**converters, **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", found


def _value(converter, rng):
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=rng.getrandbits(128), version=4)
    if isinstance(converter, IntConverter):
        return rng.choice([0, 1, 7, rng.randrange(10**12)])
    return "some-text"  # text: Django reverses it each time


def test_every_route_uses_only_djangos_converters():
    others = {name: type(c).__name__ for name, cs in _routes() for c in cs.values() if type(c) not in DJANGOS}
    assert not others, f"kept_reverse assumes Django's converters; these routes use others: {others}"


@pytest.mark.parametrize("language", ["en", "bn"])
def test_kept_reverse_equals_djangos_for_every_route(language):
    rng = random.Random(14)
    checked = 0
    with translation.override(language):
        for name, converters in _routes():
            for _ in range(3):  # the first fills the kept shape, the others read it
                values = {param: _value(c, rng) for param, c in converters.items()}
                assert kept_reverse(name, kwargs=values) == reverse(name, kwargs=values), name
                args = list(values.values())
                try:
                    expected = reverse(name, args=args)
                except NoReverseMatch:
                    with pytest.raises(NoReverseMatch):
                        kept_reverse(name, args=args)
                else:
                    assert kept_reverse(name, args=args) == expected, name
                checked += 1
    assert checked > 300


def test_kept_reverse_follows_the_script_prefix():
    person = uuid.uuid4()
    try:
        set_script_prefix("/one/")
        assert kept_reverse("people:detail", args=[person]) == f"/one/people/{person}/"
        set_script_prefix("/two/")
        assert kept_reverse("people:detail", args=[person]) == f"/two/people/{person}/"
    finally:
        set_script_prefix("/")


def test_an_argument_of_the_wrong_kind_is_refused_as_django_refuses_it():
    with pytest.raises(NoReverseMatch):
        kept_reverse("people:detail", args=[-1])
    with pytest.raises(NoReverseMatch):
        kept_reverse("people:detail", args=[5])
    with pytest.raises(NoReverseMatch):
        kept_reverse("people:detail", args=["not-a-uuid"])


def test_url_tag_renders_as_djangos():
    source = (
        "{% url 'people:detail' person %}|{% url 'people:detail' person_id=person %}|"
        "{% url 'set-language' %}|{% url 'people:detail' 'nope' as missing %}[{{ missing }}]"
    )
    person = uuid.uuid4()
    ours = engines["django"].engine.from_string(source)
    djangos = Engine(builtins=[]).from_string(source)
    for _ in range(2):
        got = ours.render(Context({"person": person}))
        assert got == djangos.render(Context({"person": person}))
    assert got.startswith(f"/people/{person}/|/people/{person}/|")


def test_url_tag_reads_the_prefix_of_each_render():
    person = uuid.uuid4()
    template = engines["django"].from_string("{% url 'people:detail' person %}")
    try:
        for prefix in ("/one/", "/two/"):
            set_script_prefix(prefix)
            assert template.render({"person": person}) == f"{prefix}people/{person}/"
    finally:
        set_script_prefix("/")
