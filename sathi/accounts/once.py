"""One-time form tokens against double submission, and their expiry.

The token is claimed in the same transaction as the work it guards, so of two identical posts racing,
the database's unique constraint lets exactly one through.

A token carries the time it was issued and is good for LIFETIME: a form left open longer is refused (nothing
is written; the page offers it again with a fresh token). So the claimed tokens older than that can be
forgotten by the daily job without letting an old form through twice.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sathi.accounts.models import OnceToken

LIFETIME = timedelta(hours=24)
CLOCK_SKEW = timedelta(minutes=5)
EXPIRED = "form_expired"  # the ValidationError's code


def new_token(now: datetime | None = None) -> str:
    issued = int((now or timezone.now()).timestamp())
    return f"{issued:x}-{secrets.token_urlsafe(24)}"


def issued_at(token: str) -> datetime | None:
    head, sep, _rest = (token or "").partition("-")
    if not sep:
        return None
    try:
        return datetime.fromtimestamp(int(head, 16), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def expired(token: str, now: datetime | None = None) -> bool:
    """Not a token this server issued within LIFETIME (or one from the future)."""
    now = now or timezone.now()
    issued = issued_at(token)
    return issued is None or not now - LIFETIME <= issued <= now + CLOCK_SKEW


def already_done(token: str, user) -> str | None:
    """The result of an earlier submission of this form, if there was one."""
    row = OnceToken.objects.filter(token=token, user=user).first()
    return row.result_url if row else None


class AlreadySubmitted(Exception):
    pass


def claim(token: str, user, result_url: str = "") -> OnceToken:
    """Claim the token inside the caller's transaction; raises AlreadySubmitted if it was used, and a
    ValidationError (code EXPIRED) if the form is too old, so that the caller's transaction writes nothing."""
    if not token or len(token) > 64:
        raise AlreadySubmitted
    if expired(token):
        raise ValidationError(
            _("This form was open too long. Nothing was saved: please send it again."), code=EXPIRED
        )
    try:
        with transaction.atomic():
            return OnceToken.objects.create(token=token, user=user, result_url=result_url)
    except IntegrityError as exc:
        raise AlreadySubmitted from exc


def forget_expired(now: datetime | None = None) -> int:
    """Delete the claimed tokens past LIFETIME: a form that old is refused anyway."""
    now = now or timezone.now()
    deleted, _by_model = OnceToken.objects.filter(created_at__lt=now - LIFETIME - CLOCK_SKEW).delete()
    return deleted
