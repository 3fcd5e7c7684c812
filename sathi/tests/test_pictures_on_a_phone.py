"""Pictures that read on a phone (issue 15, item 2): the eco-map, the timeline and every chart lay out their
labels without overlap at 360 and at 1,280 px, in English, Bengali and Hindi, unshrunk.

Chromium measures each text box (getBoundingClientRect, after any rotation) of every SVG shown, and the test
fails on two boxes that overlap, a box that leaves its picture, or a picture drawn at less than 90 % of its
size (tiny labels). The eco-map and the timeline are the real page of a person with many relations and
close-together events; the charts are drawn from the report's and the vocabularies' own labels, long ones
and suppressed values included, on a page of the live server (its stylesheet and fonts).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import translation

from conftest import build_personas, sign_in
from sathi.core.pictures import hidden_notes
from sathi.lib import charts
from sathi.people.tests.factories import register
from sathi.people.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)
LANGUAGES = ("en", "bn", "hi")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "pictures"

MEASURE = """() => {
  const found = [];
  // icons (class "icon") are decorative and carry no text: only pictures are measured
  for (const svg of document.querySelectorAll("svg:not(.icon)")) {
    if (!svg.checkVisibility()) continue;
    const frame = svg.getBoundingClientRect();
    const name = svg.getAttribute("aria-label") + " " + svg.className.baseVal;
    const scale = frame.width / svg.viewBox.baseVal.width;
    const boxes = [...svg.querySelectorAll("text")].map((t) => [t.textContent, t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    const overlaps = [], outside = [];
    for (let i = 0; i < boxes.length; i++) {
      const [a, r] = boxes[i];
      if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 ||
          r.bottom > frame.bottom + 0.5) outside.push(a);
      for (let j = i + 1; j < boxes.length; j++) {
        const [b, s] = boxes[j];
        const across = Math.min(r.right, s.right) - Math.max(r.left, s.left);
        const down = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
        if (across > 0.5 && down > 0.5) overlaps.push(`'${a}' / '${b}'`);
      }
    }
    found.push({ name, scale, overlaps, outside, texts: boxes.length });
  }
  return found;
}"""

LONG_NAMES = [
    "Shahanara Begum Chowdhury-Mukherjee",
    "শাহানারা বেগম চৌধুরী মুখোপাধ্যায়",
    "शहनाज़ बेगम चौधरी मुखर्जी",
    "Didi",
    "Kalighat-Sonagachi-Bowbazar-Rambagan-Seth-Bagan",
]
RELATIONS = [
    ("natal", "mother"), ("natal", "father"), ("natal", "brother"), ("natal", "sister"),
    ("marital", "husband"), ("marital", "mother_in_law"), ("marital", "brother_in_law"),
    ("community", "neighbour"), ("community", "acquaintance"), ("community", "lover"),
    ("sex_work", "madam"), ("sex_work", "customer"), ("sex_work", "customer"), ("sex_work", "madam"),
    ("state", "police"), ("state", "police"), ("ngo", "caseworker"), ("ngo", "caseworker"),
]  # fmt: skip
EVENTS = [
    ("illness", 2008), ("migration", 2010), ("marriage", 2010), ("childbirth", 2011), ("poverty", 2011),
    ("escape", 2012), ("widowhood", 2015), ("migration", 2015), ("eviction", 2020), ("arrest", 2021),
]  # fmt: skip


def _person_with_a_full_life(personas):
    from sathi.relations import services
    from sathi.relations.vocab import EventKind, Kind

    worker = personas.caseworker
    person = register(worker, names=["Picture Person"], phone="", stated_age=34)
    for index, (domain, kind) in enumerate(RELATIONS):
        kind = kind if kind in Kind.values else "other"
        services.relation_add(
            actor=worker,
            person_id=person.pk,
            domain=domain,
            kind=kind,
            name=LONG_NAMES[index % len(LONG_NAMES)],
        )
    for kind, year in EVENTS:
        if kind in EventKind.values:
            services.life_event_add(actor=worker, person_id=person.pk, kind=kind, year=year)
    return person


def _charts_page(language: str) -> str:
    """Every chart of Sathi, drawn with the labels its pages give it, in `language`."""
    from sathi.prevention.vocab import Factor, Zone
    from sathi.violations import report

    with translation.override(language):
        notes = hidden_notes()
        shares = [str(title) for _attr, title in report.SHARES]
        factors = [str(label) for _value, label in Factor.choices][:9]
        places = ["Matrix village", "দক্ষিণ চব্বিশ পরগনা", "पश्चिम चंपारण", "Sonagachi", "Basirhat", "Canning"]
        cells = [
            [(i * 7 + j * 3) % 23 if (i + j) % 5 else None for j in range(len(places))] for i in range(9)
        ]
        months = [f"2026-{m:02d}" for m in range(1, 13)]
        pictures = [
            charts.bar_chart(shares, [12.5, None, 80.0, 3.3, None, 100.0], title="shares", unit="%", **notes),
            charts.bar_chart(months, [10.0, None, 0.0, 25.0] * 3, title="months", unit="%", **notes),
            charts.bar_chart(shares, [None] * len(shares), title="all hidden", unit="%", **notes),
            charts.heat_grid(factors, places, cells, title="factors", **notes),
            charts.heat_grid(factors[:3], [f"{p} {i}" for i in range(5) for p in places], [[1] * 30] * 3,
                             title="many places", **notes),
            charts.quadrant_grid(
                [("Office", x, y, c, g) for x, y, c, g in ((1, 5, 12, 0), (5, 5, None, 1), (3, 2, 4, 2))],
                title="grid",
                axis_max=5,
                high_from=3,
                labels=tuple(str(z.label) for z in Zone),
                x_label=str(translation.gettext("Interest and involvement")),
                y_label=str(translation.gettext("Power and influence")),
                **notes,
            ),
        ]  # fmt: skip
    figures = "".join(f'<figure class="card">{svg}</figure>' for svg in pictures)
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/static/site/site.css"></head>'
        f"<body><main>{figures}</main></body></html>"
    )


def _serve(html: str):
    def fulfil(route):
        route.fulfill(body=html, content_type="text/html")

    return fulfil


def _problems(page, label: str) -> list[str]:
    page.evaluate("() => document.fonts.ready")
    if os.environ.get("SATHI_SWEEP_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{label.replace(' ', '_')}.png", full_page=True)
    found = page.evaluate(MEASURE)
    problems = [f"{label}: no picture shown"] if not found else []
    for picture in found:
        where = f"{label} {picture['name']}"
        if picture["overlaps"]:
            problems.append(f"{where}: labels overlap: {picture['overlaps'][:4]}")
        if picture["outside"]:
            problems.append(f"{where}: labels outside the picture: {picture['outside'][:4]}")
        if picture["scale"] < 0.9:
            problems.append(f"{where}: drawn at {picture['scale']:.0%} of its size")
    return problems


def test_pictures_lay_out_their_labels_without_overlap_at_360_and_1280_px(live_server, monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("SATHI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (SATHI_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} is missing: browser tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    personas = build_personas()
    person = _person_with_a_full_life(personas)
    client = Client()
    sign_in(client, personas.caseworker)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    base_url = live_server.url.rstrip("/")
    host = base_url.split("//")[1].split(":")[0]
    problems: list[str] = []
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for language in LANGUAGES:
                charts_html = _charts_page(language)
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 800})
                    context.add_cookies(
                        [
                            {"name": name, "value": value, "domain": host, "path": "/",
                             "secure": settings.SESSION_COOKIE_SECURE}
                            for name, value in (
                                (settings.SESSION_COOKIE_NAME, session),
                                (settings.LANGUAGE_COOKIE_NAME, language),
                            )
                        ]
                    )  # fmt: skip
                    page = context.new_page()
                    page.goto(f"{base_url}/relations/{person.pk}/")
                    problems += _problems(page, f"relations {language} {width}px")
                    # The charts, served from the live server's own origin so that its fonts load.
                    page.route(f"{base_url}/pictures-under-test/", _serve(charts_html))
                    page.goto(f"{base_url}/pictures-under-test/")
                    problems += _problems(page, f"charts {language} {width}px")
                    context.close()
        finally:
            connections.close_all()
            browser.close()
    assert problems == [], "\n".join(problems)
