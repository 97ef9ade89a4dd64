"""Derived figures, checked against amounts computed by hand (see docs/funding.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from funding.figures import (
    LineSum,
    MonthReport,
    cents,
    format_euros,
    house_year_figures,
    months_open,
    reference_annual_cost,
    region_year_figures,
    split_cents,
)

D = Decimal
REFERENCE = SimpleNamespace(
    annual_cost=D("1000000.00"), capacity_min=12, capacity_max=15, daily_fee=D("20.00")
)


def line(
    source: str,
    notified: str,
    paid: str = "0",
    spent: str | None = None,
    kind: str = "operating_allocation",
):
    return SimpleNamespace(
        source_id=source,
        kind=kind,
        amount_notified=D(notified),
        amount_paid=D(paid),
        amount_spent=None if spent is None else D(spent),
    )


def figures(**kwargs):
    defaults = {
        "year": 2026,
        "opened_on": dt.date(2025, 6, 1),
        "closed_on": None,
        "capacity": 12,
        "lines": [],
        "reports": [],
        "reference": REFERENCE,
    }
    return house_year_figures(**{**defaults, **kwargs})


def test_cents_round_half_up() -> None:
    assert cents(D("0.005")) == D("0.01")
    assert cents(D("2.675")) == D("2.68")
    assert cents(D("-2.675")) == D("-2.68")
    assert cents(D("83333.3333")) == D("83333.33")


def test_split_cents_parts_add_up_to_the_rounded_total() -> None:
    parts = split_cents([D(1000000) / 12] * 12)
    assert sum(parts) == D("1000000.00")
    assert parts[:3] == [D("83333.33"), D("83333.34"), D("83333.33")]
    assert all(part == cents(part) for part in parts)


@pytest.mark.parametrize(
    ("opened", "closed", "expected"),
    [
        (dt.date(2026, 3, 1), None, list(range(3, 13))),
        (dt.date(2026, 3, 20), None, list(range(3, 13))),
        (dt.date(2025, 1, 1), None, list(range(1, 13))),
        (dt.date(2025, 1, 1), dt.date(2026, 6, 15), list(range(1, 7))),
        (dt.date(2027, 1, 1), None, []),
        (dt.date(2024, 1, 1), dt.date(2025, 12, 31), []),
        (None, None, []),
    ],
)
def test_months_open(opened, closed, expected) -> None:
    assert months_open(opened, closed, 2026) == expected


@pytest.mark.parametrize(
    ("places", "expected"),
    [(12, "1000000"), (15, "1000000"), (20, "1333333.33"), (8, "666666.67"), (30, "2000000")],
)
def test_reference_cost_in_and_out_of_the_band(places: int, expected: str) -> None:
    assert cents(reference_annual_cost(REFERENCE, places)) == D(expected)


def test_partial_year() -> None:
    """Opened on 1 March 2026, 12 places: 10 months of the 1,000,000 reference."""
    result = figures(opened_on=dt.date(2026, 3, 1), lines=[line("ondam", "850000", "600000")])
    assert result.months_open == 10
    # 1,000,000 × 10 / 12 = 833,333.333... -> 833,333.33; the months add up to it exactly.
    assert result.reference_cost == D("833333.33")
    assert sum(result.reference_by_month.values()) == result.reference_cost
    assert result.funding_gap == D("16666.67")  # 850,000 − 833,333.33
    # Per place and per year open: 850,000 × 12 / (12 places × 10 months) = 85,000.
    assert result.funding_per_place == D("85000.00")
    assert result.spending_gap is None


def test_capacity_change_read_from_validated_reports() -> None:
    """Open all year with 12 places, 18 places from July (validated monthly reports)."""
    reports = [MonthReport((month,), 18, 400) for month in range(7, 13)]
    result = figures(lines=[line("ondam", "1100000", spent="1050000")], reports=reports)
    # Jan-Jun: 6 × 1,000,000/12 = 500,000; Jul-Dec: 18 places -> 1,000,000 × 18/15 = 1,200,000
    # a year, 6 months = 600,000. Total 1,100,000.
    assert result.reference_cost == D("1100000.00")
    assert result.places_by_month[6] == 12
    assert result.places_by_month[7] == 18
    assert result.mean_places == D("15.00")
    # 1,100,000 × 12 / (6×12 + 6×18 = 180 place-months) = 73,333.333... -> 73,333.33
    assert result.funding_per_place == D("73333.33")
    # 1,050,000 spent / (6 × 400 = 2,400 bed-days) = 437.50
    assert result.occupied_bed_days == 2400
    assert result.cost_per_bed_day == D("437.50")
    assert result.spending_gap == D("-50000.00")


def test_no_validated_report_means_no_cost_per_bed_day() -> None:
    result = figures(lines=[line("ondam", "1000000", spent="990000")], reports=[])
    assert result.occupied_bed_days is None
    assert result.cost_per_bed_day is None
    assert result.reference_cost == D("1000000.00")
    assert result.spending_gap == D("-10000.00")


def test_several_sources_and_kinds() -> None:
    lines = [
        line("ondam", "900000", "675000", "880000.50"),
        line("fir", "35000.25", "35000.25", "34999.99", kind="non_recurring"),
        line("fiss", "60000", "30000", None, kind="start_up"),
    ]
    reports = [MonthReport((month,), 12, 300) for month in range(1, 13)]
    result = figures(lines=lines, reports=reports)
    assert result.total.notified == D("995000.25")
    assert result.total.paid == D("740000.25")
    assert result.total.spent == D("915000.49")  # the FISS line has no declared spending
    assert result.by_source["fir"].notified == D("35000.25")
    assert result.by_kind["start_up"].spent is None
    assert sum(a.notified for a in result.by_source.values()) == result.total.notified
    # 915,000.49 / 3,600 bed-days = 254.16680... -> 254.17
    assert result.cost_per_bed_day == D("254.17")
    assert result.funding_per_place == D("82916.69")  # 995,000.25 / 12, half up


def test_no_reference_cost() -> None:
    result = figures(reference=None, lines=[line("ondam", "1000")])
    assert result.reference_cost is None
    assert result.funding_gap is None


def test_region_totals_add_up_exactly() -> None:
    sources = [SimpleNamespace(pk="ondam"), SimpleNamespace(pk="fir")]
    sites = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    sums = [
        LineSum(1, "ondam", D("833333.33"), D("625000.00"), None),
        LineSum(2, "ondam", D("1000000.00"), D("750000.00"), D("980000.10")),
        LineSum(2, "fir", D("35000.01"), D("35000.01"), D("35000.01")),
    ]
    result = region_year_figures(
        year=2026,
        sources=sources,
        sites=sites,
        envelopes={"ondam": D("1800000.00")},
        sums=sums,
    )
    ondam, fir = result.sources
    assert ondam.allocated == D("1833333.33")
    assert ondam.remaining == D("-33333.33")
    assert ondam.over_allocated
    assert fir.envelope is None
    assert fir.remaining is None
    assert not fir.over_allocated
    assert result.total.envelope == D("1800000.00")
    assert result.total.allocated == D("1868333.34")
    assert result.total.allocated == sum(h.total.notified for h in result.houses)
    assert result.total.spent == D("1015000.11")
    assert result.houses[0].cells(sources) == [D("833333.33"), None]


def test_the_worked_example_of_the_documentation() -> None:
    """docs/funding.md: opened 1 March, 12 places then 18 from July, two sources."""
    reports = [MonthReport((month,), 18, 400) for month in range(7, 13)]
    lines = [
        line("ondam", "900000", spent="880000.50"),
        line("fir", "35000.25", spent="34999.99", kind="non_recurring"),
    ]
    result = figures(opened_on=dt.date(2026, 3, 1), lines=lines, reports=reports)
    assert result.months_open == 10
    assert result.reference_cost == D("933333.33")
    assert result.funding_gap == D("1666.92")
    assert result.funding_per_place == D("71923.10")
    assert result.cost_per_bed_day == D("381.25")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234567.8", "1\u202f234\u202f567,80\u202f€"),
        ("-33333.33", "-33\u202f333,33\u202f€"),
        ("0", "0,00\u202f€"),
        ("999.995", "1\u202f000,00\u202f€"),
        ("0.125", "0,13\u202f€"),  # half up, not half even
    ],
)
def test_format_euros(value: str, expected: str) -> None:
    assert format_euros(D(value)) == expected
