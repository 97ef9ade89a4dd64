"""The indicators of the indicator-based part: a registry of functions keyed by code.

Each indicator gives, for a house and a year, a value in percent (0-100) or None when it
cannot be measured (then it earns no points). The built-in ones read the masp app; an app
higher in the dependency chain registers its own (the EMSP convention indicator is
registered by `reporting/indicators.py`, since funding may not import partners).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masp.activity.enums import ReportStatus
from masp.activity.models import place_days_expression
from masp.models import ActivityReport, Site
from masp.staffing.enums import ComplianceStatus

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: object
    compute: Callable[[Site, int], Decimal | None]
    unit: str = "%"


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
    totals = ActivityReport.objects.filter(
        site=site, campaign__period_start__year=year, status=ReportStatus.VALIDATED
    ).aggregate(occupied=Sum("occupied_bed_days"), capacity=Sum(place_days_expression()))
    return percent(totals["occupied"] or 0, totals["capacity"] or 0)


def reports_on_time(site: Site, year: int) -> Decimal | None:
    """Share of the year's reports whose deadline has passed that were sent on time (a
    report never sent counts as late)."""
    today = timezone.localdate()
    reports = list(
        ActivityReport.objects.filter(
            site=site, campaign__period_start__year=year, campaign__deadline__lt=today
        ).select_related("campaign")
    )
    return percent(sum(report.is_on_time for report in reports), len(reports))


def staffing_compliance(site: Site, year: int) -> Decimal | None:
    """100 when the latest staffing declaration meets the default norm set; 0 on a gap and on
    a warning (a grid the FTE declared cannot staff never counts as compliant)."""
    from masp.staffing.queries import Context, latest_declaration

    compliance = Context.load().evaluate(latest_declaration(site), site.capacity)
    if compliance is None or compliance.status == ComplianceStatus.NOT_EVALUABLE:
        return None
    return HUNDRED if compliance.status == ComplianceStatus.COMPLIANT else Decimal(0)


def year_end(year: int) -> dt.date:
    """The day an indicator about a year is read: 31 December, or today for the current year."""
    return min(dt.date(year, 12, 31), timezone.localdate())


register(Indicator("occupancy", _("taux d'occupation"), occupancy))
register(Indicator("reports_on_time", _("rapports transmis dans les délais"), reports_on_time))
register(Indicator("staffing_compliance", _("conformité des effectifs"), staffing_compliance))
