"""`?ordering=` only where a view lists its `ordering_fields` (so that a view over a list, not
a queryset, is never asked to sort)."""

from __future__ import annotations

from typing import Any

from rest_framework.filters import OrderingFilter


class ExplicitOrderingFilter(OrderingFilter):
    def get_valid_fields(self, queryset: Any, view: Any, context: Any = None) -> list[Any]:
        if getattr(view, "ordering_fields", None) is None:
            return []
        return super().get_valid_fields(queryset, view, context or {})

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        if getattr(view, "ordering_fields", None) is None:
            return []
        return super().get_schema_operation_parameters(view)
