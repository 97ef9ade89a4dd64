"""Report requests in the admin: read-only, to follow and diagnose them."""

from __future__ import annotations

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin
from reporting.models import ExportRequest, ReportRequest


@admin.register(ReportRequest)
class ReportRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
    # Requests go through the service (scope, fingerprint, queue), not the admin.
    deletable = True


@admin.register(ExportRequest)
class ExportRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Large exports built by a worker: read-only, to follow and diagnose them."""

    list_display = ["pk", "name", "fmt", "status", "attempts", "rows", "requested_by", "created_at"]
    list_filter = ["status", "name"]
    list_select_related = ["requested_by"]
    date_hierarchy = "created_at"
    deletable = True
