"""Money in French notation, from a Decimal (never through a float)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from funding.figures import format_euros

register = template.Library()


@register.filter
def euros(value: Decimal | None) -> str:
    """1234567.8 -> "1 234 567,80 €"; None -> "non disponible"."""
    return _("non disponible") if value is None else format_euros(value)
