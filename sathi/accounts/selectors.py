"""Reads with rules for accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from sathi.accounts.models import ApiToken, Membership


def api_token_list(*, actor: Membership, whole_organisation: bool) -> QuerySet[ApiToken]:
    """Tokens that still work: her own, or every one in her organisation for one who manages its
    members (the view asks the policy, which sits above accounts)."""
    tokens = ApiToken.objects.live().filter(membership__organisation_id=actor.organisation_id)
    if not whole_organisation:
        tokens = tokens.filter(membership=actor)
    return tokens.select_related("membership__user").order_by("-created_at")


def passkey_list(*, user) -> QuerySet:
    """Her own passkeys, the oldest first: nobody else's, not even for an admin (she removes her own; the
    admin's reset of her second step removes them all)."""
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user).order_by("created_at", "pk")
