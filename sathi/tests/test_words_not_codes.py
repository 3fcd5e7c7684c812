"""Every page of the permission matrix, rendered in English, Bengali and Hindi for a persona who may open it
(issue 15): words, not codes (item 3): no vocabulary code in its visible text; dates that work in every
language (item 4): every date input carries an ISO value, whatever the language."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from sathi.api.tests.matrix_pages import PAGES
from sathi.api.tests.matrix_world import World
from sathi.api.tests.test_permission_matrix import _client, _fill
from sathi.tests.vocabulary import (
    codes_in,
    page_rows,
    visible_text,
    vocabulary_codes,
    with_every_kind_of_word,
)

LANGUAGES = ("en", "bn", "hi")
ROWS = list(page_rows(PAGES, methods=("GET", "POST")))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield with_every_kind_of_word(World.build())
        transaction.set_rollback(True)


@pytest.fixture
def clients(world):
    made = {}

    def _get(persona):
        if persona not in made:
            made[persona] = _client(world, persona)
        return made[persona]

    yield _get
    translation.activate(settings.LANGUAGE_CODE)


def test_the_codes_include_the_ones_seen_on_pages():
    codes = vocabulary_codes()
    assert {"brothel_with_madam", "ngo_home", "IN-WB", "dsw"} <= codes
    assert not {"raid", "state", "caseworker", "3"} & codes  # words and numbers are not codes


def test_visible_text_leaves_out_attributes_and_scripts():
    html = '<option value="ngo_home">NGO home</option><script>var a = "ngo_home";</script>'
    assert codes_in(visible_text(html)) == set()
    assert codes_in(visible_text("<td>ngo_home</td>")) == {"ngo_home"}


PAGES_SEEN: dict[tuple[str, str], str] = {}  # (language, page) -> its HTML, rendered once for both rules
ROW_PARAMS = [pytest.param(*row, id=f"{row[0]} as {row[4]}") for row in ROWS]
DATE_INPUT = re.compile(r'<input type="(date|datetime-local)"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')
ISO = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
}


def _page(world, clients, language, name, method, path, data, persona) -> str:
    if (language, name) not in PAGES_SEEN:
        client = clients(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        url = _fill(path, world.values)
        response = client.get(url) if method == "GET" else client.post(url, _fill(data or {}, world.values))
        assert response.status_code == 200
        html = response.content.decode() if response.get("Content-Type", "").startswith("text/html") else ""
        PAGES_SEEN[(language, name)] = html
    return PAGES_SEEN[(language, name)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "method", "path", "data", "persona"), ROW_PARAMS)
def test_no_vocabulary_code_on_any_page(world, clients, language, name, method, path, data, persona):
    html = _page(world, clients, language, name, method, path, data, persona)
    shown = codes_in(visible_text(html))
    assert shown == set(), f"{name} in {language} shows vocabulary codes: {sorted(shown)}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "method", "path", "data", "persona"), ROW_PARAMS)
def test_date_inputs_carry_iso_values_in_every_language(
    world, clients, language, name, method, path, data, persona
):
    html = _page(world, clients, language, name, method, path, data, persona)
    for found in DATE_INPUT.finditer(html):
        value = VALUE.search(found.group(0))
        if value and value.group(1):
            assert ISO[found.group(1)].fullmatch(value.group(1)), f"{name} in {language}: {found.group(0)}"
