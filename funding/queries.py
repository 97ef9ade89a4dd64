"""Loaders for the derived figures: they read the rows with a fixed number of queries and hand
them to the pure functions of `funding.figures`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from accounts.scopes import scope_for
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
    ReferenceCost,
    RegionalEnvelope,
    ResidentDailyFee,
)
from masp.activity.enums import ReportStatus
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


def validated_reports(site: Site, year: int) -> list[MonthReport]:
    rows = ActivityReport.objects.filter(
        site=site, status=ReportStatus.VALIDATED, campaign__period_start__year=year
    ).values_list(
        "campaign__period_start", "campaign__period_end", "places_installed", "occupied_bed_days"
    )
    return [
        MonthReport(report_months(start, end, year), places, bed_days, start)
        for start, end, places, bed_days in rows
    ]


def house_year_for(site: Site, year: int) -> HouseYear:
    return house_year_figures(
        year=year,
        opened_on=site.opened_on,
        closed_on=site.closed_on,
        capacity=site.capacity,
        lines=list(site.funding_lines.filter(year=year)),
        reports=validated_reports(site, year),
        reference=ReferenceCost.objects.for_year(year),
        daily_fees=list(ResidentDailyFee.objects.filter(valid_from__year__lte=year)),
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


def region_year_for(region: Region, year: int, user: Any) -> RegionYear:
    """The regional table for `user`: their visible houses of the region, the region's
    envelopes. Five queries whatever the number of houses and lines."""
    sources = list(FundingSource.objects.for_year(year))
    sites = list(Site.objects.visible_to(user).in_region(region).order_by("name", "pk"))
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
