"""Her own record in a real browser (issue 13, item 1: "large type, printable on A4 and readable on a
phone"): Chromium at 360 px, then the same page as printed, on A4 paper."""

from __future__ import annotations

import io
import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from pypdf import PdfReader

from conftest import sign_in
from sathi.people.tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from sathi.rights.tests.world import full_record

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# A4 is 210 mm wide; less the page's 16 mm margins (summary.css) that is 178 mm, 673 CSS px at 96 px an inch.
A4_POINTS = (595.0, 842.0)
A4_TEXT_WIDTH = round(178 / 25.4 * 96)
LARGE_ON_A_PHONE, LARGE_ON_PAPER = 18, 17  # CSS px: 1.2rem on a phone, 13 pt on paper

MEASURE = """() => {
  const record = document.querySelector("article.own-record");
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const shown = (sel) => [...document.querySelectorAll(sel)].some((el) => el.getClientRects().length > 0);
  return {
    width: document.documentElement.scrollWidth,
    record: record ? px(record) : 0,
    smallest: Math.min(...[...record.querySelectorAll("dt, dd, p")].map(px)),
    header: shown("header.top"), form: shown("form"), buttons: shown(".no-print a, button"),
    sections: record.querySelectorAll("section").length,
    text: record.innerText,
  };
}"""


@pytest.fixture
def printed(live_server, personas, monkeypatch):
    """Chromium opening her own record in Bengali as the caseworker who registered her."""
    if not CHROMIUM.exists():
        if os.environ.get("SATHI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (SATHI_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} is missing: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    record, _document, _referral = full_record(personas)
    client = Client()
    sign_in(client, personas.caseworker)
    base = live_server.url.rstrip("/")
    cookies = [
        {
            "name": name,
            "value": value,
            "domain": urlsplit(base).hostname,
            "path": "/",
            "secure": settings.SESSION_COOKIE_SECURE,
        }
        for name, value in {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.LANGUAGE_COOKIE_NAME: "en",  # the worker's interface: the record is in hers
        }.items()
    ]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport=PHONE)
            context.add_cookies(cookies)
            page = context.new_page()
            response = page.goto(f"{base}/people/{record.person.pk}/own-record/?language=bn")
            assert response.status == 200
            page.evaluate("() => document.fonts.ready")
            yield page
        finally:
            connections.close_all()
            browser.close()


def test_her_own_record_reads_at_360_px_in_large_type(printed):
    seen = printed.evaluate(MEASURE)
    assert seen["width"] <= PHONE["width"], f"the record is {seen['width']} px wide on a 360 px phone"
    assert seen["record"] >= LARGE_ON_A_PHONE and seen["smallest"] >= LARGE_ON_A_PHONE
    assert seen["sections"] >= 8
    assert "আপনার" in seen["text"]  # in Bengali, though the worker's interface is English


def test_her_own_record_prints_on_a4_in_large_type_without_sideways_overflow(printed):
    printed.emulate_media(media="print")
    printed.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    seen = printed.evaluate(MEASURE)
    assert seen["width"] <= A4_TEXT_WIDTH, f"the printed record is {seen['width']} px wide on A4"
    assert seen["record"] >= LARGE_ON_PAPER and seen["smallest"] >= LARGE_ON_PAPER
    assert not (seen["header"] or seen["form"] or seen["buttons"]), "the menu or a form is printed"
    paper = PdfReader(io.BytesIO(printed.pdf(prefer_css_page_size=True, print_background=False)))
    for sheet in paper.pages:
        size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=1), f"printed on {size} points, not A4"
    assert len(paper.pages) >= 1
