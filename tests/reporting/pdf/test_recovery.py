"""The sweeper and the six-monthly schedule: nothing asked for is ever lost."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from reporting.enums import JobStatus
from reporting.models import ReportRequest
from reporting.pdf.services import previous_semester, reports_request_semester, reports_sweep
from tests.personas import World
from tests.reporting.conftest import FakeRenderer
from tests.reporting.factories import REGION_32, ReportRequestFactory

pytestmark = pytest.mark.django_db


def minutes_ago(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def test_a_request_whose_message_was_lost_is_completed_by_the_sweeper(
    renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    lost = ReportRequestFactory(enqueued_at=minutes_ago(10))
    fresh = ReportRequestFactory(enqueued_at=minutes_ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        counts = reports_sweep(now=timezone.now())
    assert counts == {"requeued": 1, "retried": 0, "failed": 0}
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == JobStatus.DONE
    assert lost.file
    assert fresh.status == JobStatus.PENDING  # its message may still be on its way
    assert renderer.calls == 1


def test_a_request_stuck_running_is_retried_then_failed(
    renderer: FakeRenderer, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    dead_worker = ReportRequestFactory(
        status=JobStatus.RUNNING, attempts=1, started_at=minutes_ago(10)
    )
    hopeless = ReportRequestFactory(
        status=JobStatus.RUNNING,
        attempts=settings.MASP_REPORT_MAX_ATTEMPTS,
        started_at=minutes_ago(10),
    )
    working = ReportRequestFactory(status=JobStatus.RUNNING, attempts=1, started_at=minutes_ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        counts = reports_sweep(now=timezone.now())
    assert counts == {"requeued": 0, "retried": 1, "failed": 1}
    for request in (dead_worker, hopeless, working):
        request.refresh_from_db()
    assert (dead_worker.status, dead_worker.attempts) == (JobStatus.DONE, 2)
    assert hopeless.status == JobStatus.FAILED
    assert "délai maximal" in hopeless.error
    assert working.status == JobStatus.RUNNING


def test_a_late_worker_does_not_overwrite_the_row_the_sweeper_took_back(
    renderer: FakeRenderer, private_storage: Any
) -> None:
    from reporting.pdf.services import _claim, _produce

    request = ReportRequestFactory()
    claimed = _claim(request.pk)
    assert claimed is not None
    # The sweeper decides the worker is dead and hands the row to another attempt.
    ReportRequest.objects.filter(pk=request.pk).update(status=JobStatus.PENDING)
    _produce(claimed)
    request.refresh_from_db()
    assert request.status == JobStatus.PENDING
    assert not any(private_storage.rglob("*.pdf"))  # its file was not left behind


def test_sweep_command_is_a_dry_run_unless_told(
    renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    lost = ReportRequestFactory(enqueued_at=minutes_ago(10))
    out = io.StringIO()
    call_command("sweep_reports", stdout=out)
    assert "Simulation : 1 demande(s) en attente" in out.getvalue()
    lost.refresh_from_db()
    assert lost.status == JobStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_reports", "--wet-run", stdout=out)
    assert "1 relancée(s)" in out.getvalue()
    lost.refresh_from_db()
    assert lost.status == JobStatus.DONE


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2027, 1, 2), (dt.date(2026, 7, 1), dt.date(2026, 12, 31))),
        (dt.date(2026, 7, 2), (dt.date(2026, 1, 1), dt.date(2026, 6, 30))),
    ],
)
def test_previous_semester(today: dt.date, expected: tuple[dt.date, dt.date]) -> None:
    assert previous_semester(today) == expected


def test_six_monthly_reports_go_to_the_regions_agents(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        requests = reports_request_semester(today=dt.date(2026, 7, 2))
    # The twelve pilot regions.
    assert len(requests) == 12
    assert {request.period_start for request in requests} == {dt.date(2026, 1, 1)}
    assert all(request.requested_by is None for request in requests)
    assert ReportRequest.objects.filter(status=JobStatus.DONE).count() == 12
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["ars-a@example.org", "ars-other@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        again = reports_request_semester(today=dt.date(2026, 7, 3))
    assert {request.pk for request in again} == {request.pk for request in requests}
    assert renderer.calls == 12


def test_the_schedules_are_in_the_settings(settings: Any) -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["sweep-reports"]["task"] == "reporting.pdf.tasks.sweep_reports"
    assert schedule["sweep-reports"]["schedule"] == 300
    semester = schedule["semester-reports"]["schedule"]
    assert semester.month_of_year == {1, 7}
    assert semester.day_of_month == {2}
    assert schedule["purge-exports"]["task"] == "reporting.exports.tasks.purge_exports"


def test_every_scheduled_task_is_registered(settings: Any) -> None:
    from config.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled
    assert scheduled <= set(app.tasks)


def test_a_broker_down_at_request_time_loses_nothing(
    world: World,
    renderer: FakeRenderer,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reporting.pdf import services

    def broker_down(request_id: int) -> None:
        raise ConnectionError("Redis indisponible")

    monkeypatch.setattr(services, "enqueue", broker_down)
    client = world.client("ars_a")
    data = REGION_32
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/reports/", data, content_type="application/json")
    assert response.status_code == 202
    request = ReportRequest.objects.get()
    assert request.status == JobStatus.PENDING
    monkeypatch.undo()
    later = timezone.now() + dt.timedelta(minutes=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_sweep(now=later)["requeued"] == 1
    request.refresh_from_db()
    assert request.status == JobStatus.DONE


def test_the_tasks_call_the_services(
    world: World, renderer: FakeRenderer, django_capture_on_commit_callbacks: Any
) -> None:
    from reporting.pdf.tasks import request_semester_reports, sweep_reports

    with django_capture_on_commit_callbacks(execute=True):
        assert request_semester_reports.delay().get() == 12
    assert ReportRequest.objects.filter(status=JobStatus.DONE).count() == 12
    assert sweep_reports.delay().get() == {"requeued": 0, "retried": 0, "failed": 0}


def test_report_requests_are_read_only_in_the_admin(world: World) -> None:
    report = ReportRequestFactory(site=world.site_a, done=True)
    client = world.client("national_admin")
    assert client.get("/admin/reporting/reportrequest/").status_code == 200
    page = client.get(f"/admin/reporting/reportrequest/{report.pk}/change/")
    assert page.status_code == 200
    assert client.get("/admin/reporting/reportrequest/add/").status_code == 403
