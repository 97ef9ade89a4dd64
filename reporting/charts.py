"""Tiny server-side SVG charts for the PDF reports (no JavaScript, no dependency)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

BLUE = "#000091"
GREY = "#929292"
PALETTE = (BLUE, "#E1000F", "#009081", "#FC5D00", "#6A6AF4")
FONT = 'font-family="Marianne, DejaVu Sans, sans-serif"'


def _number(value: float) -> str:
    """French formatting for chart labels: comma decimal separator, one decimal at most."""
    text = f"{value:,.1f}" if value % 1 else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",")


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    width: int = 480,
    bar_height: int = 16,
    label_width: int = 170,
    value_format: Callable[[float], str] = _number,
    reference: float | None = None,
) -> str:
    """Horizontal bars, one per (label, value); `reference` draws a dashed comparison line."""
    gap, right = 6, 60
    height = max(len(items), 1) * (bar_height + gap) + gap
    top = max([value for _, value in items] + [reference or 0, 1e-9])
    scale = (width - label_width - right) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {FONT} font-size="9">'
    ]
    for index, (label, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        bar = max(value * scale, 0)
        middle = y + bar_height / 2 + 3
        parts += [
            f'<text x="{label_width - 6}" y="{middle}" text-anchor="end" fill="#3a3a3a">'
            f"{escape(label)}</text>",
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" '
            f'fill="{BLUE}"/>',
            f'<text x="{label_width + bar + 4:.1f}" y="{middle}" fill="#161616">'
            f"{escape(value_format(value))}</text>",
        ]
    if reference is not None:
        x = label_width + reference * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#E1000F" '
            f'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    width: int = 480,
    height: int = 180,
) -> str:
    """Lines over shared x labels (months, for instance), with a legend under the axis."""
    left, right, top, bottom = 36, 10, 10, 40
    values = [value for _, points in series for value in points] or [0.0]
    peak = max(max(values), 1e-9)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {FONT} font-size="9">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{GREY}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{_number(peak)}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for index, label in enumerate(labels):
        parts.append(
            f'<text x="{left + index * step:.1f}" y="{top + plot_h + 12}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for number, (name, points) in enumerate(series):
        color = PALETTE[number % len(PALETTE)]
        coords = " ".join(
            f"{left + i * step:.1f},{top + plot_h - value / peak * plot_h:.1f}"
            for i, value in enumerate(points)
        )
        legend_x = left + number * 120
        parts += [
            f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="1.5"/>',
            f'<rect x="{legend_x}" y="{height - 12}" width="10" height="3" fill="{color}"/>',
            f'<text x="{legend_x + 14}" y="{height - 8}">{escape(name)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
