"""`manage.py seed_bench`: deterministic, spread over every département, every report state,
figures that pass the error rules, every app's bench data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import Membership
from masp.activity.enums import ReportStatus
from masp.activity.rules import errors
from masp.models import ActivityReport, ReportTransition, Site, StaffingDeclaration
from partners.models import Convention
from territories.models import Department

pytestmark = [pytest.mark.bench, pytest.mark.django_db]
UNTIL = dt.date(2026, 11, 1)


def seed(sites: int, months: int, seed: int = 2026) -> None:
    call_command(
        "seed_bench", sites=sites, months=months, seed=seed, until=UNTIL, force=True,
        stdout=io.StringIO(),
    )  # fmt: skip


def snapshot() -> list[tuple]:
    return list(
        ActivityReport.objects.order_by("site__finess_et", "campaign__period_start").values_list(
            "site__finess_et", "campaign__period_start", "status", "admissions", "deaths"
        )
    )


def test_same_seed_same_data_other_seed_other_figures() -> None:
    with transaction.atomic():
        seed(6, 3)
        first = snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        seed(6, 3)
        assert snapshot() == first
        transaction.set_rollback(True)
    seed(6, 3, seed=7)
    assert snapshot() != first


def test_houses_cover_every_department_and_reports_every_state() -> None:
    departments = Department.objects.count()
    seed(departments, 5)
    assert Site.objects.values("department").distinct().count() == departments
    assert set(ActivityReport.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    last = ActivityReport.objects.order_by("-campaign__period_start").first()
    assert last.campaign.period_start == dt.date(2026, 10, 1)
    sample = ActivityReport.objects.select_related("campaign")[:200]
    assert not [report for report in sample if errors(report.violations())]
    validated = ActivityReport.objects.filter(status=ReportStatus.VALIDATED).first()
    assert list(validated.transitions.values_list("to_status", flat=True)) == [
        ReportStatus.SUBMITTED,
        ReportStatus.VALIDATED,
    ]
    assert ReportTransition.objects.count() > ActivityReport.objects.count()
    assert StaffingDeclaration.objects.count() == 2 * departments
    assert Convention.objects.count() > 2 * departments
    assert Membership.objects.filter(site__isnull=False).count() == departments


def test_arguments_are_checked() -> None:
    with pytest.raises(CommandError, match="positifs"):
        seed(0, 3)
