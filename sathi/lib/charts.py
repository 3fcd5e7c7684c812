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


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
