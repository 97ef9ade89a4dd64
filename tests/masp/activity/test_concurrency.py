"""Two people acting on the same report at the same moment (threads, one connection each, on
PostgreSQL): exactly one change happens, the other gets a clear conflict."""

from __future__ import annotations

import pytest

from masp.activity import services as report_services
from masp.activity.enums import ReportStatus
from masp.activity.services import VersionConflict, WrongState, report_save, transition
from masp.models import ActivityReport, ReportTransition
from tests.accounts.factories import UserFactory
from tests.concurrency import held_for, race, requires_postgresql
from tests.masp.factories import filled_report
from tests.personas import REGION_A, World, grant

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_services, "_lock", held_for(0.5, report_services._lock))


def test_validate_and_return_at_once_one_transition_the_other_a_conflict(
    live_world: World, slow_lock: None
) -> None:
    world = live_world
    report = filled_report(site=world.site_a, status=ReportStatus.SUBMITTED)
    version = report.version
    second_agent = UserFactory(email="ars-a2@example.org")
    grant(second_agent, "ars_agent", region=REGION_A)
    results = race(
        lambda: transition(
            report=ActivityReport.objects.get(pk=report.pk),
            user=world.users["ars_a"],
            name="validate",
        ),
        lambda: transition(
            report=ActivityReport.objects.get(pk=report.pk),
            user=second_agent,
            name="return",
            comment="Chiffres à revoir.",
        ),
    )
    done = [r for r in results if isinstance(r, ActivityReport)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert (len(done), len(refused)) == (1, 1), results
    assert isinstance(refused[0], WrongState)
    assert refused[0].status == 409
    assert "Action impossible : le rapport est" in refused[0].message
    report.refresh_from_db()
    assert report.status == done[0].status
    assert report.status in (ReportStatus.VALIDATED, ReportStatus.RETURNED)
    assert ReportTransition.objects.filter(report=report).count() == 1
    assert report.version == version + 1  # bumped once


def test_the_same_agent_validating_twice_at_once_validates_once(
    live_world: World, slow_lock: None
) -> None:
    world = live_world
    report = filled_report(site=world.site_a, status=ReportStatus.SUBMITTED)
    agent = world.users["ars_a"]

    def validate() -> ActivityReport:
        return transition(
            report=ActivityReport.objects.get(pk=report.pk), user=agent, name="validate"
        )

    results = race(validate, validate)
    assert sorted(type(r).__name__ for r in results) == ["ActivityReport", "WrongState"]
    assert ReportTransition.objects.filter(report=report).count() == 1


def test_two_coordinators_save_the_same_draft_the_second_gets_a_conflict(
    live_world: World, slow_lock: None
) -> None:
    world = live_world
    report = filled_report(site=world.site_a)
    loaded = report.version  # both opened the form on this version
    colleague = UserFactory(email="coordinator-a2@example.org")
    grant(colleague, "coordinator", site=world.site_a)
    before = ActivityReport.objects.get(pk=report.pk)

    def save(user: object, values: dict) -> object:
        return report_save(
            report=ActivityReport.objects.get(pk=report.pk),
            user=user,
            values=values,
            version=loaded,
        )

    results = race(
        lambda: save(world.users["coordinator_a"], {"admissions": 7, "deaths": 2}),
        lambda: save(colleague, {"admissions": 9, "requests_received": 40}),
    )
    conflicts = [r for r in results if isinstance(r, VersionConflict)]
    saved = [r for r in results if isinstance(r, tuple)]
    assert (len(conflicts), len(saved)) == (1, 1), results
    assert conflicts[0].status == 409
    assert "modifié entre-temps" in conflicts[0].message
    report.refresh_from_db()
    assert report.version == loaded + 1
    winner = saved[0][0]
    # Every figure is the winner's or the one both started from: nothing of the loser leaked.
    for name in ("admissions", "deaths", "requests_received"):
        assert getattr(report, name) == getattr(winner, name)
    if report.admissions == 7:
        assert report.requests_received == before.requests_received
    else:
        assert report.deaths == before.deaths
