"""Saved siting scenarios in the admin (read mostly: a scenario is the record of a run)."""

from __future__ import annotations

from django.contrib import admin

from masp.coverage.siting.models import SitingScenario


@admin.register(SitingScenario)
class SitingScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "author", "created_at"]
    list_filter = ["region"]
    search_fields = ["name"]
    list_select_related = ["region", "author"]
    readonly_fields = ["parameters", "result", "author", "created_at"]
