"""Tiny server-side SVG charts for the PDF reports (no JavaScript, no dependency)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

BLUE = "#000091"
GREY = "#929292"
PALETTE = (BLUE, "#E1000F", "#009081", "#FC5D00", "#6A6AF4")
FONT = 'font-family="Marianne, DejaVu Sans, sans-serif"'


def _number(value: float) -> str:
    """French formatting for chart labels: comma decimal separator, one decimal at most."""
    text = f"{value:,.1f}" if value % 1 else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",")


def full_width(items: Sequence[tuple[str, float]], reference: float | None) -> float:
    """The value a bar reaches the full width at: the largest value or the reference."""
    return max([value for _, value in items] + [reference or 0, 1e-9])


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    width: int = 480,
    bar_height: int = 16,
    label_width: int = 170,
    value_format: Callable[[float], str] = _number,
    reference: float | None = None,
    top: float | None = None,
) -> str:
    """Horizontal bars, one per (label, value); `reference` draws a dashed comparison line;
    `top` is the value of the full width (by default the largest value or the reference)."""
    gap, right = 6, 60
    height = max(len(items), 1) * (bar_height + gap) + gap
    top = top or full_width(items, reference)
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
            f'stroke-width="1.5" stroke-dasharray="3 2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


# As many bars as fit on an A4 page under a heading: an SVG cannot break across pages, and a
# taller one runs into the footer.
BARS_PER_CHART = 30


def bar_charts(
    items: Sequence[tuple[str, float]], *, reference: float | None = None, **options: Any
) -> list[str]:
    """`bar_chart` in page-sized pieces sharing one scale, so bars compare across pieces."""
    top = full_width(items, reference)
    return [
        bar_chart(items[start : start + BARS_PER_CHART], reference=reference, top=top, **options)
        for start in range(0, len(items), BARS_PER_CHART)
    ]


def nice_step(peak: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` gridlines."""
    raw = max(peak, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    width: int = 480,
    height: int = 180,
    suffix: str = "",
) -> str:
    """Lines over shared x labels (months, for instance), on round gridlines, with a dot per
    value, the last value written at the end of each line and a legend under the axis. A
    missing value (None) breaks the line."""
    left, right, top, bottom = 40, 44, 10, 40
    values = [float(v) for _, points in series for v in points if v is not None] or [0.0]
    step = nice_step(max(values))
    peak = step * math.ceil(max(max(values), 1e-9) / step)
    plot_w, plot_h = width - left - right, height - top - bottom
    inner = 14  # keeps the first and last month labels clear of the axis labels
    gap = (plot_w - 2 * inner) / max(len(labels) - 1, 1)

    def x(index: int) -> float:
        return left + inner + index * gap if len(labels) > 1 else left + plot_w / 2

    def y(value: float) -> float:
        return top + plot_h - float(value) / peak * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {FONT} font-size="9">'
    ]
    for tick in range(round(peak / step) + 1):
        level = y(tick * step)
        colour = GREY if tick == 0 else "#E5E5E5"
        parts += [
            f'<line x1="{left}" y1="{level:.1f}" x2="{left + plot_w}" y2="{level:.1f}" '
            f'stroke="{colour}" stroke-width="0.7"/>',
            f'<text x="{left - 4}" y="{level + 3:.1f}" text-anchor="end" fill="#666">'
            f"{_number(tick * step)}{escape(suffix)}</text>",
        ]
    every = max(1, math.ceil(40 / gap)) if len(labels) > 1 else 1  # labels ~40 px wide
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(
                f'<text x="{x(index):.1f}" y="{top + plot_h + 12}" text-anchor="middle" '
                f'fill="#3a3a3a">{escape(label)}</text>'
            )
    ends: list[tuple[float, float, float, str]] = []
    for number, (name, points) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        parts += _polyline(
            [(x(i), y(v)) if v is not None else None for i, v in enumerate(points)], colour
        )
        known = [(i, v) for i, v in enumerate(points) if v is not None]
        if known:
            ends.append((y(known[-1][1]), x(known[-1][0]), float(known[-1][1]), colour))
        legend_x = left + number * (plot_w // 2)
        parts += [
            f'<rect x="{legend_x}" y="{height - 13}" width="12" height="4" fill="{colour}"/>',
            f'<text x="{legend_x + 16}" y="{height - 8}">{escape(name)}</text>',
        ]
    parts += _end_labels(ends, suffix)
    parts.append("</svg>")
    return "".join(parts)


def _end_labels(ends: list[tuple[float, float, float, str]], suffix: str) -> list[str]:
    """The last value of each line, pushed apart vertically so that close values stay legible."""
    parts, floor = [], -1e9
    for level, x, value, colour in sorted(ends):
        level = max(level, floor + 10)
        floor = level
        parts.append(
            f'<text x="{x + 5:.1f}" y="{level + 3:.1f}" fill="{colour}" '
            f'font-weight="bold">{_number(value)}{escape(suffix)}</text>'
        )
    return parts


def _polyline(points: Sequence[tuple[float, float] | None], colour: str) -> list[str]:
    """Segments between consecutive known points, and a dot on each."""
    parts, run = [], []
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.6"/>'
            )
        run = []
    parts += [
        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.2" fill="{colour}"/>'
        for px, py in (p for p in points if p is not None)
    ]
    return parts
