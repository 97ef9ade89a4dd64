"""The completeness dashboard: live figures, scope, drill-down, charts, constant queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from masp.activity.charts import indicator_charts
from masp.activity.enums import ReportStatus
from masp.activity.queries import (
    combined,
    expected_filter,
    expected_sites,
    indicator_sums,
    indicators_by_campaign,
)
from masp.models import ActivityReport, Site
from masp.sites.enums import SiteStatus
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db
NOW = "2026-06-20 09:00 +0200"


def submitted(report: ActivityReport, day: dt.date, status: str) -> ActivityReport:
    report.status = status
    report.submitted_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    report.save()
    return report


@time_machine.travel(NOW, tick=False)
def test_completeness_counts_expected_submitted_on_time_validated(world: World) -> None:
    april = CampaignFactory(month=4)  # deadline 15 May
    submitted(filled_report(world.site_a, campaign=april), dt.date(2026, 5, 10), "validated")
    submitted(filled_report(world.site_b, campaign=april), dt.date(2026, 5, 20), "submitted")
    submitted(filled_report(world.site_c, campaign=april), dt.date(2026, 5, 2), "submitted")
    response = world.client("ars_a").get(reverse("masp:report_dashboard"))
    cell = dict(response.context["rows"])[april]
    assert (cell.expected, cell.submitted, cell.on_time, cell.validated) == (2, 2, 1, 1)
    assert cell.rate == 100
    national = world.client("analyst").get(reverse("masp:report_dashboard"))
    assert dict(national.context["rows"])[april].expected == 3
    regions = {code: cells for code, _label, cells in national.context["by_region"]}
    assert regions["53"][0].submitted == 1
    assert regions["53"][0].fraction == "1/1"
    assert "<td>1/1</td>" in national.content.decode()
    assert "<svg" in national.content.decode()


@time_machine.travel(NOW, tick=False)
def test_drill_down_to_houses(world: World) -> None:
    april = CampaignFactory(month=4)
    filled_report(world.site_a, campaign=april, status=ReportStatus.SUBMITTED)
    response = world.client("ars_a").get(reverse("masp:report_dashboard"), {"campaign": april.pk})
    rows = response.context["drill"]["rows"]
    assert [(site.name, bool(report)) for site, report in rows] == [
        ("Maison A", True),
        ("Maison B", False),
    ]


def test_indicators_come_from_submitted_and_validated_reports(world: World) -> None:
    campaign = CampaignFactory(month=3)
    filled_report(
        world.site_a,
        campaign=campaign,
        status=ReportStatus.VALIDATED,
        places_installed=10,
        days_open=31,
        occupied_bed_days=155,
    )
    filled_report(world.site_b, campaign=campaign, occupied_bed_days=0)  # a draft: ignored
    figures = indicators_by_campaign(ActivityReport.objects.all())[campaign.pk]
    assert figures["occupancy"] == 50


def test_groups_combined_give_the_figures_of_all_their_reports(world: World) -> None:
    for month in (3, 4):
        campaign = CampaignFactory(month=month)
        for site in (world.site_a, world.site_b):
            filled_report(site, campaign=campaign, status=ReportStatus.VALIDATED)
    reports = ActivityReport.objects.all()
    together = indicator_sums(reports)[None]
    by_campaign = indicator_sums(reports, "campaign_id")
    assert len(by_campaign) == 2
    assert combined(by_campaign.values()) == together
    assert together["sums"]["reports"] == 4
    assert combined([]) == indicator_sums(reports.none())[None]


def test_chart_geometry() -> None:
    campaigns = [CampaignFactory(month=month) for month in (3, 4, 5)]
    selection = {campaigns[1].pk: {"occupancy": Decimal(10)}, campaigns[2].pk: {"occupancy": 20}}
    [chart] = indicator_charts(campaigns[::-1], selection, {}, name="x", keys=["occupancy"])
    assert chart.series[0]["values"] == [None, 10, 20]  # the oldest campaign first
    assert 'aria-label="Taux d&#x27;occupation (%)"' in chart.svg
    found = re.search(r'<polyline points="([^"]+)"', chart.svg)
    assert found is not None
    points = found[1].split()
    assert len(points) == 2  # the missing month is skipped, not drawn at zero
    assert float(points[1].split(",")[1]) < float(points[0].split(",")[1])


@time_machine.travel("2026-12-20 09:00 +0100", tick=False)
@pytest.mark.parametrize("houses", [1, 6])
def test_dashboard_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, houses: int
) -> None:
    sites = [world.site_a, *SiteFactory.create_batch(houses - 1, opened=True)]
    for month in range(3, 12):
        campaign = CampaignFactory(month=month)
        for site in sites:
            filled_report(site, campaign=campaign, status=ReportStatus.VALIDATED)
    client = world.client("analyst")
    query = {"campaign": CampaignFactory(month=5).pk}
    client.get(reverse("masp:report_dashboard"), query)
    # session, user, savepoint, scope, campaigns, drill-down, release (the form's choices
    # come from the houses and campaigns; the houses, completeness, indicators and staffing
    # gaps from the cache filled by the first visit)
    with django_assert_num_queries(7):
        response = client.get(reverse("masp:report_dashboard"), query)
    assert len(response.context["drill"]["rows"]) == houses + 2


def test_dashboard_flags_houses_with_a_staffing_gap(world: World) -> None:
    from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday

    # An aide-soignant missing on Sunday night: a gap against the cahier des charges.
    StaffingDeclarationFactory(site=world.site_a, lines=night_off_on_sunday())
    content = world.client("ars_a").get(reverse("masp:report_dashboard")).content.decode()
    assert "n'a pas l'équipe exigée" in content
    assert "Maison A" in content.split("n'a pas l'équipe exigée")[1][:500]
    other = world.client("ars_other").get(reverse("masp:report_dashboard")).content.decode()
    assert "n'a pas l'équipe exigée" not in other


@time_machine.travel(NOW, tick=False)
def test_cached_figures_follow_every_change(world: World) -> None:
    april = CampaignFactory(month=4)
    report = filled_report(world.site_a, campaign=april)
    client = world.client("ars_a")
    url = reverse("masp:report_dashboard")
    assert dict(client.get(url).context["rows"])[april].submitted == 0
    submitted(report, dt.date(2026, 5, 10), "submitted")  # the save renews the token
    assert dict(client.get(url).context["rows"])[april].submitted == 1
    ActivityReport.objects.filter(pk=report.pk).delete()
    assert dict(client.get(url).context["rows"])[april].submitted == 0


def test_cached_staffing_gaps_follow_declarations(world: World) -> None:
    from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday

    client = world.client("ars_a")
    url = reverse("masp:report_dashboard")
    assert client.get(url).context["staffing_gaps"] == []
    declaration = StaffingDeclarationFactory(site=world.site_a, lines=night_off_on_sunday())
    assert client.get(url).context["staffing_gaps"] == [(world.site_a.pk, world.site_a.name)]
    declaration.delete()
    assert client.get(url).context["staffing_gaps"] == []


def test_a_long_list_of_staffing_gaps_shows_ten_and_links_to_the_overview(world: World) -> None:
    from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday

    for number in range(12):
        site = SiteFactory(
            opened=True, department=world.site_a.department, name=f"Maison à écart {number:02}"
        )
        StaffingDeclarationFactory(site=site, lines=night_off_on_sunday())
    content = world.client("ars_a").get(reverse("masp:report_dashboard")).content.decode()
    assert "12 maisons ouvertes n'ont pas l'équipe exigée" in content
    alert = content.split("fr-alert--warning")[1].split("</div>")[0]
    assert "Maison à écart 09" in alert
    assert "Maison à écart 10" not in alert
    assert "et 2 autres : voir la vue d'ensemble des effectifs" in content
    assert reverse("masp:staffing_overview") in content


@time_machine.travel(NOW, tick=False)
def test_filters_by_region_house_and_campaign(world: World) -> None:
    april = CampaignFactory(month=4)
    submitted(filled_report(world.site_a, campaign=april), dt.date(2026, 5, 10), "submitted")
    client = world.client("analyst")
    url = reverse("masp:report_dashboard")
    form = client.get(url).context["form"]
    assert [label for _code, label in form.fields["region"].choices] == [
        "Toutes",
        "Bretagne",
        "Hauts-de-France",
    ]
    brittany = client.get(url, {"region": "53"}).context
    assert dict(brittany["rows"])[april].expected == 1  # house C only
    assert dict(brittany["rows"])[april].submitted == 0
    assert brittany["charts"][0].series[0]["name"] == "Bretagne"
    house = client.get(url, {"site": world.site_a.pk, "campaign": april.pk}).context
    assert dict(house["rows"])[april].submitted == 1
    assert [site.name for site, _report in house["drill"]["rows"]] == ["Maison A"]


@pytest.mark.parametrize("query", [{"region": "99"}, {"site": "x"}, {"campaign": "123456"}])
def test_an_unknown_filter_shows_the_whole_scope_with_an_error(world: World, query) -> None:
    response = world.client("analyst").get(reverse("masp:report_dashboard"), query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_cached_houses_follow_a_house_opening(world: World) -> None:
    client = world.client("analyst")
    url = reverse("masp:report_dashboard")

    def names() -> list[str]:
        return [label for _pk, label in client.get(url).context["form"].fields["site"].choices]

    assert "Maison A" in names()
    assert "Maison nouvelle" not in names()
    SiteFactory(opened=True, name="Maison nouvelle")
    assert "Maison nouvelle" in names()


def test_the_process_copy_of_the_houses_expires_with_the_cache(world: World, monkeypatch) -> None:
    """A change without a signal (a bulk update) shows once the cache entry expires, as it
    did before the process kept its own copy."""
    from django.core.cache import cache

    from accounts.scopes import scope_for
    from common import cache as common_cache
    from masp.activity import cache as module
    from masp.models import Site

    client = world.client("analyst")
    url = reverse("masp:report_dashboard")

    def names() -> list[str]:
        return [label for _pk, label in client.get(url).context["form"].fields["site"].choices]

    assert "Maison A" in names()
    Site.objects.filter(name="Maison A").update(name="Maison A bis")
    assert "Maison A" in names()  # the same version: the copy is used
    key = module.figures_key(scope_for(world.users["analyst"]), "houses", [])
    cache.delete(key)  # the cache entry expired...
    assert "Maison A" in names()  # ...but the copy is younger than CACHE_SECONDS
    later = common_cache.time.monotonic() + module.CACHE_SECONDS + 1
    monkeypatch.setattr(common_cache.time, "monotonic", lambda: later)  # the copy's clock
    cache.delete(key)
    assert "Maison A bis" in names()


def test_a_large_scope_offers_the_houses_of_the_chosen_region_only(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("masp.activity.views.dashboard.SITE_CHOICES_MAX", 2)
    client = world.client("analyst")
    url = reverse("masp:report_dashboard")

    def offered(query: dict) -> list[str]:
        form = client.get(url, query).context["form"]
        return [label for pk, label in form.fields["site"].choices if pk]

    assert offered({}) == []
    assert "Choisissez d'abord une région." in client.get(url).content.decode()
    assert offered({"region": "32"}) == ["Maison A", "Maison B"]
    # A link to one house keeps working: its region's houses are offered, it is selected.
    response = client.get(url, {"site": world.site_c.pk})
    assert response.context["form"].is_valid()
    assert [label for pk, label in response.context["form"].fields["site"].choices if pk] == [
        "Maison C"
    ]
    assert offered({"region": "99"}) == []
    # A small scope (an ARS agent's region) lists all its houses at once.
    assert len(world.client("ars_a").get(url).context["form"].fields["site"].choices) == 3


def test_the_expected_houses_are_the_same_in_python_and_in_sql() -> None:
    """`expected_sites` (rows already read) and `expected_filter` (the reminders' query) are
    the same definition."""
    march = CampaignFactory(month=3)
    SiteFactory(opened=True)  # opened on 1 March: expected
    SiteFactory(opened=True, opened_on=dt.date(2026, 4, 2))  # opened after the month
    SiteFactory(status=SiteStatus.OPEN, opened_on=None)  # no opening date
    SiteFactory(status=SiteStatus.CLOSED, opened_on=dt.date(2026, 1, 1))
    SiteFactory()  # authorised, not open
    in_python = {site.pk for site in expected_sites(Site.objects.all(), march)}
    in_sql = set(Site.objects.filter(expected_filter(march)).values_list("pk", flat=True))
    assert len(in_python) == 1
    assert in_sql == in_python
