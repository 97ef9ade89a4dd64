"""Template tags shared by every page (registered as the "portal" library in the settings:
common is a library, not an installed app)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_block_tag
def table(
    content: SafeString,
    caption: str,
    *headers: Any,
    classes: str = "",
    actions: bool = False,
    table_id: str = "",
) -> SafeString:
    """A DSFR table around `content`: its rows, under a header of `headers` (a list among
    them counts as several columns, and `actions` adds an unnamed last one); without headers,
    `content` writes its own <thead> and <tbody>. `classes`: the DSFR modifiers."""
    return render_to_string(
        "includes/table.html",
        {
            "content": content,
            "caption": caption,
            "headers": list(_columns(headers)),
            "classes": classes,
            "actions": actions,
            "table_id": table_id,
        },
    )


def _columns(headers: Iterable[Any]) -> Iterable[Any]:
    for header in headers:
        if isinstance(header, list | tuple):
            yield from header
        else:
            yield header
