"""Reads with rules for accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from sathi.accounts.models import ApiToken, Membership, Role


def api_token_list(*, actor: Membership) -> QuerySet[ApiToken]:
    """Tokens that still work: her own; for the organisation admin, every one in the organisation."""
    tokens = ApiToken.objects.live().filter(membership__organisation_id=actor.organisation_id)
    if actor.role != Role.ORG_ADMIN:
        tokens = tokens.filter(membership=actor)
    return tokens.select_related("membership__user").order_by("-created_at")
