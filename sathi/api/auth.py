"""Bearer tokens: looked up by HMAC digest, compared in constant time, principal put on the request."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.utils import timezone
from ninja.security.http import HttpBearer

from sathi.accounts import keys
from sathi.accounts.models import ApiToken
from sathi.lib import crypto


class TokenAuth(HttpBearer):
    def __call__(self, request):
        # Our own parsing: the library's logs the whole header (the token) on a malformed one in debug.
        value = request.headers.get("Authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token: str):
        if len(token) > 200:
            return None
        digest = crypto.token_digest(keys.keyring().pepper, token)
        row = (
            ApiToken.objects.select_related("membership__organisation", "membership__user")
            .filter(
                digest=digest,
                revoked_at__isnull=True,
                membership__is_active=True,
                membership__user__is_active=True,
            )
            .first()
        )
        if row is None or not hmac.compare_digest(row.digest, digest):
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.actor = row.membership
        request.api_principal = row.membership
        return row.membership
