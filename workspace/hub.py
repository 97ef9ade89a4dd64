"""The house as a hub: its last reports, staffing compliance, conventions, funding of the year,
the coverage of its département and its next deadline, each read with the query of its own
area (a fixed number of queries: one house). The campaigns' calendar and the house's
conventions are kept in the cache (workspace/cache.py), the staffing norms by the process
(`Context.cached`, as the staffing pages read them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from funding.figures import Amounts
from masp.coverage.indicators import Coverage, coverage
from masp.models import ActivityReport, ReportingCampaign, Site
from masp.perms import can_file_report, can_read_report_figures
from masp.staffing.queries import Context, latest_declaration
from partners.conformity import Conformity, conformity_of, expiring
from partners.models import Convention
from workspace.cache import CAMPAIGNS, PARTNERS, cached

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
    expiring: int  # conventions in force that expire soon
    funding: Amounts  # the year's total of the house's funding lines
    year: int
    department: Coverage | None
    deadline: Deadline | None
    can_file: bool


def hub_for(site: Site, user: Any, today: dt.date) -> Hub:
    campaigns, upcoming = _calendar(today)
    shown = {c.pk for c in campaigns} | ({upcoming.pk} if upcoming else set())
    reports = {
        report.campaign_id: report
        for report in ActivityReport.objects.filter(site=site, campaign__in=shown).order_by()
    }
    for report in reports.values():
        report.site = site  # the permission checks read it: no query per report
    context = Context.cached()
    declaration = latest_declaration(site)
    in_force, conformity, ending = _conventions(site, today)
    return Hub(
        site=site,
        reports=[_cell(campaign, reports.get(campaign.pk), user) for campaign in campaigns],
        staffing=context.evaluate(declaration, site.capacity),
        declaration=declaration,
        in_force=in_force,
        conformity=conformity,
        expiring=ending,
        funding=_funding(site, today.year),
        year=today.year,
        department=coverage().department(site.department_id),
        deadline=_deadline(site, upcoming, reports, user),
        can_file=can_file_report(user, site),
    )


def _calendar(today: dt.date) -> tuple[list[ReportingCampaign], ReportingCampaign | None]:
    """The campaigns shown (the last ones opened) and the next deadline's, kept for the day
    until a campaign changes."""

    def compute() -> tuple[list[ReportingCampaign], ReportingCampaign | None]:
        campaigns = list(ReportingCampaign.objects.opened(today)[:REPORTS_SHOWN])
        upcoming = (
            ReportingCampaign.objects.filter(deadline__gte=today).order_by("deadline").first()
        )
        return campaigns, upcoming

    return cached(CAMPAIGNS, ("hub:calendar", today), compute)


def _conventions(site: Site, today: dt.date) -> tuple[int, Conformity, int]:
    """The house's conventions in force, its conformity and how many of its conventions
    expire soon, kept for the house and the day until a convention, a partner, a requirement
    or a house changes."""

    def compute() -> tuple[int, Conformity, int]:
        conventions = Convention.objects.filter(site=site)
        return (
            conventions.in_force(today).count(),
            conformity_of(site, today=today),
            expiring(conventions, today=today).count(),
        )

    return cached(PARTNERS, ("hub:conventions", site.pk, today), compute)


def _funding(site: Site, year: int) -> Amounts:
    """The total of the house's funding lines of the year: the `total` of
    `funding.queries.house_year_for`, the only figure of the year the tile shows (the others
    need the year's reports and reference data)."""
    total = Amounts()
    lines = site.funding_lines.filter(year=year).order_by()
    for amounts in lines.values_list("amount_notified", "amount_paid", "amount_spent"):
        total.add(*amounts)
    return total


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
