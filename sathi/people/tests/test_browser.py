"""The main journey and the quick exit in a real browser (Chromium through Playwright).

DESIGN rule 12: every page has a quick exit (a button and Escape pressed twice) that ends the session on the
server and shows a neutral page; Back must then reveal nothing. Only a real browser can show that the
history, the back-forward cache, the cookies and the Content-Security-Policy behave as the server intends.

The live server listens on http://localhost, which Chromium treats as a secure context, so it keeps the
production cookie settings (Secure, `__Host-` prefixed) as they are: nothing is relaxed for this test.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connections

from conftest import PASSWORD
from sathi.accounts.models import SealedTOTPDevice
from sathi.accounts.totp import current_code

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 780}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
NAME = "Test Rupa Mondal"
TIMEOUT_MS = 10_000


@pytest.fixture
def base_url(live_server) -> str:
    """The live server's address: http://localhost (or 127.0.0.1) and a port.

    Chromium treats both as secure contexts, so it keeps the Secure `__Host-` cookies that the production
    settings ask for; nothing is relaxed for this test. (A LAN address would not be a secure context.)
    """
    return live_server.url.rstrip("/")


@pytest.fixture
def console() -> list[str]:
    """What the browser's console said during the test (CSP violations appear here)."""
    return []


@pytest.fixture
def open_page(monkeypatch, console):
    """Opens fresh headless Chromium pages at a phone's width, their console messages collected.

    Playwright's sync API runs an event loop in this thread, which makes Django refuse database access
    from the test itself (to compute TOTP codes and check sessions); the guard is lifted for this test only.
    While that loop runs, Django keeps this thread's connections apart from its usual ones (asgiref's
    context-local storage), so they are closed here before Playwright stops: left open, they would stop
    PostgreSQL from dropping the test database. The guard is back in force for the database teardown.
    """
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: browser tests need Debian's chromium package"
        if os.environ.get("SATHI_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (SATHI_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)

        def _open(**context_options):
            context = browser.new_context(viewport=PHONE, **context_options)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
            page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
            return page

        try:
            yield _open
        finally:
            connections.close_all()
            browser.close()


@pytest.fixture
def browser_page(open_page):
    return open_page()


def submit(page, button):
    """Click a form's submit button, wait for the page it leads to, and return the POST's response.

    A refusal (403 from the CSRF check, for instance) fails the test with what the browser sent.
    """
    with page.expect_navigation(), page.expect_response(lambda r: r.request.method == "POST") as posted:
        button.click()
    response = posted.value
    if response.status >= 400:
        origin = response.request.all_headers().get("origin")
        hint = (
            " (a page whose Referrer-Policy is no-referrer makes Chromium send that)"
            if origin == "null"
            else ""
        )
        pytest.fail(
            f"POST {urlsplit(response.url).path} was refused with {response.status}; "
            f"the browser sent Origin: {origin!r}{hint}"
        )
    return response


def sign_in(page, base_url: str, membership) -> None:
    """The real sign-in: password, then the current TOTP code typed on the second-factor page."""
    from playwright.sync_api import expect

    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(membership.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    for _attempt in range(3):
        device = SealedTOTPDevice.objects.get(user=membership.user)
        page.get_by_label("Six-digit code from your authenticator app").fill(current_code(device))
        if submit(page, page.get_by_role("button", name="Continue")).status == 302:
            return
        # Refused: this step's code was already used (replay) or the step turned over. Wait for the next
        # step, which also outlasts the one-second throttle after a failure.
        time.sleep(30 - time.time() % 30 + 1)
    pytest.fail("the second factor refused three consecutive current codes")


def phone_screenshot(page, name: str) -> None:
    """A full-page picture at the phone's width, for a person to look at (var/ is not committed), and a
    check that the page does not scroll sideways.

    A full-page capture stretches the viewport for a moment; Chromium then clamps the scroll position on
    the next input, which can move a button between mouse-down and mouse-up (the click then lands on the
    form, not the button). Scrolling back to the top first prevents that.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)
    page.evaluate("() => window.scrollTo(0, 0)")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page is {width}px wide on a {PHONE['width']}px phone"


def session_alive(user) -> bool:
    """Whether any session row on the server still signs this user in."""
    return any(
        session.get_decoded().get("_auth_user_id") == str(user.pk) for session in Session.objects.all()
    )


def csp_violations(console: list[str]) -> list[str]:
    return [msg for msg in console if "Content Security Policy" in msg]


def test_caseworker_signs_in_registers_finds_and_quick_exit_leaves_nothing_behind(
    browser_page, base_url, personas, console
):
    from playwright.sync_api import expect

    page = browser_page
    caseworker = personas.caseworker

    # 1. Password and second factor, with the production cookies.
    sign_in(page, base_url, caseworker)
    expect(page).to_have_url(base_url + "/")
    cookie_names = {cookie["name"] for cookie in page.context.cookies()}
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-")
    assert settings.SESSION_COOKIE_NAME in cookie_names, cookie_names
    assert session_alive(caseworker.user)

    # 2. Register her; her page shows her code.
    page.goto(base_url + "/people/new/")
    page.get_by_label("Names:", exact=True).fill(NAME)
    page.get_by_label("Phone:", exact=True).fill("+91 98300 55501")
    page.get_by_label("Age, as the person says").fill("24")
    phone_screenshot(page, "register-360.png")
    submit(page, page.locator("main form").get_by_role("button", name="Register"))
    expect(page).to_have_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    detail_url = page.url
    code = page.locator("main h1 .code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    expect(page.locator("main")).to_contain_text(NAME)
    phone_screenshot(page, "person-360.png")

    # 3. Find her by her code from the home page (a POST: the code never enters a URL).
    page.goto(base_url + "/")
    page.locator("input[name=query]").fill(code)
    submit(page, page.get_by_role("button", name="Find", exact=True))
    expect(page).to_have_url(base_url + "/people/find/")
    row = page.locator("main table tbody tr", has_text=code)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(NAME)

    # 4. Quick exit: the neutral page, with nothing of Sathi or of her on it.
    page.locator("#quick-exit-form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(re.escape(base_url) + r"/recipes/\?lang=en$"))
    expect(page).to_have_title("Everyday recipes")
    shown = page.locator("body").inner_text()
    for secret in ("Sathi", NAME, code, caseworker.organisation.name):
        assert secret.lower() not in shown.lower(), secret
        assert secret.lower() not in page.title().lower(), secret
    for secret in (NAME, code):
        assert secret not in page.content(), secret
    assert not session_alive(caseworker.user), "quick exit left the session alive on the server"
    assert settings.SESSION_COOKIE_NAME not in {cookie["name"] for cookie in page.context.cookies()}

    # 5. Back, twice (the home page, then her page): the server decides, and it asks for a sign-in.
    for _step in range(2):
        page.go_back()
        page.wait_for_load_state()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        assert NAME not in page.content()
        assert code not in page.content()

    # A fresh request for her page lands on the sign-in page too.
    page.goto(detail_url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert NAME not in page.content() and code not in page.content()

    assert csp_violations(console) == [], console


def test_escape_pressed_twice_ends_the_session_and_shows_the_neutral_page(
    browser_page, base_url, personas, console
):
    from playwright.sync_api import expect

    page = browser_page
    caseworker = personas.caseworker
    sign_in(page, base_url, caseworker)
    expect(page).to_have_url(base_url + "/")
    assert session_alive(caseworker.user)

    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(re.escape(base_url) + r"/recipes/\?lang=en$"))
    expect(page).to_have_title("Everyday recipes")
    assert "sathi" not in page.locator("body").inner_text().lower()
    assert not session_alive(caseworker.user), "Escape twice left the session alive on the server"

    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert csp_violations(console) == [], console


def test_quick_exit_button_works_as_a_plain_form_before_the_script_runs(
    open_page, base_url, personas, console
):
    """site.js is deferred: on a slow phone the button is a plain form until it runs, and must work as one."""
    from playwright.sync_api import expect

    page = open_page(java_script_enabled=False)
    caseworker = personas.caseworker
    sign_in(page, base_url, caseworker)
    expect(page).to_have_url(base_url + "/")

    submit(page, page.locator("#quick-exit-form").get_by_role("button"))
    expect(page).to_have_url(re.compile(re.escape(base_url) + r"/recipes/\?lang=en$"))
    expect(page).to_have_title("Everyday recipes")
    assert not session_alive(caseworker.user), "the plain quick-exit form left the session alive"

    page.go_back()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert csp_violations(console) == [], console
