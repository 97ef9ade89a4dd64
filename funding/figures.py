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
    daily_fee: Decimal


def reference_annual_cost(reference: Reference, places: int) -> Decimal:
    """The reference cost for a house of `places` (exact): the band's amount inside the band,
    pro rata per place outside it (per place of the band's nearest bound)."""
    annual = Decimal(reference.annual_cost)
    if places > reference.capacity_max:
        return annual * places / reference.capacity_max
    if places < reference.capacity_min:
        return annual * places / reference.capacity_min
    return annual


def months_open(opened_on: dt.date | None, closed_on: dt.date | None, year: int) -> list[int]:
    """The months of `year` in which the house was open at least one day."""
    if opened_on is None or opened_on.year > year or (closed_on and closed_on.year < year):
        return []
    first = opened_on.month if opened_on.year == year else 1
    last = closed_on.month if closed_on and closed_on.year == year else 12
    return list(range(first, last + 1))


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
    amount_notified: Decimal
    amount_paid: Decimal
    amount_spent: Decimal | None


@dataclass(frozen=True)
class MonthReport:
    """What a validated activity report brings: its months, places and occupied bed-days."""

    months: tuple[int, ...]
    places: int | None
    occupied_bed_days: int | None


@dataclass
class HouseYear:
    year: int
    months: list[int]
    places_by_month: dict[int, int]
    by_source: dict[Any, Amounts]
    by_kind: dict[str, Amounts]
    total: Amounts
    occupied_bed_days: int | None
    reference_by_month: dict[int, Decimal]
    reference_cost: Decimal | None
    daily_fee: Decimal | None
    funding_per_place: Decimal | None
    cost_per_bed_day: Decimal | None
    funding_gap: Decimal | None  # notified - reference
    spending_gap: Decimal | None  # spent - reference

    @property
    def months_open(self) -> int:
        return len(self.months)

    @property
    def mean_places(self) -> Decimal | None:
        if not self.months:
            return None
        return (Decimal(sum(self.places_by_month.values())) / len(self.months)).quantize(CENT)


def house_year_figures(
    *,
    year: int,
    opened_on: dt.date | None,
    closed_on: dt.date | None,
    capacity: int,
    lines: Iterable[LineLike],
    reports: Iterable[MonthReport],
    reference: Reference | None,
) -> HouseYear:
    by_source: dict[Any, Amounts] = defaultdict(Amounts)
    by_kind: dict[str, Amounts] = defaultdict(Amounts)
    total = Amounts()
    for line in lines:
        values = (line.amount_notified, line.amount_paid, line.amount_spent)
        for group in (by_source[line.source_id], by_kind[line.kind], total):
            group.add(*values)
    months = months_open(opened_on, closed_on, year)
    reports = list(reports)
    report_places = {m: r.places for r in reports for m in r.months if r.places is not None}
    places = {month: report_places.get(month, capacity) for month in months}
    bed_days = [r.occupied_bed_days for r in reports if r.occupied_bed_days is not None]
    occupied = sum(bed_days) if bed_days else None
    by_month = _reference_by_month(reference, places)
    reference_cost = sum(by_month.values(), ZERO) if reference is not None else None
    place_months = sum(places.values())
    return HouseYear(
        year=year,
        months=months,
        places_by_month=places,
        by_source=dict(by_source),
        by_kind=dict(by_kind),
        total=total,
        occupied_bed_days=occupied,
        reference_by_month=by_month,
        reference_cost=reference_cost,
        daily_fee=reference.daily_fee if reference is not None else None,
        # Per place and per year open: notified ÷ (place-months ÷ 12).
        funding_per_place=cents(total.notified * 12 / place_months) if place_months else None,
        cost_per_bed_day=(
            cents(total.spent / occupied) if occupied and total.spent is not None else None
        ),
        funding_gap=total.notified - reference_cost if reference_cost is not None else None,
        spending_gap=(
            total.spent - reference_cost
            if reference_cost is not None and total.spent is not None
            else None
        ),
    )


def _reference_by_month(reference: Reference | None, places: dict[int, int]) -> dict[int, Decimal]:
    """The reference cost of each open month: a twelfth of the annual reference for the
    month's places, rounded so that the months add up to the rounded exact total."""
    if reference is None:
        return {}
    months = sorted(places)
    exact = [reference_annual_cost(reference, places[month]) / 12 for month in months]
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
    total: Amounts = field(default_factory=Amounts)

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
    """One aggregate row: a house's notified, paid and spent amounts for one source."""

    site_id: int
    source_id: Any
    notified: Decimal
    paid: Decimal
    spent: Decimal | None


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
            house.by_source[item.source_id] = item.notified
            house.total.add(item.notified, item.paid, item.spent)
    total = SourceRow(None, sum((r.envelope or ZERO for r in rows.values()), ZERO))
    for row in rows.values():
        total.allocated += row.allocated
        total.paid += row.paid
        total.spent += row.spent
    return RegionYear(year, list(rows.values()), list(houses.values()), total)
