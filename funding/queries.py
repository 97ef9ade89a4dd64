"""Loaders for the derived figures: they read the rows with a fixed number of queries and hand
them to the pure functions of `funding.figures`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from accounts.scopes import scope_for
from funding.cache import year_reference
from funding.figures import (
    ZERO,
    HouseYear,
    LineSum,
    MonthReport,
    RegionYear,
    SourceRow,
    house_year_figures,
    region_year_figures,
)
from funding.models import (
    FundingLine,
    FundingSource,
    RegionalEnvelope,
)
from masp.activity.enums import ReportStatus
from masp.activity.models import place_days_expression, sent_on_time
from masp.models import ActivityReport, Site
from territories.models import Region


def report_months(start: dt.date, end: dt.date, year: int) -> tuple[int, ...]:
    return tuple(
        month
        for month in range(1, 13)
        if dt.date(year, month, 1) <= end and start < _next_month(year, month)
    )


def _next_month(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class YearReport:
    """What the figures and the indicators read of one report of the year (values, not
    models: a house has a dozen a year and its page reads them on every visit)."""

    status: str
    submitted_at: dt.datetime | None
    places_installed: int | None
    occupied_bed_days: int | None
    place_days: int | None  # `place_days_expression()`: the occupancy's one rule
    period_start: dt.date
    period_end: dt.date
    deadline: dt.date

    @property
    def is_on_time(self) -> bool:
        """`ActivityReport.is_on_time` on these values."""
        return sent_on_time(self.submitted_at, self.deadline)


def year_reports(site: Site, year: int) -> list[YearReport]:
    """The house's reports of the year's campaigns, whatever their status, in one query: what
    the figures (the validated ones) and the indicators (occupancy, reports on time) read."""
    rows = (
        ActivityReport.objects.filter(site=site, campaign__period_start__year=year)
        .annotate(funding_place_days=place_days_expression())
        # The model's order (period, then house name) for one house.
        .order_by("-campaign__period_start")
        .values_list(
            "status",
            "submitted_at",
            "places_installed",
            "occupied_bed_days",
            "funding_place_days",
            "campaign__period_start",
            "campaign__period_end",
            "campaign__deadline",
        )
    )
    return [YearReport(*row) for row in rows]


def validated_reports(
    site: Site, year: int, reports: list[YearReport] | None = None
) -> list[MonthReport]:
    """The validated reports of the year (from `year_reports` when already read)."""
    if reports is None:
        reports = year_reports(site, year)
    return [
        MonthReport(
            report_months(report.period_start, report.period_end, year),
            report.places_installed,
            report.occupied_bed_days,
            report.period_start,
        )
        for report in reports
        if report.status == ReportStatus.VALIDATED
    ]


def house_year_for(
    site: Site,
    year: int,
    *,
    lines: list[FundingLine] | None = None,
    reports: list[YearReport] | None = None,
) -> HouseYear:
    """`lines` (the house's lines of the year) and `reports` (`year_reports`) when the caller
    has already read them."""
    if lines is None:
        lines = list(site.funding_lines.filter(year=year))
    reference = year_reference(year)
    return house_year_figures(
        year=year,
        opened_on=site.opened_on,
        closed_on=site.closed_on,
        capacity=site.capacity,
        lines=lines,
        reports=validated_reports(site, year, reports),
        reference=reference.reference,
        daily_fees=reference.daily_fees,
    )


def site_years(site: Site, current: int) -> list[int]:
    """The years shown for a house: those with lines, and the current one."""
    years = set(site.funding_lines.values_list("year", flat=True)) | {current}
    return sorted(years, reverse=True)


def line_sums(lines: QuerySet[FundingLine]) -> list[LineSum]:
    rows = lines.values("site_id", "source_id", "nature").annotate(
        n=Sum("amount_notified"), p=Sum("amount_paid"), s=Sum("amount_spent")
    )
    return [
        LineSum(row["site_id"], row["source_id"], row["n"], row["p"], row["s"], row["nature"])
        for row in rows.order_by()
    ]


def region_year_for(
    region: Region, year: int, user: Any, envelopes: dict[Any, Decimal] | None = None
) -> RegionYear:
    """The regional table for `user`: their visible houses of the region (their pk and name
    only), the region's envelopes (`envelopes`, by source, when the caller has read them).
    Five queries whatever the number of houses and lines (four with `envelopes`)."""
    sources = list(FundingSource.objects.for_year(year))
    sites = list(
        Site.objects.visible_to(user).in_region(region).order_by("name", "pk").only("pk", "name")
    )
    if envelopes is None:
        envelopes = dict(
            RegionalEnvelope.objects.filter(region=region, year=year).values_list(
                "source_id", "amount_notified"
            )
        )
    lines = FundingLine.objects.visible_to(user).in_region(region.code).filter(year=year)
    return region_year_figures(
        year=year, sources=sources, sites=sites, envelopes=envelopes, sums=line_sums(lines)
    )


@dataclass
class RegionSummary:
    region: Region
    houses: int
    row: SourceRow


def national_summary(year: int, user: Any) -> tuple[list[RegionSummary], SourceRow]:
    """One row per region the user may see (four queries), and the total of the rows."""
    regions = Region.objects.all().order_by("code")
    envelopes = RegionalEnvelope.objects.filter(year=year)
    scope = scope_for(user)
    if not scope.is_national:
        codes = scope.region_codes | scope.coordinated_region_codes
        regions, envelopes = regions.filter(code__in=codes), envelopes.filter(region_id__in=codes)
    envelope_by_region = dict(
        envelopes.values("region_id")
        .annotate(t=Sum("amount_notified"))
        .values_list("region_id", "t")
    )
    lines = (
        FundingLine.objects.visible_to(user)
        .filter(year=year)
        .values("site__department__region_id")
        .annotate(
            n=Sum("amount_notified"),
            p=Sum("amount_paid"),
            s=Sum("amount_spent"),
        )
        .order_by()
    )
    sums = {row["site__department__region_id"]: row for row in lines}
    houses = dict(
        Site.objects.visible_to(user)
        .values("department__region_id")
        .annotate(c=Count("pk"))
        .order_by()
        .values_list("department__region_id", "c")
    )
    rows: list[RegionSummary] = []
    total = SourceRow(None, ZERO)
    for region in regions:
        data = sums.get(region.code, {})
        row = SourceRow(
            region,
            envelope_by_region.get(region.code),
            data.get("n") or ZERO,
            data.get("p") or ZERO,
            data.get("s") or ZERO,
        )
        if row.envelope is None and not data and not houses.get(region.code):
            continue
        rows.append(RegionSummary(region, houses.get(region.code, 0), row))
        total.envelope = (total.envelope or ZERO) + (row.envelope or ZERO)
        total.allocated += row.allocated
        total.paid += row.paid
        total.spent += row.spent
    return rows, total


def allocated_in_region(
    *, region_code: str, year: int, source_id: Any, exclude: Any = None
) -> Decimal:
    """Sum notified to the region's houses for a year and a source (all houses, no scope)."""
    lines = FundingLine.objects.in_region(region_code).filter(year=year, source_id=source_id)
    if exclude is not None:
        lines = lines.filter(~Q(pk=exclude))
    return lines.aggregate(t=Sum("amount_notified"))["t"] or ZERO
