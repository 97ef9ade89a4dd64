"""The experimentation and the houses in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedAdminMixin
from masp.sites.models import CAPACITY_NORM_MAX, CAPACITY_NORM_MIN, Experimentation, Site

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
