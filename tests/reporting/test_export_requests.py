"""Large XLSX exports: built by a worker through an `ExportRequest`, served to the requester
only, recovered by the sweeper."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from masp.enums import ReportStatus as ActivityStatus
from reporting.enums import ReportStatus
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
    assert lost.status == ReportStatus.DONE
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
    assert export.status == ReportStatus.FAILED
    assert export.attempts == settings.MASP_REPORT_MAX_ATTEMPTS
    assert "disque plein" in export.error
