"""Helpers shared by the funding pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from common.params import ParameterError, query_int
from funding.figures import ZERO

YEARS = range(2024, 2041)


def requested_year(request: HttpRequest) -> int:
    """`?year=` when it is a valid year, else the current year (never an error)."""
    try:
        year = query_int(request.GET, "year", low=YEARS.start, high=YEARS.stop - 1)
    except ParameterError:
        year = None
    return year or timezone.localdate().year


def year_choices(selected: int) -> list[int]:
    current = timezone.localdate().year
    return sorted({*range(2024, current + 2), selected}, reverse=True)


def spent_or_zero(value: Any) -> Any:
    return value if value is not None else ZERO
