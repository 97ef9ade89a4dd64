"""Funding API: money as strings, years, scope, pinned query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.funding.factories import EnvelopeFactory, FundingLineFactory, source
from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = pytest.mark.django_db
D = Decimal


def test_site_funding_per_year_with_money_as_strings(world: World) -> None:
    FundingLineFactory(site=world.site_a, year=2026, amount_notified=D("833333.33"))
    FundingLineFactory(
        site=world.site_a, year=2026, source=source("fir"), amount_notified=D("0.01")
    )
    FundingLineFactory(site=world.site_a, year=2025, amount_notified=D("1.00"))
    url = reverse("api_site_funding", args=[world.site_a.pk])
    data = world.client("coordinator_a").get(url).json()
    assert [item["year"] for item in data["years"]][-2:] == [2026, 2025]
    data = world.client("coordinator_a").get(url + "?year=2026").json()
    (year,) = data["years"]
    assert len(year["lines"]) == 2
    figures = year["figures"]
    assert figures["total"]["notified"] == "833333.34"
    # Opened 1 March: 306 days; 1,000,000 × 306 / 365 = 838,356.164… -> 838,356.16.
    assert figures["reference_cost"] == "838356.16"
    assert figures["days_open"] == 306
    assert figures["funding_gap"] == "-5022.82"  # 833,333.34 running − 838,356.16
    assert figures["cost_per_bed_day"] is None  # no validated report
    assert figures["running"]["notified"] == "833333.34"
    assert figures["investment"] == {"notified": "0.00", "paid": "0.00", "spent": None}
    assert [line["nature"] for line in year["lines"]] == ["running", "running"]
    assert figures["daily_fees"][0]["amount"] == "20.00"
    assert figures["residents_contributions"] is None  # no validated report
    assert {row["source"]: row["notified"] for row in figures["by_source"]} == {
        "ondam_ms": "833333.33",
        "fir": "0.01",
    }


def test_bad_year_is_a_400_with_a_french_message(world: World) -> None:
    url = reverse("api_site_funding", args=[world.site_a.pk]) + "?year=1999"
    response = world.client("analyst").get(url)
    assert response.status_code == 400
    assert "année" in response.json()["year"][0]


def test_region_funding_envelope_against_allocations(world: World) -> None:
    EnvelopeFactory(amount_notified=D("1000000.00"))
    FundingLineFactory(site=world.site_a, amount_notified=D("600000.00"), amount_paid=D("1"))
    FundingLineFactory(site=world.site_b, amount_notified=D("500000.00"), amount_paid=D("2"))
    FundingLineFactory(site=world.site_c, amount_notified=D("7.00"))
    url = reverse("api_region_funding", args=["32"]) + "?year=2026"
    data = world.client("ars_a").get(url).json()
    ondam = next(row for row in data["sources"] if row["source"] == "ondam_ms")
    assert ondam == {
        "source": "ondam_ms",
        "envelope": "1000000.00",
        "allocated": "1100000.00",
        "paid": "3.00",
        "spent": "0.00",
        "remaining": "-100000.00",
        "over_allocated": True,
    }
    assert data["total"]["allocated"] == "1100000.00"
    house_a = next(house for house in data["houses"] if house["name"] == "Maison A")
    assert (house_a["running"], house_a["investment"], house_a["start_up"]) == (
        "600000.00",
        "0.00",
        "0.00",
    )
    assert {house["name"] for house in data["houses"]} == {"Maison A", "Maison B"}
    coordinator = world.client("coordinator_b").get(url).json()
    assert [house["name"] for house in coordinator["houses"]] == ["Maison B"]


@pytest.mark.parametrize("houses", [1, 10])
def test_region_api_query_count_is_pinned(world, django_assert_num_queries, houses) -> None:
    for _ in range(houses):
        FundingLineFactory(site=SiteFactory(opened=True))
    EnvelopeFactory()
    client = world.client("analyst")
    url = reverse("api_region_funding", args=["32"]) + "?year=2026"
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("lines", [1, 10])
def test_site_api_and_page_query_counts_are_pinned(world, django_assert_num_queries, lines) -> None:
    for index in range(lines):
        FundingLineFactory(site=world.site_a, amount_notified=D(index))
    client = world.client("ars_a")
    api = reverse("api_site_funding", args=[world.site_a.pk]) + "?year=2026"
    page = reverse("funding:site", args=[world.site_a.pk]) + "?year=2026"
    client.get(api)
    # 10: the reference cost and the residents' daily fees come from funding/cache.py (read
    # once per version, by the first request).
    with django_assert_num_queries(10):
        assert client.get(api).status_code == 200
    # The page adds the simulation: the scheme, its axes and rules come from funding/cache.py
    # and the staffing norms from `Context.cached` (read by the first request); the year's
    # reports are read once for the figures and the occupancy and on-time indicators; then
    # the latest staffing declaration and, in one query for both, the kinds of the partners
    # with a convention in force (EMSP, HAD). Constant in the number of lines.
    client.get(page)
    with django_assert_num_queries(10):
        assert client.get(page).status_code == 200
