"""Reminders with frozen time: who gets what, when, and only once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from masp.activity import tasks
from masp.activity.enums import ReminderStep, ReportStatus
from masp.activity.reminders import step_due
from masp.models import ReminderLog, ReportTransition
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


def sent_on(day: str, task=tasks.send_campaign_reminders) -> list[list[str]]:  # type: ignore[no-untyped-def]
    mail.outbox.clear()
    with time_machine.travel(dt.datetime.fromisoformat(f"{day}T07:00:00+02:00"), tick=False):
        task.delay()
    return sorted(message.to for message in mail.outbox)


def test_steps_of_a_campaign() -> None:
    march = CampaignFactory.build(month=3)  # opens 1 April, due 15 April
    assert step_due(march, dt.date(2026, 3, 31)) is None
    assert step_due(march, dt.date(2026, 4, 1)) == ReminderStep.OPENING
    assert step_due(march, dt.date(2026, 4, 8)) == ReminderStep.MIDPOINT
    assert step_due(march, dt.date(2026, 4, 14)) == ReminderStep.EVE
    assert step_due(march, dt.date(2026, 4, 16)) is None


def test_coordinators_are_reminded_at_each_step_once(world: World) -> None:
    march = CampaignFactory(month=3)
    assert sent_on("2026-04-01") == [["coordinator-a@example.org"], ["coordinator-b@example.org"]]
    assert sent_on("2026-04-01") == []  # the same day again: nothing
    report = filled_report(world.site_a, campaign=march, status=ReportStatus.SUBMITTED)
    report.submitted_at = dt.datetime(2026, 4, 5, tzinfo=dt.UTC)
    report.save()
    # House C (region 53) has no coordinator in the world: no one to remind there.
    assert sent_on("2026-04-08") == [["coordinator-b@example.org"]]
    assert sent_on("2026-04-10") == []
    assert sent_on("2026-04-14") == [["coordinator-b@example.org"]]
    assert sent_on("2026-04-16") == []
    steps = ReminderLog.objects.filter(site=world.site_b).values_list("step", flat=True)
    assert sorted(steps) == sorted([ReminderStep.OPENING, ReminderStep.MIDPOINT, ReminderStep.EVE])


def test_a_missed_day_sends_only_the_latest_step(world: World) -> None:
    CampaignFactory(month=3)
    assert len(sent_on("2026-04-09")) == 2
    assert set(ReminderLog.objects.values_list("step", flat=True)) == {ReminderStep.MIDPOINT}


def test_drafts_still_get_reminded_but_not_houses_opened_later(world: World) -> None:
    CampaignFactory(month=2)  # the world's houses opened on 1 March
    assert sent_on("2026-03-01") == []
    march = CampaignFactory(month=3)
    filled_report(world.site_a, campaign=march)  # a draft is not a submitted report
    assert ["coordinator-a@example.org"] in sent_on("2026-04-01")


def test_overdue_digest_to_the_region_once(world: World) -> None:
    march = CampaignFactory(month=3)
    report = filled_report(world.site_a, campaign=march, status=ReportStatus.SUBMITTED)
    report.submitted_at = dt.datetime(2026, 4, 2, tzinfo=dt.UTC)
    report.save()
    assert sent_on("2026-04-15", tasks.send_overdue_digests) == []  # deadline day: not late yet
    digests = sent_on("2026-04-16", tasks.send_overdue_digests)
    assert digests == [["ars-a@example.org"], ["ars-other@example.org"]]
    body = {m.to[0]: m.body for m in mail.outbox}
    assert "Maison B" in body["ars-a@example.org"]
    assert "Maison A" not in body["ars-a@example.org"]
    assert sent_on("2026-04-17", tasks.send_overdue_digests) == []
    assert sent_on("2026-06-01", tasks.send_overdue_digests) == []  # after the corrections


def test_transition_notifications_are_sent_once(world: World) -> None:
    report = filled_report(world.site_a, status=ReportStatus.RETURNED)
    logged = ReportTransition.objects.create(
        report=report, from_status="submitted", to_status="returned", comment="À revoir"
    )
    assert tasks.notify_transition.delay(logged.pk).get() == 1
    assert tasks.notify_transition.delay(logged.pk).get() == 0
    [message] = mail.outbox
    assert message.to == ["coordinator-a@example.org"]
    assert "À revoir" in message.body


def test_beat_schedules_the_reminders() -> None:
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "masp.activity.tasks.send_campaign_reminders",
        "masp.activity.tasks.send_overdue_digests",
    } <= (tasks_scheduled)


def test_a_failed_send_is_retried_by_the_next_run(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    CampaignFactory(month=3)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("SMTP indisponible")

    monkeypatch.setattr("masp.activity.reminders.send_mail", broken)
    with pytest.raises(OSError, match="SMTP"):
        sent_on("2026-04-01")
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert len(sent_on("2026-04-01")) == 2
