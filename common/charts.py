"""Tiny server-side charts for the pages and the PDF reports (no JavaScript, no dependency):
bars as data for an HTML table, lines as SVG."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

BLUE = "#000091"
GREY = "#929292"
# The national (or any) reference: DSFR grey-425, dashed. Never the alarm red: a reference is
# not a warning, and red would read as one.
NEUTRAL = "#666666"
# A target band behind the lines: DSFR blue-france-950, light enough for the gridlines to show.
BAND = "#ECECFE"
PALETTE = (BLUE, "#009081", "#FC5D00", "#6A6AF4")
FONT = 'font-family="Marianne, DejaVu Sans, sans-serif"'
MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def short_month(day: dt.date) -> str:
    """A month as a chart's axis writes it ("avr. 26"): short enough for twelve on a line."""
    return f"{MONTHS[day.month - 1]} {day:%y}"


def _number(value: float) -> str:
    """French formatting for chart labels: comma decimal separator, one decimal at most."""
    text = f"{value:,.1f}" if value % 1 else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",")


BAR_SPAN = 86  # % of the track the longest bar takes


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    value_format: Callable[[float], str] = _number,
    reference: float | None = None,
) -> dict[str, Any]:
    """Horizontal bars, one per (label, value), as data for `reporting/pdf/includes/bars.html`:
    each bar's width in % of the track, where the largest value (or `reference`, drawn as a
    dashed line) reaches the end.

    Bars are a table of the page, not an SVG: WeasyPrint lays out an SVG text letter by
    letter (a 30-bar chart cost a quarter of a second), and a table breaks across pages."""
    top = max([value for _, value in items] + [reference or 0, 1e-9])

    def share(value: float) -> str:
        # The longest bar leaves room for its value; a CSS length, so always a point.
        return f"{max(value, 0) / top * BAR_SPAN:.1f}"

    return {
        "rows": [
            {"label": label, "width": share(value), "value": value_format(value)}
            for label, value in items
        ],
        "reference": None if reference is None else share(reference),
    }


def nice_step(peak: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` gridlines;
    2.5 only from 2.5 up, so that a tick never needs a second decimal ("0,25")."""
    raw = (peak if peak > 0 else 1.0) / ticks
    power = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 2.5, 5, 10) if power >= 1 else (1, 2, 5, 10)
    return next(m * power for m in factors if m * power >= raw)


def nice_ticks(peak: float, ticks: int = 4) -> list[float]:
    """The gridlines of an axis from 0 to `peak`: 0, then every round step up to the first one
    at or above `peak` (87 gives 0, 25, 50, 75, 100; nothing to draw gives 0, 0.5, 1)."""
    step = nice_step(peak, ticks)
    count = max(1, math.ceil(round(peak / step, 9))) if peak > 0 else round(1 / step)
    return [round(index * step, 9) for index in range(count + 1)]


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    width: int = 480,
    height: int = 180,
    suffix: str = "",
    label: str = "",
    reference: int | None = None,
    band: tuple[float, float] | None = None,
) -> str:
    """Lines over shared x labels (months, for instance), on round gridlines, with a dot per
    value, the last value written at the end of each line and a legend under the axis. A
    missing value (None) breaks the line. The series numbered `reference` (France, say) is
    drawn dashed in a neutral grey; `band` (low, high) shades a target range behind the lines.
    The picture has a viewBox of `width` x `height` and no size of its own: the stylesheet of
    the page or the report gives it one. `label` is its accessible name on a page (a PDF titles
    its charts in the text)."""
    left, right, top, bottom = 40, 44, 10, 40
    values = [float(v) for _, points in series for v in points if v is not None] or [0.0]
    ticks = nice_ticks(max(values + ([band[1]] if band else [])))
    peak = ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom
    inner = 14  # keeps the first and last month labels clear of the axis labels
    gap = (plot_w - 2 * inner) / max(len(labels) - 1, 1)

    def x(index: int) -> float:
        return left + inner + index * gap if len(labels) > 1 else left + plot_w / 2

    def y(value: float) -> float:
        return top + plot_h - min(max(float(value), 0.0), peak) / peak * plot_h

    named = f'aria-label="{escape(label)}" ' if label else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'{named}{FONT} font-size="9">'
    ]
    if band is not None:
        parts.append(
            f'<rect class="band" x="{left}" y="{y(band[1]):.1f}" width="{plot_w}" '
            f'height="{y(band[0]) - y(band[1]):.1f}" fill="{BAND}"/>'
        )
    for tick in ticks:
        level = y(tick)
        colour = GREY if tick == 0 else "#E5E5E5"
        parts += [
            f'<line x1="{left}" y1="{level:.1f}" x2="{left + plot_w}" y2="{level:.1f}" '
            f'stroke="{colour}" stroke-width="0.7"/>',
            f'<text x="{left - 4}" y="{level + 3:.1f}" text-anchor="end" fill="#666">'
            f"{_number(tick)}{escape(suffix)}</text>",
        ]
    every = max(1, math.ceil(40 / gap)) if len(labels) > 1 else 1  # labels ~40 px wide
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(
                f'<text x="{x(index):.1f}" y="{top + plot_h + 12}" text-anchor="middle" '
                f'fill="#3a3a3a">{escape(label)}</text>'
            )
    ends: list[tuple[float, float, float, str]] = []
    colours = iter(PALETTE * len(series))
    for number, (name, points) in enumerate(series):
        neutral = number == reference
        colour = NEUTRAL if neutral else next(colours)
        parts += _polyline(
            [(x(i), y(v)) if v is not None else None for i, v in enumerate(points)],
            colour,
            dashed=neutral,
        )
        known = [(i, v) for i, v in enumerate(points) if v is not None]
        if known:
            ends.append((y(known[-1][1]), x(known[-1][0]), float(known[-1][1]), colour))
        legend_x = left + number * (plot_w // 2)
        dash = ' stroke-dasharray="4 2"' if neutral else ""
        parts += [
            f'<line x1="{legend_x}" y1="{height - 11}" x2="{legend_x + 12}" y2="{height - 11}" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>',
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


def _polyline(
    points: Sequence[tuple[float, float] | None], colour: str, *, dashed: bool = False
) -> list[str]:
    """Segments between consecutive known points, and a dot on each."""
    parts, run = [], []
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.6"'
                + (' stroke-dasharray="4 2"/>' if dashed else "/>")
            )
        run = []
    parts += [
        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.2" fill="{colour}"/>'
        for px, py in (p for p in points if p is not None)
    ]
    return parts
