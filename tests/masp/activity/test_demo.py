"""Demo activity reports: 12 campaigns of 2026, every state, coherent figures, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from masp.activity.enums import ReportStatus
from masp.activity.rules import errors
from masp.models import ActivityReport, ReportingCampaign, ReportTransition

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_twelve_campaigns_with_reports_in_every_state() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    count = ActivityReport.objects.count()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert ActivityReport.objects.count() == count > 50
    campaigns = ReportingCampaign.objects.filter(period_start__year=2026)
    assert campaigns.count() == 12
    assert set(ActivityReport.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    for report in ActivityReport.objects.select_related("campaign"):
        assert errors(report.violations(complete=True)) == [], report
        if report.status != ReportStatus.DRAFT:
            assert report.submitted_at is not None
    returned = ActivityReport.objects.filter(status=ReportStatus.RETURNED).first()
    assert returned is not None
    assert list(
        ReportTransition.objects.filter(report=returned).values_list("to_status", flat=True)
    ) == [ReportStatus.SUBMITTED, ReportStatus.RETURNED]


@pytest.mark.parametrize(
    "email", ["coord-hdf@example.org", "ars-hdf@example.org", "analyst@example.org"]
)
def test_every_report_page_renders_on_the_demo_data(client: Client, email: str) -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    user = User.objects.get(email=email)
    client.force_login(user)
    for name in (
        "my_reports",
        "review_queue",
        "report_dashboard",
        "report_import",
        "campaign_list",
    ):
        assert client.get(reverse(f"masp:{name}")).status_code == 200, name
    dashboard = client.get(reverse("masp:report_dashboard"), {"campaign": 1})
    assert dashboard.status_code == 200
    reports = ActivityReport.objects.visible_to(user)
    for report in (reports.first(), reports.filter(status=ReportStatus.REOPENED).first()):
        assert report is not None
        for name in ("report_detail", "report_history"):
            assert client.get(reverse(f"masp:{name}", args=[report.pk])).status_code == 200
        edit = client.get(reverse("masp:report_edit", args=[report.pk]))
        expected = (200 if report.is_editable else 302) if email.startswith("coord") else 403
        assert edit.status_code == expected
    api = client.get(reverse("activity-report-list"))
    assert api.status_code == 200
    assert api.json()["count"] > 0
