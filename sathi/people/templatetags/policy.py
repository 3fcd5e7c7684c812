"""Templates ask the policy too: `{% if actor|may:"incident" %}` (a Kind or a Verb of sathi.people.policy)."""

from __future__ import annotations

from django import template

from sathi.people import policy

register = template.Library()


@register.filter
def may(actor, what: str) -> bool:
    if actor is None:
        return False
    asked = policy.Kind(what) if what in set(policy.Kind) else policy.Verb(what)
    return bool(policy.decide(actor, asked))
