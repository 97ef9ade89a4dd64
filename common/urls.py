"""Addresses of many objects on one page, reversed once."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.html import conditional_escape

# A key no address of the portal contains otherwise.
MARK = 987654321


def url_for_key(name: str) -> Callable[[int], str]:
    """The address of the view `name` for an object's key, escaped as `{% url %}` writes it
    in a template: reversed once (a marker key cut out), then each key put in. A list of a
    thousand rows pays one `reverse` rather than a thousand."""
    head, tail = str(conditional_escape(reverse(name, args=[MARK]))).rsplit(str(MARK), 1)
    return lambda key: f"{head}{int(key)}{tail}"
