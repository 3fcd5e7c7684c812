"""Pictures people read faster than tables: an eco-map of her relations and a timeline of her life (issue 5).

Server-rendered SVG with classes styled by the site's stylesheet (no script, no inline style, so they pass
the Content-Security-Policy and print), each with an equivalent list of items for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from sathi.relations.vocab import SUPPORT, TOOK_PART, VIOLENCE, Domain, EventKind, Kind, Quality

RING = {
    Domain.NATAL: 1,
    Domain.MARITAL: 2,
    Domain.COMMUNITY: 3,
    Domain.SEX_WORK: 4,
    Domain.STATE: 5,
    Domain.NGO: 6,
}
SIZE, STEP = 560, 40


@dataclass(frozen=True)
class Item:
    label: str
    detail: str
    style: str


@dataclass(frozen=True)
class Picture:
    svg: str
    items: list[Item]


def style_of(relation) -> str:
    """One line style per relation, the gravest first: took part, violence, control, support."""
    qualities = {q.quality for q in relation.qualities.all()}
    if relation.entry_role in TOOK_PART:
        return "took-part"
    if qualities & VIOLENCE:
        return "violence"
    if Quality.CONTROL in qualities:
        return "control"
    if qualities & SUPPORT or relation.entry_role in ("helped_escape", "protected_her"):
        return "support"
    return "neutral"


STYLE_TEXT = {
    "took-part": lambda: _("took part in the trafficking"),
    "violence": lambda: _("violence"),
    "control": lambda: _("control"),
    "support": lambda: _("support"),
    "neutral": lambda: _("no quality recorded"),
}


def ecomap(person, relations: list, names: dict) -> Picture:
    """Her at the centre, the domains of her life as rings, a line to each relation styled by its quality."""
    centre = SIZE / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" class="ecomap" '
        f'aria-labelledby="ecomap-title"><title id="ecomap-title">{escape(_("Relations"))}</title>'
    ]
    for domain, ring in RING.items():
        parts.append(f'<circle class="ring" cx="{centre}" cy="{centre}" r="{ring * STEP}"/>')
        parts.append(
            f'<text class="ring-label" x="{centre + 4}" y="{centre - ring * STEP + 12}">'
            f"{escape(str(Domain(domain).label))}</text>"
        )
    items = []
    count = max(len(relations), 1)
    for index, relation in enumerate(relations):
        angle = 2 * math.pi * index / count - math.pi / 2
        radius = RING[Domain(relation.domain)] * STEP
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        style = style_of(relation)
        label = f"{Kind(relation.kind).label}: {names.get(relation.pk, '')}".strip(": ")
        parts.append(f'<line class="line {style}" x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<circle class="node {style}" cx="{x:.1f}" cy="{y:.1f}" r="6"><title>{escape(label)}</title>'
            f"</circle>"
        )
        parts.append(f'<text class="node-label" x="{x + 8:.1f}" y="{y + 4:.1f}">{escape(label)}</text>')
        items.append(Item(label, f"{Domain(relation.domain).label} · {STYLE_TEXT[style]()}", style))
    parts.append(f'<circle class="centre" cx="{centre}" cy="{centre}" r="10"/>')
    parts.append(
        f'<text class="node-label" x="{centre + 12}" y="{centre + 4}">{escape(person.display_code)}</text>'
    )
    parts.append("</svg>")
    return Picture("".join(parts), items)


def timeline(person, events: list) -> Picture:
    """Her life course, by year (or her age when that is all she remembers)."""
    birth_year = person.born_latest.year if person.born_latest else None

    def when(event) -> int | None:
        if event.year:
            return event.year
        return birth_year + event.age if birth_year is not None and event.age is not None else None

    dated = sorted(events, key=lambda e: (when(e) is None, when(e) or 0, e.age or 0))
    years = [when(e) for e in dated if when(e) is not None]
    low, high = (min(years), max(years)) if years else (0, 1)
    span = max(high - low, 1)
    width, left = 640, 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 200" role="img" class="timeline" '
        f'aria-labelledby="timeline-title"><title id="timeline-title">{escape(_("Life course"))}</title>',
        f'<line class="axis" x1="{left}" y1="100" x2="{width - 20}" y2="100"/>',
    ]
    items = []
    for index, event in enumerate(dated):
        year = when(event)
        label = str(EventKind(event.kind).label)
        if year is None:
            items.append(Item(label, _("age %(age)s") % {"age": event.age}, "undated"))
            continue
        x = left + (width - left - 40) * (year - low) / span
        y = 60 if index % 2 else 140
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="100" x2="{x:.1f}" y2="{y}"/>')
        parts.append(
            f'<circle class="event" cx="{x:.1f}" cy="100" r="5"><title>{escape(label)} ({year})</title>'
            f"</circle>"
        )
        parts.append(
            f'<text class="event-label" x="{x + 3:.1f}" y="{y - 3 if y < 100 else y + 12}">'
            f"{escape(label)} {year}</text>"
        )
        detail = str(year) if event.year else _("age %(age)s") % {"age": event.age}
        items.append(Item(label, detail, "event"))
    parts.append("</svg>")
    return Picture("".join(parts), items)
