"""Every page of the permission matrix on a 360 x 740 phone, in Bengali and in Hindi (issue 15, first rule).

For each page some persona may open (the matrix says which; a page added to the matrix is swept without
being listed here), as the persona who sees the most of it: the document is no wider than the screen (with
the menu open too), no tap target is under 24 x 24 CSS px (WCAG 2.2, 2.5.8), the header is under 120 px,
the quick exit is on screen however far the page is scrolled and no control lies under another element,
axe-core finds no violation of any impact, and no vocabulary code is visible.

One browser and one live server for the whole sweep. axe-core is vendored for tests only
(sathi/tests/vendor/axe-core/SOURCE) and injected with Playwright's add_script_tag; the browser context
bypasses the Content-Security-Policy for that injection alone (the app's policy is not loosened).
SATHI_SWEEP_SCREENSHOTS=1 keeps a full-page picture of each page under var/screenshots/sweep/.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from conftest import sign_in
from sathi.api.tests.matrix_pages import PAGES
from sathi.api.tests.matrix_world import World
from sathi.api.tests.test_permission_matrix import _fill
from sathi.people.tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from sathi.tests.vocabulary import codes_in, page_rows, with_every_kind_of_word

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LANGUAGES = ("bn", "hi")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "sweep"
MIN_TARGET, HEADER_MAX = 24, 120

# Measured in the page: its width, its small targets, the header, covered controls. A target is what a finger
# aims at: a link, a button, a form control, a menu's summary. A link inside a sentence is exempt, as WCAG
# 2.5.8 exempts it ("the target is in a sentence"): its height is the line's.
MEASURE = """(min) => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !el.closest(".visually-hidden") &&
      el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  };
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.parentElement.closest("p, li, dd, blockquote, .helptext, .help");
    if (!block) return false;
    return block.textContent.replace(el.textContent, "").trim().length > 0;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    " '" + (el.innerText || el.value || el.name || "").trim().slice(0, 30) + "'";
  const targets = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]")].filter(shown);
  const small = targets.filter((el) => !inSentence(el)).map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.width < min - 0.5 || r.height < min - 0.5)
    .map(([el, r]) => `${name(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  const covered = targets.map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth)
    .filter(([el, r]) => {
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const labelled = el.labels && [...el.labels].some((l) => l.contains(hit));
      return hit && !el.contains(hit) && !hit.contains(el) && !labelled;
    }).map(([el]) => name(el));
  const header = document.querySelector("header.top");
  return {
    width: document.documentElement.scrollWidth,
    small, covered,
    header: header ? header.getBoundingClientRect().height : 0,
    text: document.body.innerText,
  };
}"""

QUICK_EXIT_ON_SCREEN = """() => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  const button = document.querySelector("#quick-exit-form button");
  if (!button) return "missing";
  const r = button.getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight) return "off screen when scrolled to the end";
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  window.scrollTo(0, 0);
  return button.contains(hit) ? "" : "covered by " + (hit ? hit.tagName : "nothing");
}"""

OPEN_MENU = """() => {
  const menu = document.querySelector("header.top details.menu");
  if (menu) menu.open = true;
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  const where = (v) => v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
  return result.violations.map((v) => `${v.id} (${v.impact}): ${where(v)}`);
}"""


def _rows():
    return [row for row in page_rows(PAGES) if not row[2].endswith((".csv", ".json"))]


def _cookies(base_url: str, world, persona: str, language: str) -> list[dict]:
    """The language, and a session signed in as after the real sign-in (the browser tests of accounts walk
    the real one). A host-only cookie (as `__Host-` needs) is set by host and path, not by URL."""
    values = {settings.LANGUAGE_COOKIE_NAME: language}
    if persona != "anonymous":
        client = Client()
        sign_in(client, world.member(persona))
        values[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    host = urlsplit(base_url).hostname
    return [
        {"name": name, "value": value, "domain": host, "path": "/", "secure": settings.SESSION_COOKIE_SECURE}
        for name, value in values.items()
    ]


def _check(page, url: str, name: str, label: str) -> list[str]:
    from playwright.sync_api import Error

    try:
        response = page.goto(url)
    except Error as exc:
        if "Download is starting" in str(exc):  # a document or an export: no page to look at
            return []
        raise
    if response is None or response.status != 200:
        return [f"{label}: answered {response.status if response else 'nothing'}"]
    if not response.headers.get("content-type", "").startswith("text/html"):
        return []  # /healthz and the like: text for machines
    page.evaluate("() => document.fonts.ready")
    if os.environ.get("SATHI_SWEEP_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        picture = label.replace(" ", "_").replace(":", "-").replace("/", "") + ".png"
        page.screenshot(path=SHOTS / picture, full_page=True)
        page.evaluate("() => window.scrollTo(0, 0)")
    problems = []
    seen = page.evaluate(MEASURE, MIN_TARGET)
    if seen["width"] > PHONE["width"]:
        problems.append(f"{label}: the page is {seen['width']} px wide")
    if seen["header"] >= HEADER_MAX:
        problems.append(f"{label}: the header is {seen['header']:.0f} px high")
    if seen["small"]:
        problems.append(f"{label}: targets under {MIN_TARGET} px: {seen['small'][:6]}")
    if seen["covered"]:
        problems.append(f"{label}: controls under another element: {seen['covered'][:6]}")
    if codes := codes_in(seen["text"]):
        problems.append(f"{label}: vocabulary codes shown: {sorted(codes)}")
    # The neutral page is where the quick exit leads: it has none, on purpose.
    if name != "neutral" and (exit_problem := page.evaluate(QUICK_EXIT_ON_SCREEN)):
        problems.append(f"{label}: quick exit {exit_problem}")
    page.add_script_tag(path=str(AXE))
    if violations := page.evaluate(AXE_RUN):
        problems.append(f"{label}: axe-core: {violations}")
    page.evaluate(OPEN_MENU)
    menu = page.evaluate(MEASURE, MIN_TARGET)
    if menu["width"] > PHONE["width"]:
        problems.append(f"{label}: with the menu open the page is {menu['width']} px wide")
    if menu["small"]:
        problems.append(f"{label}: menu targets under {MIN_TARGET} px: {menu['small'][:6]}")
    return problems


def test_every_page_on_a_360_px_phone_in_bengali_and_hindi(live_server, monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("SATHI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (SATHI_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} is missing: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    world = with_every_kind_of_word(World.build())
    base_url = live_server.url.rstrip("/")
    rows = _rows()
    by_persona: dict[str, list] = {}
    for name, _method, path, _data, persona in rows:
        by_persona.setdefault(persona, []).append((name, _fill(path, world.values)))
    problems: list[str] = []
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for language in LANGUAGES:
                for persona, pages in by_persona.items():
                    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale=language)
                    context.set_default_timeout(15_000)
                    context.add_cookies(_cookies(base_url, world, persona, language))
                    page = context.new_page()
                    for name, url in pages:
                        problems += _check(page, base_url + url, name, f"{language} {name} as {persona}")
                    context.close()
        finally:
            connections.close_all()
            browser.close()
    assert len(rows) > 80, "the sweep lost the matrix's pages"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
