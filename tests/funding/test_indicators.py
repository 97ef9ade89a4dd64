"""The built-in indicators of the funding scheme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from funding.indicators import REGISTRY
from masp.activity.enums import ReportStatus
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False)
def test_reports_on_time_counts_late_and_missing_sends_as_late(world: World) -> None:
    january, february = CampaignFactory(month=1), CampaignFactory(month=2)
    march = CampaignFactory(month=3)
    on_time = {"submitted_at": at(january.deadline)}
    late = {"submitted_at": at(february.deadline + dt.timedelta(days=1))}
    filled_report(world.site_a, january, ReportStatus.VALIDATED, **on_time)
    filled_report(world.site_a, february, ReportStatus.VALIDATED, **late)
    filled_report(world.site_a, march, ReportStatus.DRAFT)  # never sent
    compute = REGISTRY["reports_on_time"].compute
    assert compute(world.site_a, 2026) == Decimal("33.33")
    assert compute(world.site_b, 2026) is None  # no report: not measurable


def test_staffing_compliance_is_not_measurable_without_a_declaration(world: World) -> None:
    assert REGISTRY["staffing_compliance"].compute(world.site_a, 2026) is None
