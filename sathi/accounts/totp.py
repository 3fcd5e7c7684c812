"""TOTP second factor with the seed sealed under a subkey of the master key."""

from __future__ import annotations

import base64
import secrets
import time
from urllib.parse import quote

from django.db import transaction
from django_otp.oath import TOTP

from sathi.accounts.keys import keyring
from sathi.lib import crypto

PURPOSE = "totp-seed"


def _aad(user_id: int) -> str:
    return f"totp:{user_id}"


def seal_seed(user_id: int, seed: bytes) -> bytes:
    ring = keyring()
    return crypto.seal(ring.subkey(PURPOSE), ring.active_master_id, seed, _aad(user_id))


def open_seed(device) -> bytes:
    blob = bytes(device.seed)
    return crypto.unseal(keyring().subkey_for(crypto.key_id_of(blob), PURPOSE), blob, _aad(device.user_id))


def device_create(*, user, confirmed: bool) -> tuple[object, str]:
    """A new device for the user (replacing any other); returns it and the base32 secret to show once."""
    from sathi.accounts.models import SealedTOTPDevice

    seed = secrets.token_bytes(20)
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=user).delete()
        device = SealedTOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=confirmed, seed=seal_seed(user.pk, seed)
        )
    return device, base64.b32encode(seed).decode("ascii")


def secret_b32(device) -> str:
    return base64.b32encode(open_seed(device)).decode("ascii")


def current_code(device) -> str:
    totp = TOTP(open_seed(device), device.step, 0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def provisioning_uri(device, secret_b32: str, label: str) -> str:
    # The issuer is deliberately plain: an authenticator app on a seized phone shows only "Sathi".
    # The label is quoted: a username with a space or a colon would otherwise break the link.
    query = f"secret={secret_b32}&issuer=Sathi&digits={device.digits}"
    return f"otpauth://totp/Sathi:{quote(label, safe='')}?{query}"


def in_groups_of_four(secret_b32: str) -> str:
    """The key as it is easiest to type from one screen into another: ABCD EFGH IJKL ..."""
    return " ".join(secret_b32[i : i + 4] for i in range(0, len(secret_b32), 4))


def verify_device_token(device, token) -> bool:
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return False
    try:
        token = int(str(token).strip().replace(" ", ""))
    except ValueError:
        device.throttle_increment(commit=True)
        return False
    totp = TOTP(open_seed(device), device.step, 0, device.digits, device.drift)
    totp.time = time.time()
    # last_t + 1: a code that was used once cannot be replayed.
    if totp.verify(token, device.tolerance, device.last_t + 1):
        device.last_t = totp.t()
        device.drift = totp.drift
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
        return True
    device.throttle_increment(commit=True)
    return False
