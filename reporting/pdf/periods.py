"""Periods of the PDF reports: the semester and year presets of the request form, and the
label a period takes in a file name ("2026-S1", "2026-S2", "2026", "2026-01-2026-03")."""

from __future__ import annotations

import datetime as dt

from django.utils.text import slugify
from django.utils.translation import gettext as _

# How many years back the request form offers presets for.
PRESET_YEARS = 3


def semester(year: int, half: int) -> tuple[dt.date, dt.date]:
    """S1: January to June; S2: July to December."""
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def preset_period(value: str) -> tuple[dt.date, dt.date] | None:
    """The dates of a preset ("2026-S1", "2026-S2", "2026"); None for anything else."""
    year, _sep, half = value.partition("-")
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        return None
    if not half:
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    if half in ("S1", "S2"):
        return semester(int(year), int(half[1]))
    return None


def presets(today: dt.date) -> list[tuple[str, str]]:
    """(value, label) of the semesters and years already begun, newest first."""
    found = []
    for year in range(today.year, today.year - PRESET_YEARS, -1):
        for value, label, start in (
            (f"{year}-S2", _("2d semestre %(year)s (juillet – décembre)"), dt.date(year, 7, 1)),
            (f"{year}-S1", _("1er semestre %(year)s (janvier – juin)"), dt.date(year, 1, 1)),
            (f"{year}", _("Année %(year)s (janvier – décembre)"), dt.date(year, 1, 1)),
        ):
            if start <= today:
                found.append((value, label % {"year": year}))
    return found


def period_label(start: dt.date, end: dt.date) -> str:
    """What a file name says of a period: a semester or a year by its name, any other period by
    its first and last months."""
    for value in (f"{start.year}-S1", f"{start.year}-S2", f"{start.year}"):
        if preset_period(value) == (start, end):
            return value
    return f"{start:%Y-%m}-{end:%Y-%m}"


def file_name(scope: str, start: dt.date, end: dt.date) -> str:
    """`masp-synthese-hauts-de-france-2026-S1.pdf`: the scope (a region, a house, France) and
    the period, readable in a downloads folder and sorted by scope then period."""
    return f"masp-synthese-{slugify(scope) or 'rapport'}-{period_label(start, end)}.pdf"
