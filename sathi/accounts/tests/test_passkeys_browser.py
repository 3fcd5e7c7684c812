"""A passkey in a real browser: Chromium's own WebAuthn stack, with a virtual platform authenticator (a
phone's fingerprint sensor: CTAP2, internal transport, user verification done) through the Chrome DevTools
Protocol. The worker adds a passkey from her page after confirming it is her, signs out, and signs in again
with her password and the passkey; the vendored scripts run under the strict CSP, on a 360-px phone.

http://localhost is a secure context, so WebAuthn works on the live server; its relying party ID is the
live server's host name (an address such as 127.0.0.1 cannot be one).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from conftest import PASSWORD
from sathi.accounts.models import SealedTOTPDevice
from sathi.accounts.totp import current_code
from sathi.audit.models import AuditEvent
from sathi.people.tests import test_browser as browser

base_url, browser_page, console, open_page = (
    browser.base_url,
    browser.browser_page,
    browser.console,
    browser.open_page,
)
csp_violations, phone_screenshot, sign_in, submit = (
    browser.csp_violations,
    browser.phone_screenshot,
    browser.sign_in,
    browser.submit,
)

pytestmark = pytest.mark.browser


def fingerprint_sensor(page) -> str:
    """A virtual platform authenticator for this page, as a phone's fingerprint sensor answers."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return added["authenticatorId"]


def test_a_worker_adds_a_passkey_and_signs_in_with_her_password_and_the_passkey(
    browser_page, base_url, personas, console, settings, time_machine
):
    from playwright.sync_api import expect

    host = urlsplit(base_url).hostname
    assert host == "localhost", "WebAuthn needs a host name as its relying party ID"
    settings.OTP_WEBAUTHN_RP_ID = host
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base_url]
    page, worker = browser_page, personas.peer_worker
    fingerprint_sensor(page)
    # The server's first page (templates, URLs, translations loaded) can outlast the usual timeout on a loaded
    # machine: it is opened once, patiently, before the journey.
    page.goto(base_url + "/accounts/login/", timeout=60_000)

    sign_in(page, base_url, worker)
    page.goto(base_url + "/accounts/security/")
    expect(page.locator("main h1")).to_have_text("Fingerprint sign-in")
    page.locator("main a.button", has_text="Confirm it is you").click()
    time_machine.move_to(datetime.now(UTC), tick=True)
    time_machine.shift(30)  # the next step's code: the one she signed in with is spent
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=code]").fill(current_code(SealedTOTPDevice.objects.get(user=worker.user)))
    submit(page, page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/accounts/security/$"))

    page.get_by_role("button", name="Add a passkey on this phone").click()
    expect(page.locator(".messages")).to_contain_text("Your passkey is added")  # the page, loaded again
    expect(page.locator("main .passkey")).to_contain_text("Never")
    phone_screenshot(page, "passkeys-360.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll on a phone
    passkey = WebAuthnCredential.objects.get(user=worker.user)
    assert AuditEvent.objects.filter(action="user.passkey_added", target_id=str(passkey.pk)).exists()

    page.locator("header details.menu summary").click()
    submit(page, page.locator("header form[action='/accounts/logout/'] button"))
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(worker.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/$"))
    with page.expect_navigation(url=re.compile(r"^" + re.escape(base_url) + r"/$")):
        page.get_by_role("button", name="Use your passkey").click()
    expect(page.locator("header .brand")).to_be_visible()
    assert page.locator("#passkey-verification-button").count() == 0  # home, verified: no second step
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert AuditEvent.objects.filter(action="user.passkey_signed_in", actor=worker.user).exists()
    assert csp_violations(console) == [], console
