"""Pagination of the API lists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class KeysFirstPagination(PageNumberPagination):
    """Pages of wide rows (an activity report has sixty figures): the page is cut on the rows'
    keys, so that PostgreSQL sorts narrow rows (keys and sort columns); `paginate_queryset`
    returns the page's keys, and the view reads the rows of those keys only. Sorting the wide
    rows of a region to keep fifty cost twice as much (docs/performance.md)."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        return super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
