"""Small inline SVG charts for the report: horizontal bars and a line over time.

Drawn here rather than with a plotting library so the page stays self-contained and
deterministic, and the core install stays small. Every chart carries a ``<title>`` and a
``<desc>`` for screen readers, and its numbers are also in a table on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = "Helvetica, Arial, sans-serif"
PALETTE = ("#2f6db5", "#2e7d32", "#c05a00", "#6a4fb0", "#00796b", "#a37800", "#b71c1c")


def bar_chart(
    title: str, rows: Sequence[tuple[str, float]], unit: str = "$", width: int = 640
) -> str:
    """One bar per (label, value), largest first as given; values ≥ 0."""
    label_w, bar_h, gap, top = 220, 20, 8, 30
    height = top + len(rows) * (bar_h + gap) + 10
    top_value = max((v for _, v in rows), default=0) or 1
    span = width - label_w - 110
    desc = "; ".join(f"{label}: {unit}{value:,.2f}" for label, value in rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<text x="0" y="18" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(1.0, span * value / top_value) if value > 0 else 0
        color = PALETTE[i % len(PALETTE)]
        out.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{escape(label[:34])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 14}">{escape(unit)}{value:,.2f}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def line_chart(
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    x_label: str,
    y_label: str,
    width: int = 640,
    height: int = 260,
) -> str:
    """Lines of (x, y) points on shared axes; each series named in a legend."""
    left, right, top, bottom = 56, 16, 30, 40
    points = [p for _, pts in series for p in pts]
    if not points:
        points = [(0.0, 0.0)]
    x_max = max(x for x, _ in points) or 1
    y_max = max(y for _, y in points) or 1
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + plot_w * x / x_max

    def sy(y: float) -> float:
        return top + plot_h * (1 - y / y_max)

    desc = f"{len(points)} points; {y_label} up to {y_max:,.2f} over {x_max:,.1f} {x_label}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="11">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<text x="0" y="16" font-weight="bold" font-size="12">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left + plot_w / 2:.0f}" y="{height - 6}" text-anchor="middle">'
        f"{escape(x_label)}</text>",
        f'<text x="12" y="{top + plot_h / 2:.0f}" transform="rotate(-90 12 '
        f'{top + plot_h / 2:.0f})" text-anchor="middle">{escape(y_label)}</text>',
    ]
    for fraction in (0.0, 0.5, 1.0):
        y = sy(y_max * fraction)
        out.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{y_max * fraction:,.1f}</text>'
        )
        x = sx(x_max * fraction)
        out.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle">'
            f"{x_max * fraction:,.1f}</text>"
        )
    for i, (name, pts) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        if path:
            out.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="1.6" points="{path}"/>'
            )
        out.append(
            f'<rect x="{left + 10 + i * 150}" y="{top - 12}" width="10" height="10" '
            f'fill="{color}"/><text x="{left + 24 + i * 150}" y="{top - 3}">'
            f"{escape(name)}</text>"
        )
    out.append("</svg>")
    return "".join(out)
