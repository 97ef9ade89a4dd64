"""Celery tasks of the masp app: thin wrappers around `masp.activity.reminders`."""

from __future__ import annotations

from celery import shared_task

from masp.activity import reminders


@shared_task(
    acks_late=True, autoretry_for=(OSError,), max_retries=3, soft_time_limit=60, time_limit=90
)
def notify_transition(transition_id: int) -> int:
    """Email the coordinators of the house when their report is returned or validated."""
    return reminders.notify_transition(transition_id=transition_id)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def send_campaign_reminders() -> int:
    """Daily: remind the coordinators who have not submitted (opening, midpoint, eve)."""
    return reminders.send_campaign_reminders()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def send_overdue_digests() -> int:
    """Daily: one digest per campaign and region to the ARS agents once the deadline passed."""
    return reminders.send_overdue_digests()
