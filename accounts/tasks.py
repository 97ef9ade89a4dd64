"""Nightly retention of account records (scheduled in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from accounts import retention


@shared_task
def purge_account_records() -> dict[str, int]:
    now = timezone.now()
    return {
        "security_events": retention.security_log_purge(now=now),
        "sessions": retention.sessions_purge(now=now),
    }
