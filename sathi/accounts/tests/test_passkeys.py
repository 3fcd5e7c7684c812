"""Passkeys as a second factor (issue 15, item 9): added after confirming it is her, audited, listed and
removable; at sign-in, after the password, beside the code; a failure counts as a wrong code; a passkey from
another site is refused in her language and nothing changes."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from conftest import PASSWORD, sign_in
from sathi.accounts.lockout import device_cookie_name
from sathi.accounts.models import SealedTOTPDevice
from sathi.accounts.tests.authenticator import SoftPasskey
from sathi.accounts.totp import current_code
from sathi.audit.models import AuditEvent

ORIGIN = "https://testserver"
BEGIN_REGISTER = "/accounts/passkeys/registration/begin/"
COMPLETE_REGISTER = "/accounts/passkeys/registration/complete/"
BEGIN_SIGN_IN = "/accounts/passkeys/authentication/begin/"
COMPLETE_SIGN_IN = "/accounts/passkeys/authentication/complete/"
SECURITY = "/accounts/security/"


@pytest.fixture(autouse=True)
def _this_site(settings):
    settings.OTP_WEBAUTHN_RP_ID = "testserver"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


def post_json(client, url, data=None, **extra):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


def confirm_it_is_me(client, member) -> None:
    device = SealedTOTPDevice.objects.get(user=member.user)
    response = client.post("/accounts/confirm/", {"password": PASSWORD, "code": current_code(device)})
    assert response.status_code == 302


def add_passkey(client, member, passkey: SoftPasskey, *, origin=ORIGIN, rp_id=None, **extra):
    options = post_json(client, BEGIN_REGISTER, **extra)
    assert options.status_code == 200, options.content
    answer = passkey.create(options.json(), origin=origin, rp_id=rp_id)
    return post_json(
        client, COMPLETE_REGISTER, answer, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)", **extra
    )


def with_a_passkey(member) -> SoftPasskey:
    client = Client()
    sign_in(client, member)
    confirm_it_is_me(client, member)
    passkey = SoftPasskey()
    assert add_passkey(client, member, passkey).status_code == 200
    return passkey


def after_password(member, address="10.0.0.9") -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": member.user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/second-factor/")
    return client


def sign_in_answer(client, passkey, **kwargs):
    options = post_json(client, BEGIN_SIGN_IN)
    assert options.status_code == 200, options.content
    return post_json(
        client, COMPLETE_SIGN_IN, passkey.get(options.json(), origin=kwargs.pop("origin", ORIGIN), **kwargs)
    )


def actions(member) -> list[str]:
    return list(AuditEvent.objects.filter(actor=member.user).order_by("pk").values_list("action", flat=True))


# --- adding one ------------------------------------------------------------------------------------------


def test_adding_a_passkey_needs_a_fresh_confirmation(client, personas):
    member = personas.peer_worker
    sign_in(client, member)
    page = client.get(SECURITY)
    assert page.status_code == 200 and b"/accounts/confirm/" in page.content
    assert b"passkey-register-button" not in page.content
    refused = post_json(client, BEGIN_REGISTER)
    assert refused.status_code == 403
    assert "confirm it is you" in refused.json()["detail"]
    assert post_json(client, COMPLETE_REGISTER).status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_adding_a_passkey_needs_the_password_and_the_second_step_first(personas):
    client = after_password(personas.peer_worker)  # password only: not verified
    assert post_json(client, BEGIN_REGISTER).status_code == 403
    assert post_json(Client(), BEGIN_REGISTER).status_code == 403  # nobody signed in


def test_a_passkey_added_is_audited_and_listed_with_its_dates(client, personas):
    member = personas.peer_worker
    sign_in(client, member)
    confirm_it_is_me(client, member)
    page = client.get(SECURITY)
    assert b"passkey-register-button" in page.content and b'id="otp_webauthn_config"' in page.content
    answer = add_passkey(client, member, SoftPasskey())
    assert answer.status_code == 200
    passkey = WebAuthnCredential.objects.get(user=member.user)
    assert passkey.name == "Android"
    event = AuditEvent.objects.get(action="user.passkey_added")
    assert event.actor_id == member.user.pk and event.target_id == str(passkey.pk)
    assert event.organisation_id == member.organisation_id
    listed = client.get(SECURITY).content.decode()
    assert "Added on Android" in listed and "Never" in listed  # not used yet
    assert "Remove this passkey" in listed


def test_a_passkey_is_a_second_factor_only_never_instead_of_the_password(settings):
    assert settings.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is False
    assert post_json(Client(), BEGIN_SIGN_IN).status_code == 403  # no password yet: no ceremony at all


# --- signing in with one --------------------------------------------------------------------------------


def test_the_second_step_offers_the_passkey_beside_the_code_when_she_has_one(personas):
    member = personas.peer_worker
    before = after_password(member).get("/accounts/second-factor/").content.decode()
    assert "Use your passkey" not in before and 'name="code"' in before
    with_a_passkey(member)
    page = after_password(member).get("/accounts/second-factor/").content.decode()
    assert "Use your passkey" in page and 'name="code"' in page
    assert "vendor/django-otp-webauthn/otp_webauthn_auth.js" in page


def test_signing_in_with_a_passkey_verifies_the_session_as_the_code_does(personas):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    client = after_password(member)
    assert client.get("/").status_code == 302  # the password alone opens nothing
    answer = sign_in_answer(client, passkey)
    assert answer.status_code == 200, answer.content
    assert answer.json()["redirect_url"] == "/"
    assert device_cookie_name() in answer.cookies  # this browser is hers, as after the code
    assert client.get("/").status_code == 200
    assert client.session["otp_device_id"] == WebAuthnCredential.objects.get(user=member.user).persistent_id
    assert actions(member)[-1] == "user.passkey_signed_in"
    assert WebAuthnCredential.objects.get(user=member.user).last_used_at is not None


def test_a_failed_passkey_counts_as_a_wrong_code(personas):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    client = after_password(member)
    refused = sign_in_answer(client, passkey, tamper=True)
    assert refused.status_code == 422
    assert SealedTOTPDevice.objects.get(user=member.user).throttling_failure_count == 1
    assert actions(member)[-1] == "user.passkey_refused"
    assert client.get("/").status_code == 302  # still not verified
    # The throttle holds both ways in: at once after a failure, neither a passkey nor a code is let try.
    held = post_json(client, BEGIN_SIGN_IN)
    assert held.status_code == 403 and "Too many failed attempts" in held.json()["detail"]
    code = current_code(SealedTOTPDevice.objects.get(user=member.user))
    assert client.post("/accounts/second-factor/", {"code": code}).status_code == 200  # the form again


def test_a_passkey_of_another_worker_does_not_open_her_account(personas):
    other = with_a_passkey(personas.caseworker)
    with_a_passkey(personas.peer_worker)
    client = after_password(personas.peer_worker)
    refused = sign_in_answer(client, other)
    assert refused.status_code == 403
    assert client.get("/").status_code == 302
    assert SealedTOTPDevice.objects.get(user=personas.peer_worker.user).throttling_failure_count == 1


# --- a passkey from another site -------------------------------------------------------------------------

ANOTHER_SITE = {
    "en": "made for another website",
    "bn": "অন্য ওয়েবসাইটের",
    "hi": "किसी दूसरी वेबसाइट",
}


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
@pytest.mark.parametrize("wrong", ["origin", "rp_id"])
def test_a_passkey_from_another_site_is_refused_in_her_language_and_nothing_changes(
    client, personas, language, wrong
):
    member = personas.peer_worker
    sign_in(client, member)
    confirm_it_is_me(client, member)
    elsewhere = {"origin": "https://sathi.example.org"} if wrong == "origin" else {"rp_id": "example.org"}
    before = actions(member)
    refused = add_passkey(client, member, SoftPasskey(), HTTP_ACCEPT_LANGUAGE=language, **elsewhere)
    assert refused.status_code == 422
    assert refused.json()["code"] == "another_site"
    assert ANOTHER_SITE[language] in refused.json()["detail"]
    assert not WebAuthnCredential.objects.exists()
    assert actions(member)[len(before) :] == ["user.passkey_refused"]


@pytest.mark.parametrize("wrong", ["origin", "rp_id"])
def test_a_sign_in_signed_for_another_site_is_refused_and_leaves_her_unverified(personas, wrong):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    client = after_password(member)
    elsewhere = {"origin": "https://sathi.example.org"} if wrong == "origin" else {"rp_id": "example.org"}
    refused = sign_in_answer(client, passkey, **elsewhere)
    assert refused.status_code == 422 and refused.json()["code"] == "another_site"
    assert "made for another website" in refused.json()["detail"]
    assert client.get("/").status_code == 302
    assert WebAuthnCredential.objects.get(user=member.user).last_used_at is None


# --- removing one ----------------------------------------------------------------------------------------


def test_removing_a_passkey_needs_a_fresh_confirmation_and_is_audited(client, personas, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    member = personas.peer_worker
    with_a_passkey(member)
    time_machine.shift(30)  # the next step's code: the one used to add it cannot be replayed
    passkey = WebAuthnCredential.objects.get(user=member.user)
    sign_in(client, member)
    remove = f"/accounts/security/passkeys/{passkey.pk}/remove/"
    response = client.post(remove, HTTP_REFERER="http://testserver" + SECURITY)
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm/"
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    confirm_it_is_me(client, member)
    assert client.post(remove).status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    event = AuditEvent.objects.filter(action="user.passkey_removed").get()
    assert event.actor_id == member.user.pk and event.target_id == str(passkey.pk)


def test_a_worker_cannot_remove_another_workers_passkey(client, personas):
    with_a_passkey(personas.caseworker)
    theirs = WebAuthnCredential.objects.get(user=personas.caseworker.user)
    sign_in(client, personas.peer_worker)
    confirm_it_is_me(client, personas.peer_worker)
    assert client.post(f"/accounts/security/passkeys/{theirs.pk}/remove/").status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()
    assert b"Added on" not in client.get(SECURITY).content  # nor sees it


def test_resetting_her_second_step_removes_her_passkeys_too(client, personas):
    with_a_passkey(personas.peer_worker)
    sign_in(client, personas.org_admin)
    confirm_it_is_me(client, personas.org_admin)
    response = client.post(f"/accounts/members/{personas.peer_worker.pk}/reset-second-factor/")
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=personas.peer_worker.user).exists()


# --- naming one ------------------------------------------------------------------------------------------


def rename(client, passkey_id, name, **extra):
    return client.post(f"/accounts/security/passkeys/{passkey_id}/rename/", {"name": name}, **extra)


def test_a_passkey_is_renamed_by_her_with_a_short_name_listed_and_audited(client, personas):
    member = personas.peer_worker
    with_a_passkey(member)
    passkey = WebAuthnCredential.objects.get(user=member.user)
    sign_in(client, member)
    assert b"Added on Android" in client.get(SECURITY).content
    response = rename(client, passkey.pk, "  my   phone ")
    assert response.status_code == 302 and response["Location"] == SECURITY
    passkey.refresh_from_db()
    assert passkey.name == "my phone"
    listed = client.get(SECURITY).content.decode()
    assert "my phone" in listed and "Added on" not in listed
    event = AuditEvent.objects.get(action="user.passkey_renamed")
    assert event.actor_id == member.user.pk and event.target_id == str(passkey.pk)
    assert event.organisation_id == member.organisation_id
    assert "my phone" not in str(event.__dict__)  # the name is on her page, not in the audit


REFUSED_NAMES = {
    "html": "<b>phone</b>",
    "ampersand": "phone &amp; tablet",
    "quote": 'my "phone"',
    "too long": "p" * 41,
    "empty": "   ",
    "control character": "my\x00phone",
}


@pytest.mark.parametrize("name", REFUSED_NAMES.values(), ids=REFUSED_NAMES.keys())
def test_a_passkey_name_is_short_plain_text_or_refused_with_why(client, personas, name):
    member = personas.peer_worker
    with_a_passkey(member)
    passkey = WebAuthnCredential.objects.get(user=member.user)
    sign_in(client, member)
    response = rename(client, passkey.pk, name)
    assert response.status_code == 302
    passkey.refresh_from_db()
    assert passkey.name == "Android"
    assert not AuditEvent.objects.filter(action="user.passkey_renamed").exists()
    page = client.get(SECURITY).content.decode()
    assert 'class="messages' in page and "error" in page


def test_a_passkey_name_of_forty_characters_is_kept(client, personas):
    member = personas.peer_worker
    with_a_passkey(member)
    passkey = WebAuthnCredential.objects.get(user=member.user)
    sign_in(client, member)
    rename(client, passkey.pk, "ফোন" * 13 + "১")  # 40 characters, in Bengali
    passkey.refresh_from_db()
    assert passkey.name == "ফোন" * 13 + "১"


@pytest.mark.parametrize(
    ("language", "words"),
    [("bn", "বেশি লম্বা"), ("hi", "बहुत लंबा")],
)
def test_a_refused_passkey_name_is_told_in_her_language(client, personas, language, words):
    member = personas.peer_worker
    with_a_passkey(member)
    passkey = WebAuthnCredential.objects.get(user=member.user)
    sign_in(client, member)
    rename(client, passkey.pk, "p" * 41, HTTP_ACCEPT_LANGUAGE=language)
    assert words in client.get(SECURITY, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize("who", ["caseworker", "org_admin"])
def test_only_she_renames_her_passkey_not_another_worker_nor_an_admin(client, personas, who):
    with_a_passkey(personas.peer_worker)
    hers = WebAuthnCredential.objects.get(user=personas.peer_worker.user)
    sign_in(client, getattr(personas, who))
    confirm_it_is_me(client, getattr(personas, who))
    assert rename(client, hers.pk, "taken").status_code == 404
    hers.refresh_from_db()
    assert hers.name == "Android"
    assert not AuditEvent.objects.filter(action="user.passkey_renamed").exists()


def test_the_rename_service_refuses_another_workers_passkey(personas):
    from sathi.accounts.services import passkey_rename
    from sathi.lib.errors import NotFound

    with_a_passkey(personas.peer_worker)
    hers = WebAuthnCredential.objects.get(user=personas.peer_worker.user)
    admin = personas.org_admin
    with pytest.raises(NotFound):
        passkey_rename(actor=admin, user=admin.user, passkey_id=hers.pk, name="taken")
