"""The completeness dashboard of activity reports (ARS: their region; national roles: the
nation by region), with drill-down to houses and indicator charts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from config.forms import PortalForm
from masp.enums import ComplianceStatus, SiteStatus
from masp.models import ActivityReport, ReportingCampaign, Site
from masp.report_dashboard import (
    charts,
    completeness,
    expected_sites,
    indicators_by_campaign,
)
from masp.staffing_queries import Context, house_rows
from territories.models import Region

CAMPAIGNS_SHOWN = 12


class DashboardForm(PortalForm):
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Region.objects.none(), required=False, empty_label=_("Toutes")
    )
    site = forms.ModelChoiceField(
        label=_("Maison"), queryset=Site.objects.none(), required=False, empty_label=_("Toutes")
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
        self.fields["site"].queryset = Site.objects.filter(pk__in=[site.pk for site in sites])
        self.fields["campaign"].queryset = ReportingCampaign.objects.filter(
            pk__in=[campaign.pk for campaign in campaigns]
        )


def report_dashboard(request: HttpRequest) -> HttpResponse:
    sites = list(
        Site.objects.visible_to(request.user)
        .filter(status=SiteStatus.OPEN)
        .select_related("department__region")
        .order_by("name")
    )
    campaigns = list(ReportingCampaign.objects.opened()[:CAMPAIGNS_SHOWN])
    form = DashboardForm(request.GET or None, sites=sites, campaigns=campaigns)
    selected = form.cleaned_data if form.is_valid() else {}
    chosen = _selection(sites, selected)
    reports = ActivityReport.objects.visible_to(request.user)
    table = completeness(campaigns, chosen, reports)
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
        "staffing_gaps": _staffing_gaps(chosen),
        "charts": charts(
            campaigns,
            indicators_by_campaign(reports.filter(site__in=chosen)),
            indicators_by_campaign(ActivityReport.objects.all()),
            name,
        ),
    }
    return render(request, "masp/reports/dashboard.html", context)


def _staffing_gaps(sites: list[Site]) -> list[Any]:
    """The houses whose latest staffing declaration has a gap against the norm set in force."""
    if not sites:
        return []
    queryset = Site.objects.filter(pk__in=[site.pk for site in sites]).order_by("name")
    rows = house_rows(queryset, Context.load())
    return [row for row in rows if row.status == ComplianceStatus.GAP]


def _selection(sites: list[Site], selected: dict[str, Any]) -> list[Site]:
    if selected.get("site"):
        return [site for site in sites if site.pk == selected["site"].pk]
    if selected.get("region"):
        return [site for site in sites if site.department.region_id == selected["region"].code]
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
