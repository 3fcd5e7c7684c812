"""Login lockout, after OWASP's "Slow Down Online Guessing Attacks with Device Cookies".

Failed passwords are counted for each username in three kinds of bucket, each locked for the cool-off
when it reaches its limit:

- one per client address: a guesser at one address is stopped, and the worker elsewhere is not;
- one shared by every client without a device cookie: a guesser spread over many addresses is held;
- one per device cookie: a browser where she signed in before (password and second factor) keeps its own
  allowance, so the username-wide ceiling cannot lock the real user out.
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from sathi.accounts.models import LoginFailure

DEVICE_COOKIE_DAYS = 180  # a browser not used to sign in for half a year counts as unknown again
DEVICE_COOKIE_ENTRIES = 5  # a shared office computer remembers a few workers, not everyone
_DEVICE_SALT = "sathi.accounts.device"
UNTRUSTED = "user"  # the bucket of every client without a device cookie for this username


def device_cookie_name() -> str:
    return "__Host-sathi_device" if settings.SATHI_SECURE_COOKIES else "sathi_device"


def client_address(request) -> str:
    """The client's address, taken from SATHI_TRUSTED_PROXIES proxies in front of the app, never from a
    header the client sets itself.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with N
    proxies the Nth entry from the right was written by our outermost proxy; anything to its left came
    from the client. IPv6 clients are counted by /64, the block one subscriber usually holds.
    """
    address = request.META.get("REMOTE_ADDR", "")
    trusted = settings.SATHI_TRUSTED_PROXIES
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        # Fewer entries than proxies: the request skipped a proxy. The nearest peer is all we know.
        if len(forwarded) >= trusted:
            address = forwarded[-trusted]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _username_digest(username: str, purpose: str) -> str:
    """Keyed, so that neither the table nor the cookie lists who works here."""
    return salted_hmac(purpose, username.strip().casefold(), algorithm="sha256").hexdigest()


# --- the device cookie -------------------------------------------------------------------------


def _device_entries(request) -> list[list[str]]:
    value = request.COOKIES.get(device_cookie_name())
    if not value:
        return []
    try:
        entries = signing.loads(value, salt=_DEVICE_SALT, max_age=timedelta(days=DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e)]


def device_for(request, username: str) -> str | None:
    """The device id this browser holds for this username, if she signed in here before."""
    tag = _username_digest(username, "sathi.accounts.device-tag")
    return next((device for owner, device in _device_entries(request) if owner == tag), None)


def device_remember(request, response, username: str) -> None:
    """After a full sign-in (password and second factor): this browser is hers from now on."""
    tag = _username_digest(username, "sathi.accounts.device-tag")
    entries = _device_entries(request)
    device = next((d for owner, d in entries if owner == tag), None) or secrets.token_urlsafe(16)
    entries = [[tag, device]] + [e for e in entries if e[0] != tag][: DEVICE_COOKIE_ENTRIES - 1]
    response.set_cookie(
        device_cookie_name(),
        signing.dumps(entries, salt=_DEVICE_SALT, compress=True),
        max_age=DEVICE_COOKIE_DAYS * 24 * 60 * 60,
        secure=settings.SATHI_SECURE_COOKIES,
        httponly=True,
        samesite="Strict",
    )


def device_forget(response) -> None:
    response.delete_cookie(device_cookie_name(), samesite="Strict")


# --- the counters ------------------------------------------------------------------------------


def _buckets(address: str, device: str | None) -> list[tuple[str, int]]:
    """(bucket, limit) pairs that a sign-in attempt is counted in."""
    if device:
        return [("device:" + device, settings.SATHI_LOGIN_MAX_FAILURES)]
    return [
        ("ip:" + address, settings.SATHI_LOGIN_MAX_FAILURES),
        (UNTRUSTED, settings.SATHI_LOGIN_USERNAME_MAX_FAILURES),
    ]


def login_locked(*, username: str, address: str, device: str | None) -> bool:
    return LoginFailure.objects.filter(
        username_digest=_username_digest(username, "sathi.accounts.login"),
        bucket__in=[bucket for bucket, _limit in _buckets(address, device)],
        locked_until__gt=timezone.now(),
    ).exists()


def login_failed(*, username: str, address: str, device: str | None) -> None:
    """Count a failed password in each of the attempt's buckets; lock a bucket at its limit."""
    now = timezone.now()
    cooloff = timedelta(seconds=settings.SATHI_LOGIN_COOLOFF_SECONDS)
    digest = _username_digest(username, "sathi.accounts.login")
    with transaction.atomic():
        for bucket, limit in _buckets(address, device):
            row, _created = LoginFailure.objects.select_for_update().get_or_create(
                username_digest=digest, bucket=bucket, defaults={"last_failure_at": now}
            )
            # After a lockout, or a quiet spell as long as the cool-off, counting starts again at one.
            ended = row.locked_until is not None and row.locked_until <= now
            if ended or now - row.last_failure_at > cooloff:
                row.failures, row.locked_until = 1, None
            else:
                row.failures = F("failures") + 1  # atomic even where the row lock is not (SQLite)
            row.last_failure_at = now
            row.save(update_fields=["failures", "locked_until", "last_failure_at"])
            row.refresh_from_db(fields=["failures"])
            if row.failures >= limit and row.locked_until is None:
                row.locked_until = now + cooloff
                row.save(update_fields=["locked_until"])


def login_succeeded(*, username: str, address: str, device: str | None) -> None:
    """The right password clears her own address's or device's count. The shared bucket of unknown
    clients is left to cool off: someone else may still be guessing from elsewhere."""
    LoginFailure.objects.filter(
        username_digest=_username_digest(username, "sathi.accounts.login"),
        bucket__in=[bucket for bucket, _limit in _buckets(address, device) if bucket != UNTRUSTED],
    ).delete()


def forget_cooled_off(now=None) -> int:
    """Delete the counters that no longer count: last failure longer ago than the cool-off and no lock in
    force. Such a row would start again at one on the next failure, so dropping it changes nothing but the
    table's size (and how long it remembers that someone tried)."""
    now = now or timezone.now()
    cooloff = timedelta(seconds=settings.SATHI_LOGIN_COOLOFF_SECONDS)
    deleted, _by_model = (
        LoginFailure.objects.filter(last_failure_at__lt=now - cooloff).exclude(locked_until__gt=now).delete()
    )
    return deleted
