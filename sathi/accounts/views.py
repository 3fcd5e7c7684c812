from __future__ import annotations

import base64
import io
import json
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from sathi.accounts import keys, lockout, once, passkeys, selectors, services, totp
from sathi.accounts.decorators import (
    SESSION_NEXT,
    actor_required,
    grant_sudo,
    remember_destination,
    require_sudo,
    sudo_active,
)
from sathi.accounts.forms import (
    CodeForm,
    ConfirmForm,
    LoginForm,
    PasswordChangeForm,
    RoleForm,
    TokenIssueForm,
    UserCreateForm,
)
from sathi.accounts.middleware import SESSION_MEMBERSHIP, SESSION_SEEN, SESSION_STARTED
from sathi.accounts.models import ApiToken, Membership, Role, SealedTOTPDevice
from sathi.audit.services import log_action
from sathi.lib import crypto
from sathi.lib.errors import Forbidden, NotFound
from sathi.pages import add_errors, one_form_page
from sathi.people import policy

MEMBER_MANAGERS = policy.roles_that(policy.Verb.MANAGE_MEMBERS)


def _safe_next(request, default: str) -> str:
    """Where to go next: a form's own `next`, else the destination the session keeps (see
    remember_destination), if it is a path of this site."""
    target = request.POST.get("next") or request.GET.get("next") or request.session.get(SESSION_NEXT, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _go_on(request) -> HttpResponse:
    """To the destination kept for after this step (home if none), which is then forgotten."""
    response = redirect(_safe_next(request, reverse("people:home")))
    request.session.pop(SESSION_NEXT, None)
    return response


def _locked_message() -> str:
    minutes = max(1, round(settings.SATHI_LOGIN_COOLOFF_SECONDS / 60))
    return ngettext(
        "Too many failed attempts. Wait %(minutes)d minute and try again.",
        "Too many failed attempts. Wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.GET.get("expired"):
        messages.info(request, _("Your session ended. Please sign in again."))
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        attempt = {
            "username": username,
            "address": lockout.client_address(request),
            "device": lockout.device_for(request, username),
        }
        if lockout.login_locked(**attempt):
            form.add_error(None, _locked_message())
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                lockout.login_failed(**attempt)
                form.add_error(None, _("The username or password is not right."))
            else:
                lockout.login_succeeded(**attempt)
                login(request, user)
                now = int(time.time())
                request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = now
                if next_path := _safe_next(request, ""):
                    remember_destination(request, next_path)
                return redirect("accounts:second-factor")
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def _signed_in(request, device) -> HttpResponse:
    """Both factors passed: the session is verified and this browser gets her device cookie."""
    otp_login(request, device)
    response = _go_on(request)
    lockout.device_remember(request, response, request.user.get_username())
    return response


@require_http_methods(["GET", "POST"])
def second_factor(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    device = SealedTOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            return _signed_in(request, device)
        form.add_error("code", _("That code is not right, or it was already used. Try the next one."))
    context = {
        "form": form,
        "next": _safe_next(request, ""),
        "has_passkey": passkeys.has_passkey(request.user),
    }
    if context["has_passkey"]:  # beside the code: "use your passkey" (sathi/accounts/passkeys.py)
        context.update(passkeys.scripts_context(request))
    return render(request, "accounts/second_factor.html", context)


@require_http_methods(["GET", "POST"])
def enrol(request):
    """First sign-in: set up an authenticator app. The secret is shown once and sealed at rest."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if SealedTOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:second-factor")
    device = SealedTOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device, secret = totp.device_create(user=request.user, confirmed=False)
    else:
        secret = totp.secret_b32(device)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            log_action(
                actor=request.user.pk,
                organisation=None,
                action="user.second_factor_enrolled",
                target=request.user,
                fields=["device"],
            )
            return _signed_in(request, device)
        form.add_error("code", _("That code is not right. Check the time on your phone and try again."))
    uri = totp.provisioning_uri(device, secret, request.user.username)
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "secret": totp.in_groups_of_four(secret),
            # On the phone that shows this page, the link opens the authenticator app with the key in it.
            "otpauth_uri": uri,
            "qr_svg": _svg_element(buffer.getvalue().decode("utf-8")),
            "next": _safe_next(request, ""),
        },
    )


def _svg_element(document: str) -> str:
    """The <svg> element alone, without the XML declaration, to sit inside the page."""
    return document[document.index("<svg") :]


@require_http_methods(["GET", "POST"])
def choose_organisation(request):
    if not request.user.is_authenticated or not request.user.is_verified():
        return redirect("accounts:login")
    memberships = Membership.objects.filter(user=request.user, is_active=True).select_related("organisation")
    if request.method == "POST":
        chosen = memberships.filter(pk=request.POST.get("membership") or 0).first()
        if chosen is None:
            raise Http404
        request.session[SESSION_MEMBERSHIP] = chosen.pk
        return _go_on(request)
    return render(
        request,
        "accounts/choose_organisation.html",
        {"memberships": memberships, "next": _safe_next(request, "")},
    )


@require_http_methods(["GET", "POST"])
def confirm(request):
    """Re-authentication ("sudo mode") before destructive or bulk actions: her password and a fresh code, or
    her password and her passkey (the ceremony leaves a proof in the session, sathi/accounts/passkeys.py). A
    wrong password counts against the sign-in lockout, a wrong code or passkey in the authenticator's
    throttle, as at sign-in, so that a phone left signed in cannot be used to guess either here."""
    if not request.user.is_authenticated or not request.user.is_verified():
        return redirect("accounts:login")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST":
        passkey_id = passkeys.take_proof(request)  # one confirmation, right or wrong
        username = request.user.get_username()
        attempt = {
            "username": username,
            "address": lockout.client_address(request),
            "device": lockout.device_for(request, username),
        }
        if form.is_valid() and lockout.login_locked(**attempt):
            form.add_error(None, _locked_message())
        elif form.is_valid() and not (form.cleaned_data["code"] or passkey_id):
            form.add_error("code", _("Type the code, or use your passkey."))
        elif form.is_valid():
            if services.credentials_confirm(
                user=request.user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
                passkey_id=passkey_id,
            ):
                grant_sudo(request)
                return _go_on(request)
            lockout.login_failed(**attempt)
            if form.cleaned_data["code"]:
                form.add_error(None, _("The password or code is not right."))
            else:
                form.add_error(
                    None,
                    _("The password is not right. Type it again, then use your passkey again."),
                )
    context = {"form": form, "next": _safe_next(request, ""), **passkeys.confirm_context(request)}
    return render(request, "accounts/confirm.html", context, status=400 if form.errors else 200)


def _end_session(request, destination: str, *, forget_device: bool) -> HttpResponse:
    logout(request)  # deletes the session row: the cookie is worthless from here on
    response = redirect(destination)
    if forget_device:
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        lockout.device_forget(response)  # also where Clear-Site-Data is not supported
    else:
        # Signing out keeps the device cookie (opaque: it names nobody), so that a guesser elsewhere
        # cannot lock her out of her own browser. The session cookie is deleted by logout().
        response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_POST
def logout_view(request):
    return _end_session(request, reverse("accounts:login"), forget_device=False)


@csrf_exempt  # must work even with an expired form token; cookies are SameSite=Strict anyway
@require_POST
def quick_exit(request):
    """Ends the session at once and shows a page that says nothing about this work. The browser forgets
    everything, the device cookie too: a seized phone should show nothing."""
    neutral_page = reverse("neutral") + "?" + urlencode({"lang": translation.get_language()})
    return _end_session(request, neutral_page, forget_device=True)


def neutral(request):
    """The page the quick exit shows, in her interface language: the exit clears every cookie, the language
    one too, so the language comes in the address (?lang=bn, which names no one)."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        return render(request, "neutral.html")
    with translation.override(language):
        return render(request, "neutral.html")


# --- API tokens: her own, issued after re-authentication; the organisation admin revokes any ---------


def _tokens_page(request, form, status=200):
    manager = bool(policy.decide(request.actor, policy.Verb.MANAGE_MEMBERS))
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": selectors.api_token_list(actor=request.actor, whole_organisation=manager),
            "form": form,
            "form_token": once.new_token(),
            "may_issue": sudo_active(request),
            "is_admin": manager,
            "idle_days": settings.SATHI_TOKEN_IDLE_DAYS,
        },
        status=status,
    )


@actor_required()
def token_list(request):
    return _tokens_page(request, TokenIssueForm())


@actor_required()
@require_POST
@require_sudo
def token_issue(request):
    """The token is shown on this one answer and never again (no redirect: nothing keeps it to show)."""
    form = TokenIssueForm(request.POST)
    form_token = request.POST.get("form_token", "")
    sent_before = _("This form was already sent. The token was shown once and cannot be shown again.")
    if once.already_done(form_token, request.user) is not None:
        messages.info(request, sent_before)
        return redirect("accounts:tokens")
    if form.is_valid():
        try:
            with transaction.atomic():
                secret = services.api_token_issue(
                    membership=request.actor,
                    label=form.cleaned_data["label"],
                    days=form.cleaned_data["days"],
                    read_only=form.cleaned_data["read_only"],
                )
                once.claim(form_token, request.user, reverse("accounts:tokens"))
        except once.AlreadySubmitted:
            messages.info(request, sent_before)
            return redirect("accounts:tokens")
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            token = ApiToken.objects.get(digest=crypto.token_digest(keys.keyring().pepper, secret))
            return render(request, "accounts/token_issued.html", {"secret": secret, "token": token})
    return _tokens_page(request, form, status=400)


@actor_required()
@require_POST
def token_revoke(request, token_id: int):
    try:
        services.api_token_revoke(actor=request.actor, token_id=token_id)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The token was revoked. It no longer works."))
    return redirect("accounts:tokens")


# --- organisation admin: users and memberships of their own organisation only ------------------


def _offered_again(request) -> UserCreateForm:
    """The form as the admin typed it before confirming (the password kept, not shown), else empty."""
    held = _held_worker_form(request)
    if not held:
        return UserCreateForm()
    form = UserCreateForm(initial=held)
    form.fields["password"].widget.render_value = True  # what was typed stays in the field, hidden
    return form


@actor_required(*MEMBER_MANAGERS)
def member_list(request):
    members = Membership.objects.filter(organisation_id=request.actor.organisation_id).select_related("user")
    return render(
        request,
        "accounts/member_list.html",
        {
            "members": members.order_by("user__username"),
            "create_form": _offered_again(request),
            "roles": Role.choices,
        },
    )


# A new worker's form sent when the admin's confirmation has lapsed: held in the session, sealed with the
# organisation's key (it holds a first password), for the members page to offer again after confirming.
# Never in the URL; gone once offered, and with the session at sign-out or quick exit.
HELD_WORKER_FORM = "sathi_held_worker_form"
HELD_FIELDS = ("username", "display_name", "password", "role")


def _hold_worker_form(request) -> None:
    data = {name: request.POST.get(name, "")[:1000] for name in HELD_FIELDS}
    aad = f"accounts.held_worker_form:{request.session.session_key}"
    sealed = keys.seal_for_organisation(request.actor.organisation_id, aad, json.dumps(data))
    request.session[HELD_WORKER_FORM] = base64.b64encode(sealed).decode()


def _held_worker_form(request) -> dict | None:
    held = request.session.pop(HELD_WORKER_FORM, None)
    if not held:
        return None
    aad = f"accounts.held_worker_form:{request.session.session_key}"
    try:
        text = keys.open_for_organisation(request.actor.organisation_id, base64.b64decode(held), aad)
        return json.loads(text)
    except (ValueError, crypto.DecryptionError):
        return None  # sealed for another organisation or session: offered to nobody


@actor_required(*MEMBER_MANAGERS)
@require_POST
def member_create(request):
    if not sudo_active(request):
        _hold_worker_form(request)
        messages.info(request, _("Confirm it is you. What you typed is kept and offered again."))
        target = reverse("accounts:members")
        return redirect(reverse("accounts:confirm") + "?" + urlencode({"next": target}))
    form = UserCreateForm(request.POST)
    if form.is_valid():
        try:
            services.user_create(
                actor=request.actor,
                organisation=request.actor.organisation,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("The worker was added. The authenticator is set up at the first sign-in.")
            )
            return redirect("accounts:members")
    members = Membership.objects.filter(organisation_id=request.actor.organisation_id).select_related("user")
    return render(
        request,
        "accounts/member_list.html",
        {"members": members, "create_form": form, "roles": Role.choices},
        status=400,
    )


def _member_action(request, membership_id: int, action) -> HttpResponse:
    try:
        action()
    except NotFound as exc:
        raise Http404 from exc
    except Forbidden as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("accounts:members")


@actor_required(*MEMBER_MANAGERS)
@require_POST
@require_sudo
def member_role(request, membership_id: int):
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("accounts:members")
    return _member_action(
        request,
        membership_id,
        lambda: services.membership_change_role(
            actor=request.actor, membership_id=membership_id, role=form.cleaned_data["role"]
        ),
    )


@actor_required(*MEMBER_MANAGERS)
@require_POST
@require_sudo
def member_deactivate(request, membership_id: int):
    return _member_action(
        request,
        membership_id,
        lambda: services.membership_set_active(
            actor=request.actor, membership_id=membership_id, active=False
        ),
    )


@actor_required(*MEMBER_MANAGERS)
@require_POST
@require_sudo
def member_activate(request, membership_id: int):
    return _member_action(
        request,
        membership_id,
        lambda: services.membership_set_active(actor=request.actor, membership_id=membership_id, active=True),
    )


@actor_required(*MEMBER_MANAGERS)
@require_POST
@require_sudo
def member_reset_second_factor(request, membership_id: int):
    return _member_action(
        request,
        membership_id,
        lambda: services.second_factor_reset(actor=request.actor, membership_id=membership_id),
    )


@actor_required()
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Her own password. A wrong current password counts against the sign-in lockout (outside the form's
    transaction, so that the count stays), so that a phone left signed in cannot be used to guess it."""
    username = request.user.get_username()
    attempt = {
        "username": username,
        "address": lockout.client_address(request),
        "device": lockout.device_for(request, username),
    }
    form = PasswordChangeForm(request.POST or None)
    token = request.POST.get("form_token", "")
    # A second tap of a form already done goes to one_form_page (which says so), not to the password check.
    if request.method == "POST" and not once.already_done(token, request.user) and form.is_valid():
        refusal = None
        if lockout.login_locked(**attempt):
            refusal = _("Too many wrong passwords. Wait a few minutes and try again.")
        elif not request.user.check_password(form.cleaned_data["current"]):
            lockout.login_failed(**attempt)
            form.add_error("current", _("This is not your current password."))
        if refusal or form.errors:
            if refusal:
                form.add_error(None, refusal)
            context = {"form": form, "form_token": token or once.new_token()}
            return render(request, "accounts/password.html", context, status=400)

    def run(data):
        services.password_change(
            user=request.user,
            organisation_id=request.actor.organisation_id,
            current=data["current"],
            new=data["new"],
        )
        update_session_auth_hash(request, request.user)  # this session goes on; the others end

    return one_form_page(
        request,
        form=form,
        run=run,
        done_url=reverse("people:home"),
        template="accounts/password.html",
        context={},
        success=_("Your password is changed. Other devices signed in as you must sign in again."),
    )
