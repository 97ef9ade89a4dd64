"""The national activity export stays flat in memory: 100,000 rows streamed with a bounded
peak, whatever the database (PostgreSQL's COPY, or `.iterator()` elsewhere)."""

from __future__ import annotations

import tracemalloc

import pytest
from django.urls import reverse

from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, ReportingCampaign
from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SITES, CAMPAIGNS = 200, 500  # 100,000 reports
PEAK_BOUND = 8 * 1024 * 1024  # bytes; the whole file is about 24 MB


def bulk_reports() -> None:
    campaigns = ReportingCampaign.objects.bulk_create(
        ReportingCampaign.monthly(1990 + i // 12, 1 + i % 12) for i in range(CAMPAIGNS)
    )
    sites = SiteFactory.create_batch(SITES, opened=True)
    figures = {
        "places_installed": 12, "days_open": 30, "occupied_bed_days": 300, "residents_start": 10,
        "admissions": 4, "discharges_home": 1, "deaths": 3, "residents_end": 10,
        "requests_received": 8, "requests_refused_no_place": 2, "completed_stays_days": 120,
        "highlights": "Rien à signaler ; une virgule, des \"guillemets\".",
    }  # fmt: skip
    ActivityReport.objects.bulk_create(
        (
            ActivityReport(site=site, campaign=campaign, status=ReportStatus.VALIDATED, **figures)
            for site in sites
            for campaign in campaigns
        ),
        batch_size=5_000,
    )


def test_national_export_of_100k_rows_is_flat_in_memory(world: World) -> None:
    bulk_reports()
    client = world.client("analyst")
    response = client.get(reverse("api-export", args=["activity-reports", "csv"]))
    assert response.status_code == 200
    assert response.streaming
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        lines = size = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    print(f"\n100,000 rows: {size / 1e6:.1f} MB streamed, peak growth {peak / 1e6:.2f} MB")
    assert lines == SITES * CAMPAIGNS + 1
    assert size > 2 * PEAK_BOUND  # the bound is well under the file's size
    assert peak < PEAK_BOUND, f"peak {peak / 1e6:.1f} MB"
