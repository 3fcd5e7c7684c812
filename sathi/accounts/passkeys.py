"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn, its views wrapped.

A passkey is the second step after the password, never instead of it (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN
is off). The plugin's own views are never routed: these subclasses are, under the plugin's URL names
(passkey_urls.py), so that its vendored scripts find them and every door is Sathi's:

- adding a passkey needs a verified session in an organisation and a fresh confirmation (sudo mode), and is
  audited; removing one too (views.passkey_remove);
- signing in with one shares the authenticator code's throttle (a failed passkey counts as a wrong code, a
  throttled worker may not try a passkey either), marks the session verified with django-otp's otp_login
  as the code does, gives this browser her device cookie, and is audited, refusals too;
- a refusal is a JSON answer whose `detail` is a sentence in her language (the script shows it), and writes
  nothing but the audit event and the throttle count. A passkey made for another site (its origin or
  relying party ID not ours) is told apart, so that she knows why.
"""

from __future__ import annotations

import re
import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration
from django_otp_webauthn.utils import rewrite_exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from sathi.accounts import lockout, services
from sathi.accounts.decorators import SESSION_NEXT, actor_required, require_sudo, sudo_active
from sathi.accounts.models import SealedTOTPDevice
from sathi.accounts.selectors import passkey_list
from sathi.audit.services import log_action
from sathi.lib.errors import NotFound


class Refused(exceptions.OTPWebAuthnApiError):
    """A refusal told in her language (the detail is translated when raised)."""

    status_code = 403
    default_code = "refused"


def _another_site(exc: BaseException) -> bool:
    """A signature made for another website: the browser's origin or the relying party ID is not ours."""
    cause = exc.__cause__
    return cause is not None and bool(re.search(r"origin|RP ID", str(cause)))


def _detail(exc: exceptions.OTPWebAuthnApiError) -> str:
    """What she reads, in her language, for each way a passkey is refused."""
    if isinstance(exc, Refused):
        return str(exc.detail)
    if _another_site(exc):
        return _(
            "This passkey was made for another website, not for this Sathi. Nothing was changed. Use a "
            "passkey you added here, or the code from your authenticator app."
        )
    if isinstance(exc, exceptions.CredentialNotFound | exceptions.CredentialUserMismatch):
        return _(
            "This passkey is not one you added to Sathi. Use a passkey from your security page, or the code "
            "from your authenticator app."
        )
    if isinstance(exc, exceptions.InvalidState):
        return _("This step has expired. Tap the button again.")
    if isinstance(
        exc, exceptions.NotAuthenticated | exceptions.NotVerified | exceptions.PasswordlessLoginDisabled
    ):
        return _("Sign in with your password first.")
    if isinstance(exc, exceptions.UserDisabled | exceptions.CredentialDisabled):
        return _("This account cannot sign in now. Ask your organisation's admin.")
    return _("The passkey could not be checked. Nothing was changed. Try again, or use the code.")


def log_passkey_action(request, action: str, target=None, fields=()) -> None:
    log_action(
        actor=request.user.pk,
        organisation=getattr(request.actor, "organisation_id", None),
        action=action,
        target=target if target is not None else request.user,
        fields=list(fields),
    )


def code_device(user) -> SealedTOTPDevice | None:
    """Her authenticator: every worker has one before she may add a passkey, and its throttle counts both."""
    return SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()


def _throttled_message() -> str:
    return _("Too many failed attempts. Wait a little and try again.")


class _SathiErrors:
    """Refusals as JSON with a translated detail; the plugin's English never reaches her."""

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            code = "another_site" if _another_site(exc) else exc.code
            return JsonResponse({"detail": _detail(exc), "code": code}, status=exc.status_code)
        return super().handle_exception(exc)


# --- adding a passkey (her security page, after confirming it is her) ----------------------------------


class _MayRegister:
    def check_can_register(self):
        request = self.request
        if not request.user.is_verified() or request.actor is None:
            raise Refused(_("Sign in with your password first."))
        if not sudo_active(request):
            raise Refused(
                _("First confirm it is you, with your password and a fresh code. Then add the passkey.")
            )
        if code_device(request.user) is None:
            raise Refused(_("Set up your authenticator app first."))


class RegisterBegin(_SathiErrors, _MayRegister, BeginCredentialRegistrationView):
    pass


DEVICE_KINDS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Macintosh", "Mac"),
    ("CrOS", "Chromebook"),
    ("Linux", "Linux"),
)


def _passkey_name(request) -> str:
    """A name she recognises on the list until she gives it her own: the kind of device it was added on (no
    model, no version)."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    for word, name in DEVICE_KINDS:
        if word in agent:
            return name
    return ""


def passkey_label(passkey, number: int) -> str:
    """What the list calls it: the name she gave it; else the kind of device it was added on; else its
    number."""
    if passkey.name in {name for _word, name in DEVICE_KINDS}:
        return _("Added on %(device)s") % {"device": passkey.name}
    return passkey.name or _("Passkey %(number)s") % {"number": number}


class RegisterComplete(_SathiErrors, _MayRegister, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        user = self.get_user()
        state = self.get_state()  # popped from the session first: a state is never used twice
        helper = self.get_helper()
        try:
            with transaction.atomic(), rewrite_exceptions(logger=None):
                device = helper.register_complete(user=user, state=state, data=self.request.data)
                device.name = _passkey_name(self.request)
                device.save(update_fields=["name"])
                log_passkey_action(self.request, "user.passkey_added", target=device, fields=["passkey"])
        except exceptions.OTPWebAuthnApiError as exc:
            log_passkey_action(
                self.request, "user.passkey_refused", fields=["origin" if _another_site(exc) else "passkey"]
            )
            raise
        messages.success(self.request, _("Your passkey is added. Next time, use it after your password."))
        return JsonResponse({"id": device.pk})


# --- signing in: the second step after the password ----------------------------------------------------


class _MayAuthenticate:
    def check_can_authenticate(self):
        request = self.request
        if not request.user.is_authenticated:
            raise Refused(_("Sign in with your password first."))
        device = code_device(request.user)
        if device is None:
            raise Refused(_("Set up your authenticator app first."))
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            raise Refused(_throttled_message())
        super().check_can_authenticate()


class AuthenticateBegin(_SathiErrors, _MayAuthenticate, BeginCredentialAuthenticationView):
    pass


class _CheckPasskey:
    """The ceremony's last step, shared by signing in and confirming it is her: the signature checked, a
    failure counted as a wrong code in the authenticator's throttle and audited, a success resetting it."""

    def checked_device(self):
        request = self.request
        user = self.get_user()
        state = self.get_state()  # popped first: a challenge is answered once
        helper = self.get_helper()
        try:
            with transaction.atomic(), rewrite_exceptions(logger=None):
                device = helper.authenticate_complete(user=user, state=state, data=request.data)
                self.check_device_usable(device)
        except exceptions.OTPWebAuthnApiError as exc:
            # Counted as a wrong code: the authenticator's throttle holds both ways of the second step.
            code_device(user).throttle_increment(commit=True)
            fields = ["origin"] if _another_site(exc) else ["passkey"]
            log_passkey_action(request, "user.passkey_refused", fields=fields)
            raise
        code_device(user).throttle_reset(commit=True)
        return device


class AuthenticateComplete(
    _SathiErrors, _MayAuthenticate, _CheckPasskey, CompleteCredentialAuthenticationView
):
    def post(self, *args, **kwargs):
        request = self.request
        device = self.checked_device()
        otp_login(request, device)  # verified exactly as the code does
        log_passkey_action(request, "user.passkey_signed_in", target=device, fields=["passkey"])
        destination = self.get_redirect_url() or request.session.get(SESSION_NEXT) or reverse("people:home")
        request.session.pop(SESSION_NEXT, None)
        response = JsonResponse({"id": device.pk, "redirect_url": destination})
        lockout.device_remember(request, response, request.user.get_username())
        return response

    def get_redirect_url(self):
        # Only a path of this site (the form's `next`, validated by the plugin), never another host.
        target = super().get_redirect_url()
        return target if target.startswith("/") and not target.startswith("//") else ""


# --- confirming it is her (re-authentication): her password and a passkey, instead of a code -----------
#
# The passkey's ceremony leaves a proof in the session, good for one confirmation within a short while; the
# form she then sends carries her password, checked with the proof by services.credentials_confirm. A passkey
# alone confirms nothing, and a proof is taken by the next confirmation whatever its outcome.

SESSION_PROOF = "sathi_passkey_proof"
PROOF_SECONDS = 120


class _MayConfirm(_MayAuthenticate):
    def check_can_authenticate(self):
        if not self.request.user.is_authenticated or not self.request.user.is_verified():
            raise Refused(_("Sign in with your password first."))
        super().check_can_authenticate()


class ConfirmBegin(_SathiErrors, _MayConfirm, BeginCredentialAuthenticationView):
    pass


class ConfirmComplete(_SathiErrors, _MayConfirm, _CheckPasskey, CompleteCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        request = self.request
        device = self.checked_device()
        request.session[SESSION_PROOF] = {"device": device.pk, "until": int(time.time()) + PROOF_SECONDS}
        log_passkey_action(request, "user.passkey_confirmed", target=device, fields=["passkey"])
        return JsonResponse({"id": device.pk})  # no redirect: the page sends her password with it


def take_proof(request) -> int | None:
    """The passkey of hers that answered a confirmation's challenge a moment ago in this session, or None.
    Taken: it serves one confirmation, right or wrong."""
    proof = request.session.pop(SESSION_PROOF, None)
    if not isinstance(proof, dict) or proof.get("until", 0) <= time.time():
        return None
    passkey = passkey_list(user=request.user).filter(pk=proof.get("device")).first()
    return passkey.pk if passkey is not None else None


def confirm_context(request) -> dict:
    """What accounts/passkey_confirm.html needs on a page that asks her to confirm it is her: the ceremony's
    URLs are the confirmation's, not the sign-in's."""
    if not has_passkey(request.user):
        return {"has_passkey": False}
    context = scripts_context(request)
    context["passkey_config"].update(
        beginAuthenticationUrl=reverse("otp_webauthn:confirmation-begin"),
        completeAuthenticationUrl=reverse("otp_webauthn:confirmation-complete"),
    )
    return {"has_passkey": True, **context}


def has_passkey(user) -> bool:
    return passkey_list(user=user).exists()


def scripts_context(request) -> dict:
    """What accounts/passkey_scripts.html needs: the plugin's configuration (its URLs are Sathi's wrapped
    views, passkey_urls.py; the form token for its requests). The template loads the vendored script
    (`which`: auth or register), its words in her language and Sathi's companion (site/passkeys.js), with no
    inline script: the configuration is a JSON data block, which the CSP does not run."""
    # The page's own `next`, not the language switch's in the header (the first input of that name).
    return {"passkey_config": get_configuration(request, {"nextFieldSelector": "main input[name='next']"})}


# --- her security page: the passkeys she added, adding and removing them ---------------------------------


@actor_required()
def security(request):
    passkeys = [
        (passkey, passkey_label(passkey, number))
        for number, passkey in enumerate(passkey_list(user=request.user), 1)
    ]
    return render(
        request,
        "accounts/security.html",
        {
            "passkeys": passkeys,
            "name_max": services.PASSKEY_NAME_MAX,
            "may_add": sudo_active(request),
            **scripts_context(request),
        },
    )


@actor_required()
@require_POST
def passkey_rename(request, passkey_id: int):
    """One of her own passkeys, named as she chooses ("my phone"); no confirmation: a name opens nothing."""
    try:
        services.passkey_rename(
            actor=request.actor, user=request.user, passkey_id=passkey_id, name=request.POST.get("name", "")
        )
    except NotFound as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("accounts:security")
    messages.success(request, _("The passkey's name is changed."))
    return redirect("accounts:security")


@actor_required()
@require_POST
@require_sudo
def passkey_remove(request, passkey_id: int):
    try:
        services.passkey_remove(actor=request.actor, user=request.user, passkey_id=passkey_id)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The passkey was removed. It no longer opens Sathi."))
    return redirect("accounts:security")


# The words of the vendored scripts ("Verifying...", "Registration aborted."), from sathi/locale's djangojs.
words = JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])
