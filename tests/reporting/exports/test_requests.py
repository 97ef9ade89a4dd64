"""Large XLSX exports: built by a worker through an `ExportRequest`, served to the requester
only, recovered by the sweeper."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from masp.activity.enums import ReportStatus as ActivityStatus
from reporting.enums import JobStatus
from reporting.exports import services
from reporting.models import ExportRequest
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings: Any) -> None:
    settings.MASP_EXPORT_XLSX_SYNC_MAX_ROWS = 1


@pytest.fixture
def reports(world: World) -> World:
    for month in (3, 4):
        for site in (world.site_a, world.site_b, world.site_c):
            filled_report(site, CampaignFactory(month=month), status=ActivityStatus.VALIDATED)
    return world


def ask(client: Client, **query: str) -> Any:
    url = reverse("api-export", args=["activity-reports", "xlsx"])
    return client.get(url, query)


def test_small_xlsx_is_served_at_once(reports: World) -> None:
    response = ask(reports.client("analyst"))
    assert b"".join(response.streaming_content).startswith(b"PK")  # read, hence closed
    assert response.status_code == 200
    assert not ExportRequest.objects.exists()


def test_large_xlsx_goes_to_a_worker_and_is_downloaded(
    reports: World, small_threshold: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = reports.client("ars_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, header="fr", **{"from": "2026-04"})
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert body["rows"] == 2
    assert response["Location"] == body["status_url"]
    status = client.get(body["status_url"]).json()
    assert status["status"] == "done"
    assert status["params"] == {"from": "2026-04", "header": "fr"}
    download = client.get(status["download_url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    download.close()
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "identifiant du rapport"  # French header replayed
    assert sorted(row[2] for row in values[1:]) == ["Maison A", "Maison B"]  # ARS scope


@pytest.mark.parametrize("persona", ["analyst", "ars_other", "coordinator_a", "anonymous"])
def test_only_the_requester_gets_the_file(
    reports: World, small_threshold: None, django_capture_on_commit_callbacks: Any, persona: str
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        export_id = ask(reports.client("ars_a")).json()["id"]
    client = reports.client(persona)
    status_code = 401 if persona == "anonymous" else 404
    detail = reverse("api-export-request-detail", args=[export_id])
    assert client.get(detail).status_code == status_code
    file = reverse("api-export-request-file", args=[export_id])
    assert client.get(file).status_code == status_code


def test_file_of_a_request_not_ready_is_404(reports: World) -> None:
    user = reports.users["analyst"]
    export = ExportRequest.objects.create(name="sites", requested_by=user)
    client = reports.client("analyst")
    assert client.get(reverse("api-export-request-file", args=[export.pk])).status_code == 404
    listing = client.get(reverse("api-export-request-list")).json()
    assert [item["id"] for item in listing["results"]] == [export.pk]


def test_sweeper_rebuilds_a_lost_request(
    reports: World, django_capture_on_commit_callbacks: Any
) -> None:
    user = reports.users["analyst"]
    lost = ExportRequest.objects.create(
        name="sites", requested_by=user, enqueued_at=timezone.now() - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.exports_sweep(now=timezone.now())
    assert counts["requeued"] == 1
    lost.refresh_from_db()
    assert lost.status == JobStatus.DONE
    assert lost.size


def test_a_failing_build_is_retried_then_failed(
    reports: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disque plein")

    monkeypatch.setattr(services, "xlsx_file", broken)
    user = reports.users["analyst"]
    export = ExportRequest.objects.create(name="sites", requested_by=user)
    services.enqueue_export(export.pk)
    export.refresh_from_db()
    assert export.status == JobStatus.FAILED
    assert export.attempts == settings.MASP_REPORT_MAX_ATTEMPTS
    assert "disque plein" in export.error


def built(client: Client, capture: Any) -> ExportRequest:
    with capture(execute=True):
        export_id = ask(client).json()["id"]
    export = ExportRequest.objects.get(pk=export_id)
    assert export.is_ready
    assert default_storage.exists(export.file.name)
    return export


def test_the_purge_deletes_exports_past_their_retention_with_their_files(
    reports: World, small_threshold: None, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.MASP_EXPORT_RETENTION_DAYS = 7
    client = reports.client("analyst")
    old = built(client, django_capture_on_commit_callbacks)
    recent = built(client, django_capture_on_commit_callbacks)
    now = timezone.now()
    ExportRequest.objects.filter(pk=old.pk).update(finished_at=now - dt.timedelta(days=8))
    analyst = reports.users["analyst"]
    failed = ExportRequest.objects.create(
        name="sites", requested_by=analyst, status=JobStatus.FAILED, finished_at=now
    )
    ExportRequest.objects.filter(pk=failed.pk).update(finished_at=now - dt.timedelta(days=30))
    # Still waiting for a worker after the retention: the sweeper's business, not the purge's.
    waiting = ExportRequest.objects.create(
        name="sites", requested_by=analyst, enqueued_at=now - dt.timedelta(days=9)
    )
    detail = client.get(reverse("api-export-request-detail", args=[recent.pk])).json()
    expires = dt.datetime.fromisoformat(detail["expires_at"])
    assert expires == recent.finished_at + dt.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.exports_purge(now=now) == 2

    assert set(ExportRequest.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(recent.file.name)
    gone = client.get(reverse("api-export-request-file", args=[old.pk]))
    assert gone.status_code == 404


def test_the_files_go_only_once_the_purge_is_committed(
    reports: World, small_threshold: None, django_capture_on_commit_callbacks: Any
) -> None:
    export = built(reports.client("analyst"), django_capture_on_commit_callbacks)
    ExportRequest.objects.update(finished_at=timezone.now() - dt.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.exports_purge(now=timezone.now()) == 1
    assert len(callbacks) == 1
    # Not committed (the test's transaction wraps the purge's): the file is still there.
    assert default_storage.exists(export.file.name)
    callbacks[0]()
    assert not default_storage.exists(export.file.name)
