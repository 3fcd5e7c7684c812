"""The alerts a worker must act on, for the home page (which belongs to people and cannot import upward)."""

from django import template

from sathi.screening.selectors import alerts_to_act

register = template.Library()


@register.inclusion_tag("screening/_alerts.html", takes_context=True)
def alerts_to_act_on(context):
    actor = getattr(context.get("request"), "actor", None)
    return {"alerts": alerts_to_act(actor) if actor else [], "csrf_token": context.get("csrf_token")}
