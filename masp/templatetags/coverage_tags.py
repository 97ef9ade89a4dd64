"""Template filters of the coverage pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from territories.vintage import method_note

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.4567 -> "45,7 %"."""
    if value is None:
        return "—"
    return f"{number_format(value * 100, 1)} %"


@register.filter
def decimal1(value: float | None) -> str:
    if value is None:
        return "—"
    return number_format(value, 1)


@register.filter
def thousands(value: int | None) -> str:
    """68350798 -> "68 350 798" (narrow no-break spaces, whatever the locale settings)."""
    if value is None:
        return "—"
    return f"{value:,}".replace(",", "\u202f")


@register.simple_tag
def coverage_method() -> str:
    """How distances are measured and which census is counted: under every coverage figure."""
    return method_note()
