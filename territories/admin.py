from __future__ import annotations

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin
from territories.models import (
    Arrondissement,
    Commune,
    Department,
    DepartmentBoundary,
    OfferReference,
    Region,
)


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


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "population", "postcodes"]
    list_filter = ["department__region"]
    list_select_related = ["department"]
    search_fields = ["code", "name", "postcodes"]


@admin.register(Arrondissement)
class ArrondissementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # Reference data, loaded (and corrected) by load_reference_data: shown, not edited.
    list_display = ["code", "name", "commune", "population", "postcodes"]
    list_select_related = ["commune"]
    search_fields = ["code", "name", "postcodes"]


@admin.register(DepartmentBoundary)
class DepartmentBoundaryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # Reference geometry, loaded by load_reference_data: shown, not edited by hand (a boundary
    # deleted by mistake comes back with the next load).
    list_display = ["department"]
    readonly_fields = ["department", "geometry"]
    deletable = True
