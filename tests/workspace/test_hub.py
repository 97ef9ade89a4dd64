"""The house page as a hub: each tile shows its area's figures and links to it; the page's
query count does not grow with the data of the house or of the portal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.queries import house_year_for
from masp.activity.enums import ReportStatus
from tests.funding.factories import FundingLineFactory
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.masp.staffing.factories import StaffingDeclarationFactory
from tests.partners.factories import ConventionFactory
from tests.personas import World
from workspace.hub import _funding

pytestmark = pytest.mark.django_db


def test_the_hub_shows_each_area_and_links_to_it(world: World) -> None:
    site = world.site_a
    year = timezone.localdate().year
    FundingLineFactory(site=site, year=year, amount_notified=Decimal("800000.00"))
    StaffingDeclarationFactory(site=site, declared_on=dt.date(2026, 10, 1))
    ConventionFactory(site=site)
    page = world.client("ars_a").get(site.get_absolute_url()).content.decode()
    for url in (
        reverse("masp:staffing_detail", args=[site.pk]),
        reverse("partners:site_partners", args=[site.pk]),
        reverse("funding:site", args=[site.pk]),
        reverse("masp:coverage_region", args=["32"]),
        reverse("masp:site_list"),  # the breadcrumb
    ):
        assert f'href="{url}' in page, url
    assert "800\u202f000 €" in page or "800 000 €" in page or "800\xa0000 €" in page
    assert "1 convention en vigueur" in page
    assert "Déclaration du 1 octobre 2026" in page


def test_the_reports_tile_shows_the_occupancy_a_reader_may_see(world: World) -> None:
    campaign = CampaignFactory(month=11)
    report = filled_report(world.site_a, campaign, status=ReportStatus.SUBMITTED)
    rate = round(report.occupancy_rate * 100)
    ars = world.client("ars_a").get(world.site_a.get_absolute_url()).content.decode()
    analyst = world.client("analyst").get(world.site_a.get_absolute_url()).content.decode()
    assert f"occupation {rate} %" in ars
    # Analysts read validated figures only: the status, not the rate, of a submitted report.
    assert "occupation" not in analyst.split("Derniers rapports")[1].split("</ul>")[0]


def test_the_hub_costs_the_same_with_more_data(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = world.client("coordinator_a")
    url = world.site_a.get_absolute_url()
    year = timezone.localdate().year

    def add(month: int) -> None:
        filled_report(world.site_a, CampaignFactory(month=month), status=ReportStatus.VALIDATED)
        ConventionFactory(site=world.site_a)
        FundingLineFactory(site=world.site_a, year=year)
        StaffingDeclarationFactory(site=world.site_a, declared_on=dt.date(2026, month, 1))
        SiteFactory(opened=True)

    add(11)
    client.get(url)  # warm the coverage snapshot
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for month in (8, 9, 10):
        add(month)
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)


# session, user, the session activity's savepoint and its release, scope (5); the house (1);
# the reports of the campaigns shown (1); the latest declaration (1); the funding lines of the
# year (1) = 9. Once read (the request before): the campaigns' calendar and the house's
# conventions (workspace/cache.py), the staffing norms and the declaration's verdict
# (masp/staffing/queries.py).
QUERIES = 9


def test_the_funding_tile_shows_the_years_total_of_the_house(world: World) -> None:
    site = world.site_a
    FundingLineFactory(site=site, year=2026, amount_notified=Decimal("800000.10"))
    FundingLineFactory(
        site=site,
        year=2026,
        amount_notified=Decimal("12.34"),
        amount_paid=Decimal("10.01"),
        amount_spent=Decimal("3.50"),
    )
    FundingLineFactory(site=site, year=2025, amount_spent=Decimal("99.00"))
    FundingLineFactory(site=world.site_b, year=2026, amount_spent=Decimal("1.00"))
    for year in (2025, 2026, 2027):
        assert _funding(site, year) == house_year_for(site, year).total, year
    assert _funding(site, 2026).spent == Decimal("3.50")
    assert _funding(site, 2027).spent is None
