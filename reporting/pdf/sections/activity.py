"""Activity over the period from the validated activity reports, with the national comparison:
month by month for a house, per house for a region, per region for the nation."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scopes import EMPTY
from common.charts import MONTHS, bar_chart
from masp.activity.cache import cached, reports_key
from masp.activity.charts import indicator_charts
from masp.activity.enums import ReportStatus
from masp.activity.queries import COUNTED, INDICATORS, combined, indicator_sums
from masp.models import ActivityReport
from masp.sites.enums import SiteStatus
from reporting.enums import ReportKind
from reporting.pdf.sections.base import Alert, ReportContext

KEY = "activity"
TITLE = gettext_lazy("Activité")
TEMPLATE = "reporting/pdf/sections/activity.html"
ORDER = 30
KINDS = frozenset(ReportKind.values)

# The indicators of the comparison table and of the charts (the dashboard's own list).
LABELS = dict(INDICATORS)


def validated(context: ReportContext) -> Any:
    """Validated reports of the period's campaigns, all houses (the national reference)."""
    return ActivityReport.objects.filter(
        status=ReportStatus.VALIDATED, campaign__in=context.campaigns()
    )


def gather(context: ReportContext) -> dict[str, Any]:
    campaigns = context.campaigns()
    everywhere = validated(context)
    mine = context.of_sites(everywhere)
    by_month = indicator_sums(mine, "campaign_id")
    nation_by_month = national_by_month(context)
    total = combined(by_month.values())
    nation = combined(nation_by_month.values())
    months: list[dict[str, Any]] = [
        {
            "start": c.period_start,
            "figures": by_month.get(c.pk),
            "nation": nation_by_month.get(c.pk),
        }
        for c in campaigns
    ]
    data: dict[str, Any] = {
        "kind": context.kind,
        "scope": context.scope_label,
        "campaigns": len(campaigns),
        "months": months,
        "total": total,
        "nation": nation,
        "comparison": [
            {
                "key": key,
                "label": label.split(" (")[0],  # the unit goes with the figure
                "value": total[key],
                "nation": nation[key],
            }
            for key, label in INDICATORS
        ],
        "charts": charts(context, campaigns, by_month, nation_by_month),
    }
    if context.kind == ReportKind.SITE:
        known = statuses(context)
        for row in months:
            row["status"] = known.get(row["start"], "")
    elif context.kind == ReportKind.REGION:
        data["rows"] = house_rows(context, indicator_sums(mine, "site_id"))
    else:
        data["rows"] = region_rows(
            context, indicator_sums(everywhere, "site__department__region_id")
        )
    if data.get("rows"):
        data["bars"] = bar_chart(
            [(row["name"], float(row["figures"]["occupancy"] or 0)) for row in data["rows"]],
            reference=float(nation["occupancy"] or 0),
            value_format=lambda value: f"{value:.1f} %".replace(".", ","),
        )
    return data


def national_by_month(context: ReportContext) -> dict[Any, dict[str, Any]]:
    """The national reference month by month: the same for every report of the period, read
    once and kept in the cache under the reports' token (`masp.activity.cache.REPORTS_TOKEN`,
    renewed by every save or deletion of a report or a campaign, at once and at commit), so
    a report still shows the figures as they are when it is made."""
    key = reports_key(EMPTY, "pdf:nation-by-month", context.campaigns())
    return cached(key, lambda: indicator_sums(validated(context), "campaign_id"))


def statuses(context: ReportContext) -> dict[Any, str]:
    """The state of the house's report for each campaign (a month without a validated report
    says why)."""
    reports = context.of_sites(ActivityReport.objects.filter(campaign__in=context.campaigns()))
    return {
        start: str(ReportStatus(status).label)
        for start, status in reports.values_list("campaign__period_start", "status")
    }


def house_rows(context: ReportContext, figures: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        # An open house with nothing validated: zero reports, no ratio (every key the template
        # reads, which strict templates require).
        {"name": site.name, "figures": figures.get(site.pk) or combined([])}
        for site in context.site_list()
        if site.pk in figures or site.status == SiteStatus.OPEN
    ]


def region_rows(context: ReportContext, figures: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    names = {site.department.region_id: site.department.region.name for site in context.site_list()}
    return sorted(
        ({"name": names.get(code, code), "figures": row} for code, row in figures.items()),
        key=lambda row: row["name"],
    )


def charts(
    context: ReportContext,
    campaigns: list[Any],
    selection: dict[Any, dict[str, Any]],
    nation: dict[Any, dict[str, Any]],
) -> list[dict[str, str]]:
    """Occupancy and length of stay by month, drawn as on the dashboard; a title and a picture
    only, since the report's fingerprint hashes its data."""
    name = None if context.kind == ReportKind.NATIONAL else context.scope_label
    found = indicator_charts(
        campaigns, selection, nation, name=name, keys=("occupancy", "length_of_stay")
    )
    return [{"title": chart.title, "svg": chart.svg, "note": chart.note} for chart in found]


def alerts(context: ReportContext) -> list[Alert]:
    """Serious adverse events declared in the submitted or validated reports of the period."""
    events: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    rows = context.of_sites(
        ActivityReport.objects.filter(
            status__in=COUNTED, campaign__in=context.campaigns(), serious_adverse_events__gt=0
        )
    ).order_by("site__name", "campaign__period_start")
    for name, start, count in rows.values_list(
        "site__name", "campaign__period_start", "serious_adverse_events"
    ):
        events[name].append((start, count))
    return [
        Alert(
            level="error",
            subject=name,
            message=_("%(count)s événement(s) indésirable(s) grave(s) déclaré(s) : %(months)s.")
            % {
                "count": sum(count for _start, count in found),
                "months": ", ".join(
                    f"{count} en {MONTHS[start.month - 1]} {start.year}" for start, count in found
                ),
            },
        )
        for name, found in events.items()
    ]
