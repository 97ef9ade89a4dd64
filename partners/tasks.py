"""Celery tasks of the partners app: thin, idempotent, taking identifiers."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from partners import services


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def send_region_digest(region_code: str, week_start: str) -> int:
    """Send one region's weekly digest; a second call for the same week does nothing."""
    delivery = services.digest_send(
        region_code=region_code, week_start=dt.date.fromisoformat(week_start)
    )
    return delivery.recipient_count


@shared_task(soft_time_limit=60, time_limit=90)
def send_weekly_digests() -> int:
    """Beat entry point (Monday morning): one task per region with ARS agents."""
    week_start = services.week_start_of(timezone.localdate()).isoformat()
    regions = services.regions_with_ars_agents()
    for code in regions:
        send_region_digest.delay(code, week_start)
    return len(regions)
