"""Campaigns, activity reports and reminders in the admin: reports are read-only there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from masp.activity.models import ActivityReport, ReminderLog, ReportingCampaign, ReportTransition


@admin.register(ReportingCampaign)
class ReportingCampaignAdmin(admin.ModelAdmin):
    """Dates can be adjusted here; a year of campaigns is created from the "Campagnes" page."""

    list_display = ["period_start", "period_end", "opens_at", "deadline", "corrections_until"]
    date_hierarchy = "period_start"


class ReportTransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "by", "from_status", "to_status", "comment")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What was sent, so that nobody is reminded twice: read-only."""

    list_display = ["__str__"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ActivityReport)
class ActivityReportAdmin(SimpleHistoryAdmin):
    """Read-only: figures change through the form, the API or the import, and the status only
    through the workflow services, so that every change is checked and logged."""

    list_display = ["site", "campaign", "status", "version", "submitted_at", "validated_at"]
    list_filter = ["status", "campaign", "site__department__region"]
    list_select_related = ["site", "campaign"]
    search_fields = ["site__name", "site__finess_et"]
    inlines = [ReportTransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
