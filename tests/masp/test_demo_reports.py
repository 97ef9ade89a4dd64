"""Demo activity reports: 12 campaigns of 2026, every state, coherent figures, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from masp.enums import ReportStatus
from masp.models import ActivityReport, ReportingCampaign, ReportTransition
from masp.report_rules import errors

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
