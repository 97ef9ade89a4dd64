"""The completeness dashboard of activity reports (ARS: their region; national roles: the
nation by region), with drill-down to houses and indicator charts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from config.forms import CompactSelect
from masp.enums import SiteStatus
from masp.models import ActivityReport, ReportingCampaign, Site
from masp.report_dashboard import (
    charts,
    completeness,
    expected_sites,
    indicators_by_campaign,
)
from territories.models import Region

CAMPAIGNS_SHOWN = 12
# What the dashboard reads of a house (a thousand of them nationally).
SITE_FIELDS = (
    "name",
    "status",
    "opened_on",
    "department__code",
    "department__region__code",
    "department__region__name",
)


class DashboardForm(DsfrBaseForm):
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Region.objects.none(), required=False, empty_label=_("Toutes")
    )
    site = forms.ModelChoiceField(
        label=_("Maison"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("Toutes"),
        widget=CompactSelect,  # a thousand houses nationally
    )
    campaign = forms.ModelChoiceField(
        label=_("Campagne (détail par maison)"),
        queryset=ReportingCampaign.objects.none(),
        required=False,
        empty_label=_("Aucune"),
    )

    def __init__(self, *args: Any, sites: list[Site], campaigns: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = {site.department.region_id for site in sites}
        self.fields["region"].queryset = Region.objects.filter(code__in=codes)
        self.fields["site"].queryset = Site.objects.filter(pk__in=[site.pk for site in sites]).only(
            "pk", "name"
        )
        self.fields["campaign"].queryset = ReportingCampaign.objects.filter(
            pk__in=[campaign.pk for campaign in campaigns]
        )


def report_dashboard(request: HttpRequest) -> HttpResponse:
    in_scope = Site.objects.visible_to(request.user).filter(status=SiteStatus.OPEN)
    sites = list(in_scope.select_related("department__region").only(*SITE_FIELDS).order_by("name"))
    campaigns = list(ReportingCampaign.objects.opened()[:CAMPAIGNS_SHOWN])
    form = DashboardForm(request.GET or None, sites=sites, campaigns=campaigns)
    selected = form.cleaned_data if form.is_valid() else {}
    chosen = _selection(sites, selected)
    # The chosen houses as a subquery: a thousand ids in an IN list cost PostgreSQL more.
    chosen_ids = _selection_query(in_scope, selected).values("pk")
    reports = ActivityReport.objects.visible_to(request.user)
    table = completeness(campaigns, chosen, reports.filter(site__in=chosen_ids))
    regions = sorted({(s.department.region_id, s.department.region.name) for s in chosen})
    name = str(selected.get("site") or selected.get("region") or _("Périmètre"))
    context = {
        "form": form,
        "campaigns": campaigns,
        "rows": [(campaign, table.get((campaign.pk, ""))) for campaign in campaigns],
        "by_region": [
            (code, label, [table.get((c.pk, code)) for c in campaigns]) for code, label in regions
        ],
        "drill": _drill(selected.get("campaign"), chosen, reports),
        "charts": charts(
            campaigns,
            indicators_by_campaign(reports.filter(site__in=chosen_ids, campaign__in=campaigns)),
            indicators_by_campaign(ActivityReport.objects.filter(campaign__in=campaigns)),
            name,
        ),
    }
    return render(request, "masp/reports/dashboard.html", context)


def _selection(sites: list[Site], selected: dict[str, Any]) -> list[Site]:
    if selected.get("site"):
        return [site for site in sites if site.pk == selected["site"].pk]
    if selected.get("region"):
        return [site for site in sites if site.department.region_id == selected["region"].code]
    return sites


def _selection_query(sites: Any, selected: dict[str, Any]) -> Any:
    if selected.get("site"):
        return sites.filter(pk=selected["site"].pk)
    if selected.get("region"):
        return sites.filter(department__region_id=selected["region"].code)
    return sites


def _drill(campaign: ReportingCampaign | None, sites: list[Site], reports: Any) -> Any:
    """Per-house detail of one campaign: one query."""
    if campaign is None:
        return None
    rows = reports.filter(campaign=campaign, site__in=sites).select_related("campaign")
    found = {report.site_id: report for report in rows}
    return {
        "campaign": campaign,
        "rows": [(site, found.get(site.pk)) for site in expected_sites(sites, campaign)],
    }
