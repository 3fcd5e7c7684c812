"""Bearer tokens: looked up by HMAC digest, compared in constant time, principal put on the request."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from ninja.security.http import HttpBearer

from sathi.accounts import keys
from sathi.accounts.models import ApiToken
from sathi.lib import crypto
from sathi.lib.errors import Forbidden

# Last use is recorded to the minute, not on every request: a write per read would turn each API call
# into a row update (lock waits for a client that sends requests in parallel, write traffic on a
# database that should mostly read), and the idle limit it serves is counted in days.
LAST_USE_RESOLUTION = timedelta(minutes=1)
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def __call__(self, request):
        # Our own parsing: the library's logs the whole header (the token) on a malformed one in debug.
        value = request.headers.get("Authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token: str):
        """A live token (ApiToken.objects.live: not expired, not idle, not revoked) or None (401)."""
        if len(token) > 200:
            return None
        digest = crypto.token_digest(keys.keyring().pepper, token)
        now = timezone.now()
        row = (
            ApiToken.objects.live(now)
            .select_related("membership__organisation", "membership__user")
            .filter(digest=digest)
            .first()
        )
        if row is None or not hmac.compare_digest(row.digest, digest):
            return None
        if row.last_used_at is None or now - row.last_used_at >= LAST_USE_RESOLUTION:
            # Conditional, so that of parallel requests only the first in each minute writes.
            ApiToken.objects.filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USE_RESOLUTION), pk=row.pk
            ).update(last_used_at=now)
        if row.read_only and request.method not in READ_METHODS:
            raise Forbidden  # 403 in the error shape
        request.actor = row.membership
        request.api_principal = row.membership
        return row.membership
