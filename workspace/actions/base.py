"""What an action and a home are, and how actions are ranked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.utils.formats import date_format


@dataclass(frozen=True)
class Action:
    label: str  # what to do, in French
    count: int  # how many things (0: nothing to do, not listed)
    url: str  # one click to where it is done
    due: dt.date | None = None  # the deadline, when the sources give one
    detail: str = ""  # a short explanation (whose, which)
    figure: str = ""  # shown instead of the count (an amount)
    late: bool = False  # its deadline has passed (set by `ranked`)

    @property
    def shown(self) -> str:
        return self.figure or str(self.count)


def ranked(actions: list[Action], today: dt.date) -> list[Action]:
    """The actions with something to do, the nearest deadline first (the late ones first of
    all), those without a deadline last."""
    todo = [
        replace(action, late=action.due is not None and action.due < today)
        for action in actions
        if action.count > 0
    ]
    return sorted(todo, key=lambda a: (a.due is None, a.due or dt.date.max, a.label))


def month_label(day: dt.date) -> str:
    """ "novembre 2026" (the campaign's month, in the active language)."""
    return date_format(day, "F Y")


def of_month(day: dt.date) -> str:
    """ "de novembre 2026", "d'octobre 2026": French elides "de" before a vowel."""
    month = month_label(day)
    return f"d'{month}" if month[:1].lower() in "aeiouyâéèêîô" else f"de {month}"


@dataclass(frozen=True)
class Home:
    """What the home shows a role: the actions and, for national roles, a table."""

    role: str  # "coordinator", "ars_agent", "analyst", "national_admin", "" (none)
    actions: list[Action]
    extra: dict[str, Any]
