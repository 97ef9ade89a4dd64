"""How long account records are kept: the security log for `MASP_SECURITY_LOG_DAYS`, sessions
until they expire. Run every night by `accounts.tasks.purge_account_records`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session

from accounts.models import SecurityEvent


def security_log_purge(*, now: dt.datetime) -> int:
    """Delete the security events older than the retention period; returns how many."""
    limit = now - dt.timedelta(days=settings.MASP_SECURITY_LOG_DAYS)
    deleted, _by_model = SecurityEvent.objects.filter(created_at__lt=limit).delete()
    return deleted


def sessions_purge(*, now: dt.datetime) -> int:
    """Delete the expired sessions (what `clearsessions` does for the database backend)."""
    deleted, _by_model = Session.objects.filter(expire_date__lt=now).delete()
    return deleted
