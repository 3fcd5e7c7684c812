"""Django's `i18n` tag library with literal translations kept per language (loaded as `{% load i18n %}`).

A page translates ~150 fixed phrases; Django looks each up in the catalogue and escapes it again on every
render (about 8 µs each, 1.2 ms of a person's page). A `{% translate "..." %}` of a quoted literal, with no
filter, no `as` and no variable context, gives the same text for the same language every time, so its
rendered text is kept per (language, autoescape). Anything else renders as Django renders it.

The language itself is read once per template render (`render_language`; each read of Django's is a
lookup in asgiref's context-local storage under a lock): only `{% language %}` changes it inside a render,
and its node here says so.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language, get_language_info

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# Bumped when the languages or catalogues a test points at change, so that nothing kept outlives them.
_generation = 0


@receiver(setting_changed)
def _forget(setting, **kwargs):
    global _generation
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N", "INSTALLED_APPS"}:
        _generation += 1
        _options.clear()


_LANGUAGE = "sathi.language"  # in the template's render context: the language this render is in


def render_language(context) -> str:
    """The active language, read once per template render (a render context is one template's, with the
    templates it extends)."""
    language = context.render_context.get(_LANGUAGE)
    if language is None:
        language = context.render_context[_LANGUAGE] = get_language()
    return language


class KeptLanguage(django_i18n.LanguageNode):
    def render(self, context):
        before = context.render_context.get(_LANGUAGE)
        context.render_context[_LANGUAGE] = None  # read again inside, under the block's language
        try:
            return super().render(context)
        finally:
            context.render_context[_LANGUAGE] = before


@register.tag("language")
def do_language(parser, token):
    node = django_i18n.language(parser, token)
    return KeptLanguage(node.nodelist, node.language)


def _constant(expression) -> bool:
    """A quoted literal with no filter (or no expression at all): the same text on every render."""
    if expression is None:
        return True
    literal = isinstance(expression.var, str) or (
        isinstance(expression.var, Variable) and expression.var.lookups is None
    )
    return literal and not expression.filters


class KeptTranslation(django_i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        self.kept = {}
        self.keepable = asvar is None and _constant(filter_expression) and _constant(message_context)

    def render(self, context):
        if not self.keepable:
            return super().render(context)
        key = (_generation, render_language(context), context.autoescape)
        try:
            return self.kept[key]
        except KeyError:
            value = self.kept[key] = super().render(context)
            return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return KeptTranslation(node.filter_expression, node.noop, node.asvar, node.message_context)


_options: dict = {}


@register.simple_tag
def language_options():
    """The language switch's choices, (code, name in its own script, is current), built once per language."""
    current = get_language()
    key = (_generation, current)
    if key not in _options:
        _options[key] = tuple(
            (code, get_language_info(code)["name_local"], code == current) for code, _ in settings.LANGUAGES
        )
    return _options[key]
