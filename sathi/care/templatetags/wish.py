"""Her latest stated wish beside every decision about her, on any app's page: `{% her_latest_wish person %}`.
Pages of screening and relations show it without importing care (a template tag is not an import)."""

from django import template

from sathi.care.selectors import latest_wish

register = template.Library()


@register.inclusion_tag("care/_wish.html", takes_context=True)
def her_latest_wish(context, person):
    actor = getattr(context.get("request"), "actor", None)
    return {"wish": latest_wish(actor=actor, person=person) if actor and person else None}
