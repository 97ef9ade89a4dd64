"""What the work queue, the dashboard and the reports API keep or share between requests
follows the data: the queue's flags, the dashboard's figures (kept across a house's rename,
renewed by what they read), the API's pages counted with their keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, Site
from masp.sites.enums import SiteStatus
from tests.masp.activity.test_review import clean
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def queue(world: World) -> str:
    return world.client("ars_a").get(reverse("masp:review_queue")).content.decode()


@time_machine.travel("2026-05-10 09:00 +0200", tick=False)
def test_queue_flags_follow_the_reports_they_compare(world: World) -> None:
    march, april = CampaignFactory(month=3), CampaignFactory(month=4)
    before = clean(world.site_a, march, status=ReportStatus.VALIDATED)
    clean(world.site_a, april)
    assert "Écart :" not in queue(world)  # the same figures as last month
    assert "Écart :" not in queue(world)  # from the cache
    # Last month's report reopened and corrected: 12 admissions then, 2 now (-83 %).
    before.admissions = 12
    before.save()
    content = queue(world)
    assert "Écart : Admissions" in content
    assert "un par un" in content  # no longer offered to the bulk validation


@time_machine.travel("2026-05-10 09:00 +0200", tick=False)
def test_queue_flags_follow_the_report_itself(world: World) -> None:
    march, april = CampaignFactory(month=3), CampaignFactory(month=4)
    clean(world.site_a, march, status=ReportStatus.VALIDATED)
    report = clean(world.site_a, april)
    assert 'name="reports"' in queue(world)  # clean: ticked for the bulk validation
    ActivityReport.objects.filter(pk=report.pk).update(admissions=12)  # no signal, no token
    report.refresh_from_db()
    report.save()  # a save renews the token
    assert "Écart : Admissions" in queue(world)


@time_machine.travel("2026-05-20 09:00 +0200", tick=False)
def test_queue_rows_say_late_submissions_and_reviews(world: World) -> None:
    april = CampaignFactory(month=4)  # due on 15 May, reviewed by 31 May
    report = clean(world.site_a, april)
    report.submitted_at = timezone.now()
    report.save(update_fields=["submitted_at"])
    content = queue(world)
    assert "transmis en retard" in content
    assert "instruction en retard" not in content
    assert f'href="{reverse("masp:report_review", args=[report.pk])}"' in content
    with time_machine.travel("2026-06-02 09:00 +0200", tick=False):
        assert "instruction en retard" in queue(world)


def dashboard(world: World) -> Any:
    response = world.client("analyst").get(reverse("masp:report_dashboard"))
    return response.context


@time_machine.travel("2026-05-20 09:00 +0200", tick=False)
def test_dashboard_figures_follow_what_they_read_of_the_houses(world: World) -> None:
    april = CampaignFactory(month=4)
    filled_report(
        world.site_a, campaign=april, status=ReportStatus.VALIDATED, submitted_at=timezone.now()
    )
    cell = dict(dashboard(world)["rows"])[april]
    expected = cell.expected
    assert cell.submitted == 1
    # A rename keeps the figures (nothing they read), and shows the new name in the form.
    Site.objects.get(pk=world.site_b.pk).save(update_fields=["name"])
    site = Site.objects.get(pk=world.site_b.pk)
    site.name = "Maison renommée"
    site.save()
    assert dict(dashboard(world)["rows"])[april].expected == expected
    # A house closed is no longer expected: the figures are computed again.
    site.status = SiteStatus.CLOSED
    site.closed_on = dt.date(2026, 5, 1)
    site.save()
    assert dict(dashboard(world)["rows"])[april].expected == expected - 1
    # A report submitted counts at once.
    filled_report(
        world.site_c,
        campaign=april,
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    assert dict(dashboard(world)["rows"])[april].submitted == 2


@time_machine.travel("2026-05-20 09:00 +0200", tick=False)
def test_dashboard_charts_follow_the_figures(world: World) -> None:
    april = CampaignFactory(month=4)
    filled_report(world.site_a, campaign=april, status=ReportStatus.VALIDATED, admissions=3)
    first = dashboard(world)["charts"]
    report = filled_report(world.site_b, campaign=april, status=ReportStatus.VALIDATED)
    assert report.pk
    second = dashboard(world)["charts"]
    assert [chart.series for chart in first] != [chart.series for chart in second]


API = "/api/v1/activity-reports/"


def test_api_pages_count_with_their_keys(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from common.api.pagination import KeysFirstPagination

    monkeypatch.setattr(KeysFirstPagination, "page_size", 2)
    for month in (1, 2, 3):
        filled_report(world.site_a, campaign=CampaignFactory(month=month))
    client = world.client("ars_a")
    first = client.get(API).json()
    assert first["count"] == 3
    assert first["next"]
    assert first["previous"] is None
    last = client.get(API, {"page": 2}).json()
    assert last["count"] == 3
    assert last["next"] is None
    assert len(last["results"]) == 1
    assert client.get(API, {"page": "last"}).json()["results"] == last["results"]
    assert client.get(API, {"page": 3}).status_code == 404  # past the end
    assert client.get(API, {"page": 0}).status_code == 404
    assert client.get(API, {"page": "x"}).status_code == 404
    empty = world.client("ars_a").get(API, {"status": "validated"}).json()
    assert empty["count"] == 0
    assert empty["results"] == []


@time_machine.travel("2026-09-20 09:00 +0200", tick=False)
def test_queue_pages_past_the_end_show_the_last_page(world: World) -> None:
    from masp.activity.views.review import PAGE_SIZE
    from tests.masp.factories import SiteFactory

    sites = [world.site_a, *SiteFactory.create_batch(PAGE_SIZE + 2, opened=True)]
    august = CampaignFactory(month=8)
    for site in sites:
        filled_report(site, campaign=august, status=ReportStatus.SUBMITTED)
    client = world.client("ars_a")
    last = client.get(reverse("masp:review_queue"), {"page": 2}).context
    assert len(last["to_review"]) == 3
    assert last["totals"]["to_review"] == PAGE_SIZE + 3
    for page in ("3", "0", "-1", "last"):
        shown = client.get(reverse("masp:review_queue"), {"page": page}).context
        expected = last if page != "last" else None
        if expected is None:  # not a number: the first page
            assert shown["page_obj"].number == 1
            assert len(shown["to_review"]) == PAGE_SIZE
        else:
            assert shown["page_obj"].number == 2
            assert shown["to_review"] == last["to_review"]
        assert shown["totals"]["to_review"] == PAGE_SIZE + 3


def test_an_empty_queue_counts_nothing(world: World) -> None:
    context = world.client("ars_a").get(reverse("masp:review_queue")).context
    assert context["totals"] == {"to_review": 0, "waiting": 0}
    assert context["to_review"] == []


def test_api_list_writes_each_reports_steps_as_the_report_does(world: World) -> None:
    """The list reads the steps of its page in one query of rows: the same steps, in the
    same order, with their authors and (for who follows the house) their comments, as the
    report's own page."""
    for month in (1, 2):
        report = filled_report(world.site_a, campaign=CampaignFactory(month=month))
        world.client("coordinator_a").post(
            f"{API}{report.pk}/submit/", {}, content_type="application/json"
        )
        world.client("ars_a").post(
            f"{API}{report.pk}/return/", {"comment": "Décès ?"}, content_type="application/json"
        )
    for persona in ("ars_a", "analyst"):
        client = world.client(persona)
        listed = client.get(API).json()["results"]
        assert len(listed) == 2
        for row in listed:
            alone = client.get(f"{API}{row['id']}/").json()
            assert row == alone
        if persona == "ars_a":
            steps = listed[0]["transitions"]
            assert [step["to_status"] for step in steps] == ["submitted", "returned"]
            assert steps[0]["by"] == world.users["coordinator_a"].email
            assert steps[1]["comment"] == "Décès ?"


@time_machine.travel("2026-05-10 09:00 +0200", tick=False)
def test_queue_reminders_follow_the_reports(world: World) -> None:
    march, april = CampaignFactory(month=3), CampaignFactory(month=4)
    report = clean(world.site_a, april)
    earlier = clean(world.site_a, march, status=ReportStatus.VALIDATED)
    client = world.client("ars_a")
    first = client.get(reverse("masp:review_queue")).context
    assert first["waiting"] == []
    assert first["totals"]["waiting"] == 0
    assert first["validated"] == [earlier]
    client.post(
        reverse("masp:review_decide", args=[report.pk]),
        {"decision": "return", "comment": "Préciser les sorties.", "version": report.version},
    )
    earlier.status = ReportStatus.REOPENED
    earlier.save()
    second = client.get(reverse("masp:review_queue")).context
    assert set(second["waiting"]) == {report, earlier}  # the same time: no order
    assert second["totals"]["waiting"] == 2
    assert second["validated"] == []
    assert second["to_review"] == []
