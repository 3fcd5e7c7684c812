"""Pictures people read faster than tables: an eco-map of her relations and a timeline of her life (issue 5).

Server-rendered SVG with classes styled by the site's stylesheet (no script, no inline style, so they pass
the Content-Security-Policy and print), each with an equivalent list of items for screen readers.

Each is drawn for a phone (300 px) and for a wider screen (560 px) at its natural size, so its text is never
shrunk (site.css shows the one that fits). Labels are measured on the pages' fonts (`sathi.lib.textwidth`) and
placed where they meet no other label; the map numbers its people as the list beside it does, and a name
that has no room on the map is in that list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from sathi.lib.textwidth import baseline, fit, line_height, text_width, wrap
from sathi.relations.vocab import SUPPORT, TOOK_PART, VIOLENCE, Domain, EventKind, Kind, Quality

RING = {
    Domain.NATAL: 1,
    Domain.MARITAL: 2,
    Domain.COMMUNITY: 3,
    Domain.SEX_WORK: 4,
    Domain.STATE: 5,
    Domain.NGO: 6,
}
NARROW, WIDE = 300, 560
PAD, LABEL, SMALL = 8, 12, 10


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


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _meets(box: Box, boxes: list[Box], gap: float = 1.0) -> bool:
    left, top, right, bottom = box
    return any(
        left < o_right + gap and o_left < right + gap and top < o_bottom + gap and o_top < bottom + gap
        for o_left, o_top, o_right, o_bottom in boxes
    )


def _label(x: float, top: float, text: str, size: float, css: str, anchor: str = "start") -> str:
    return (
        f'<text class="{css}" x="{x:.1f}" y="{baseline(top, size):.1f}" font-size="{size}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def ecomap(person, relations: list, names: dict) -> Picture:
    """Her at the centre, the domains of her life as rings, a line to each relation styled by its quality.
    The relations are numbered as in the list beside the map."""
    items = []
    for relation in relations:
        style = style_of(relation)
        label = f"{Kind(relation.kind).label}: {names.get(relation.pk, '')}".strip(": ")
        items.append(Item(label, f"{Domain(relation.domain).label} · {STYLE_TEXT[style]()}", style))
    svg = "".join(
        _ecomap_svg(person, relations, items, width, variant)
        for width, variant in ((NARROW, "narrow"), (WIDE, "wide"))
    )
    return Picture(svg, items)


def _ecomap_svg(person, relations: list, items: list[Item], width: int, variant: str) -> str:
    centre = width / 2
    step = (centre - PAD) / len(RING)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {width}" width="{width}" '
        f'height="{width}" '
        f'role="img" class="ecomap picture-{variant}" aria-label="{escape(_("Relations"))}">'
        f"<title>{escape(_('Relations'))}</title>"
    ]
    taken: list[Box] = []
    texts: list[str] = []
    for domain, ring in RING.items():
        parts.append(f'<circle class="ring" cx="{centre}" cy="{centre}" r="{ring * step:.1f}"/>')
        # Each ring's name just inside its top, in the band between it and the ring within.
        text = fit(str(Domain(domain).label), SMALL, centre - PAD - 4)
        top = centre - ring * step + 2
        taken.append((centre + 4, top, centre + 4 + text_width(text, SMALL), top + line_height(SMALL)))
        texts.append(_label(centre + 4, top, text, SMALL, "ring-label"))
    code = person.display_code
    code_top = centre + 12 - line_height(LABEL) / 2
    taken.append(
        (centre + 14, code_top, centre + 14 + text_width(code, LABEL), code_top + line_height(LABEL))
    )
    texts.append(_label(centre + 14, code_top, code, LABEL, "node-label"))
    count = max(len(relations), 1)
    for index, (relation, item) in enumerate(zip(relations, items, strict=True)):
        angle = 2 * math.pi * index / count - math.pi / 2
        radius = RING[Domain(relation.domain)] * step
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        parts.append(
            f'<line class="line {item.style}" x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}"/>'
            f'<circle class="node {item.style}" cx="{x:.1f}" cy="{y:.1f}" r="5"><title>{index + 1}. '
            f"{escape(item.label)}</title></circle>"
        )
        placed = _place_node_label(index + 1, item.label, x, y, width, variant, taken)
        if placed:
            texts.append(placed)
    parts.append(f'<circle class="centre" cx="{centre}" cy="{centre}" r="8"/>')
    parts += texts
    parts.append("</svg>")
    return "".join(parts)


def _place_node_label(number: int, label: str, x: float, y: float, width: int, variant: str, taken) -> str:
    """The node's number (and, on a wide screen, its words when they fit) at the first place around the node
    that meets no other label and stays inside the picture; nothing when there is none (it is in the list)."""
    height = line_height(LABEL)
    wordings = [f"{number}. {fit(label, LABEL, 150)}", str(number)] if variant == "wide" else [str(number)]
    for text in wordings:
        length = text_width(text, LABEL)
        # Around the node, nearest first: right, left, above, below, then the diagonals, then farther out.
        for reach in (8, 14, 22):
            for dx, dy in (
                (reach, -height / 2), (-reach - length, -height / 2), (-length / 2, -reach - height + 2),
                (-length / 2, reach - 2), (reach, -height - reach / 2), (reach, reach / 2 - 2),
                (-reach - length, -height - reach / 2), (-reach - length, reach / 2 - 2),
            ):  # fmt: skip
                box = (x + dx, y + dy, x + dx + length, y + dy + height)
                inside = box[0] >= 1 and box[1] >= 1 and box[2] <= width - 1 and box[3] <= width - 1
                if inside and not _meets(box, taken):
                    taken.append(box)
                    return _label(box[0], box[1], text, LABEL, "node-label")
    return ""


def timeline(person, events: list) -> Picture:
    """Her life course, by year (or her age when that is all she remembers), from the top down: one row per
    event, so that labels never collide however close the years."""
    birth_year = person.born_latest.year if person.born_latest else None

    def when(event) -> int | None:
        if event.year:
            return event.year
        return birth_year + event.age if birth_year is not None and event.age is not None else None

    dated = sorted(events, key=lambda e: (when(e) is None, when(e) or 0, e.age or 0))
    items, rows = [], []
    for event in dated:
        year, label = when(event), str(EventKind(event.kind).label)
        if year is None:
            items.append(Item(label, _("age %(age)s") % {"age": event.age}, "undated"))
            continue
        detail = str(year) if event.year else _("age %(age)s") % {"age": event.age}
        items.append(Item(label, detail, "event"))
        rows.append((year, label))
    svg = "".join(
        _timeline_svg(rows, width, variant) for width, variant in ((NARROW, "narrow"), (WIDE, "wide"))
    )
    return Picture(svg, items)


def _timeline_svg(rows: list[tuple[int, str]], width: int, variant: str) -> str:
    year_width = text_width("0000", LABEL) + 4
    axis = PAD + year_width + 10
    text_left = axis + 12
    step = line_height(LABEL)
    marks, y, previous, first = [], PAD, None, None
    for year, label in rows:
        if previous is not None:
            y += min(year - previous, 10) * 2  # a little more room where more years pass
        lines = wrap(label, LABEL, width - text_left - PAD, max_lines=2)
        row = len(lines) * step
        first = y + step / 2 if first is None else first
        marks.append(_label(axis - 10, y, str(year), LABEL, "event-label", anchor="end"))
        marks.append(
            f'<circle class="event" cx="{axis}" cy="{y + step / 2:.1f}" r="5"><title>{escape(label)} ({year})'
            f"</title></circle>"
        )
        marks += [_label(text_left, y + i * step, line, LABEL, "event-label") for i, line in enumerate(lines)]
        last = y + step / 2
        y += row + 8
        previous = year
    height = max(y + PAD, 2 * PAD + step)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" width="{width}" '
        f'height="{height:.0f}" role="img" class="timeline picture-{variant}" '
        f'aria-label="{escape(_("Life course"))}"><title>{escape(_("Life course"))}</title>'
    ]
    if rows:
        parts.append(f'<line class="axis" x1="{axis}" y1="{first:.1f}" x2="{axis}" y2="{last:.1f}"/>')
    parts += marks
    parts.append("</svg>")
    return "".join(parts)
