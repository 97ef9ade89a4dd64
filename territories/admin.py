from __future__ import annotations

from django.contrib import admin

from territories.models import Department, OfferReference, Region


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ["code", "name", "population"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "ars_name"]
    search_fields = ["code", "name"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "population", "house_target"]
    list_editable = ["house_target"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]


@admin.register(OfferReference)
class OfferReferenceAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "unit", "year", "source"]
