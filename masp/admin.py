from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.audit import AuditedAdminMixin
from masp.models import (
    CAPACITY_NORM_MAX,
    CAPACITY_NORM_MIN,
    ActivityReport,
    Experimentation,
    ReminderLog,
    ReportingCampaign,
    ReportTransition,
    Site,
)

CAPACITY_WARNING = _(
    "Capacité de %(capacity)s places : le cahier des charges en prévoit %(min)s à %(max)s."
)


@admin.register(Experimentation)
class ExperimentationAdmin(admin.ModelAdmin):
    list_display = ["name", "carrier", "launched_on", "duration_months"]
    filter_horizontal = ["regions"]


@admin.register(Site)
class SiteAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "finess_et", "department", "capacity", "status", "cohort_year"]
    list_filter = ["status", "cohort_year", "department__region"]
    list_select_related = ["department"]
    search_fields = ["name", "finess_et", "commune", "manager_name"]
    autocomplete_fields = ["department"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Site, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.capacity_outside_norm:
            messages.warning(
                request,
                CAPACITY_WARNING
                % {"capacity": obj.capacity, "min": CAPACITY_NORM_MIN, "max": CAPACITY_NORM_MAX},
            )


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


# Staffing registers its own models (kept in its own module).
from masp import staffing_admin  # noqa: E402, F401
