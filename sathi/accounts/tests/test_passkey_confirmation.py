"""Re-authentication with a passkey (issue 15, item 9): her password and a passkey instead of her password
and a code, at every door that asks her to confirm it is her; never a passkey alone; the same ceremony and
throttle as at sign-in; audited; refusals in her language."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from conftest import PASSWORD, sign_in
from sathi.accounts.models import ApiToken, LoginFailure, Membership, SealedTOTPDevice, User
from sathi.accounts.once import new_token
from sathi.accounts.tests.authenticator import SoftPasskey
from sathi.accounts.tests.test_passkeys import (  # noqa: F401 (the autouse fixture: this site's passkeys)
    ORIGIN,
    SECURITY,
    _this_site,
    actions,
    post_json,
    with_a_passkey,
)
from sathi.accounts.totp import current_code
from sathi.people.models import PersonKey
from sathi.people.services import person_register

BEGIN = "/accounts/passkeys/confirmation/begin/"
COMPLETE = "/accounts/passkeys/confirmation/complete/"
CONFIRM = "/accounts/confirm/"


def passkey_answers(client, passkey: SoftPasskey, **kwargs):
    options = post_json(client, BEGIN)
    assert options.status_code == 200, options.content
    return post_json(
        client, COMPLETE, passkey.get(options.json(), origin=kwargs.pop("origin", ORIGIN), **kwargs)
    )


def code_of(member) -> str:
    return current_code(SealedTOTPDevice.objects.get(user=member.user))


def confirmed(client, member, passkey, method: str, password: str = PASSWORD):
    """She confirms it is her on the confirmation page, with the code or with her passkey."""
    if method == "code":
        return client.post(CONFIRM, {"password": password, "code": code_of(member)})
    answer = passkey_answers(client, passkey)
    assert answer.status_code == 200, answer.content
    return client.post(CONFIRM, {"password": password})


@pytest.fixture
def later(time_machine):
    """Each confirmation with a code uses the next step's code: the one used to add the passkey is spent."""
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    return lambda: time_machine.shift(30)


# --- the doors that ask her to confirm it is her ---------------------------------------------------------


def _add_passkey(client, member):
    response = post_json(client, "/accounts/passkeys/registration/begin/")
    return response.status_code == 200


def _remove_passkey(client, member):
    passkey = WebAuthnCredential.objects.filter(user=member.user).first()
    response = client.post(f"/accounts/security/passkeys/{passkey.pk}/remove/")
    return response["Location"] == SECURITY and not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def _issue_token(client, member):
    data = {"form_token": new_token(), "label": "field phone", "days": 5}
    response = client.post("/accounts/tokens/new/", data)
    return response.status_code == 200 and ApiToken.objects.filter(membership=member).exists()


def _member_action(action, check):
    def door(client, member):
        peer = Membership.objects.get(user__username="peer_worker-a")
        if action == "activate":
            Membership.objects.filter(pk=peer.pk).update(is_active=False)
        data = {"role": "counsellor"} if action == "role" else {}
        response = client.post(f"/accounts/members/{peer.pk}/{action}/", data)
        peer.refresh_from_db()
        return response["Location"] == "/accounts/members/" and check(peer)

    return door


def _create_member(client, member):
    data = {
        "username": "new-worker",
        "display_name": "",
        "password": "a long first password 1",
        "role": "caseworker",
    }
    response = client.post("/accounts/members/new/", data)
    return (
        response["Location"] == "/accounts/members/" and User.objects.filter(username="new-worker").exists()
    )


SUDO_DOORS = {
    "passkey add": ("peer_worker", _add_passkey),
    "passkey remove": ("peer_worker", _remove_passkey),
    "token issue": ("caseworker", _issue_token),
    "member role": ("org_admin", _member_action("role", lambda m: m.role == "counsellor")),
    "member deactivate": ("org_admin", _member_action("deactivate", lambda m: not m.is_active)),
    "member activate": ("org_admin", _member_action("activate", lambda m: m.is_active)),
    "member reset second factor": (
        "org_admin",
        _member_action(
            "reset-second-factor", lambda m: not SealedTOTPDevice.objects.filter(user=m.user).exists()
        ),
    ),
    "member create": ("org_admin", _create_member),
}


@pytest.mark.parametrize("method", ["code", "passkey"])
@pytest.mark.parametrize("door", SUDO_DOORS.values(), ids=SUDO_DOORS.keys())
def test_every_door_that_asks_to_confirm_takes_the_password_with_a_code_or_a_passkey(
    client, personas, later, door, method
):
    role, go_through = door
    member = getattr(personas, role)
    passkey = with_a_passkey(member)
    later()
    sign_in(client, member)
    assert not go_through(client, member)  # not confirmed yet: the door sends her to confirm first
    response = confirmed(client, member, passkey, method)
    assert response.status_code == 302, response.content
    assert go_through(client, member)


@pytest.mark.parametrize("method", ["code", "passkey"])
def test_the_erase_page_takes_the_password_with_a_code_or_a_passkey(client, personas, later, method):
    member = personas.supervisor
    passkey = with_a_passkey(member)
    later()
    person = person_register(actor=personas.caseworker, names=["Jasmine"], confirm_duplicates=True)
    sign_in(client, member)
    url = f"/people/{person.pk}/erase/"
    page = client.get(url).content.decode()
    assert "Confirm with your passkey" in page and "/accounts/passkeys/confirmation/begin/" in page
    form = {"basis": "her_request", "reason": "Asked for it in person", "password": PASSWORD}
    refused = client.post(url, {**form, "form_token": new_token()})  # neither a code nor a passkey
    assert refused.status_code == 400 and PersonKey.objects.filter(person=person).exists()
    LoginFailure.objects.all().delete()
    if method == "code":
        form["code"] = code_of(member)
    else:
        assert passkey_answers(client, passkey).status_code == 200
    done = client.post(url, {**form, "form_token": new_token()})
    assert done.status_code == 302 and done["Location"] == "/rights/erasures/"
    assert not PersonKey.objects.filter(person=person).exists()


def test_the_erase_page_refuses_a_passkey_with_a_wrong_password_and_counts_it(client, personas):
    member = personas.supervisor
    passkey = with_a_passkey(member)
    person = person_register(actor=personas.caseworker, names=["Jasmine"], confirm_duplicates=True)
    sign_in(client, member)
    url = f"/people/{person.pk}/erase/"
    assert passkey_answers(client, passkey).status_code == 200
    form = {"basis": "her_request", "reason": "Asked", "password": "a guess", "form_token": new_token()}
    refused = client.post(url, form)
    assert refused.status_code == 400 and PersonKey.objects.filter(person=person).exists()
    assert set(LoginFailure.objects.values_list("failures", flat=True)) == {1}
    # the proof was taken by that attempt: the right password alone now erases nothing
    again = client.post(url, {**form, "password": PASSWORD, "form_token": new_token()})
    assert again.status_code == 400 and PersonKey.objects.filter(person=person).exists()


# --- the rule: her password and a passkey, never the passkey alone ----------------------------------------


def test_reauthentication_with_the_password_and_a_passkey_is_audited(client, personas):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    sign_in(client, member)
    assert b"Confirm with your passkey" in client.get(CONFIRM).content
    assert passkey_answers(client, passkey).status_code == 200
    assert actions(member)[-1] == "user.passkey_confirmed"
    assert client.get(SECURITY).content.count(b"passkey-register-button") == 0  # the proof is not sudo
    response = client.post(CONFIRM, {"password": PASSWORD, "next": SECURITY})
    assert response.status_code == 302 and response["Location"] == SECURITY
    assert b"passkey-register-button" in client.get(SECURITY).content


def test_the_confirmation_page_offers_no_passkey_to_a_worker_without_one(client, personas):
    sign_in(client, personas.peer_worker)
    page = client.get(CONFIRM).content.decode()
    assert "Confirm with your passkey" not in page and 'name="code"' in page


def test_a_passkey_alone_never_confirms_it_is_her(client, personas):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    sign_in(client, member)
    assert passkey_answers(client, passkey).status_code == 200
    assert client.post(CONFIRM, {"password": ""}).status_code == 400
    assert b"passkey-register-button" not in client.get(SECURITY).content


def test_a_passkey_with_a_wrong_password_is_refused_counted_and_spent(client, personas):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    sign_in(client, member)
    assert passkey_answers(client, passkey).status_code == 200
    refused = client.post(CONFIRM, {"password": "a guess"})
    assert refused.status_code == 400 and "password is not right" in refused.content.decode()
    assert set(LoginFailure.objects.values_list("failures", flat=True)) == {
        1
    }  # the sign-in lockout counts it, as on the erase page
    again = client.post(CONFIRM, {"password": PASSWORD})  # the proof served that one attempt
    assert again.status_code == 400
    assert b"passkey-register-button" not in client.get(SECURITY).content


def test_a_passkey_proof_lasts_two_minutes(client, personas, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    sign_in(client, member)
    assert passkey_answers(client, passkey).status_code == 200
    time_machine.shift(121)
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 400


def test_a_failed_passkey_at_confirmation_counts_in_the_sign_in_throttle(client, personas):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    sign_in(client, member)
    refused = passkey_answers(client, passkey, tamper=True)
    assert refused.status_code == 422
    assert SealedTOTPDevice.objects.get(user=member.user).throttling_failure_count == 1
    assert actions(member)[-1] == "user.passkey_refused"
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 400  # no proof was left
    held = post_json(client, BEGIN)  # throttled at once: neither a passkey nor a code is let try
    assert held.status_code == 403 and "Too many failed attempts" in held.json()["detail"]
    assert client.post(CONFIRM, {"password": PASSWORD, "code": code_of(member)}).status_code == 400


def test_another_workers_passkey_does_not_confirm_it_is_her(client, personas):
    theirs = with_a_passkey(personas.caseworker)
    with_a_passkey(personas.peer_worker)
    sign_in(client, personas.peer_worker)
    assert passkey_answers(client, theirs).status_code == 403
    assert SealedTOTPDevice.objects.get(user=personas.peer_worker.user).throttling_failure_count == 1
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 400


def test_confirming_with_a_passkey_needs_a_signed_in_verified_worker(personas):
    with_a_passkey(personas.peer_worker)
    assert post_json(Client(), BEGIN).status_code == 403
    half = Client()
    half.post("/accounts/login/", {"username": personas.peer_worker.user.username, "password": PASSWORD})
    assert post_json(half, BEGIN).status_code == 403  # password only: sign-in's second step comes first


REFUSALS = {
    "en": ("The password is not right", "Type the code, or use your passkey"),
    "bn": ("পাসওয়ার্ড ঠিক নয়", "কোডটি লিখুন, অথবা আপনার পাসকি ব্যবহার করুন"),
    "hi": ("पासवर्ड सही नहीं है", "कोड लिखिए, या अपनी पासकी इस्तेमाल कीजिए"),
}


@pytest.mark.parametrize("language", REFUSALS)
def test_refusals_at_confirmation_are_in_her_language(client, personas, language):
    member = personas.peer_worker
    passkey = with_a_passkey(member)
    sign_in(client, member)
    wrong_password, neither = REFUSALS[language]
    no_second = client.post(CONFIRM, {"password": PASSWORD}, HTTP_ACCEPT_LANGUAGE=language)
    assert neither in no_second.content.decode()
    assert passkey_answers(client, passkey).status_code == 200
    refused = client.post(CONFIRM, {"password": "a guess"}, HTTP_ACCEPT_LANGUAGE=language)
    assert wrong_password in refused.content.decode()
