"""Derived funding figures: the one place where they are computed (see docs/funding.md).

The `*_figures` functions are pure (plain values in, dataclasses out) and tested with
hand-computed cases; the `*_for` functions load what they need with a fixed number of queries.
Money is Decimal, rounded to the cent half-up; a total is always the sum of its rounded parts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from funding.enums import FundingNature

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
NARROW_NBSP = "\u202f"


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_euros(value: Decimal) -> str:
    """1234567.8 -> "1 234 567,80 €" (narrow no-break spaces), from the Decimal itself."""
    sign = "-" if value < 0 else ""
    whole, decimals = f"{abs(cents(value)):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{NARROW_NBSP.join(groups)},{decimals}{NARROW_NBSP}€"


def split_cents(exact: list[Decimal]) -> list[Decimal]:
    """Round parts so that they add up to the rounded exact total: each part is the step of
    the rounded running total (12 months of 1,000,000 / 12 give exactly 1,000,000.00)."""
    parts, running, previous = [], Decimal(0), ZERO
    for value in exact:
        running += value
        rounded = cents(running)
        parts.append(rounded - previous)
        previous = rounded
    return parts


class Reference(Protocol):
    annual_cost: Decimal
    capacity_min: int
    capacity_max: int


class DailyFee(Protocol):
    valid_from: dt.date
    amount: Decimal
    source_note: str


def reference_annual_cost(reference: Reference, places: int) -> Decimal:
    """The reference cost for a house of `places` (exact): the band's amount inside the band,
    pro rata per place outside it (per place of the band's nearest bound)."""
    annual = Decimal(reference.annual_cost)
    if places > reference.capacity_max:
        return annual * places / reference.capacity_max
    if places < reference.capacity_min:
        return annual * places / reference.capacity_min
    return annual


def days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def days_open_by_month(
    opened_on: dt.date | None, closed_on: dt.date | None, year: int
) -> dict[int, int]:
    """Days open in each month of `year`, from the opening day (included) to the closing day
    (excluded: the house is closed that day); months without an open day are left out."""
    if opened_on is None:
        return {}
    days: dict[int, int] = {}
    for month in range(1, 13):
        start = max(dt.date(year, month, 1), opened_on)
        end = _next_month(year, month)
        if closed_on is not None:
            end = min(end, closed_on)
        if end > start:
            days[month] = (end - start).days
    return days


def _next_month(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


def months_open(opened_on: dt.date | None, closed_on: dt.date | None, year: int) -> list[int]:
    """The months of `year` in which the house was open at least one day."""
    return sorted(days_open_by_month(opened_on, closed_on, year))


def prorated(annual: Decimal, open_days: int, year: int) -> Decimal:
    """An annual amount for the days open in `year`, rounded to the cent."""
    return cents(Decimal(annual) * open_days / days_in_year(year))


@dataclass
class Amounts:
    notified: Decimal = ZERO
    paid: Decimal = ZERO
    spent: Decimal | None = None  # None while no line of the group has a declared spending

    def add(self, notified: Decimal, paid: Decimal, spent: Decimal | None) -> None:
        self.notified += notified
        self.paid += paid
        if spent is not None:
            self.spent = (self.spent or ZERO) + spent


class LineLike(Protocol):
    source_id: Any
    kind: str
    nature: str
    amount_notified: Decimal
    amount_paid: Decimal
    amount_spent: Decimal | None


@dataclass(frozen=True)
class MonthReport:
    """What a validated activity report brings: its months, places and occupied bed-days, and
    the first day of its period (the residents' daily fee in force that day applies)."""

    months: tuple[int, ...]
    places: int | None
    occupied_bed_days: int | None
    start: dt.date | None = None


RUNNING, INVESTMENT, START_UP = (
    FundingNature.RUNNING,
    FundingNature.INVESTMENT,
    FundingNature.START_UP,
)


@dataclass
class HouseYear:
    year: int
    days_by_month: dict[int, int]
    places_by_month: dict[int, int]
    by_source: dict[Any, Amounts]
    by_kind: dict[str, Amounts]
    by_nature: dict[str, Amounts]
    total: Amounts
    occupied_bed_days: int | None
    reference_by_month: dict[int, Decimal]
    reference_cost: Decimal | None
    daily_fees: list[Any]  # the fees in force during the year
    residents_contributions: Decimal | None  # Σ occupied bed-days × fee in force
    funding_per_place: Decimal | None  # running money, per place and per full year
    cost_per_bed_day: Decimal | None  # running spending
    funding_gap: Decimal | None  # running notified − reference
    spending_gap: Decimal | None  # running spent − reference

    @property
    def months(self) -> list[int]:
        return sorted(self.days_by_month)

    @property
    def months_open(self) -> int:
        return len(self.days_by_month)

    @property
    def days_open(self) -> int:
        return sum(self.days_by_month.values())

    @property
    def days_in_year(self) -> int:
        return days_in_year(self.year)

    @property
    def running(self) -> Amounts:
        return self.by_nature.get(RUNNING, Amounts())

    @property
    def investment(self) -> Amounts:
        return self.by_nature.get(INVESTMENT, Amounts())

    @property
    def start_up(self) -> Amounts:
        return self.by_nature.get(START_UP, Amounts())

    @property
    def daily_fee(self) -> Decimal | None:
        return self.daily_fees[-1].amount if self.daily_fees else None

    @property
    def public_and_residents(self) -> Decimal | None:
        """Running money notified plus the residents' estimated contributions."""
        if self.residents_contributions is None:
            return None
        return self.running.notified + self.residents_contributions

    @property
    def mean_places(self) -> Decimal | None:
        """Places weighted by the days open."""
        if not self.days_open:
            return None
        place_days = sum(self.places_by_month[m] * d for m, d in self.days_by_month.items())
        return (Decimal(place_days) / self.days_open).quantize(CENT)


def fees_in_year(fees: Iterable[DailyFee], year: int) -> list[DailyFee]:
    """The fees in force at some point of `year`, oldest first."""
    ordered = sorted(fees, key=lambda fee: fee.valid_from)
    first = dt.date(year, 1, 1)
    before = [fee for fee in ordered if fee.valid_from <= first][-1:]
    return before + [fee for fee in ordered if first < fee.valid_from <= dt.date(year, 12, 31)]


def fee_on(fees: list[DailyFee], day: dt.date) -> Decimal | None:
    in_force = [fee for fee in fees if fee.valid_from <= day]
    return in_force[-1].amount if in_force else None


def residents_contributions(
    reports: list[MonthReport], fees: list[DailyFee], year: int
) -> Decimal | None:
    """Occupied bed-days of each validated report × the daily fee in force on its first day."""
    total, known = ZERO, False
    for report in reports:
        fee = fee_on(fees, report.start or dt.date(year, 1, 1))
        if report.occupied_bed_days is None or fee is None:
            continue
        total += report.occupied_bed_days * Decimal(fee)
        known = True
    return cents(total) if known else None


def house_year_figures(
    *,
    year: int,
    opened_on: dt.date | None,
    closed_on: dt.date | None,
    capacity: int,
    lines: Iterable[LineLike],
    reports: Iterable[MonthReport],
    reference: Reference | None,
    daily_fees: Iterable[DailyFee] = (),
) -> HouseYear:
    by_source: dict[Any, Amounts] = defaultdict(Amounts)
    by_kind: dict[str, Amounts] = defaultdict(Amounts)
    by_nature: dict[str, Amounts] = defaultdict(Amounts)
    total = Amounts()
    for line in lines:
        values = (line.amount_notified, line.amount_paid, line.amount_spent)
        for group in (by_source[line.source_id], by_kind[line.kind], by_nature[line.nature], total):
            group.add(*values)
    days = days_open_by_month(opened_on, closed_on, year)
    reports = list(reports)
    report_places = {m: r.places for r in reports for m in r.months if r.places is not None}
    places = {month: report_places.get(month, capacity) for month in days}
    bed_days = [r.occupied_bed_days for r in reports if r.occupied_bed_days is not None]
    occupied = sum(bed_days) if bed_days else None
    by_month = _reference_by_month(reference, places, days, year)
    reference_cost = sum(by_month.values(), ZERO) if reference is not None else None
    fees = sorted(daily_fees, key=lambda fee: fee.valid_from)
    running = by_nature.get(RUNNING, Amounts())
    place_days = sum(places[month] * count for month, count in days.items())
    return HouseYear(
        year=year,
        days_by_month=days,
        places_by_month=places,
        by_source=dict(by_source),
        by_kind=dict(by_kind),
        by_nature=dict(by_nature),
        total=total,
        occupied_bed_days=occupied,
        reference_by_month=by_month,
        reference_cost=reference_cost,
        daily_fees=fees_in_year(fees, year),
        residents_contributions=residents_contributions(reports, fees, year),
        # Per place and per full year open: running notified ÷ (place-days ÷ days of the year).
        funding_per_place=(
            cents(running.notified * days_in_year(year) / place_days) if place_days else None
        ),
        cost_per_bed_day=(
            cents(running.spent / occupied) if occupied and running.spent is not None else None
        ),
        funding_gap=running.notified - reference_cost if reference_cost is not None else None,
        spending_gap=(
            running.spent - reference_cost
            if reference_cost is not None and running.spent is not None
            else None
        ),
    )


def _reference_by_month(
    reference: Reference | None, places: dict[int, int], days: dict[int, int], year: int
) -> dict[int, Decimal]:
    """The reference cost of each open month: the annual reference for the month's places ×
    days open in the month ÷ days in the year, rounded so that the months add up to the
    rounded exact total."""
    if reference is None:
        return {}
    months = sorted(days)
    total_days = days_in_year(year)
    exact = [
        reference_annual_cost(reference, places[month]) * days[month] / total_days
        for month in months
    ]
    return dict(zip(months, split_cents(exact), strict=True))


@dataclass
class SourceRow:
    source: Any
    envelope: Decimal | None = None
    allocated: Decimal = ZERO
    paid: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal | None:
        return None if self.envelope is None else self.envelope - self.allocated

    @property
    def over_allocated(self) -> bool:
        return self.envelope is not None and self.allocated > self.envelope


@dataclass
class HouseRow:
    site: Any
    by_source: dict[Any, Decimal] = field(default_factory=dict)
    by_nature: dict[str, Decimal] = field(default_factory=dict)
    total: Amounts = field(default_factory=Amounts)

    @property
    def running(self) -> Decimal:
        return self.by_nature.get(RUNNING, ZERO)

    @property
    def investment(self) -> Decimal:
        return self.by_nature.get(INVESTMENT, ZERO)

    @property
    def start_up(self) -> Decimal:
        return self.by_nature.get(START_UP, ZERO)

    def cells(self, sources: list[Any]) -> list[Decimal | None]:
        return [self.by_source.get(source.pk) for source in sources]


@dataclass
class RegionYear:
    year: int
    sources: list[SourceRow]
    houses: list[HouseRow]
    total: SourceRow


@dataclass(frozen=True)
class LineSum:
    """One aggregate row: a house's notified, paid and spent amounts for one source and one
    nature."""

    site_id: int
    source_id: Any
    notified: Decimal
    paid: Decimal
    spent: Decimal | None
    nature: str = RUNNING


def region_year_figures(
    *,
    year: int,
    sources: list[Any],
    sites: list[Any],
    envelopes: dict[Any, Decimal],
    sums: Iterable[LineSum],
) -> RegionYear:
    rows = {source.pk: SourceRow(source, envelopes.get(source.pk)) for source in sources}
    houses = {site.pk: HouseRow(site) for site in sites}
    for item in sums:
        if item.source_id not in rows:
            rows[item.source_id] = SourceRow(item.source_id)
        row = rows[item.source_id]
        row.allocated += item.notified
        row.paid += item.paid
        row.spent += item.spent or ZERO
        house = houses.get(item.site_id)
        if house is not None:
            house.by_source[item.source_id] = (
                house.by_source.get(item.source_id, ZERO) + item.notified
            )
            house.by_nature[item.nature] = house.by_nature.get(item.nature, ZERO) + item.notified
            house.total.add(item.notified, item.paid, item.spent)
    total = SourceRow(None, sum((r.envelope or ZERO for r in rows.values()), ZERO))
    for row in rows.values():
        total.allocated += row.allocated
        total.paid += row.paid
        total.spent += row.spent
    return RegionYear(year, list(rows.values()), list(houses.values()), total)
