"""The vocabulary codes a page must never show, and the pages of the permission matrix to look for them on.

A code is a TextChoices value that a reader would not take for a word: one with an underscore
(`brothel_with_madam`), or one that differs from its label and is not itself a word of Sathi's English
interface or of any label, in any case (`ahtu`, `IN-WB`). A value that is also an everyday word ("raid",
"state", "village") cannot be told apart from prose or from a name typed by a worker ("Matrix village"), so it
is left out rather than flagged in every sentence that uses the word.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import TextChoices
from django.utils import translation

TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*[A-Za-z0-9]")
# Persona preferred when several may open a page: the one who sees the most of it.
PREFERRED = [
    "caseworker",
    "supervisor",
    "board_member",
    "community_researcher",
    "legal_advocate",
    "counsellor",
    "peer_worker",
    "analyst",
    "org_admin",
    "auditor",
    "outsider",
    "anonymous",
]


def _choices_classes():
    for config in apps.get_app_configs():
        if not config.name.startswith("sathi"):
            continue
        for module_name in (f"{config.name}.vocab", f"{config.name}.models"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if inspect.isclass(value) and issubclass(value, TextChoices) and value is not TextChoices:
                    yield value


@cache
def _interface_words(labels: tuple[str, ...]) -> frozenset[str]:
    """Every word of the English interface, lower-cased: the catalogue's message ids and the labels."""
    catalogue = Path(settings.BASE_DIR) / "sathi" / "locale" / "bn" / "LC_MESSAGES" / "django.po"
    ids = re.findall(r'^msgid "(.*)"$', catalogue.read_text(encoding="utf-8"), flags=re.MULTILINE)
    # The questionnaires Sathi ships are written in its own words too ("How severe is trafficking in this
    # community?" uses "severe" as English, not as the violence vocabulary's code).
    shipped = Path(settings.BASE_DIR) / "sathi" / "questionnaires" / "research_forms.py"
    questions = [
        node.value
        for node in ast.walk(ast.parse(shipped.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "_" not in node.value
    ]
    return frozenset(word.lower() for text in (*ids, *questions, *labels) for word in TOKEN.findall(text))


@cache
def vocabulary_codes() -> frozenset[str]:
    with translation.override("en"):
        pairs = [(str(v), str(label)) for choices in _choices_classes() for v, label in choices.choices]
    words = _interface_words(tuple(label for _value, label in pairs))
    return frozenset(
        value
        for value, label in pairs
        if TOKEN.fullmatch(value)
        and not value.isdigit()
        and ("_" in value or (value.lower() != label.lower() and value.lower() not in words))
    )


def codes_in(text: str) -> set[str]:
    return set(TOKEN.findall(text)) & vocabulary_codes()


class _VisibleText(HTMLParser):
    """The text a person sees: text nodes outside script, style and template, and no attribute values."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def page_rows(pages: dict, *, methods=("GET",)):
    """(name, method, path, data, persona) for each page of the matrix some persona opens (200), with the
    persona who sees the most of it. New rows in the matrix are picked up here without a list by hand."""
    for name, (method, path, data, expected) in pages.items():
        if method not in methods:
            continue
        allowed = [persona for persona in PREFERRED if expected.get(persona) == 200]
        if allowed:
            yield name, method, path, data, allowed[0]


def with_every_kind_of_word(world):
    """The matrix's world, with the records whose vocabulary values pages have shown as codes: a site of
    her history, qualities of a relation, a life event, her stated pathway, a service, the directory."""
    from datetime import timedelta

    from django.utils import timezone

    from sathi.care import referrals
    from sathi.care import services as care
    from sathi.relations import services as relations

    worker, person, today = world.p.caseworker, world.values["person"], timezone.localdate()
    relations.site_history_add(
        actor=worker, person_id=person, site_type="brothel_with_madam", with_madam_or_owner=True
    )
    relations.quality_add(actor=worker, relation_id=world.values["relation"], quality="support_emotional")
    relations.life_event_add(actor=worker, person_id=person, kind="parent_remarriage", age=15)
    care.pathway_record(actor=worker, case_id=world.values["case"], pathway="return_family", words="")
    care.service_record(
        actor=worker,
        case_id=world.values["case"],
        service_type="legal_aid",
        delivered_on=today - timedelta(days=1),
    )
    referrals.provider_save(actor=worker, services=["legal_aid", "hiv_testing"], languages=["bn", "hi"])
    return world
