"""Template filters of the PDF reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format, number_format

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value: dt.date | None) -> str:
    """ "1er janvier 2026", "15 mars 2026": French typography wants the ordinal on the 1st."""
    if not value:
        return "—"
    text = date_format(value, "j F Y")
    return "1er" + text[1:] if value.day == 1 else text


@register.filter
def num(value: Any, digits: int = 0) -> str:
    """A French number ("1 234", "82,5"), or a dash when there is no figure."""
    if value is None or value == "":
        return "—"
    return number_format(value, decimal_pos=digits, use_l10n=True, force_grouping=True)


@register.filter
def month(value: dt.date) -> str:
    """ "janvier 2026"."""
    return date_format(value, "F Y")
