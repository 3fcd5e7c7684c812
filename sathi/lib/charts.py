"""Small server-rendered SVG charts. No script, no inline style: they pass a strict Content-Security-Policy,
print, and come with the same numbers as a table beside them for screen readers."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 44, 40, 16


def bar_chart(
    labels: list[str],
    values: list[float | None],
    *,
    title: str,
    unit: str = "",
    hidden_label: str = "suppressed",
) -> str:
    """Bars for values; a hidden (suppressed) value is drawn as an empty outlined slot, never as zero."""
    shown = [v for v in values if v is not None]
    top = max(shown) if shown else 1
    top = top or 1
    slot = (WIDTH - LEFT - 8) / max(len(values), 1)
    plot = HEIGHT - BOTTOM - TOP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - 4}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
        f'<text x="4" y="{TOP + 4}" font-size="11" fill="#333">{escape(_fmt(top))}{escape(unit)}</text>',
    ]
    step = max(1, len(labels) // 12)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + index * slot + slot * 0.15
        width = max(slot * 0.7, 1)
        if value is None:
            parts.append(
                f'<rect x="{x:.1f}" y="{TOP}" width="{width:.1f}" height="{plot}" fill="none" '
                f'stroke="#bbb" stroke-dasharray="3 3"><title>{escape(label)}: {escape(hidden_label)}'
                f"</title></rect>"
            )
        else:
            height = plot * (value / top)
            parts.append(
                f'<rect x="{x:.1f}" y="{HEIGHT - BOTTOM - height:.1f}" width="{width:.1f}" '
                f'height="{height:.1f}" fill="#0b5f66"><title>{escape(label)}: {escape(_fmt(value))}'
                f"{escape(unit)}</title></rect>"
            )
        if index % step == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" fill="#333">'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def heat_grid(
    rows: list[str],
    columns: list[str],
    cells: list[list[int | None]],
    *,
    title: str,
    hidden_label: str = "suppressed",
) -> str:
    """Rows x columns as shaded squares, darker for more; a hidden (suppressed) cell is an outlined empty
    square, never a pale one that would read as "few"."""
    cell, left, top = 28, 230, 96
    shown = [v for row in cells for v in row if v is not None]
    peak = max(shown, default=0) or 1
    width, height = left + cell * max(len(columns), 1) + 8, top + cell * max(len(rows), 1) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="heat-title" class="chart">',
        f'<title id="heat-title">{escape(title)}</title>',
    ]
    for j, label in enumerate(columns):
        x = left + j * cell + cell / 2
        parts.append(
            f'<text x="{x:.0f}" y="{top - 6}" font-size="10" fill="#333" '
            f'transform="rotate(-45 {x:.0f} {top - 6})">{escape(label[:24])}</text>'
        )
    for i, label in enumerate(rows):
        y = top + i * cell
        parts.append(
            f'<text x="4" y="{y + cell * 0.65:.0f}" font-size="11" fill="#333">{escape(label[:38])}</text>'
        )
        for j, value in enumerate(cells[i]):
            x = left + j * cell
            name = f"{label} · {columns[j]}"
            if value is None:
                parts.append(
                    f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="none" stroke="#bbb" '
                    f'stroke-dasharray="3 3"><title>{escape(name)}: {escape(hidden_label)}</title></rect>'
                )
            else:
                opacity = 0.08 if value == 0 else 0.2 + 0.8 * value / peak
                parts.append(
                    f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="#8a2d1c" '
                    f'fill-opacity="{opacity:.2f}"><title>{escape(name)}: {value}</title></rect>'
                )
    parts.append("</svg>")
    return "".join(parts)


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
) -> str:
    """Figure I of 003: interest across, power up, four zones; each mark (name, x, y, count, group) a circle
    sized by its count, groups told apart by colour and offset so that differing marks never cover each
    other. A suppressed count is drawn as a dashed ring of the smallest size."""
    size, pad = 360, 40
    step = size / axis_max
    colours = ["#0b5f66", "#8a2d1c", "#6b4fa0", "#b07d12", "#2f6b2f", "#555555"]
    split = pad + (high_from - 1) * step
    low_band = split - pad  # the height of the low-power band, equal to the width of the low-interest band
    horizon = pad + size - low_band
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size + pad * 2} {size + pad * 2}" role="img" '
        f'aria-labelledby="grid-title" class="chart">',
        f'<title id="grid-title">{escape(title)}</title>',
        f'<rect x="{split}" y="{pad}" width="{pad + size - split}" height="{size - low_band}" '
        f'fill="#e3f1e3"/>',
        f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="#555"/>',
        f'<line x1="{split}" y1="{pad}" x2="{split}" y2="{pad + size}" stroke="#999"/>',
        f'<line x1="{pad}" y1="{horizon}" x2="{pad + size}" y2="{horizon}" stroke="#999"/>',
        f'<text x="{pad + size / 2}" y="{size + pad * 1.7:.0f}" font-size="12" text-anchor="middle">'
        f"{escape(x_label)}</text>",
        f'<text x="12" y="{pad + size / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 12 {pad + size / 2})">{escape(y_label)}</text>',
    ]
    high_high, high_low, low_high, low_low = labels
    for text_, x, y in (
        (high_high, pad + size - 4, pad + 14),
        (high_low, pad + 4, pad + 14),
        (low_high, pad + size - 4, pad + size - 6),
        (low_low, pad + 4, pad + size - 6),
    ):
        anchor = "end" if x > pad + size / 2 else "start"
        parts.append(
            f'<text x="{x}" y="{y}" font-size="10" fill="#444" text-anchor="{anchor}">{escape(text_)}</text>'
        )
    shown = [m[3] for m in marks if m[3] is not None]
    peak = max(shown, default=1) or 1
    for name, x_value, y_value, count, group in marks:
        offset = (group % 3 - 1) * 9, (group // 3 % 2) * 9 - 4
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
            radius = 4 + 14 * (count / peak) ** 0.5
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.55" '
                f'stroke="{colour}"><title>{escape(name)}: {count}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
