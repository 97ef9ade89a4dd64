"""The indicators of the indicator-based part: a registry of functions keyed by code.

Each indicator gives, for a house and a year, a value in percent (0-100) or None when it
cannot be measured (then it earns no points). The built-in ones read the masp app; an app
higher in the dependency chain registers its own (the EMSP convention indicator is
registered by `reporting/indicators.py`, since funding may not import partners).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funding.queries import YearReport, year_reports
from masp.activity.enums import ReportStatus
from masp.models import Site
from masp.staffing.enums import ComplianceStatus
from masp.staffing.queries import Context, latest_declaration

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: object
    compute: Callable[[Site, int], Decimal | None]
    unit: str = "%"
    # Indicators that read the same rows share a loader (`loader(site, year)`), which the
    # simulation calls once for all of them, then `from_loaded(rows, year)` gives the value
    # (`compute` stays the one-indicator path). The built-in ones share the year's reports
    # (`funding.queries.year_reports`), which the house page also reads for the figures.
    loader: Callable[[Site, int], Any] | None = None
    from_loaded: Callable[[Any, int], Decimal | None] | None = None


REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Add (or replace, on a reload) an indicator; rules name it by its code."""
    REGISTRY[indicator.code] = indicator
    return indicator


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    return (
        None if not whole else (HUNDRED * Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"))
    )


def occupancy(site: Site, year: int) -> Decimal | None:
    """Occupied bed-days over the place-days available (the activity reports' one rule,
    `place_days_expression`), on the year's validated reports."""
    return occupancy_of(year_reports(site, year), year)


def occupancy_of(reports: Sequence[YearReport], year: int) -> Decimal | None:
    """`occupancy` from `year_reports` (sums as SQL's: a missing figure is left out)."""
    validated = [report for report in reports if report.status == ReportStatus.VALIDATED]
    occupied = [r.occupied_bed_days for r in validated if r.occupied_bed_days is not None]
    capacity = [r.place_days for r in validated if r.place_days is not None]
    return percent(sum(occupied), sum(capacity))


def reports_on_time(site: Site, year: int) -> Decimal | None:
    """Share of the year's reports whose deadline has passed that were sent on time (a
    report never sent counts as late)."""
    return reports_on_time_of(year_reports(site, year), year)


def reports_on_time_of(reports: Sequence[YearReport], year: int) -> Decimal | None:
    """`reports_on_time` from `year_reports`."""
    today = timezone.localdate()
    due = [report for report in reports if report.deadline < today]
    return percent(sum(report.is_on_time for report in due), len(due))


def staffing_compliance(site: Site, year: int) -> Decimal | None:
    """100 when the latest staffing declaration meets the default norm set; 0 on a gap and on
    a warning (a grid the FTE declared cannot staff never counts as compliant)."""
    compliance = Context.cached().evaluate(latest_declaration(site), site.capacity)
    if compliance is None or compliance.status == ComplianceStatus.NOT_EVALUABLE:
        return None
    return HUNDRED if compliance.status == ComplianceStatus.COMPLIANT else Decimal(0)


def year_end(year: int) -> dt.date:
    """The day an indicator about a year is read: 31 December, or today for the current year."""
    return min(dt.date(year, 12, 31), timezone.localdate())


register(
    Indicator(
        "occupancy",
        _("taux d'occupation"),
        occupancy,
        loader=year_reports,
        from_loaded=occupancy_of,
    )
)
register(
    Indicator(
        "reports_on_time",
        _("rapports transmis dans les délais"),
        reports_on_time,
        loader=year_reports,
        from_loaded=reports_on_time_of,
    )
)
register(Indicator("staffing_compliance", _("conformité des effectifs"), staffing_compliance))
