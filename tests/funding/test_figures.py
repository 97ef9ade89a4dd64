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
    days_open_by_month,
    format_euros,
    house_year_figures,
    months_open,
    reference_annual_cost,
    region_year_figures,
    split_cents,
)

D = Decimal
REFERENCE = SimpleNamespace(annual_cost=D("1000000.00"), capacity_min=12, capacity_max=15)
FEE_2024 = SimpleNamespace(valid_from=dt.date(2024, 1, 1), amount=D("20.00"), source_note="x")
NATURES = {
    "operating_allocation": "running",
    "indicator_based": "running",
    "non_recurring": "start_up",
    "start_up": "start_up",
    "investment": "investment",
}


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
        nature=NATURES[kind],
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
        "daily_fees": [FEE_2024],
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
    """Opened on 1 March 2026, 12 places: 306 days of the 1,000,000 reference."""
    result = figures(opened_on=dt.date(2026, 3, 1), lines=[line("ondam", "850000", "600000")])
    assert result.months_open == 10
    # March to December: 31+30+31+30+31+31+30+31+30+31 = 306 days of 365.
    assert result.days_open == 306
    # 1,000,000 × 306 / 365 = 838,356.164... -> 838,356.16; the months add up to it exactly.
    assert result.reference_cost == D("838356.16")
    assert sum(result.reference_by_month.values()) == result.reference_cost
    assert result.funding_gap == D("11643.84")  # 850,000 − 838,356.16
    # Per place and per full year: 850,000 × 365 / (12 places × 306 days = 3,672)
    # = 84,490.740... -> 84,490.74.
    assert result.funding_per_place == D("84490.74")
    assert result.spending_gap is None


def test_a_month_with_one_open_day_is_not_a_twelfth() -> None:
    """The issue's found case: opened on 31 March, March counted a full month before."""
    result = figures(opened_on=dt.date(2026, 3, 31))
    assert result.days_by_month[3] == 1
    # 1 + 275 (April to December) = 276 days; 1,000,000 × 276 / 365 = 756,164.383… -> .38
    # (by months it was 10 / 12: 833,333.33, 77,168.95 more).
    assert result.days_open == 276
    assert result.reference_cost == D("756164.38")


@pytest.mark.parametrize(
    ("opened", "closed", "year", "days"),
    [
        (dt.date(2025, 1, 1), None, 2026, 365),
        (dt.date(2025, 1, 1), None, 2028, 366),  # leap year
        (dt.date(2026, 3, 1), dt.date(2026, 3, 11), 2026, 10),  # closed on the 11th: not open
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), 2026, 0),
        (dt.date(2025, 1, 1), dt.date(2026, 1, 1), 2026, 0),
        (None, None, 2026, 0),
    ],
)
def test_days_open(opened, closed, year, days) -> None:
    assert sum(days_open_by_month(opened, closed, year).values()) == days


def test_a_leap_year_still_gives_the_whole_reference() -> None:
    result = figures(year=2028)
    assert result.days_in_year == 366
    assert result.reference_cost == D("1000000.00")


def test_capacity_change_read_from_validated_reports() -> None:
    """Open all year with 12 places, 18 places from July (validated monthly reports)."""
    reports = [MonthReport((month,), 18, 400) for month in range(7, 13)]
    result = figures(lines=[line("ondam", "1100000", spent="1050000")], reports=reports)
    # Jan-Jun: 181 days at 12 places; Jul-Dec: 184 days at 18 places -> 1,000,000 × 18/15 =
    # 1,200,000 a year. (1,000,000 × 181 + 1,200,000 × 184) / 365 = 401,800,000 / 365
    # = 1,100,821.917... -> 1,100,821.92.
    assert result.reference_cost == D("1100821.92")
    assert result.places_by_month[6] == 12
    assert result.places_by_month[7] == 18
    # (12 × 181 + 18 × 184) / 365 = 5,484 / 365 = 15.024... -> 15.02
    assert result.mean_places == D("15.02")
    # 1,100,000 × 365 / 5,484 place-days = 73,212.983... -> 73,212.98
    assert result.funding_per_place == D("73212.98")
    # 1,050,000 spent / (6 × 400 = 2,400 bed-days) = 437.50
    assert result.occupied_bed_days == 2400
    assert result.cost_per_bed_day == D("437.50")
    assert result.spending_gap == D("-50821.92")
    # Residents: 2,400 bed-days × 20 € = 48,000.00, beside 1,100,000 of public money.
    assert result.residents_contributions == D("48000.00")
    assert result.public_and_residents == D("1148000.00")


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
        line("collectivite", "250000", "0", None, kind="investment"),
    ]
    reports = [MonthReport((month,), 12, 300) for month in range(1, 13)]
    result = figures(lines=lines, reports=reports)
    assert result.total.notified == D("1245000.25")
    assert result.total.paid == D("740000.25")
    assert result.total.spent == D("915000.49")  # the FISS line has no declared spending
    assert result.by_source["fir"].notified == D("35000.25")
    assert result.by_kind["start_up"].spent is None
    assert sum(a.notified for a in result.by_source.values()) == result.total.notified
    # Natures: running 900,000; start-up 35,000.25 + 60,000 = 95,000.25; investment 250,000.
    assert result.running.notified == D("900000.00")
    assert result.start_up.notified == D("95000.25")
    assert result.investment.notified == D("250000.00")
    # Only running money meets the reference: 900,000 − 1,000,000 = −100,000.
    assert result.funding_gap == D("-100000.00")
    assert result.spending_gap == D("-119999.50")  # 880,000.50 − 1,000,000
    # Running spent 880,000.50 / 3,600 bed-days = 244.4445... -> 244.44
    assert result.cost_per_bed_day == D("244.44")
    assert result.funding_per_place == D("75000.00")  # 900,000 / 12 places, all year


def test_residents_contributions_follow_the_fee_in_force() -> None:
    """A fee of 22 € from 1 July 2026: June's report at 20 €, July's at 22 €."""
    fees = [FEE_2024, SimpleNamespace(valid_from=dt.date(2026, 7, 1), amount=D("22.00"))]
    reports = [
        MonthReport((6,), 12, 300, dt.date(2026, 6, 1)),
        MonthReport((7,), 12, 310, dt.date(2026, 7, 1)),
    ]
    result = figures(reports=reports, daily_fees=fees)
    assert result.residents_contributions == D("12820.00")  # 300 × 20 + 310 × 22
    assert [fee.amount for fee in result.daily_fees] == [D("20.00"), D("22.00")]
    assert figures(reports=[]).residents_contributions is None  # no bed-days: unknown
    assert figures(reports=reports, daily_fees=[]).residents_contributions is None


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
    """docs/funding.md « Exemple chiffré » : opened 1 March, 12 places then 18 from July,
    three sources of three natures."""
    reports = [MonthReport((month,), 18, 400) for month in range(7, 13)]
    lines = [
        line("ondam", "900000", spent="880000.50"),
        line("fir", "35000.25", spent="34999.99", kind="non_recurring"),
        line("collectivite", "250000", kind="investment"),
    ]
    result = figures(opened_on=dt.date(2026, 3, 1), lines=lines, reports=reports)
    assert result.days_open == 306  # 122 days (March-June) + 184 (July-December)
    # (1,000,000 × 122 + 1,200,000 × 184) / 365 = 342,800,000 / 365 = 939,178.082…
    assert result.reference_cost == D("939178.08")
    assert result.running.notified == D("900000.00")
    assert result.start_up.notified == D("35000.25")
    assert result.investment.notified == D("250000.00")
    assert result.funding_gap == D("-39178.08")  # 900,000 − 939,178.08
    # 900,000 × 365 / (12 × 122 + 18 × 184 = 4,776 place-days) = 68,781.407… -> 68,781.41
    assert result.funding_per_place == D("68781.41")
    # 880,000.50 running spent / 2,400 bed-days = 366.666… -> 366.67
    assert result.cost_per_bed_day == D("366.67")
    assert result.spending_gap == D("-59177.58")  # 880,000.50 − 939,178.08
    # Residents: 2,400 × 20 = 48,000.00; with the running money, 948,000.00.
    assert result.residents_contributions == D("48000.00")
    assert result.public_and_residents == D("948000.00")


@pytest.mark.parametrize(
    ("capacity", "opened", "ondam", "by_months", "by_days"),
    [
        # Maison des Côtes de Meuse: 8 places from 1 May 2026; ONDAM 444,000 (+ 250,000 of
        # a local authority's building grant, investment). Reference for 8 places:
        # 1,000,000 × 8 / 12 = 666,666.67 a year. By months: × 8 / 12 = 444,444.44, gap
        # −444.44. By days: × 245 / 365 = 447,488.58, gap −3,488.58.
        (8, dt.date(2026, 5, 1), "444000", "-444.44", "-3488.58"),
        # Maison de la Rance: 10 places from 1 June 2026; ONDAM 486,000 (+ 250,000 of
        # investment). 1,000,000 × 10 / 12 = 833,333.33 a year. By months: × 7 / 12 =
        # 486,111.11, gap −111.11. By days: × 214 / 365 = 488,584.47, gap −2,584.47.
        (10, dt.date(2026, 6, 1), "486000", "-111.11", "-2584.47"),
    ],
)
def test_the_demo_houses_of_the_issue(capacity, opened, ondam, by_months, by_days) -> None:
    """The two demo houses showed +250 k: the building grant counted as running money."""
    lines = [line("ondam_ms", ondam), line("collectivite", "250000", kind="investment")]
    result = figures(capacity=capacity, opened_on=opened, lines=lines)
    assert result.investment.notified == D("250000.00")
    assert result.funding_gap == D(by_days)
    annual = reference_annual_cost(REFERENCE, capacity)
    months = len(months_open(opened, None, 2026))
    assert D(ondam) - cents(annual * months / 12) == D(by_months)


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
