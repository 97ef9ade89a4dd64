"""Pagination of the API lists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class KeysFirstPagination(PageNumberPagination):
    """Pages of wide rows (an activity report has sixty figures): the page is cut on the rows'
    keys first, so that PostgreSQL sorts narrow rows (keys and sort columns), then only the
    page's rows are read, by key, with their related objects. Sorting the wide rows of a
    region to keep fifty cost twice as much (docs/performance.md). One query more, the same
    number whatever the size of the list."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        keys = queryset.prefetch_related(None).values_list("pk", flat=True)
        page = super().paginate_queryset(keys, request, view)
        if page is None:
            return None
        return list(queryset.filter(pk__in=page))
