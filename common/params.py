"""Numbers and months from a query string: ASCII digits only, in a range, or a French error."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

# `str.isdigit()` and `\d` accept "²" or "٣", which int() or a date then refuses (or reads):
# only ASCII digits are a number here.
DIGITS_RE = re.compile(r"[0-9]{1,19}")
MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
MAX_KEY = 2**63 - 1  # the largest bigint: a primary key never exceeds it
MIN_YEAR, MAX_YEAR = 1900, 2100  # the months an export or a filter can name


class ParameterError(ValueError):
    """A bad query parameter; the message is French and can be shown to the caller."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def parse_int(value: str | None, *, name: str, low: int, high: int) -> int | None:
    """The integer `value` holds, `None` when it is blank; `ParameterError` unless it is
    ASCII digits between `low` and `high`."""
    value = (value or "").strip()
    if not value:
        return None
    if DIGITS_RE.fullmatch(value) and low <= int(value) <= high:
        return int(value)
    raise ParameterError(
        name,
        _("« %(name)s » doit être un nombre entier entre %(low)s et %(high)s.")
        % {"name": name, "low": low, "high": high},
    )


def parse_key(value: str | None, *, name: str) -> int | None:
    """An object id (primary key) from the query string, or `None` when blank."""
    return parse_int(value, name=name, low=1, high=MAX_KEY)


def parse_month(value: str | None, *, name: str, end: bool = False) -> dt.date | None:
    """`AAAA-MM` as its first day (its last day when `end`), `None` when blank."""
    value = (value or "").strip()
    if not value:
        return None
    match = MONTH_RE.fullmatch(value)
    if not match or not MIN_YEAR <= int(match[1]) <= MAX_YEAR or not 1 <= int(match[2]) <= 12:
        raise ParameterError(
            name,
            _("Le mois « %(value)s » doit s'écrire AAAA-MM, entre %(low)s et %(high)s.")
            % {"value": value[:20], "low": MIN_YEAR, "high": MAX_YEAR},
        )
    first = dt.date(int(match[1]), int(match[2]), 1)
    if not end:
        return first
    next_month = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def query_int(query: Any, name: str, *, low: int, high: int) -> int | None:
    """`parse_int` on `query[name]` (a QueryDict, `request.GET` or DRF's `query_params`)."""
    return parse_int(query.get(name), name=name, low=low, high=high)


def query_key(query: Any, name: str) -> int | None:
    """`parse_key` on `query[name]`."""
    return parse_key(query.get(name), name=name)
