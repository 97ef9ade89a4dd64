"""Template filters of the PDF reports."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value: dt.date | None) -> str:
    """ "1er janvier 2026", "15 mars 2026": French typography wants the ordinal on the 1st."""
    if not value:
        return "—"
    text = date_format(value, "j F Y")
    return "1er" + text[1:] if value.day == 1 else text
