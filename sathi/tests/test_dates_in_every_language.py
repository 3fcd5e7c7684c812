"""Dates that work in every language (issue 15, item 4), in a real browser.

Chromium drops a value an <input type=date> cannot read as ISO: when Bengali dates were written 01/12/2026
into it, every pre-filled date vanished and had to be typed again. Here a Bengali page whose date field is
pre-filled with today is posted as it is, and the record keeps today's date.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from conftest import build_personas, sign_in
from sathi.people.tests.factories import register
from sathi.people.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def test_a_bengali_date_field_pre_filled_with_today_keeps_its_value_when_posted(live_server, monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("SATHI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (SATHI_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} is missing: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    from sathi.care import services as care
    from sathi.care.models import PlanItem

    personas = build_personas()
    worker, today = personas.caseworker, timezone.localdate()
    person = register(worker, names=["Date Person"], phone="", stated_age=30)
    case = care.case_open(actor=worker, person_id=person.pk, origin="outreach")
    item = care.plan_item_add(
        actor=worker, case_id=case.pk, kind="education", description="Class", target_date=today
    )
    client = Client()
    sign_in(client, worker)
    base_url = live_server.url.rstrip("/")
    host = base_url.split("//")[1].split(":")[0]
    cookies = [
        {"name": name, "value": value, "domain": host, "path": "/", "secure": settings.SESSION_COOKIE_SECURE}
        for name, value in (
            (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
            (settings.LANGUAGE_COOKIE_NAME, "bn"),
        )
    ]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="bn-IN")
            context.add_cookies(cookies)
            page = context.new_page()
            page.goto(f"{base_url}/cases/{case.pk}/plan/{item.pk}/done/")
            assert page.locator("html").get_attribute("lang") == "bn"
            field = page.locator("main input[type=date]")
            assert field.input_value() == today.isoformat()
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            shown_on_return = page.url
        finally:
            connections.close_all()
            browser.close()
    assert f"/cases/{case.pk}/" in shown_on_return
    assert PlanItem.objects.get(pk=item.pk).done_on == today
