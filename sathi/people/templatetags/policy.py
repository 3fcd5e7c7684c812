"""Templates ask the policy too: `{% if actor|may:"incident" %}` (a Kind or a Verb of sathi.people.policy)."""

from __future__ import annotations

import threading

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.translation import get_language

from sathi.people import policy

register = template.Library()


@register.filter
def may(actor, what: str) -> bool:
    if actor is None:
        return False
    asked = policy.Kind(what) if what in set(policy.Kind) else policy.Verb(what)
    return bool(policy.decide(actor, asked))


# The main menu of every page, rendered once per role, language and URL prefix in each process: a role's
# rules are code, so its menu only changes with a new release (a restart). It is rendered from a stand-in
# membership that holds her role and nothing else, so nothing of one worker can reach another's page.
_menus: dict[tuple, str] = {}
_menus_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    actor = context.get("actor")
    if actor is None:
        return ""
    key = (policy.query_shape(actor), get_language(), get_script_prefix())
    found = _menus.get(key)
    if found is None:
        role_only = policy.stand_in(actor, organisation_id=0, user_id=0)
        found = render_to_string("includes/_nav.html", {"actor": role_only})
        with _menus_lock:
            _menus[key] = found
    return found
