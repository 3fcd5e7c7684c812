"""Django's `static` template library, with each file's URL kept (loaded as `{% load static %}`).

With hashed names (whitenoise's manifest storage) `{% static %}` asks the storage for the file's name each
time: about 40 µs, several times a page. The answer depends only on the path and the static settings, so it
is kept per path and forgotten when a test changes those settings.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import static as django_static

register = template.Library()
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)

_urls: dict[str, str] = {}


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "INSTALLED_APPS", "DEBUG"}:
        _urls.clear()


def static(path: str) -> str:
    try:
        return _urls[path]
    except KeyError:
        url = _urls[path] = django_static.static(path)
        return url


class KeptStaticNode(django_static.StaticNode):
    @classmethod
    def handle_simple(cls, path):
        return static(path)


@register.tag("static")
def do_static(parser, token):
    return KeptStaticNode.handle_token(parser, token)
