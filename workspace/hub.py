"""The house as a hub: its last reports, staffing compliance, conventions, funding of the year,
the coverage of its département and its next deadline, each read with the query of its own
area (a fixed number of queries: one house)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from funding.figures import HouseYear
from funding.queries import house_year_for
from masp.coverage.indicators import Coverage, coverage
from masp.models import ActivityReport, ReportingCampaign, Site
from masp.perms import can_file_report, can_read_report_figures
from masp.staffing.queries import Context, latest_declaration
from partners.conformity import Conformity, conformity_of, expiring
from partners.models import Convention

REPORTS_SHOWN = 2  # this month's report and last month's


@dataclass(frozen=True)
class ReportCell:
    campaign: ReportingCampaign
    report: ActivityReport | None
    occupancy: Any  # a Decimal share, or None when the figures are not readable or missing


@dataclass(frozen=True)
class Deadline:
    campaign: ReportingCampaign
    report: ActivityReport | None
    url: str


@dataclass
class Hub:
    site: Site
    reports: list[ReportCell]
    staffing: Any  # masp.staffing.engine.Compliance | None
    declaration: Any  # StaffingDeclaration | None
    in_force: int
    conformity: Conformity
    expiring: list[Convention]
    funding: HouseYear
    year: int
    department: Coverage | None
    deadline: Deadline | None
    can_file: bool


def hub_for(site: Site, user: Any, today: dt.date) -> Hub:
    campaigns = list(ReportingCampaign.objects.opened(today)[:REPORTS_SHOWN])
    upcoming = ReportingCampaign.objects.filter(deadline__gte=today).order_by("deadline").first()
    shown = {c.pk for c in campaigns} | ({upcoming.pk} if upcoming else set())
    reports = {
        report.campaign_id: report
        for report in ActivityReport.objects.filter(site=site, campaign__in=shown)
    }
    for report in reports.values():
        report.site = site  # the permission checks read it: no query per report
    context = Context.load()
    declaration = latest_declaration(site)
    conventions = Convention.objects.filter(site=site)
    return Hub(
        site=site,
        reports=[_cell(campaign, reports.get(campaign.pk), user) for campaign in campaigns],
        staffing=context.evaluate(declaration, site.capacity),
        declaration=declaration,
        in_force=conventions.in_force(today).count(),
        conformity=conformity_of(site, today=today),
        expiring=list(expiring(conventions, today=today)),
        funding=house_year_for(site, today.year),
        year=today.year,
        department=coverage().department(site.department_id),
        deadline=_deadline(site, upcoming, reports, user),
        can_file=can_file_report(user, site),
    )


def _cell(campaign: ReportingCampaign, report: ActivityReport | None, user: Any) -> ReportCell:
    readable = report is not None and can_read_report_figures(user, report)
    return ReportCell(campaign, report, report.occupancy_rate if readable and report else None)


def _deadline(
    site: Site, campaign: ReportingCampaign | None, reports: dict[int, ActivityReport], user: Any
) -> Deadline | None:
    """The next deadline to transmit a report, and where to act on it."""
    if campaign is None:
        return None
    report = reports.get(campaign.pk)
    if report is not None:
        url = report.get_absolute_url()
        if report.is_editable and can_file_report(user, site):
            url = reverse("masp:report_edit", args=[report.pk])
    else:
        url = reverse("masp:my_reports") if can_file_report(user, site) else ""
    return Deadline(campaign, report, url)
