"""Kept template answers (sathi.core.i18ntags, statictags, templates) answer what Django's own tags answer."""

import pytest
from django.core.checks import Warning as CheckWarning
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation

from sathi.core.i18ntags import KeptTranslation

TEMPLATE = (
    "{% load i18n %}{% translate 'Save' %}|{% translate \"Fish & <chips>\" %}|"
    "{% translate 'May' context 'month name' %}|{% translate greeting %}|"
    "{% translate 'Search' as kept %}{{ kept }}"
)


def _django_engine():
    """The same template compiled by Django's own i18n library, as the reference."""
    return Engine(libraries={"i18n": "django.templatetags.i18n"})


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_kept_translation_equals_djangos(language, autoescape):
    ours = engines["django"].engine.from_string(TEMPLATE)
    reference = _django_engine().from_string(TEMPLATE)
    context = {"greeting": "Search"}
    with translation.override(language):
        for _ in range(2):  # the second render comes from what was kept
            got = ours.render(Context(context, autoescape=autoescape))
            assert got == reference.render(Context(context, autoescape=autoescape))


def test_kept_translation_follows_the_language_tag_and_switch():
    template = engines["django"].from_string(
        "{% load i18n %}{% translate 'Save' %}|{% language 'bn' %}{% translate 'Save' %}{% endlanguage %}"
    )
    with translation.override("en"):
        english, bengali = template.render({}).split("|")
    with translation.override("bn"):
        assert template.render({}).split("|") == [bengali, bengali]
    assert english == "Save" and bengali == "সেভ করুন"


def test_only_fixed_translations_are_kept():
    template = engines["django"].engine.from_string(
        "{% load i18n %}{% translate 'A' %}{% translate name %}{% translate 'A'|upper %}"
        "{% translate 'A' as x %}{% translate 'A' context who %}"
    )
    nodes = [node for node in template.nodelist if isinstance(node, KeptTranslation)]
    assert [node.keepable for node in nodes] == [True, False, False, False, False]


def test_variable_translation_follows_its_variable():
    template = engines["django"].from_string("{% load i18n %}{% translate name %}")
    with translation.override("en"):
        assert template.render({"name": "Search"}) == "Search"
        assert template.render({"name": "Save"}) == "Save"


def test_language_switch_lists_every_language_and_marks_the_current():
    from django.conf import settings

    template = engines["django"].from_string(
        "{% load i18n %}{% language_options as options %}{% for code, name, current in options %}"
        "{{ code }}={{ name }}{% if current %}*{% endif %};{% endfor %}"
    )
    with translation.override("bn"):
        shown = template.render({})
    assert shown.count(";") == len(settings.LANGUAGES)
    assert "bn=বাংলা*;" in shown and "en=English;" in shown


def test_kept_static_url_follows_the_static_settings():
    template = engines["django"].from_string("{% load static %}{% static 'site/site.css' %}")
    with override_settings(STATIC_URL="/one/"):
        assert template.render({}).startswith("/one/")
    with override_settings(STATIC_URL="/two/"):
        assert template.render({}).startswith("/two/")


def test_replaced_libraries_raise_no_warning_but_a_real_clash_does():
    backend = engines["django"]
    assert not [w for w in backend.check() if w.id == "templates.W003"]
    backend.engine.libraries["policy"] = "sathi.core.icons"  # a second module under an app's name: a clash
    try:
        warnings = backend.check()
    finally:
        del backend.engine.libraries["policy"]
    assert [w.id for w in warnings if isinstance(w, CheckWarning)] == ["templates.W003"]


def test_kept_translation_and_links_follow_a_language_block_and_return_after_it():
    template = engines["django"].from_string(
        "{% load i18n %}{% translate 'Save' %}|{% language 'bn' %}{% translate 'Save' %}"
        "{% language 'en' %}{% translate 'Save' %}{% endlanguage %}{% translate 'Save' %}{% endlanguage %}"
        "|{% translate 'Save' %}"
    )
    with translation.override("en"):
        assert template.render({}) == "Save|সেভ করুনSaveসেভ করুন|Save"
    with translation.override("bn"):
        assert template.render({}) == "সেভ করুন|সেভ করুনSaveসেভ করুন|সেভ করুন"
