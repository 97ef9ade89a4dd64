"""Presence grids over a rota cycle: 1 to 6 weeks of [morning, afternoon, night] per day.

Pure helpers shared by the engine, the services, the forms and the pages. A grid is a tuple of
7 x n days; day 0 is the Monday of week 1. The cycle repeats: its last day is followed by its
first (a Sunday by a Monday).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

WEEK = 7
MAX_WEEKS = 6
SHIFT_COUNT = 3
DAY_SHIFT_INDEXES = (0, 1)  # morning, afternoon: "a day of presence"
Day = tuple[int, int, int]
Grid = tuple[Day, ...]
EMPTY_DAY: Day = (0, 0, 0)
EMPTY_GRID: Grid = (EMPTY_DAY,) * WEEK

DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAY_SHORT = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def day_name(day: int) -> str:
    return _(DAY_NAMES[day % WEEK])


def day_label(day: int, weeks: int) -> str:
    """ "mardi", or "mardi (semaine 2)" in a cycle of several weeks."""
    if weeks <= 1:
        return day_name(day)
    return _("%(day)s (semaine %(week)s)") % {"day": day_name(day), "week": day // WEEK + 1}


def empty(weeks: int = 1) -> Grid:
    return (EMPTY_DAY,) * (WEEK * weeks)


def is_empty(grid: Sequence[Sequence[int]]) -> bool:
    return not any(any(day) for day in grid)


def valid_length(days: int) -> bool:
    return days % WEEK == 0 and 1 <= days // WEEK <= MAX_WEEKS


def weeks_of(grid: Sequence[Any]) -> int:
    return max(1, len(grid) // WEEK)


def parse(value: Any) -> Grid:
    """A stored grid (7 x n days of three integers), or an empty week if malformed."""
    try:
        grid = tuple((int(m), int(a), int(n)) for m, a, n in value)
    except (TypeError, ValueError):
        return EMPTY_GRID
    return grid if valid_length(len(grid)) else EMPTY_GRID


def stretch(grid: Grid, weeks: int) -> Grid:
    """The grid over `weeks` weeks: a shorter cycle repeats (a one-week rota is the same every
    week of a longer cycle)."""
    days = WEEK * weeks
    if not grid:
        return empty(weeks)
    return tuple(grid[day % len(grid)] for day in range(days))


def split_weeks(grid: Sequence[Any]) -> list[Sequence[Any]]:
    return [grid[start : start + WEEK] for start in range(0, len(grid), WEEK)]


def daytime_days(grids: Iterable[Grid], days: int) -> list[bool]:
    """Per day of the cycle: is someone of these grids there in the morning or afternoon?"""
    stretched = [stretch(grid, days // WEEK) for grid in grids]
    return [
        any(grid[day][shift] > 0 for grid in stretched for shift in DAY_SHIFT_INDEXES)
        for day in range(days)
    ]


def absent_runs(present: Sequence[bool]) -> list[list[int]]:
    """Runs of consecutive days without presence, the cycle read as a circle (the last day is
    followed by the first). A cycle with nobody at all is one run of every day."""
    days = len(present)
    if not any(present):
        return [list(range(days))]
    start = next(day for day in range(days) if present[day])
    runs: list[list[int]] = []
    current: list[int] = []
    for offset in range(1, days + 1):
        day = (start + offset) % days
        if present[day]:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(day)
    return sorted(runs, key=lambda run: run[0])
