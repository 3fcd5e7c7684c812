"""{% community_alerts as alerts %}: the alerts in force for the member signed in (sathi.evidence.alerts)."""

from django import template

from sathi.evidence.alerts import for_member

register = template.Library()


@register.simple_tag(takes_context=True)
def community_alerts(context):
    request = context.get("request")
    actor = getattr(request, "actor", None)
    return for_member(actor) if actor is not None else []
