"""Money in French notation, from a Decimal (never through a float)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()
NARROW_NBSP = "\u202f"


@register.filter
def euros(value: Decimal | None) -> str:
    """1234567.8 -> "1 234 567,80 €"; None -> "non disponible"."""
    if value is None:
        return _("non disponible")
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{NARROW_NBSP.join(groups)},{cents}{NARROW_NBSP}€"
