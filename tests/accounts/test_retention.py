"""The nightly purge: security events older than MASP_SECURITY_LOG_DAYS and expired sessions go,
the others stay (the personal-data page promises exactly this)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

from accounts.enums import SecurityEventKind
from accounts.models import SecurityEvent
from accounts.tasks import purge_account_records
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(MASP_SECURITY_LOG_DAYS=180)
def test_the_security_log_keeps_what_is_younger_than_its_retention() -> None:
    now = timezone.now()
    user = UserFactory()
    kind = SecurityEventKind.LOGIN
    old = SecurityEvent.objects.create(
        user=user, kind=kind, created_at=now - dt.timedelta(days=181)
    )
    edge = SecurityEvent.objects.create(
        user=user, kind=kind, created_at=now - dt.timedelta(days=179)
    )
    recent = SecurityEvent.objects.create(user=user, kind=kind, created_at=now)

    result = purge_account_records()

    assert result["security_events"] == 1
    remaining = set(SecurityEvent.objects.filter(user=user).values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {edge.pk, recent.pk} <= remaining


def test_expired_sessions_are_removed_and_live_ones_kept() -> None:
    live = SessionStore()
    live["k"] = "v"
    live.create()
    expired = SessionStore()
    expired["k"] = "v"
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )

    assert purge_account_records()["sessions"] == 1
    assert Session.objects.filter(session_key=live.session_key).exists()
    assert not Session.objects.filter(session_key=expired.session_key).exists()


def test_the_purge_is_scheduled_every_night() -> None:
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["purge-account-records"]
    assert entry["task"] == "accounts.tasks.purge_account_records"
    assert purge_account_records.name == entry["task"]
