"""Campaigns, activity reports and reminders in the admin: reports are read-only there."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ReadOnlyAdminMixin
from masp.activity.models import ActivityReport, ReminderLog, ReportingCampaign, ReportTransition


@admin.register(ReportingCampaign)
class ReportingCampaignAdmin(admin.ModelAdmin):
    """Dates can be adjusted here; a year of campaigns is created from the "Campagnes" page."""

    list_display = ["period_start", "period_end", "opens_at", "deadline", "corrections_until"]
    date_hierarchy = "period_start"


class ReportTransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReportTransition
    extra = 0
    fields = readonly_fields = ("at", "by", "from_status", "to_status", "comment")


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What was sent, so that nobody is reminded twice: read-only. Deleting a row stays
    possible: the reminder it stands for may then go again."""

    list_display = ["__str__"]
    deletable = True


@admin.register(ActivityReport)
class ActivityReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only: figures change through the form, the API or the import, and the status only
    through the workflow services, so that every change is checked and logged."""

    list_display = ["site", "campaign", "status", "version", "submitted_at", "validated_at"]
    list_filter = ["status", "campaign", "site__department__region"]
    list_select_related = ["site", "campaign"]
    search_fields = ["site__name", "site__finess_et"]
    inlines = [ReportTransitionInline]
