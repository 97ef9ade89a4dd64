"""Completeness of reporting: reports expected, submitted, on time and validated per campaign
of the period (the dashboard's query), and the houses late with reports past their deadline."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masp.activity.queries import Completeness, completeness, missing_reports
from masp.models import ActivityReport
from reporting.enums import ReportKind
from reporting.pdf.sections.activity import MONTHS
from reporting.pdf.sections.base import Alert, ReportContext

KEY = "completeness"
TITLE = gettext_lazy("Complétude des rapports d'activité")
TEMPLATE = "reporting/pdf/sections/completeness.html"
ORDER = 40
KINDS = frozenset(ReportKind.values)


def table(context: ReportContext) -> dict[tuple[int, str], Completeness]:
    return context.memo(
        "completeness",
        lambda: completeness(
            context.campaigns(), context.site_list(), context.of_sites(ActivityReport.objects.all())
        ),
    )


def _figures(cell: Completeness | None) -> dict[str, Any]:
    cell = cell or Completeness()
    return {
        "expected": cell.expected,
        "submitted": cell.submitted,
        "on_time": cell.on_time,
        "validated": cell.validated,
        "rate": cell.rate,
        "on_time_rate": round(100 * cell.on_time / cell.expected) if cell.expected else None,
    }


def gather(context: ReportContext) -> dict[str, Any]:
    found = table(context)
    campaigns = context.campaigns()
    total = Completeness()
    for campaign in campaigns:
        cell = found.get((campaign.pk, "")) or Completeness()
        for name in ("expected", "submitted", "on_time", "validated"):
            setattr(total, name, getattr(total, name) + getattr(cell, name))
    data: dict[str, Any] = {
        "rows": [
            {
                "start": campaign.period_start,
                "deadline": campaign.deadline,
                **_figures(found.get((campaign.pk, ""))),
            }
            for campaign in campaigns
        ],
        "total": _figures(total),
    }
    if context.kind == ReportKind.NATIONAL:
        data["regions"] = by_region(context, found)
    return data


def by_region(
    context: ReportContext, found: dict[tuple[int, str], Completeness]
) -> list[dict[str, Any]]:
    sums: dict[str, Completeness] = defaultdict(Completeness)
    for (_campaign, code), cell in found.items():
        if code:
            for name in ("expected", "submitted", "on_time", "validated"):
                setattr(sums[code], name, getattr(sums[code], name) + getattr(cell, name))
    names = {site.department.region_id: site.department.region.name for site in context.site_list()}
    return sorted(
        ({"name": names.get(code, code), **_figures(cell)} for code, cell in sums.items()),
        key=lambda row: row["name"],
    )


def alerts(context: ReportContext) -> list[Alert]:
    """Houses without a submitted report for campaigns of the period past their deadline."""
    today = timezone.localdate()
    overdue = [campaign for campaign in context.campaigns() if campaign.deadline < today]
    if not overdue:
        return []
    sites = context.site_list()
    submitted = set(
        ActivityReport.objects.filter(
            campaign__in=overdue, site__in=sites, submitted_at__isnull=False
        ).values_list("site_id", "campaign_id")
    )
    late: dict[str, list[Any]] = defaultdict(list)
    for campaign, site in missing_reports(sites, overdue, submitted):
        late[site.name].append(campaign.period_start)
    return [
        Alert(
            level="warning",
            subject=name,
            message=_("%(count)s rapport(s) d'activité non transmis après l'échéance : %(months)s.")
            % {
                "count": len(months),
                "months": ", ".join(f"{MONTHS[m.month - 1]} {m.year}" for m in months),
            },
        )
        for name, months in sorted(late.items())
    ]
