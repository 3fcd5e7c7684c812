"""The login lockout's rules (issue 10): it ends, it is per address, it trusts only our own proxies, and a
browser where she signed in before keeps its own allowance when her username is under attack."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from conftest import PASSWORD
from sathi.accounts.lockout import client_address, device_cookie_name
from sathi.accounts.models import LoginFailure, SealedTOTPDevice
from sathi.accounts.totp import current_code

LOGIN = "/accounts/login/"
LOCKED = "Too many failed attempts"


def attempt(client, username, password, address, forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signs_in(response) -> bool:
    """The password step passed: she is sent on to the second factor."""
    return response.status_code == 302 and "/accounts/second-factor/" in response["Location"]


def held(response) -> bool:
    return response.status_code == 200 and LOCKED in response.content.decode()


def sign_in_fully(client, membership, address):
    assert signs_in(attempt(client, membership.user.username, PASSWORD, address))
    device = SealedTOTPDevice.objects.get(user=membership.user)
    response = client.post("/accounts/second-factor/", {"code": current_code(device)}, REMOTE_ADDR=address)
    assert response.status_code == 302 and "second-factor" not in response["Location"]
    return response


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    return time_machine


def test_the_limit_locks_even_the_right_password_during_the_cool_off(personas, frozen):
    username = personas.caseworker.user.username
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES - 1):
        assert not held(attempt(Client(), username, "wrong", "203.0.113.9"))
    attempt(Client(), username, "wrong", "203.0.113.9")
    assert held(attempt(Client(), username, PASSWORD, "203.0.113.9"))
    frozen.shift(settings.SATHI_LOGIN_COOLOFF_SECONDS + 1)
    assert signs_in(attempt(Client(), username, PASSWORD, "203.0.113.9"))


def test_one_failure_after_the_cool_off_does_not_lock(personas, frozen):
    username = personas.caseworker.user.username
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES):
        attempt(Client(), username, "wrong", "203.0.113.9")
    assert held(attempt(Client(), username, PASSWORD, "203.0.113.9"))
    frozen.shift(settings.SATHI_LOGIN_COOLOFF_SECONDS + 1)
    assert not held(attempt(Client(), username, "wrong", "203.0.113.9"))
    assert signs_in(attempt(Client(), username, PASSWORD, "203.0.113.9"))


def test_one_failure_after_a_quiet_cool_off_does_not_lock(personas, frozen):
    username = personas.caseworker.user.username
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES - 1):
        attempt(Client(), username, "wrong", "203.0.113.9")
    frozen.shift(settings.SATHI_LOGIN_COOLOFF_SECONDS + 1)
    attempt(Client(), username, "wrong", "203.0.113.9")
    assert signs_in(attempt(Client(), username, PASSWORD, "203.0.113.9"))


def test_a_lockout_from_address_a_does_not_stop_the_user_at_address_b(personas, frozen):
    username = personas.caseworker.user.username
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES):
        attempt(Client(), username, "wrong", "203.0.113.9")
    assert held(attempt(Client(), username, PASSWORD, "203.0.113.9"))
    assert signs_in(attempt(Client(), username, PASSWORD, "198.51.100.7"))


def test_a_forged_x_forwarded_for_does_not_bypass_the_lockout(personas, frozen, settings):
    username = personas.caseworker.user.username
    # Served directly: the header is the client's own words and is ignored.
    settings.SATHI_TRUSTED_PROXIES = 0
    for n in range(settings.SATHI_LOGIN_MAX_FAILURES):
        attempt(Client(), username, "wrong", "203.0.113.9", forwarded=f"192.0.2.{n}")
    assert held(attempt(Client(), username, PASSWORD, "203.0.113.9", forwarded="192.0.2.99"))
    LoginFailure.objects.all().delete()
    # Behind one proxy: what the client wrote sits left of the address our proxy appended.
    settings.SATHI_TRUSTED_PROXIES = 1
    for n in range(settings.SATHI_LOGIN_MAX_FAILURES):
        attempt(Client(), username, "wrong", "10.0.0.1", forwarded=f"192.0.2.{n}, 203.0.113.9")
    assert held(attempt(Client(), username, PASSWORD, "10.0.0.1", forwarded="192.0.2.99, 203.0.113.9"))
    # and the worker behind the same proxy is not locked out with the guesser
    assert signs_in(attempt(Client(), username, PASSWORD, "10.0.0.1", forwarded="198.51.100.7"))


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1", "203.0.113.9"),
        (1, "10.0.0.1", "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        (2, "10.0.0.2", "192.0.2.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "10.0.0.2", "203.0.113.9", "10.0.0.2"),  # a proxy was skipped: only the peer is known
        (1, "10.0.0.1", "not-an-address", "unknown"),
        (0, "2001:db8:1:2:aaaa::1", None, "2001:db8:1:2::/64"),
        (0, "::ffff:203.0.113.9", None, "203.0.113.9"),
    ],
)
def test_client_address_comes_from_the_trusted_proxies_only(settings, proxies, remote, forwarded, expected):
    settings.SATHI_TRUSTED_PROXIES = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **extra)) == expected


def test_the_device_cookie_lets_the_real_user_in_while_an_attacker_without_it_is_held(personas, frozen):
    worker = personas.caseworker
    username = worker.user.username
    hers = Client()
    sign_in_fully(hers, worker, "198.51.100.7")
    assert hers.cookies[device_cookie_name()].value
    hers.post("/accounts/logout/")
    assert hers.cookies[device_cookie_name()].value  # signing out keeps it

    # A guesser spread over many addresses, each one below the per-address limit.
    attacker = Client()
    for n in range(settings.SATHI_LOGIN_USERNAME_MAX_FAILURES):
        assert not held(attempt(attacker, username, "wrong", f"192.0.2.{n}"))
    # Every client without her device cookie is held now, even with the right password...
    assert held(attempt(attacker, username, PASSWORD, "192.0.2.200"))
    assert held(attempt(Client(), username, PASSWORD, "198.51.100.8"))
    # ...a device cookie for another username does not help...
    other = Client()
    frozen.shift(31)  # a fresh authenticator code
    sign_in_fully(other, personas.supervisor, "192.0.2.201")
    assert held(attempt(other, username, PASSWORD, "192.0.2.201"))
    # ...and her own browser, from a new address, signs in.
    assert signs_in(attempt(hers, username, PASSWORD, "203.0.113.50"))


def test_a_device_keeps_its_own_allowance_and_is_locked_on_its_own(personas, frozen):
    worker = personas.caseworker
    username = worker.user.username
    hers = Client()
    sign_in_fully(hers, worker, "198.51.100.7")
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES):
        attempt(hers, username, "wrong", "198.51.100.7")
    assert held(attempt(hers, username, PASSWORD, "198.51.100.7"))
    # her failures in her own browser did not count against her address for other clients
    assert signs_in(attempt(Client(), username, PASSWORD, "198.51.100.7"))


def test_a_tampered_device_cookie_counts_as_none(personas, frozen):
    username = personas.caseworker.user.username
    attacker = Client()
    attacker.cookies[device_cookie_name()] = "forged-value"
    for n in range(settings.SATHI_LOGIN_USERNAME_MAX_FAILURES):
        attempt(attacker, username, "wrong", f"192.0.2.{n}")
    assert held(attempt(attacker, username, PASSWORD, "192.0.2.200"))


def test_lockout_rows_name_nobody(personas, frozen):
    username = personas.caseworker.user.username
    hers = Client()
    sign_in_fully(hers, personas.caseworker, "198.51.100.7")
    attempt(Client(), username, "wrong", "203.0.113.9")
    assert username not in hers.cookies[device_cookie_name()].value
    for row in LoginFailure.objects.all():
        assert username not in row.username_digest and username not in row.bucket
