"""The completeness dashboard of activity reports (ARS: their region; national roles: the
nation by region), with drill-down to houses and indicator charts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localdate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from common.forms import CompactSelect, PlainChoices, PortalForm
from masp.activity.cache import (
    CACHE_SECONDS,
    cached,
    figures_key,
    houses,
    houses_fingerprint,
    reports_key,
)
from masp.activity.charts import Chart, indicator_charts
from masp.activity.queries import (
    Completeness,
    House,
    completeness,
    expected_sites,
    indicators_by_campaign,
)
from masp.models import ActivityReport, ReportingCampaign, Site
from masp.sites.enums import SiteStatus
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import Context, house_rows

CAMPAIGNS_SHOWN = 12


# Beyond this many houses in scope, the house filter lists those of the chosen region only:
# a select of a thousand houses is of no use to anyone (and weighs 60 KB on every visit).
SITE_CHOICES_MAX = 100


class DashboardForm(PortalForm):
    """Plain choices built from the houses and campaigns the page has already read: no query
    of their own, and no template per option."""

    region = forms.TypedChoiceField(label=_("Région"), required=False, empty_value=None)
    site = forms.TypedChoiceField(
        label=_("Maison"), required=False, coerce=int, empty_value=None, widget=CompactSelect
    )
    campaign = forms.TypedChoiceField(
        label=_("Campagne (détail par maison)"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, sites: list[House], campaigns: list[ReportingCampaign], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaigns = {campaign.pk: campaign for campaign in campaigns}
        self.regions = dict(sorted({(s.region_code, s.region_name) for s in sites}))
        by_name = sorted(self.regions.items(), key=lambda region: region[1])
        self.fields["region"].choices = PlainChoices([("", _("Toutes")), *by_name])
        offered = self._offered(sites)
        self.fields["site"].choices = PlainChoices(
            [("", _("Toutes")), *((site.pk, site.name) for site in offered)]
        )
        if sites and not offered:
            # On the bound field too: django-dsfr's form has already bound its fields.
            hint = _("Choisissez d'abord une région.")
            self.fields["site"].help_text = self["site"].help_text = hint
        self.fields["campaign"].choices = PlainChoices(
            [("", _("Aucune")), *((campaign.pk, str(campaign)) for campaign in campaigns)]
        )

    def _offered(self, sites: list[House]) -> list[House]:
        """All the houses of a small scope; else those of the chosen region (or of the region
        of the chosen house, so that a link to one house works), else none."""
        if len(sites) <= SITE_CHOICES_MAX:
            return sites
        region = self.data.get("region")
        if not region and self.data.get("site"):
            chosen = str(self.data.get("site"))
            region = next((site.region_code for site in sites if str(site.pk) == chosen), None)
        return [site for site in sites if site.region_code == region] if region else []

    def clean_campaign(self) -> ReportingCampaign | None:
        pk = self.cleaned_data["campaign"]
        return self.campaigns[pk] if pk else None


def report_dashboard(request: HttpRequest) -> HttpResponse:
    in_scope = Site.objects.visible_to(request.user).filter(status=SiteStatus.OPEN)
    sites = houses(in_scope, scope_for(request.user))
    campaigns = list(ReportingCampaign.objects.opened()[:CAMPAIGNS_SHOWN])
    form = DashboardForm(request.GET or None, sites=sites, campaigns=campaigns)
    selected = form.cleaned_data if form.is_valid() else {}
    chosen = _selection(sites, selected)
    # The chosen houses as a subquery: a thousand ids in an IN list cost PostgreSQL more.
    chosen_ids = _selection_query(in_scope, selected).values("pk")
    reports = ActivityReport.objects.visible_to(request.user)
    selection = f"{selected.get('site') or ''}:{selected.get('region') or ''}:{localdate()}"
    table, indicators, nation, gaps, key = _figures(
        request, selection, campaigns, chosen, chosen_ids
    )
    regions = sorted({(s.region_code, s.region_name) for s in chosen})
    name = chosen[0].name if selected.get("site") and chosen else None
    name = str(name or form.regions.get(selected.get("region") or "") or _("Périmètre"))
    context = {
        "form": form,
        "campaigns": campaigns,
        "rows": [(campaign, table.get((campaign.pk, ""))) for campaign in campaigns],
        "by_region": [
            (code, label, [table.get((c.pk, code)) for c in campaigns]) for code, label in regions
        ],
        "drill": _drill(selected.get("campaign"), chosen, reports.filter(site__in=chosen_ids)),
        "staffing_gaps": gaps,
    }
    context["region_rows"] = region_rows(context["by_region"])
    context["charts"], context["charts_html"] = _charts(
        f"{key}:charts:{hashlib.sha256(name.encode()).hexdigest()}",
        lambda: indicator_charts(campaigns, indicators, nation, name=name),
    )
    return render(request, "masp/activity/dashboard.html", context)


def region_rows(by_region: list[tuple[str, str, list[Completeness | None]]]) -> SafeString:
    """The rows of the regions' table (a cell per region and campaign, two hundred
    nationally), written here rather than by the template: the same HTML, escaped."""
    e = conditional_escape
    return mark_safe(  # noqa: S308  # every text escaped
        "".join(
            f'<tr><td><a href="?region={e(code)}">{e(label)}</a></td>'
            + "".join(f"<td>{e(cell.fraction) if cell else '—'}</td>" for cell in cells)
            + "</tr>"
            for code, label, cells in by_region
        )
    )


def _charts(key: str, build: Callable[[], list[Chart]]) -> tuple[list[Chart], SafeString]:
    """The charts and their HTML (a drawing and a table each), drawn and rendered once per
    figures' key (hence renewed with the figures), name and language, then cached."""
    key = f"{key}:{get_language()}"
    found = cache.get(key)
    if found is None:
        charts = build()
        html = "".join(
            '\n  <div class="fr-col-12 fr-col-md-6">'
            + render_to_string("masp/activity/chart.html", {"chart": chart})
            + "</div>\n"
            for chart in charts
        )
        found = (charts, mark_safe(html))  # noqa: S308  # rendered by the template engine
        cache.set(key, found, CACHE_SECONDS)
    return found


def _staffing_gaps(chosen_ids: Any) -> list[tuple[int, str]]:
    """(pk, name) of the houses whose latest staffing declaration has a gap against the norm
    set in force (five queries, and the compliance engine over every house)."""
    queryset = Site.objects.filter(pk__in=chosen_ids).order_by("name")
    rows = house_rows(queryset, Context.cached())
    return [(row.site.pk, row.site.name) for row in rows if row.status == ComplianceStatus.GAP]


def _figures(
    request: HttpRequest,
    selection: str,
    campaigns: list[ReportingCampaign],
    chosen: list[House],
    chosen_ids: Any,
) -> tuple[Any, Any, Any, list[tuple[int, str]], str]:
    """Completeness and indicators (three aggregate queries over thousands of reports),
    cached until a report or a campaign changes, or what they read of the chosen houses
    (their key holds its digest); the staffing gaps, cached until a report, a house, a
    campaign's calendar, a staffing declaration or a norm set changes."""
    scope = scope_for(request.user)
    # `selection` holds today's date: the norm set in force, hence the staffing gaps,
    # changes with it.
    gaps = cached(
        figures_key(scope, f"gaps:{selection}", campaigns), lambda: _staffing_gaps(chosen_ids)
    )
    # An analyst who also follows regions or houses reads the figures of their reports at
    # every stage: which reports those are follows the houses (their region), so the
    # national comparison then goes with every change.
    follows_houses = (
        scope.is_analyst
        and not scope.is_national_admin
        and bool(scope.region_codes or scope.site_ids)
    )
    nation_key = figures_key(scope, "nation", campaigns) if follows_houses else ""
    key = reports_key(scope, f"{selection}:{houses_fingerprint(chosen)}:{nation_key}", campaigns)

    def compute() -> tuple[Any, Any, Any]:
        reports = ActivityReport.objects.visible_to(request.user).filter(site__in=chosen_ids)
        # Completeness counts every report; the indicators read only the figures the user
        # may read (an analyst: the validated reports), here and in the national comparison.
        readable = ActivityReport.objects.with_figures_for(request.user)
        return (
            completeness(campaigns, chosen, reports),
            indicators_by_campaign(
                reports.with_figures_for(request.user).filter(campaign__in=campaigns)
            ),
            indicators_by_campaign(readable.filter(campaign__in=campaigns)),
        )

    table, indicators, nation = cached(key, compute)
    return table, indicators, nation, gaps, key


def _selection(sites: list[House], selected: dict[str, Any]) -> list[House]:
    if selected.get("site"):
        return [site for site in sites if site.pk == selected["site"]]
    if selected.get("region"):
        return [site for site in sites if site.region_code == selected["region"]]
    return sites


def _selection_query(sites: Any, selected: dict[str, Any]) -> Any:
    if selected.get("site"):
        return sites.filter(pk=selected["site"])
    if selected.get("region"):
        return sites.filter(department__region_id=selected["region"])
    return sites


def _drill(campaign: ReportingCampaign | None, sites: list[House], reports: Any) -> Any:
    """Per-house detail of one campaign (`reports`: those of `sites`): one query."""
    if campaign is None:
        return None
    rows = reports.filter(campaign=campaign).select_related("campaign")
    found = {report.site_id: report for report in rows}
    return {
        "campaign": campaign,
        "rows": [(site, found.get(site.pk)) for site in expected_sites(sites, campaign)],
    }
