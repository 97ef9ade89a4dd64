"""Report requests in the admin: read-only, to follow and diagnose them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reporting.models import ReportRequest


@admin.register(ReportRequest)
class ReportRequestAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "kind",
        "site",
        "region",
        "period_start",
        "status",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "kind", "region"]
    list_select_related = ["site", "region"]
    date_hierarchy = "created_at"
    search_fields = ["site__name", "region__name", "requested_by__email", "fingerprint"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in ReportRequest._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Requests go through the service (scope, fingerprint, queue), not the admin.
        return False
