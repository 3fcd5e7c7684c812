"""Issue 15, item 7: the new-worker form keeps what the admin typed across re-authentication, sealed in
the session on the server, never in a URL."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.test import Client

from conftest import PASSWORD, sign_in
from sathi.accounts.models import Membership, SealedTOTPDevice
from sathi.accounts.totp import current_code
from sathi.accounts.views import HELD_WORKER_FORM

FORM = {
    "username": "zqvheldname",
    "display_name": "Zqvhelddisplay",
    "password": "a long enough passphrase 7",
    "role": "counsellor",
}


def test_the_new_worker_form_keeps_what_was_typed_across_re_authentication(personas):
    admin = personas.org_admin
    client = Client()
    sign_in(client, admin)
    sent = client.post("/accounts/members/new/", FORM)
    assert sent.status_code == 302 and sent["Location"].startswith("/accounts/confirm/")
    assert "zqvheld" not in sent["Location"].lower() and "passphrase" not in sent["Location"]
    assert not Membership.objects.filter(user__username="zqvheldname").exists()
    # Sealed on the server: the session row holds no word the admin typed.
    stored = Session.objects.get(session_key=client.session.session_key).session_data
    assert "zqvheld" not in stored.lower()
    device = SealedTOTPDevice.objects.get(user=admin.user)
    confirmed = client.post(
        "/accounts/confirm/",
        {"password": PASSWORD, "code": current_code(device), "next": "/accounts/members/"},
    )
    assert confirmed["Location"] == "/accounts/members/"
    page = client.get("/accounts/members/")
    form = page.context["create_form"]
    assert form.initial == FORM
    assert 'value="zqvheldname"' in page.content.decode()
    assert HELD_WORKER_FORM not in client.session  # offered once
    assert client.post("/accounts/members/new/", FORM).status_code == 302
    assert Membership.objects.get(user__username="zqvheldname").role == "counsellor"


def test_a_held_form_is_not_offered_to_another_session(personas):
    admin = personas.org_admin
    first, second = Client(), Client()
    sign_in(first, admin)
    first.post("/accounts/members/new/", FORM)
    sign_in(second, admin)
    session = second.session
    session[HELD_WORKER_FORM] = first.session[HELD_WORKER_FORM]
    session.save()
    assert second.get("/accounts/members/").context["create_form"].initial == {}
