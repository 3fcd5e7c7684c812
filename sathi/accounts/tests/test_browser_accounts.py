"""The API tokens page and the device cookie in a real browser, on a 360-px phone, in Bengali."""

from __future__ import annotations

import time

import pytest

from conftest import PASSWORD
from sathi.accounts.lockout import device_cookie_name
from sathi.accounts.models import ApiToken, SealedTOTPDevice
from sathi.accounts.totp import current_code
from sathi.people.tests import test_browser as browser

# The browser fixtures of the main journey's test, shared here.
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


def device_cookie(page) -> bool:
    return device_cookie_name() in {cookie["name"] for cookie in page.context.cookies()}


def confirm_it_is_me(page, membership) -> None:
    """The sudo page, by field names (the labels are in Bengali here)."""
    for _attempt in range(3):
        page.locator("input[name=password]").fill(PASSWORD)
        device = SealedTOTPDevice.objects.get(user=membership.user)
        page.locator("input[name=code]").fill(current_code(device))
        with page.expect_navigation(), page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.locator("main form button[type=submit]").click()
        if posted.value.status == 302:
            return
        # A refused code is shown again with 400, as every form with an error is; anything else is a failure.
        assert posted.value.status == 400, posted.value.status
        time.sleep(30 - time.time() % 30 + 1)  # that step's code was used to sign in: wait for the next
    pytest.fail("the confirmation refused three consecutive current codes")


def test_a_worker_issues_her_own_token_on_a_phone_in_bengali(browser_page, base_url, personas, console):
    from playwright.sync_api import expect

    page = browser_page
    worker = personas.caseworker
    sign_in(page, base_url, worker)
    assert device_cookie(page)  # a full sign-in makes this browser hers
    page.locator("header details.menu summary").click()  # the language is in the menu on a phone
    page.select_option("#lang-switch", "bn")
    submit(page, page.locator("header form.language button"))

    page.goto(base_url + "/accounts/tokens/")
    expect(page.locator("main h1")).to_have_text("এপিআই টোকেন")
    phone_screenshot(page, "tokens-bn-360.png")
    page.locator("main a.button").click()
    confirm_it_is_me(page, worker)
    page.locator("input[name=label]").fill("Field phone")
    page.locator("input[name=read_only]").check()
    phone_screenshot(page, "tokens-form-bn-360.png")
    submit(page, page.locator("main form button[type=submit]"))
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("sathi_")
    phone_screenshot(page, "token-issued-bn-360.png")
    assert ApiToken.objects.get(membership=worker).read_only
    page.goto(base_url + "/accounts/tokens/")
    assert secret not in page.content()
    assert csp_violations(console) == []


def test_signing_out_keeps_the_device_cookie_and_quick_exit_forgets_it(browser_page, base_url, personas):
    page = browser_page
    sign_in(page, base_url, personas.caseworker)
    page.locator("header details.menu summary").click()
    submit(page, page.locator("header form[action='/accounts/logout/'] button"))
    assert device_cookie(page)
    sign_in(page, base_url, personas.caseworker)
    page.locator("#quick-exit-form button").click()
    page.wait_for_url(base_url + "/recipes/?lang=en")
    page.wait_for_timeout(500)  # the quick exit's own request finishes after the neutral page shows
    assert not device_cookie(page)
