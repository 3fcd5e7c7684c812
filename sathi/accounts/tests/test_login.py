import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD, sign_in
from sathi.accounts.middleware import SEEN_RESOLUTION_SECONDS
from sathi.accounts.models import Membership, Role, SealedTOTPDevice
from sathi.accounts.totp import current_code, open_seed

LOGIN = "/accounts/login/"


def post_login(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_password_alone_does_not_open_any_page(client, personas):
    response = post_login(client, personas.caseworker.user.username, PASSWORD)
    assert response.status_code == 302 and "/accounts/second-factor/" in response["Location"]
    assert client.get("/").status_code == 302  # still sent to the second factor
    assert "/accounts/second-factor/" in client.get("/").url


def test_second_factor_code_completes_sign_in_and_cannot_be_replayed(client, personas):
    member = personas.caseworker
    post_login(client, member.user.username, PASSWORD)
    device = SealedTOTPDevice.objects.get(user=member.user)
    code = current_code(device)
    response = client.post("/accounts/second-factor/", {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    other = Client()
    post_login(other, member.user.username, PASSWORD, address="10.0.0.2")
    assert other.post("/accounts/second-factor/", {"code": code}).status_code == 200  # refused, form again
    assert other.get("/").status_code == 302


def test_totp_seed_is_stored_encrypted(personas):
    device = SealedTOTPDevice.objects.get(user=personas.caseworker.user)
    seed = open_seed(device)
    assert seed not in bytes(device.seed)
    assert seed.hex() not in bytes(device.seed).hex()


def test_idle_timeout_ends_the_session_on_the_server(client, personas, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    sign_in(client, personas.caseworker)
    assert client.get("/").status_code == 200
    time_machine.shift(settings.SATHI_SESSION_IDLE_SECONDS - 10)
    assert client.get("/").status_code == 200  # activity keeps it alive
    time_machine.shift(settings.SATHI_SESSION_IDLE_SECONDS + 1)
    response = client.get("/")
    assert response.status_code == 302 and "expired" in response["Location"]
    assert Session.objects.count() == 0


def test_a_page_view_within_a_minute_of_the_last_writes_no_session(client, personas, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    sign_in(client, personas.caseworker)
    client.get("/")
    time_machine.shift(SEEN_RESOLUTION_SECONDS - 1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]
    time_machine.shift(1)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]


def test_absolute_lifetime_ends_even_an_active_session(client, personas, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    sign_in(client, personas.caseworker)
    client.get("/")
    step = settings.SATHI_SESSION_IDLE_SECONDS - 60
    for _ in range(settings.SATHI_SESSION_MAX_SECONDS // step):
        time_machine.shift(step)
        client.get("/")
    time_machine.shift(step)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("url", ["/accounts/logout/", "/exit/"])
def test_logout_and_quick_exit_kill_the_session_and_clear_site_data(client, personas, url):
    sign_in(client, personas.caseworker)
    assert Session.objects.count() == 1
    response = client.post(url)
    assert response.status_code == 302
    assert "cache" in response["Clear-Site-Data"] and "storage" in response["Clear-Site-Data"]
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert Session.objects.count() == 0
    assert client.get("/").status_code == 302


def test_quick_exit_forgets_every_cookie_but_signing_out_keeps_the_device_cookie(client, personas):
    from sathi.accounts.lockout import device_cookie_name

    sign_in(client, personas.caseworker)
    assert "cookies" not in client.post("/accounts/logout/")["Clear-Site-Data"]
    sign_in(client, personas.caseworker)
    response = client.post("/exit/")
    assert "cookies" in response["Clear-Site-Data"]
    assert response.cookies[device_cookie_name()]["max-age"] == 0


def test_quick_exit_lands_on_a_neutral_page(client, personas):
    sign_in(client, personas.caseworker)
    response = client.post("/exit/", follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sathi" not in text and "people" not in text.lower()


def test_every_page_carries_a_quick_exit(client, personas):
    sign_in(client, personas.caseworker)
    for url in ["/", "/people/new/", LOGIN]:
        assert 'id="quick-exit-form"' in client.get(url).content.decode()


def test_session_cookie_is_host_prefixed_secure_and_strict(client, personas):
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-")
    assert settings.CSRF_COOKIE_NAME.startswith("__Host-")
    response = post_login(client, personas.caseworker.user.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (
        cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    )
    assert not cookie["domain"]


def test_csrf_is_enforced_on_forms(personas):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, personas.caseworker)
    assert client.post("/people/new/", {"names": "x"}).status_code == 403


def test_pages_are_not_stored_and_carry_a_strict_csp(client, personas):
    sign_in(client, personas.caseworker)
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'self'" in policy


# --- sudo mode and organisation admins ----------------------------------------------------------


def new_member_form(username="newpeer"):
    return {
        "username": username,
        "display_name": "",
        "password": "a long enough passphrase 7",
        "role": "peer_worker",
    }


def test_adding_a_worker_needs_re_authentication(client, personas):
    admin = personas.org_admin
    sign_in(client, admin)
    response = client.post("/accounts/members/new/", new_member_form(), HTTP_REFERER="/accounts/members/")
    assert response.status_code == 302 and "/accounts/confirm/" in response["Location"]
    assert not Membership.objects.filter(user__username="newpeer").exists()
    device = SealedTOTPDevice.objects.get(user=admin.user)
    response = client.post(
        "/accounts/confirm/",
        {"password": PASSWORD, "code": current_code(device), "next": "/accounts/members/"},
    )
    assert response.status_code == 302
    response = client.post("/accounts/members/new/", new_member_form())
    assert response.status_code == 302
    assert Membership.objects.get(user__username="newpeer").organisation == personas.org


def test_sudo_mode_expires(client, personas, time_machine):
    from sathi.accounts.decorators import grant_sudo, sudo_active

    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)

    class Req:
        session = {}

    grant_sudo(Req)
    assert sudo_active(Req)
    time_machine.shift(settings.SATHI_SUDO_SECONDS + 1)
    assert not sudo_active(Req)


def _with_sudo(client, membership):
    from sathi.accounts.decorators import SESSION_SUDO

    sign_in(client, membership)
    session = client.session
    session[SESSION_SUDO] = int(time.time()) + 300
    session.save()


def test_org_admin_manages_only_her_own_organisation(client, personas):
    _with_sudo(client, personas.org_admin)
    outsider = personas.outsider
    for url in [
        reverse("accounts:member-role", args=[outsider.pk]),
        reverse("accounts:member-deactivate", args=[outsider.pk]),
        reverse("accounts:member-reset-second-factor", args=[outsider.pk]),
    ]:
        assert client.post(url, {"role": "supervisor"}).status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.CASEWORKER and outsider.is_active
    assert outsider.user.username not in client.get("/accounts/members/").content.decode()


def test_deactivated_worker_loses_access_at_once(client, personas):
    caseworker = personas.caseworker
    sign_in(client, caseworker)
    assert client.get("/").status_code == 200
    admin_client = Client()
    _with_sudo(admin_client, personas.org_admin)
    admin_client.post(reverse("accounts:member-deactivate", args=[caseworker.pk]))
    assert client.get("/").status_code == 302  # no active membership: sent to choose one


def test_other_roles_cannot_manage_workers(client, personas):
    _with_sudo(client, personas.supervisor)
    assert client.get("/accounts/members/").status_code == 403
    assert client.post("/accounts/members/new/", new_member_form()).status_code == 403
