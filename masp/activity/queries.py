"""Completeness and indicators of activity reports, computed live from the reports with a
constant number of aggregate queries (cached by masp.activity.cache, drawn by
masp.activity.charts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, Protocol, TypeVar

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from masp.activity.enums import ReportStatus
from masp.activity.fields import DISCHARGE_NAMES, REFUSAL_NAMES, STAY_TYPE_NAMES
from masp.activity.models import place_days_expression
from masp.models import (
    ActivityReport,
    ReportingCampaign,
    Site,
)
from masp.sites.enums import SiteStatus

COUNTED = [ReportStatus.SUBMITTED, ReportStatus.VALIDATED]


@dataclass
class Completeness:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    validated: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.submitted / self.expected) if self.expected else None

    @property
    def fraction(self) -> str:
        """Submitted out of expected ("12/14"), as the table of the regions writes it: a
        hundred and more cells, one string each rather than two numbers to localize."""
        return f"{self.submitted}/{self.expected}"


class House(NamedTuple):
    """What the dashboard reads of a house: a thousand of them nationally, so plain rows
    (a named tuple is built and unpickled several times faster than a dataclass)."""

    pk: int
    name: str
    status: str
    opened_on: dt.date | None
    region_code: str
    region_name: str

    def __str__(self) -> str:
        return self.name


class Expectable(Protocol):
    """What `expected_sites` reads of a house: the dashboard's rows, models (PDF sections),
    named rows (the work queue)."""

    @property
    def pk(self) -> int: ...

    @property
    def status(self) -> str: ...

    @property
    def opened_on(self) -> dt.date | None: ...


class Regional(Expectable, Protocol):
    """A house whose region the completeness table counts it in."""

    @property
    def region_code(self) -> str: ...


HouseRow = TypeVar("HouseRow", bound=Expectable)


def expected_sites(sites: Iterable[HouseRow], campaign: ReportingCampaign) -> list[HouseRow]:
    """The houses expected to report for `campaign`: open, and opened by its end."""
    return [
        site
        for site in sites
        if site.status == SiteStatus.OPEN
        and site.opened_on
        and site.opened_on <= campaign.period_end
    ]


def expected_filter(campaign: ReportingCampaign) -> Q:
    """`expected_sites` as a filter of a query of houses (the reminders')."""
    return Q(status=SiteStatus.OPEN, opened_on__lte=campaign.period_end)


def missing_reports(
    sites: Iterable[HouseRow],
    campaigns: Iterable[ReportingCampaign],
    submitted: Container[tuple[int, int]],
) -> Iterator[tuple[ReportingCampaign, HouseRow]]:
    """The one definition of a missing report, for the work queue and the PDF alerts: a house
    expected for a campaign whose report for it is not submitted (`submitted` holds the
    (house, campaign) pairs that are), campaign by campaign in the order given."""
    for campaign in campaigns:
        for site in expected_sites(sites, campaign):
            if (site.pk, campaign.pk) not in submitted:
                yield campaign, site


def submitted_report(campaign: ReportingCampaign) -> Exists:
    """Whether the house of the outer query has submitted its report for `campaign`."""
    return Exists(
        ActivityReport.objects.filter(
            site=OuterRef("pk"), campaign=campaign, submitted_at__isnull=False
        )
    )


OVERDUE_CAMPAIGNS = 3


class Overdue(NamedTuple):
    """A house without a submitted report for a campaign past its deadline (plain data: the
    list is cached)."""

    site_name: str
    period_start: dt.date
    days: int


def overdue(sites: QuerySet[Site], today: dt.date) -> list[Overdue]:
    """The houses of `sites` without a submitted report for the last campaigns past their
    deadline, the longest overdue first (two queries: the campaigns, then the houses with one
    "submitted?" flag per campaign)."""
    campaigns = list(ReportingCampaign.objects.filter(deadline__lt=today)[:OVERDUE_CAMPAIGNS])
    if not campaigns:
        return []
    flags = {f"submitted_{c.pk}": submitted_report(c) for c in campaigns}
    # Named rows, not model instances: the list only shows the houses' names.
    rows = list(
        sites.filter(status=SiteStatus.OPEN, opened_on__isnull=False)
        .annotate(**flags)
        .values_list("pk", "name", "status", "opened_on", *flags, named=True)
    )
    submitted = {
        (row.pk, campaign.pk)
        for row in rows
        for campaign in campaigns
        if getattr(row, f"submitted_{campaign.pk}")
    }
    # Campaigns come newest first: the longest overdue are the last campaign's.
    return [
        Overdue(site.name, campaign.period_start, (today - campaign.deadline).days)
        for campaign, site in missing_reports(rows, reversed(campaigns), submitted)
    ]


def completeness(
    campaigns: list[ReportingCampaign], sites: Iterable[Regional], reports: Any
) -> dict[tuple[int, str], Completeness]:
    """Completeness per (campaign, region code), plus (campaign, "") for the whole scope;
    `reports` are those of `sites` (a subquery: cheaper than a list of ids)."""
    table: dict[tuple[int, str], Completeness] = {}
    for campaign in campaigns:
        for site in expected_sites(sites, campaign):
            for region in (site.region_code, ""):
                table.setdefault((campaign.pk, region), Completeness()).expected += 1
    rows = (
        reports.filter(campaign__in=campaigns)
        .values("campaign_id", "site__department__region_id")
        .annotate(
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            on_time=Count("pk", filter=Q(submitted_at__date__lte=F("campaign__deadline"))),
            validated=Count("pk", filter=Q(status=ReportStatus.VALIDATED)),
        )
        .order_by()
    )
    for row in rows:
        for region in (row["site__department__region_id"], ""):
            cell = table.setdefault((row["campaign_id"], region), Completeness())
            cell.submitted += row["submitted"]
            cell.on_time += row["on_time"]
            cell.validated += row["validated"]
    return table


def _sum(names: Iterable[str], filter: Q | None = None) -> Any:
    expression: Any = None
    for name in names:
        expression = F(name) if expression is None else expression + F(name)
    return Sum(expression, filter=filter)


INDICATORS = [
    ("occupancy", "Taux d'occupation (%)"),
    ("length_of_stay", "Durée moyenne de séjour (jours)"),
    ("deaths", "Séjours terminés par un décès (%)"),
    ("home", "Sorties vers le domicile (%)"),
    ("refusals", "Demandes refusées (%)"),
    # The national evaluation (form version 2): over the version-2 reports only.
    ("respite", "Admissions en séjour de répit (%)"),
    ("emsp", "Séjours avec intervention de l'EMSP (%)"),
    ("other_department", "Personnes domiciliées hors du département (%)"),
]
# Measured on the reports that declare the national figures (form version 2): a version-1
# report has them empty and must weigh neither the numerator nor the denominator.
NATIONAL = Q(distinct_residents__isnull=False)


def _aggregates() -> dict[str, Any]:
    return {
        "reports": Count("pk"),
        "bed_days": Sum("occupied_bed_days"),
        "capacity": Sum(place_days_expression()),  # the place-days actually available
        "admissions": Sum("admissions"),
        "ended": _sum((*DISCHARGE_NAMES, "deaths")),
        "deaths": Sum("deaths"),
        "home": Sum("discharges_home"),
        "stays": Sum("completed_stays_days"),
        "received": Sum("requests_received"),
        "refused": _sum(REFUSAL_NAMES),
        "adverse_events": Sum("serious_adverse_events"),
        "respite": Sum("stays_respite", filter=NATIONAL),
        # By type rather than `admissions`, which names the aggregate above in the query.
        "typed_admissions": _sum(STAY_TYPE_NAMES, filter=NATIONAL),
        "emsp": Sum("stays_with_emsp", filter=NATIONAL),
        "national_stays": _sum(("residents_start", *STAY_TYPE_NAMES), filter=NATIONAL),
        "other_department": Sum("residents_other_department", filter=NATIONAL),
        "people": Sum("distinct_residents", filter=NATIONAL),
    }


# The names of the sums (building the expressions to read their names cost more than the
# rest of a dashboard's arithmetic).
SUMMED = tuple(_aggregates())


def indicator_sums(reports: Any, by: str | None = None) -> dict[Any, dict[str, Any]]:
    """One aggregate query over the submitted or validated `reports`: the sums behind the
    indicators (under "sums") and the indicators themselves, grouped by the field `by` (a
    key per value), or for all the reports together (key None)."""
    counted = reports.filter(status__in=COUNTED)
    if by is None:
        total = counted.aggregate(**_aggregates())
        return {None: {"sums": _sums(total), **_ratios(total)}}
    rows = counted.values(by).annotate(**_aggregates()).order_by()
    return {row[by]: {"sums": _sums(row), **_ratios(row)} for row in rows}


def combined(groups: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The figures of several groups of `indicator_sums` taken together, without a query:
    the sums add up and the indicators are computed again from them."""
    sums = dict.fromkeys(SUMMED, 0)
    for figures in groups:
        for key, value in figures["sums"].items():
            sums[key] += value
    return {"sums": sums, **_ratios(sums)}


def indicators_by_campaign(reports: Any) -> dict[int, dict[str, Decimal | None]]:
    """One aggregate query: the indicators of every campaign over `reports` (submitted or
    validated reports only: drafts and returned reports are not figures yet)."""
    return {
        campaign: {key: value for key, value in figures.items() if key != "sums"}
        for campaign, figures in indicator_sums(reports, "campaign_id").items()
    }


def _sums(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] or 0 for key in SUMMED}


def _ratio(numerator: Any, denominator: Any, scale: int = 100) -> Decimal | None:
    if not denominator or numerator is None:
        return None
    return (Decimal(numerator) * scale / Decimal(denominator)).quantize(Decimal("0.1"))


def _ratios(row: dict[str, Any]) -> dict[str, Decimal | None]:
    return {
        "occupancy": _ratio(row["bed_days"], row["capacity"]),
        "length_of_stay": _ratio(row["stays"], row["ended"], scale=1),
        "deaths": _ratio(row["deaths"], row["ended"]),
        "home": _ratio(row["home"], row["ended"]),
        "refusals": _ratio(row["refused"], row["received"]),
        "respite": _ratio(row["respite"], row["typed_admissions"]),
        "emsp": _ratio(row["emsp"], row["national_stays"]),
        "other_department": _ratio(row["other_department"], row["people"]),
    }


def report_prefill(report: ActivityReport) -> dict[str, int]:
    """What the form knows before the coordinator types: the house's places, the days of the
    period (open all of it unless the house opened or closed during it) and the residents at
    the start, those at the end of the house's previous report. One query."""
    period = report.campaign.period
    site = report.site
    first = max(period.start, site.opened_on or period.start)
    last = min(period.end, site.closed_on or period.end)
    values = {
        "places_installed": site.capacity,
        "days_open": max(0, (last - first).days + 1),
    }
    previous = (
        ActivityReport.objects.filter(
            site=site, campaign__period_end__lt=period.start, residents_end__isnull=False
        )
        .order_by("-campaign__period_start")
        .values_list("residents_end", flat=True)
        .first()
    )
    if previous is not None:
        values["residents_start"] = previous
    return values
