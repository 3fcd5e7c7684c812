"""One-time form tokens against double submission.

The token is claimed in the same transaction as the work it guards, so of two identical posts racing,
the database's unique constraint lets exactly one through.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from sathi.accounts.models import OnceToken


def new_token() -> str:
    return secrets.token_urlsafe(24)


def already_done(token: str, user) -> str | None:
    """The result of an earlier submission of this form, if there was one."""
    row = OnceToken.objects.filter(token=token, user=user).first()
    return row.result_url if row else None


class AlreadySubmitted(Exception):
    pass


def claim(token: str, user, result_url: str = "") -> OnceToken:
    """Claim the token inside the caller's transaction; raises AlreadySubmitted if it was used."""
    if not token or len(token) > 64:
        raise AlreadySubmitted
    try:
        with transaction.atomic():
            return OnceToken.objects.create(token=token, user=user, result_url=result_url)
    except IntegrityError as exc:
        raise AlreadySubmitted from exc
