"""The files for people (`lang=fr`): they open in columns in a French spreadsheet, with French
headers and labels; the machine files beside them stay as they were."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from masp.activity.enums import ReportStatus
from masp.sites.enums import LegalStatus
from reporting.models import ExportRequest
from tests.masp.factories import CampaignFactory, filled_report
from tests.partners.factories import ConventionFactory
from tests.personas import World
from tests.reporting.exports.helpers import export, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def world_fr(world: World) -> World:
    world.site_a.manager_legal_status = LegalStatus.PRIVATE_NON_PROFIT
    world.site_a.save()
    return world


def test_the_french_csv_has_labels_semicolons_bom_and_decimal_commas(world_fr: World) -> None:
    body = export(world_fr.client("analyst"), "csv", "sites", lang="fr")
    assert body.startswith("\ufeff".encode())
    header = body.decode("utf-8-sig").split("\n")[0]
    assert header.startswith("identifiant de la maison;nom de la maison;")
    first = read_csv(body, delimiter=";")[0]
    assert first["nom de la maison"] == "Maison A"
    assert first["statut du gestionnaire"] == "privé non lucratif"
    assert first["statut"] == "ouverte"
    # A region keeps its code beside its name.
    assert (first["code région"], first["région"]) == ("32", "Hauts-de-France")
    assert "." not in first["latitude"]
    assert Decimal(first["latitude"].replace(",", ".")) == world_fr.site_a.latitude


def test_the_machine_csv_keeps_codes_and_points(world_fr: World) -> None:
    body = export(world_fr.client("analyst"), "csv", "sites")
    assert not body.startswith("\ufeff".encode())
    assert body.decode().split("\n")[0].startswith("site_id,site_name,finess_et,")
    first = read_csv(body)[0]
    assert (first["manager_legal_status"], first["status"]) == ("private_non_profit", "open")
    assert first["latitude"] == str(world_fr.site_a.latitude)


def test_the_french_xlsx_has_french_headers_labels_and_numbers(world_fr: World) -> None:
    rows = read_xlsx(export(world_fr.client("analyst"), "xlsx", "sites", lang="fr"))
    first = rows[0]
    assert first["statut du gestionnaire"] == "privé non lucratif"
    assert first["statut"] == "ouverte"
    assert first["capacité"] == world_fr.site_a.capacity  # a number, not a text
    assert isinstance(first["latitude"], float)


def test_booleans_read_oui_or_non(world: World) -> None:
    ConventionFactory(site=world.site_a)
    rows = read_csv(export(world.client("analyst"), "csv", "conventions", lang="fr"), ";")
    assert rows[0]["convention signée déposée"] in ("oui", "non")
    assert rows[0]["état du jour"] in ("en projet", "signée", "expirée", "résiliée")
    machine = read_csv(export(world.client("analyst"), "csv", "conventions"))
    assert machine[0]["has_document"] in ("t", "f")


def test_activity_report_statuses_are_french(world: World) -> None:
    report = filled_report(world.site_a, CampaignFactory(month=3), status=ReportStatus.VALIDATED,
                           validated_at=timezone.now())  # fmt: skip
    rows = read_csv(export(world.client("analyst"), "csv", "activity-reports", lang="fr"), ";")
    assert rows[0]["statut du rapport"] == "validé"
    rate = report.occupancy_rate  # a Decimal of 3 places, e.g. 0.852 -> "0,852"
    assert rate is not None
    assert rows[0]["taux d'occupation"] == f"{rate:f}".replace(".", ",")


def test_the_french_file_is_named_in_french(world: World) -> None:
    url = reverse("api-export", args=["activity-reports", "csv"])
    response = world.client("analyst").get(url, {"lang": "fr"})
    today = timezone.localdate()
    assert (
        f'filename="masp-rapports-dactivite-{today:%Y-%m-%d}.csv"'
        in (response["Content-Disposition"])
    )
    machine = world.client("analyst").get(url)
    assert (
        f'filename="masp-activity-reports-{today:%Y-%m-%d}.csv"' in (machine["Content-Disposition"])
    )


@pytest.mark.parametrize(
    ("fmt", "query", "message"),
    [("jsonl", {"lang": "fr"}, "pas JSON Lines"), ("csv", {"lang": "de"}, "inconnue")],
)
def test_bad_lang_is_a_french_json_error(
    world: World, fmt: str, query: dict[str, str], message: str
) -> None:
    response = world.client("analyst").get(reverse("api-export", args=["sites", fmt]), query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_large_french_xlsx_is_built_in_french_by_the_worker(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MASP_EXPORT_XLSX_SYNC_MAX_ROWS = 1
    client: Client = world.client("analyst")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("api-export", args=["sites", "xlsx"]), {"lang": "fr"})
    assert response.status_code == 202
    export_request = ExportRequest.objects.get()
    assert export_request.params == {"lang": "fr"}
    download = client.get(response.json()["status_url"]).json()["download_url"]
    file = client.get(download)
    content = b"".join(file.streaming_content)
    file.close()
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    header = next(sheet.iter_rows(values_only=True))
    assert header[:2] == ("identifiant de la maison", "nom de la maison")
