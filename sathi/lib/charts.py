"""Small server-rendered SVG charts. No script, no inline style: they pass a strict Content-Security-Policy,
print, and come with the same numbers as a table beside them for screen readers.

Each chart is drawn twice, for a phone (300 px) and for a wider screen (640 px), at its natural size (the
page shows the one that fits: `picture-narrow`, `picture-wide` in site.css), so its text is never shrunk.
Labels are placed by measuring them on the pages' fonts (`sathi.lib.textwidth`): wrapped, or cut with an
ellipsis when there is no room, never laid over one another; the full words are in the table beside.
Bars start from zero. A suppressed value is a marked gap (a dashed empty slot with `HIDDEN_MARK`) and a note
under the chart says why; a chart whose every value is suppressed draws no axis and says so.
"""

from __future__ import annotations

import math
from html import escape

from sathi.lib.textwidth import baseline, fit, line_height, text_width, wrap

NARROW, WIDE = 300, 640
PAD, SIZE, SMALL = 8, 12, 11
BAR = 16
HIDDEN_MARK = "*"
INK, MUTED, FILL, HEAT = "#333", "#555", "#0b5f66", "#8a2d1c"


def _text(
    x: float,
    top: float,
    text: str,
    *,
    size: float = SIZE,
    anchor: str = "start",
    fill: str = INK,
    extra: str = "",
) -> str:
    """One line whose box starts at `top`."""
    return (
        f'<text x="{x:.1f}" y="{baseline(top, size):.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{extra}>{escape(text)}</text>'
    )


def _lines(x: float, top: float, lines: list[str], *, size: float = SIZE, **kwargs) -> str:
    step = line_height(size)
    return "".join(_text(x, top + i * step, line, size=size, **kwargs) for i, line in enumerate(lines))


def _svg(width: float, height: float, title: str, variant: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{escape(title)}" class="chart picture-{variant}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _note(width: float, top: float, note: str) -> tuple[list[str], float]:
    """The explanation under a chart, wrapped to its width: (parts, height)."""
    lines = wrap(note, SMALL, width - 2 * PAD, max_lines=4)
    return [_lines(PAD, top, lines, size=SMALL, fill=MUTED)], len(lines) * line_height(SMALL)


def _only_note(width: float, title: str, variant: str, note: str) -> str:
    """A chart with nothing to draw: no axis, the reason in words."""
    parts, height = _note(width, PAD, note)
    return _svg(width, height + 2 * PAD, title, variant, parts)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    labels: list[str],
    values: list[float | None],
    *,
    title: str,
    unit: str = "",
    hidden_label: str = "suppressed",
    hidden_note: str = "",
    all_hidden_note: str = "",
) -> str:
    """Horizontal bars from zero, one per label (periods or categories alike, so long labels wrap instead of
    colliding). A hidden (suppressed) value is a dashed empty slot marked `HIDDEN_MARK`, never zero."""
    if not values:
        return ""
    if all(v is None for v in values):
        note = all_hidden_note or hidden_note or hidden_label
        return "".join(
            _only_note(w, title, variant, note) for w, variant in ((NARROW, "narrow"), (WIDE, "wide"))
        )
    return _bars(labels, values, NARROW, "narrow", title, unit, hidden_label, hidden_note) + _bars(
        labels, values, WIDE, "wide", title, unit, hidden_label, hidden_note
    )


def _bars(labels, values, width, variant, title, unit, hidden_label, hidden_note) -> str:
    shown = [v for v in values if v is not None]
    top_value = max(max(shown, default=0), 0) or 1
    texts = [f"{_fmt(v)}{unit}" for v in shown] + [f"{_fmt(top_value)}{unit}"]
    value_room = max(text_width(t, SIZE) for t in texts) + 6
    above = variant == "narrow"  # on a phone each label has the whole width, above its bar
    label_width = width - 2 * PAD if above else min(0.4 * width, max(text_width(x, SIZE) for x in labels) + 8)
    left = PAD if above else PAD + label_width
    length = width - left - PAD - value_room
    step = line_height(SIZE)
    parts: list[str] = []
    y = PAD
    first_bar = None
    for label, value in zip(labels, values, strict=True):
        lines = wrap(label, SIZE, label_width - (0 if above else 8), max_lines=2)
        if above:
            parts.append(_lines(PAD, y, lines))
            y += len(lines) * step
            bar_top, row = y, BAR
        else:
            row = max(len(lines) * step, BAR)
            parts.append(_lines(PAD, y + (row - len(lines) * step) / 2, lines))
            bar_top = y + (row - BAR) / 2
        first_bar = bar_top if first_bar is None else first_bar
        name = f"{label}: {hidden_label if value is None else _fmt(value) + unit}"
        if value is None:
            parts.append(
                f'<rect x="{left:.1f}" y="{bar_top:.1f}" width="{length:.1f}" height="{BAR}" fill="none" '
                f'stroke="#999" stroke-dasharray="3 3"><title>{escape(name)}</title></rect>'
            )
            mark = fit(f"{HIDDEN_MARK} {hidden_label}", SMALL, length - 8)
            parts.append(
                _text(left + 4, bar_top + (BAR - line_height(SMALL)) / 2, mark, size=SMALL, fill=MUTED)
            )
        else:
            bar = length * max(value, 0) / top_value
            parts.append(
                f'<rect x="{left:.1f}" y="{bar_top:.1f}" width="{bar:.1f}" height="{BAR}" fill="{FILL}">'
                f"<title>{escape(name)}</title></rect>"
            )
            parts.append(_text(left + bar + 4, bar_top + (BAR - step) / 2, f"{_fmt(value)}{unit}"))
        y = bar_top + row + 10 if above else y + row + 8
    # The axis: zero on the left, the largest value at the bars' full length.
    parts.append(
        f'<line x1="{left:.1f}" y1="{first_bar - 2:.1f}" x2="{left:.1f}" y2="{y:.1f}" stroke="{MUTED}"/>'
    )
    parts.append(
        f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + length:.1f}" y2="{y:.1f}" stroke="{MUTED}"/>'
    )
    parts.append(_text(left, y + 2, "0", size=SMALL, fill=MUTED))
    parts.append(
        _text(left + length, y + 2, f"{_fmt(top_value)}{unit}", size=SMALL, anchor="end", fill=MUTED)
    )
    y += 2 + line_height(SMALL) + 4
    if None in values:
        note, height = _note(width, y, f"{HIDDEN_MARK} {hidden_note or hidden_label}")
        parts += note
        y += height
    return _svg(width, y + PAD, title, variant, parts)


def heat_grid(
    rows: list[str],
    columns: list[str],
    cells: list[list[int | None]],
    *,
    title: str,
    hidden_label: str = "suppressed",
    hidden_note: str = "",
    all_hidden_note: str = "",
) -> str:
    """Rows x columns as shaded squares, darker for more; a hidden (suppressed) cell is an outlined empty
    square marked `HIDDEN_MARK`, never a pale one that would read as "few"."""
    if not rows or not columns:
        return ""
    values = [v for row in cells for v in row]
    if all(v is None for v in values):
        note = all_hidden_note or hidden_note or hidden_label
        return "".join(
            _only_note(w, title, variant, note) for w, variant in ((NARROW, "narrow"), (WIDE, "wide"))
        )
    return "".join(
        _heat(rows, columns, cells, width, variant, title, hidden_label, hidden_note)
        for width, variant in ((NARROW, "narrow"), (WIDE, "wide"))
    )


def _heat(rows, columns, cells, width, variant, title, hidden_label, hidden_note) -> str:
    above = variant == "narrow"
    left = PAD if above else PAD + min(0.35 * width, max(text_width(r, SIZE) for r in rows) + 8)
    cell = min(36.0, (width - left - PAD) / len(columns))
    # Column names stand upright over their columns. Columns narrower than a line are numbered instead (the
    # key is under the grid), and only every few numbers are written, so that no two of them meet.
    numbered = cell < line_height(SMALL) + 2
    parts: list[str] = []
    if numbered:
        every = math.ceil((text_width(str(len(columns)), SMALL) + 3) / cell)
        header = line_height(SMALL)
        for j in range(0, len(columns), every):
            parts.append(_text(left + j * cell + cell / 2, PAD, str(j + 1), size=SMALL, anchor="middle"))
    else:
        header = min(140.0, max(text_width(n, SMALL) for n in columns) + 4)
        for j, name in enumerate(columns):
            label = fit(name, SMALL, header - 4)
            # A quarter turn about its start: it reads upwards and ends just above the grid; the line's box
            # (1.07 em up, 0.41 em down, now sideways) is centred on the column.
            line_x = left + j * cell + cell / 2 - line_height(SMALL) / 2 + SMALL * 1.07
            parts.append(
                f'<text x="{line_x:.1f}" y="{PAD + header:.1f}" font-size="{SMALL}" fill="{INK}" '
                f'transform="rotate(-90 {line_x:.1f} {PAD + header:.1f})">{escape(label)}</text>'
            )
    shown = [v for row in cells for v in row if v is not None]
    peak = max(shown, default=0) or 1
    y = PAD + header + 6
    for i, label in enumerate(rows):
        lines = wrap(label, SIZE, (width - 2 * PAD) if above else (left - PAD - 8), max_lines=2)
        if above:
            parts.append(_lines(PAD, y, lines))
            y += len(lines) * line_height(SIZE)
            row_top, row = y, cell
        else:
            row = max(cell, len(lines) * line_height(SIZE))
            parts.append(_lines(PAD, y + (row - len(lines) * line_height(SIZE)) / 2, lines))
            row_top = y + (row - cell) / 2
        for j, value in enumerate(cells[i]):
            x = left + j * cell
            name = f"{label} · {columns[j]}"
            if value is None:
                parts.append(
                    f'<rect x="{x:.1f}" y="{row_top:.1f}" width="{cell - 2:.1f}" height="{cell - 2:.1f}" '
                    f'fill="none" stroke="#999" stroke-dasharray="3 3">'
                    f"<title>{escape(name)}: {escape(hidden_label)}</title></rect>"
                )
                if cell >= line_height(SMALL) + 2:
                    mark_top = row_top + (cell - 2 - line_height(SMALL)) / 2
                    parts.append(
                        _text(
                            x + (cell - 2) / 2, mark_top, HIDDEN_MARK, size=SMALL, anchor="middle", fill=MUTED
                        )
                    )
            else:
                opacity = 0.08 if value == 0 else 0.2 + 0.8 * value / peak
                parts.append(
                    f'<rect x="{x:.1f}" y="{row_top:.1f}" width="{cell - 2:.1f}" height="{cell - 2:.1f}" '
                    f'fill="{HEAT}" fill-opacity="{opacity:.2f}">'
                    f"<title>{escape(name)}: {value}</title></rect>"
                )
        y = row_top + row + (8 if above else 4)
    if numbered:
        key = " · ".join(f"{j + 1} {name}" for j, name in enumerate(columns))
        note, height = _note(width, y, key)
        parts += note
        y += height + 4
    if None in [v for row in cells for v in row]:
        note, height = _note(width, y, f"{HIDDEN_MARK} {hidden_note or hidden_label}")
        parts += note
        y += height
    return _svg(width, y + PAD, title, variant, parts)


def quadrant_grid(
    marks: list[tuple[str, int, int, int | None, int]],
    *,
    title: str,
    axis_max: int,
    high_from: int,
    labels: tuple[str, str, str, str],
    x_label: str,
    y_label: str,
    hidden_label: str = "suppressed",
    hidden_note: str = "",
    all_hidden_note: str = "",
) -> str:
    """Figure I of 003: interest across, power up, four zones; each mark (name, x, y, count, group) a circle
    sized by its count, groups told apart by colour and offset so that differing marks never cover each
    other. A suppressed count is drawn as a dashed ring of the smallest size, and the note says why.
    One drawing, 308 px square: it fits a phone's card unshrunk and reads as well on a laptop."""
    size, pad = 240, 34
    step = size / axis_max
    colours = ["#0b5f66", "#8a2d1c", "#6b4fa0", "#b07d12", "#2f6b2f", "#555555"]
    split = pad + (high_from - 1) * step
    low_band = split - pad  # the height of the low-power band, equal to the width of the low-interest band
    horizon = pad + size - low_band
    full = size + pad * 2
    x_lines = wrap(x_label, SIZE, size, max_lines=1)
    y_text = fit(y_label, SIZE, size)
    y_axis_x = pad - 6 - line_height(SIZE) + SIZE * 1.07  # its baseline, rotated to read upwards
    parts = [
        f'<rect x="{split}" y="{pad}" width="{pad + size - split}" height="{size - low_band}" '
        f'fill="#e3f1e3"/>',
        f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="{MUTED}"/>',
        f'<line x1="{split}" y1="{pad}" x2="{split}" y2="{pad + size}" stroke="#999"/>',
        f'<line x1="{pad}" y1="{horizon}" x2="{pad + size}" y2="{horizon}" stroke="#999"/>',
        _lines(pad + size / 2, pad + size + 6, x_lines, anchor="middle"),
        f'<text x="{y_axis_x:.1f}" y="{pad + size / 2:.1f}" font-size="{SIZE}" fill="{INK}" '
        f'text-anchor="middle" '
        f'transform="rotate(-90 {y_axis_x:.1f} {pad + size / 2:.1f})">{escape(y_text)}</text>',
    ]
    # Each zone's name in its own corner, within half the square, so neighbouring names never meet.
    half = size / 2 - 8
    high_high, high_low, low_high, low_low = labels
    for text_, x, top, anchor in (
        (high_high, pad + size - 4, pad + 4, "end"),
        (high_low, pad + 4, pad + 4, "start"),
        (low_high, pad + size - 4, None, "end"),
        (low_low, pad + 4, None, "start"),
    ):
        lines = wrap(text_, SMALL - 1, half, max_lines=2)
        top = top if top is not None else pad + size - 4 - len(lines) * line_height(SMALL - 1)
        parts.append(_lines(x, top, lines, size=SMALL - 1, anchor=anchor, fill="#444"))
    shown = [m[3] for m in marks if m[3] is not None]
    peak = max(shown, default=1) or 1
    for name, x_value, y_value, count, group in marks:
        offset = (group % 3 - 1) * 7, (group // 3 % 2) * 7 - 3
        cx = pad + (x_value - 0.5) * step + offset[0]
        cy = pad + size - (y_value - 0.5) * step + offset[1]
        colour = colours[group % len(colours)]
        if count is None:
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="none" stroke="{colour}" '
                f'stroke-dasharray="2 2">'
                f"<title>{escape(name)}: {escape(hidden_label)}</title></circle>"
            )
        else:
            radius = 3 + 10 * (count / peak) ** 0.5
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.55" '
                f'stroke="{colour}"><title>{escape(name)}: {count}</title></circle>'
            )
    height = full
    if marks and all(m[3] is None for m in marks):
        note, extra = _note(full, full - 4, all_hidden_note or hidden_note or hidden_label)
        parts += note
        height += extra + 4
    elif any(m[3] is None for m in marks):
        note, extra = _note(full, full - 4, f"{HIDDEN_MARK} {hidden_note or hidden_label}")
        parts += note
        height += extra + 4
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {height:.0f}" width="{full}" '
        f'height="{height:.0f}" role="img" aria-label="{escape(title)}" class="chart square">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )
