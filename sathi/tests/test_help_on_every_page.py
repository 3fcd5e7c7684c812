"""Help in her words (issue 15, item 11): every main page has a few plain sentences of help, folded away so
that it costs no room on a phone, in English, Bengali and Hindi, with the way to the glossary; and every
icon beside an action is decoration only, with the action's words beside it.

The main pages are the menu's (read from the templates, so a page added to the menu needs its help) and the
record pages a worker lives in: a person, a case, a board, an incident, a person's relations.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from sathi.api.tests.matrix_pages import PAGES
from sathi.api.tests.matrix_world import World
from sathi.api.tests.test_permission_matrix import _client, _fill
from sathi.core import icons
from sathi.glossary import NUMBERS_HOME_HELP, PAGE_HELP
from sathi.tests.vocabulary import page_rows

TEMPLATES = Path(settings.BASE_DIR) / "sathi" / "templates"
LANGUAGES = ("en", "bn", "hi")
# The record pages, and the pages the issue names: home, search, person, case, board, incidents, relations,
# prevention's home, evidence, questionnaires.
RECORD_PAGES = {
    "people:home",
    "people:find",
    "people:detail",
    "care:case",
    "screening:board",
    "violations:incidents",
    "violations:incident",
    "relations:person",
    "prevention:home",
    "evidence:tables",
    "questionnaires:list",
}
NOT_A_PAGE_TO_HELP = {"glossary"}  # the glossary is the help
ROWS = {row[0]: row for row in page_rows(PAGES, methods=("GET", "POST"))}


def _menu_pages() -> set[str]:
    """Every URL name the menu links to (includes/_nav.html, which base.html renders)."""
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    nav = base[base.index("<nav") : base.index("</nav>")]
    nav += (TEMPLATES / "includes" / "_nav.html").read_text(encoding="utf-8")
    return set(re.findall(r"{% url '([a-z_-]+:[a-z_-]+|[a-z_-]+)'", nav)) - NOT_A_PAGE_TO_HELP


def test_every_main_page_has_its_help():
    menu = _menu_pages()
    assert {"people:home", "care:mine", "violations:incidents", "questionnaires:list"} <= menu
    missing = (menu | RECORD_PAGES) - set(PAGE_HELP)
    assert missing == set(), f"main pages without help: {sorted(missing)}"


def test_every_help_text_is_said_in_bengali_and_hindi():
    untranslated = []
    for name, text in [*PAGE_HELP.items(), ("numbers home", NUMBERS_HOME_HELP)]:
        with translation.override("en"):  # whatever an earlier test's request left active
            english = str(text)
        for language in ("bn", "hi"):
            with translation.override(language):
                if str(text) == english:
                    untranslated.append(f"{language} {name}")
    assert untranslated == []


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield World.build()
        transaction.set_rollback(True)


class _Actions(HTMLParser):
    """Each icon and the words of the action it sits in (a link, a button, a summary)."""

    ACTIONS = {"a", "button", "summary"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[dict] = []
        self.in_svg = 0
        self.problems: list[str] = []
        self.icons = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg":
            self.in_svg += 1
            if "icon" in (attributes.get("class") or "").split():
                self.icons += 1
                if attributes.get("aria-hidden") != "true" or attributes.get("focusable") != "false":
                    self.problems.append("an icon not hidden from screen readers")
                if not self.open:
                    self.problems.append("an icon outside any link, button or summary")
                else:
                    self.open[-1]["icon"] = True
        elif tag in self.ACTIONS:
            self.open.append({"tag": tag, "icon": False, "text": ""})

    def handle_endtag(self, tag):
        if tag == "svg" and self.in_svg:
            self.in_svg -= 1
        elif tag in self.ACTIONS and self.open and self.open[-1]["tag"] == tag:
            action = self.open.pop()
            if action["icon"] and not action["text"].strip():
                self.problems.append(f"an icon alone in a {tag}, with no words beside it")
            if self.open:
                self.open[-1]["text"] += action["text"]

    def handle_data(self, data):
        if self.open and not self.in_svg:
            self.open[-1]["text"] += data


def _help_of(html: str) -> str | None:
    found = re.findall(r'<details class="page-help">(.*?)</details>', html, flags=re.S)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_main_page_shows_its_help_folded_with_the_glossary_and_its_icons_have_words(world, language):
    shown_icons, problems = 0, []
    for name, text in PAGE_HELP.items():
        _name, method, path, data, persona = ROWS[name]
        client = _client(world, persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        url = _fill(path, world.values)
        response = client.get(url) if method == "GET" else client.post(url, _fill(data or {}, world.values))
        assert response.status_code == 200, name
        html = response.content.decode()
        found = _help_of(html)
        if found is None:
            problems.append(f"{name}: no help")
            continue
        with translation.override(language):
            said = " ".join(str(text).split())
            glossary_words = str(translation.gettext("Words used in Sathi"))
        if said not in " ".join(unescape(re.sub(r"<[^>]+>", " ", found)).split()):
            problems.append(f"{name}: its help is not the page's own, in {language}")
        if 'href="/help/words/"' not in found or glossary_words not in unescape(found):
            problems.append(f"{name}: no way to the glossary")
        parser = _Actions()
        parser.feed(html)
        problems += [f"{name}: {p}" for p in parser.problems]
        shown_icons += parser.icons
    translation.activate(settings.LANGUAGE_CODE)
    assert problems == []
    assert shown_icons > 2 * len(PAGE_HELP)  # the help's own two, and the actions' icons beside them


def test_every_icon_in_the_templates_has_words_beside_it_and_every_vendored_icon_is_used():
    used, alone = set(), []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r'{% icon "([a-z0-9-]+)" %}', text):
            used.add(match.group(1))
            after = text[match.end() :].lstrip()
            if not after.startswith(("{% translate", "{% blocktranslate")):
                alone.append(f"{template.relative_to(TEMPLATES)}: {match.group(0)}")
    assert alone == []
    vendored = {path.stem for path in icons.FOLDER.glob("*.svg")}
    assert used == vendored, f"unused: {sorted(vendored - used)}, missing: {sorted(used - vendored)}"
    for name in used:
        drawn = icons.svg(name)
        assert 'aria-hidden="true"' in drawn and 'focusable="false"' in drawn and "<script" not in drawn
