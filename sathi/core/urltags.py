"""`{% url %}` with each route's shape reversed once (a template builtin, in place of Django's tag).

Django's reverse walks the route's possibilities, converts and checks each argument against the pattern,
and quotes the result: 35-40 µs a link, and a person's page has sixteen. Its answer for a route depends on
the URL configuration, script prefix, language and current app, and on each argument only through the
argument's text. For arguments that are UUIDs or non-negative integers, every value of the kind passes the
same converters (Sathi uses only Django's own: a test checks that), so the route is reversed once with a
stand-in value per argument, and a real value's text replaces its stand-in's. Anything else (text
arguments, a stand-in that does not come back exactly once) is reversed by Django as before.
"""

from __future__ import annotations

import uuid

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from sathi.core.i18ntags import render_language

register = template.Library()

_SCOPE = "sathi.reverse_scope"  # in a template's render context
_UNKEPT = object()  # a shape Django reverses each time
_shapes: dict[tuple, object] = {}


def _kind(value) -> str | None:
    if isinstance(value, uuid.UUID):
        return "uuid"
    if type(value) is int and value >= 0:
        return "int"
    return None


def _stand_in(kind: str, position: int):
    # Values no real record has, distinct per position, whose text cannot occur elsewhere in a path.
    if kind == "uuid":
        return uuid.UUID(int=0x5A7B1_0000_0000_0000_0000_0000_0000 + position)
    return 918_273_645_546_372_819 + position


def _shape(view_name: str, kinds: tuple, kwarg_kinds: tuple, current_app):
    args = [_stand_in(kind, i) for i, kind in enumerate(kinds)]
    kwargs = {name: _stand_in(kind, len(kinds) + i) for i, (name, kind) in enumerate(kwarg_kinds)}
    try:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    except NoReverseMatch:
        return _UNKEPT  # Django says why, each time it is asked
    marks = [str(value) for value in (*args, *kwargs.values())]
    if any(url.count(mark) != 1 for mark in marks):
        return _UNKEPT
    return url, marks


def reverse_scope() -> tuple:
    """What a reverse depends on besides its arguments: the URL configuration, script prefix, language."""
    return get_resolver(get_urlconf()), get_script_prefix(), get_language()


def kept_reverse(view_name, args=(), kwargs=None, current_app=None, scope: tuple | None = None) -> str:
    """What django.urls.reverse answers, reversing each route's shape once (`scope`: reverse_scope(),
    when the caller has read it already)."""
    kwargs = kwargs or {}
    kinds = tuple(_kind(a) for a in args)
    kwarg_kinds = tuple(sorted((name, _kind(v)) for name, v in kwargs.items()))
    if not isinstance(view_name, str) or None in kinds or any(k is None for _, k in kwarg_kinds):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (*(scope or reverse_scope()), view_name, current_app, kinds, kwarg_kinds)
    shape = _shapes.get(key)
    if shape is None:
        shape = _shapes[key] = _shape(view_name, kinds, kwarg_kinds, current_app)
    if shape is _UNKEPT:
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    url, marks = shape
    values = [*args, *(kwargs[name] for name, _ in kwarg_kinds)]
    for mark, value in zip(marks, values, strict=True):
        url = url.replace(mark, str(value))
    return url


class KeptURLNode(URLNode):
    def render(self, context):
        # Django's URLNode.render, with kept_reverse in place of reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        # The configuration and prefix are the request's, the same for the whole render.
        language = render_language(context)
        scope = context.render_context.get(_SCOPE)
        if scope is None or scope[2] != language:
            scope = context.render_context[_SCOPE] = (*reverse_scope()[:2], language)
        try:
            url = kept_reverse(view_name, args, kwargs, current_app, scope)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
