"""Organisations, users and memberships; API tokens. The login lockout is in lockout.py."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.accounts.models import ApiToken, Membership, Organisation, Role, User
from sathi.audit.services import log_action
from sathi.core.cleaning import clean_text
from sathi.lib import crypto
from sathi.lib.errors import Forbidden, NotFound


def organisation_create(*, actor: Membership | None, name: str, kind: str) -> Organisation:
    """A new organisation with its own keys. `actor`: the worker who added it (an outside provider), or
    None for an operator at the command line (seed_demo, generate_population)."""
    with transaction.atomic():
        organisation = Organisation(name=name, kind=kind)
        organisation.full_clean()
        organisation.save()
        keys.organisation_keys_create(organisation)
        log_action(
            actor=actor.user_id if actor else None,
            organisation=organisation,
            action="organisation.created",
            target=organisation,
            fields=["name", "kind"],
        )
    return organisation


def _require_admin(actor: Membership) -> None:
    if actor.role != Role.ORG_ADMIN:
        raise Forbidden


def user_create(
    *,
    actor: Membership | None,
    organisation: Organisation,
    username: str,
    display_name: str,
    password: str,
    role: str,
) -> User:
    """A new worker with a membership in the admin's own organisation."""
    if actor is not None:
        _require_admin(actor)
        if organisation.pk != actor.organisation_id:
            raise NotFound
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    user = User(username=username.strip(), display_name=display_name.strip())
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        if "username" in exc.message_dict:
            raise ValidationError({"username": _("This username cannot be used. Choose another.")}) from exc
        raise
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise ValidationError({"username": _("This username cannot be used. Choose another.")}) from exc
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        log_action(
            actor=getattr(actor, "user_id", None),
            organisation=organisation,
            action="user.created",
            target=user,
            fields=["username", "display_name"],
        )
        log_action(
            actor=getattr(actor, "user_id", None),
            organisation=organisation,
            action="membership.created",
            target=membership,
            fields=["role"],
        )
    return user


def password_change(*, user: User, organisation_id: int | None, current: str, new: str) -> None:
    """A worker changes her own password. The current one is asked again (a borrowed, signed-in phone
    must not be enough); the new one meets the same rules as at creation. Her other sessions end by
    themselves: each carries a hash of the old password, which no longer matches."""
    if not user.check_password(current):
        raise ValidationError({"current": _("This is not your current password.")})
    if new == current:
        raise ValidationError({"new": _("The new password must differ from the current one.")})
    validate_password(new, user)
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        log_action(actor=user.pk, organisation=organisation_id, action="user.password_changed", target=user)


def _admin_membership(actor: Membership, membership_id: int) -> Membership:
    _require_admin(actor)
    membership = (
        Membership.objects.select_for_update()
        .filter(pk=membership_id, organisation_id=actor.organisation_id)
        .first()
    )
    if membership is None:
        raise NotFound
    return membership


def membership_change_role(*, actor: Membership, membership_id: int, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    with transaction.atomic():
        membership = _admin_membership(actor, membership_id)
        if membership.pk == actor.pk:
            raise ValidationError({"role": _("You cannot change your own role.")})
        membership.role = role
        membership.save(update_fields=["role"])
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="membership.role_changed",
            target=membership,
            fields=["role"],
        )
    return membership


def membership_set_active(*, actor: Membership, membership_id: int, active: bool) -> Membership:
    with transaction.atomic():
        membership = _admin_membership(actor, membership_id)
        if membership.pk == actor.pk:
            raise ValidationError({"role": _("You cannot deactivate yourself.")})
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        if not active:
            # Deactivation takes effect at once: tokens die and sessions are refused by the middleware.
            ApiToken.objects.filter(membership=membership, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="membership.activated" if active else "membership.deactivated",
            target=membership,
            fields=["is_active"],
        )
    return membership


def second_factor_reset(*, actor: Membership, membership_id: int) -> None:
    """Remove a worker's authenticator and her passkeys, so that she enrols a new one at her next login
    (lost phone)."""
    from django_otp_webauthn.models import WebAuthnCredential

    from sathi.accounts.models import SealedTOTPDevice

    with transaction.atomic():
        membership = _admin_membership(actor, membership_id)
        SealedTOTPDevice.objects.filter(user_id=membership.user_id).delete()
        # A lost phone takes its passkey with it: her passkeys go too, and she adds them again.
        WebAuthnCredential.objects.filter(user_id=membership.user_id).delete()
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="user.second_factor_reset",
            target=membership.user,
            fields=["device"],
        )


def credentials_confirm(*, user, password: str, code: str = "", passkey_id: int | None = None) -> bool:
    """Re-authentication: her password, and either a current code from her authenticator or a passkey of
    hers that has just answered a confirmation's challenge (`passkey_id`, taken from the session by
    sathi.accounts.passkeys.take_proof), both right. Never a passkey alone. Sudo mode
    (sathi.accounts.views.confirm) and the actions that ask for it in their own form (an erasure) use it."""
    from django_otp_webauthn.models import WebAuthnCredential

    from sathi.accounts.models import SealedTOTPDevice

    if not password or not user.check_password(password):
        return False
    if code:
        device = SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()
        return bool(device and device.verify_token(code))
    return passkey_id is not None and WebAuthnCredential.objects.filter(pk=passkey_id, user=user).exists()


def passkey_remove(*, actor: Membership, user: User, passkey_id: int) -> None:
    """One of her own passkeys, removed (after she confirmed it is her); anyone else's is NotFound."""
    from django_otp_webauthn.models import WebAuthnCredential

    with transaction.atomic():
        passkey = WebAuthnCredential.objects.select_for_update().filter(pk=passkey_id, user=user).first()
        if passkey is None:
            raise NotFound
        log_action(
            actor=user.pk,
            organisation=actor.organisation_id,
            action="user.passkey_removed",
            target=passkey,
            fields=["passkey"],
        )
        passkey.delete()


PASSKEY_NAME_MAX = 40


def clean_passkey_name(value) -> str:
    """A short name she gives her passkey ("my phone"): one line, at most PASSKEY_NAME_MAX characters, no
    markup (the characters of HTML are refused, not stripped, so that what she sees is what she typed)."""
    name = " ".join(clean_text(value, field="name", max_length=1000, required=True, multiline=False).split())
    if len(name) > PASSKEY_NAME_MAX:
        raise ValidationError(
            {"name": _("This is too long: at most %(max)d characters.") % {"max": PASSKEY_NAME_MAX}}
        )
    if any(character in name for character in "<>&\"'`"):
        raise ValidationError({"name": _("Use letters, numbers and spaces only, with no < > & \" ' or `.")})
    return name


def passkey_rename(*, actor: Membership, user: User, passkey_id: int, name: str):
    """One of her own passkeys given the name she chose; anyone else's is NotFound, an admin's too (an admin
    resets a worker's whole second step, and never names her devices)."""
    from django_otp_webauthn.models import WebAuthnCredential

    name = clean_passkey_name(name)
    with transaction.atomic():
        passkey = WebAuthnCredential.objects.select_for_update().filter(pk=passkey_id, user=user).first()
        if passkey is None:
            raise NotFound
        passkey.name = name
        passkey.save(update_fields=["name"])
        log_action(
            actor=user.pk,
            organisation=actor.organisation_id,
            action="user.passkey_renamed",
            target=passkey,
            fields=["name"],
        )
    return passkey


# --- API tokens -------------------------------------------------------------------------------


def api_token_issue(
    *, membership: Membership, label: str = "", days: int | None = None, read_only: bool = False
) -> str:
    """Issue a bearer token that expires after `days` (at most SATHI_TOKEN_MAX_DAYS); only its HMAC
    digest is stored and the token is returned once. Callers re-authenticate the person first: the page
    asks for sudo mode, the operator's command runs on the server."""
    days = settings.SATHI_TOKEN_MAX_DAYS if days is None else days
    if not 1 <= days <= settings.SATHI_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("Choose from 1 to %(most)d days.") % {"most": settings.SATHI_TOKEN_MAX_DAYS},
            }
        )
    token = "sathi_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            membership=membership,
            digest=crypto.token_digest(keys.keyring().pepper, token),
            label=label.strip()[:100],
            read_only=read_only,
            expires_at=timezone.now() + timedelta(days=days),
        )
        log_action(
            actor=membership.user_id,
            organisation=membership.organisation_id,
            action="api_token.issued",
            target=row,
            fields=["label", "expires_at", "read_only"],
        )
    return token


def api_token_revoke(*, actor: Membership, token_id: int) -> ApiToken:
    """Her own token, or for the organisation admin any token in the organisation; others get NotFound.
    Revoking twice is harmless."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update(of=("self",))
            .filter(pk=token_id, membership__organisation_id=actor.organisation_id)
            .first()
        )
        if token is None or (token.membership_id != actor.pk and actor.role != Role.ORG_ADMIN):
            raise NotFound
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            log_action(
                actor=actor.user_id,
                organisation=actor.organisation_id,
                action="api_token.revoked",
                target=token,
                fields=["revoked_at"],
            )
    return token
