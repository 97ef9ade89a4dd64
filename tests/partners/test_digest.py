"""The weekly digest emailed to each region's ARS agents: content and idempotence."""

from __future__ import annotations

import datetime as dt
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from config.celery import app
from partners import services, tasks
from partners.enums import OrganisationKind
from partners.models import DigestDelivery
from tests.partners.factories import ConventionFactory, OrganisationFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def situation(world: World) -> World:
    """House A lacks a volunteer convention, its EMSP convention ends in 30 days; house B is
    in order; house C (region 53) has nothing."""
    today = timezone.localdate()
    ConventionFactory(
        site=world.site_a,
        partner=OrganisationFactory(name="EMSP du Hainaut"),
        valid_from=None,
        valid_until=today + dt.timedelta(days=30),
    )
    for kind in [OrganisationKind.EMSP, OrganisationKind.VOLUNTEER_ASSOCIATION]:
        ConventionFactory(site=world.site_b, partner=OrganisationFactory(kind=kind))
    return world


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_weekly_digest_goes_to_each_regions_agents(situation: World) -> None:
    assert tasks.send_weekly_digests.delay().get() == 2  # regions 32 and 53
    [message] = messages_to("ars-a@example.org")
    assert message.subject.startswith("Conventions des maisons — Hauts-de-France, semaine du")
    assert "Maison A (59) : manque association de bénévoles" in message.body
    assert "Maison A — EMSP du Hainaut : jusqu'au" in message.body
    assert "Maison B" not in message.body
    assert "Maison C" not in message.body
    [other] = messages_to("ars-other@example.org")
    assert "Maison C (29) : manque" in other.body
    assert "Maison A" not in other.body


def test_weekly_digest_is_sent_once_per_week(situation: World) -> None:
    tasks.send_weekly_digests.delay()
    tasks.send_weekly_digests.delay()
    assert len(mail.outbox) == 2
    assert DigestDelivery.objects.count() == 2
    week = services.week_start_of(timezone.localdate())
    assert set(DigestDelivery.objects.values_list("week_start", flat=True)) == {week}
    # The next week is another digest.
    services.digest_send(region_code="32", week_start=week + dt.timedelta(days=7))
    assert len(mail.outbox) == 3


def test_nothing_to_report_sends_nothing_but_is_recorded(world: World) -> None:
    for site in [world.site_a, world.site_b]:
        for kind in [OrganisationKind.EMSP, OrganisationKind.VOLUNTEER_ASSOCIATION]:
            ConventionFactory(site=site, partner=OrganisationFactory(kind=kind))
    delivery = services.digest_send(region_code="32", week_start=dt.date(2026, 11, 23))
    assert not mail.outbox
    assert delivery.sent_at is not None
    assert delivery.recipient_count == 0


def test_a_failed_send_is_retried_not_lost(situation: World, monkeypatch) -> None:
    def broken(**kwargs: object) -> None:
        raise SMTPException("relay down")

    monkeypatch.setattr(services, "send_mail", broken)
    week = dt.date(2026, 11, 23)
    with pytest.raises(SMTPException):
        services.digest_send(region_code="32", week_start=week)
    assert not DigestDelivery.objects.filter(sent_at__isnull=False).exists()
    monkeypatch.undo()
    delivery = services.digest_send(region_code="32", week_start=week)
    assert delivery.recipient_count == 1
    assert len(messages_to("ars-a@example.org")) == 1


def test_inactive_agents_get_nothing(situation: World) -> None:
    situation.users["ars_a"].memberships.update(is_active=False)
    services.digest_send(region_code="32", week_start=dt.date(2026, 11, 23))
    assert not messages_to("ars-a@example.org")


def test_beat_schedules_the_digest_on_monday_morning() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["partners-weekly-digest"]
    assert entry["task"] == "partners.tasks.send_weekly_digests"
    assert entry["task"] in app.tasks
    assert entry["schedule"].day_of_week == {1}
    assert entry["schedule"].hour == {7}


def test_week_start_is_the_monday() -> None:
    assert services.week_start_of(dt.date(2026, 11, 26)) == dt.date(2026, 11, 23)
    assert services.week_start_of(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)
