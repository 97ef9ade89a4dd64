"""Admin of staffing reference data: the role catalogue and versioned norm sets.

A norm set that has started to apply is frozen (only its end date may still be set, to close
it when a new version takes over); the "copy as a new version" action gives an editable draft.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ReadOnlyAdminMixin
from masp.models import NormRule, NormSet, StaffingDeclaration, StaffingLine, StaffRole

NORM_SET_FIELDS = [
    "name", "version", "effective_from", "effective_to", "source", "notes", "morning_hours",
    "afternoon_hours", "night_hours", "hours_per_fte", "grid_tolerance", "grid_assumption",
]  # fmt: skip
COPIED = NORM_SET_FIELDS[4:]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "counts_in_fte", "annual_cost_per_fte", "position"]
    list_editable = ["annual_cost_per_fte", "position"]
    search_fields = ["label", "code"]


class NormRuleInline(admin.TabularInline):
    model = NormRule
    extra = 0
    fields = [
        "position", "kind", "label", "roles", "partner_roles", "min_fte", "fte_per_place",
        "capacity_min", "capacity_max", "scaling", "step_places", "step_fte", "each_role",
        "pattern", "min_days", "source", "assumption",
    ]  # fmt: skip

    def _editable(self, obj: NormSet | None) -> bool:
        return obj is None or not obj.is_locked

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(NormSet)
class NormSetAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "effective_from", "effective_to", "in_force"]
    list_filter = ["name"]
    inlines = [NormRuleInline]
    actions = ["copy_as_new_version"]
    fields = tuple(NORM_SET_FIELDS)

    @admin.display(boolean=True, description=_("en vigueur"))
    def in_force(self, obj: NormSet) -> bool:
        return obj.is_in_force

    def get_readonly_fields(self, request: HttpRequest, obj: NormSet | None = None) -> list[str]:
        if obj is not None and obj.is_locked:
            return [name for name in NORM_SET_FIELDS if name != "effective_to"]
        return []

    def has_delete_permission(self, request: HttpRequest, obj: NormSet | None = None) -> bool:
        return (obj is None or not obj.is_locked) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Copier comme nouvelle version (brouillon)"))
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[NormSet]) -> None:
        copies = [
            copy_norm_set(norm_set)
            for norm_set in queryset.prefetch_related("rules__roles", "rules__partner_roles")
        ]
        self.message_user(
            request,
            ngettext(
                "%(count)d brouillon créé : renseignez sa date d'effet quand il est prêt.",
                "%(count)d brouillons créés : renseignez leur date d'effet quand ils sont prêts.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )


@transaction.atomic
def copy_norm_set(norm_set: NormSet) -> NormSet:
    """A draft copy (no effective date) with the next version number of that name."""
    latest = NormSet.objects.filter(name=norm_set.name).aggregate(v=Max("version"))["v"] or 0
    copy = NormSet.objects.create(
        name=norm_set.name,
        version=latest + 1,
        **{name: getattr(norm_set, name) for name in COPIED},
    )
    fields = [f.name for f in NormRule._meta.concrete_fields if f.name not in ("id", "norm_set")]
    for rule in norm_set.rules.all():
        # A fresh instance: reusing `rule` would keep its prefetched roles and skip the set().
        new = NormRule.objects.create(norm_set=copy, **{f: getattr(rule, f) for f in fields})
        new.roles.set(list(rule.roles.all()))
        new.partner_roles.set(list(rule.partner_roles.all()))
    return copy


class StaffingLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StaffingLine
    extra = 0
    readonly_fields = [
        "role", "fte_funded", "fte_filled", "vacant_posts", "fte_agency", "headcount",
        "hours_per_month", "presence",
    ]  # fmt: skip


@admin.register(StaffingDeclaration)
class StaffingDeclarationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: declarations are the houses' own (made on the staffing page or the API); an
    administrator may still delete one made by mistake."""

    list_display = ["site", "declared_on", "created_at"]
    list_filter = ["site__department__region"]
    list_select_related = ["site"]
    search_fields = ["site__name"]
    inlines = [StaffingLineInline]
    readonly_fields = ["site", "declared_on", "declared_by", "comment"]
    deletable = True
