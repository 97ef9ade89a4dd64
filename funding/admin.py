"""Admin of the funding app: national administrators keep the reference data (sources,
reference cost, residents' daily fee, indicator schemes) here; every change is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from accounts.audit import AuditedAdminMixin
from funding.indicators import REGISTRY
from funding.models import (
    FundingLine,
    FundingSource,
    IndicatorAxis,
    IndicatorRule,
    IndicatorScheme,
    ReferenceCost,
    RegionalEnvelope,
    ResidentDailyFee,
)


@admin.register(FundingSource)
class FundingSourceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["label", "code", "first_year", "last_year", "position"]
    list_editable = ["position"]


@admin.register(ReferenceCost)
class ReferenceCostAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "annual_cost", "capacity_min", "capacity_max", "source_note"]


@admin.register(ResidentDailyFee)
class ResidentDailyFeeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["valid_from", "amount", "source_note"]


class IndicatorRuleForm(forms.ModelForm):
    class Meta:
        model = IndicatorRule
        fields = ["axis", "indicator", "threshold", "points", "source_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The indicators are registered in code (funding.indicators and higher apps).
        choices = [(code, str(ind.label)) for code, ind in sorted(REGISTRY.items())]
        self.fields["indicator"].widget = forms.Select(choices=choices)


class IndicatorAxisInline(admin.TabularInline):
    model = IndicatorAxis
    extra = 0


class IndicatorRuleInline(admin.TabularInline):
    model = IndicatorRule
    form = IndicatorRuleForm
    extra = 1


@admin.register(IndicatorScheme)
class IndicatorSchemeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "name", "fixed_amount", "source"]
    inlines = [IndicatorAxisInline, IndicatorRuleInline]


@admin.register(RegionalEnvelope)
class RegionalEnvelopeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["region", "year", "source", "amount_notified"]
    list_filter = ["year", "source", "region"]


@admin.register(FundingLine)
class FundingLineAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["site", "year", "source", "kind", "nature", "amount_notified", "amount_paid"]
    list_filter = ["year", "source", "kind", "nature", "over_allocation_confirmed"]
    list_select_related = ["site", "source"]
    search_fields = ["site__name", "decision_reference"]
    readonly_fields = ["over_allocation_confirmed_by", "over_allocation_confirmed_at"]
