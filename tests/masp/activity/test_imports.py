"""Import of reports: dry run per line, all-or-nothing apply, CSV and XLSX."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from masp.activity.enums import ReportStatus
from masp.models import ActivityReport
from tests.masp.factories import CampaignFactory, filled_report, valid_figures
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = "masp:report_import"


def csv_file(rows: list[dict[str, Any]]) -> SimpleUploadedFile:
    header = list(rows[0])
    lines = [";".join(header)] + [";".join(str(row[h]) for h in header) for row in rows]
    return SimpleUploadedFile("rapports.csv", "\n".join(lines).encode(), "text/csv")


def row(world: World, month: int, **changes: Any) -> dict[str, Any]:
    campaign = CampaignFactory(month=month)
    figures = valid_figures(world.site_a, campaign, seed=month)
    figures.pop("highlights")
    return {
        "finess": world.site_a.finess_et,
        "periode": f"2026-{month:02d}",
        **figures,
        "justification": "Ouverture",
        **changes,
    }


def test_dry_run_then_apply(world: World) -> None:
    existing = filled_report(world.site_a, campaign=CampaignFactory(month=4))
    client = world.client("coordinator_a")
    rows = [row(world, 3), row(world, 4)]
    rows[1]["highlights"] = ""
    rows[0]["highlights"] = "Import"
    response = client.post(reverse(URL), {"file": csv_file(rows)})
    lines = response.context["lines"]
    assert response.context["can_apply"]
    assert lines[0].report is None
    assert ("highlights", None, "Import") in lines[0].changes
    assert lines[1].report == existing
    assert ActivityReport.objects.count() == 1  # nothing written by the dry run
    response = client.post(reverse(URL), {"apply": "1"}, follow=True)
    assert "2 rapport(s) importé(s)" in response.content.decode()
    created = ActivityReport.objects.get(campaign__period_start="2026-03-01")
    assert created.status == ReportStatus.DRAFT
    assert created.highlights == "Import"


def test_every_violation_is_listed_and_blocks(world: World) -> None:
    filled_report(world.site_c, campaign=CampaignFactory(month=4), status=ReportStatus.DRAFT)
    rows = [
        row(world, 3, residents_end=99),
        {**row(world, 4), "finess": world.site_c.finess_et},
        row(world, 5, deaths="abc"),
        {**row(world, 6), "periode": "2031-01"},
    ]
    response = world.client("coordinator_a").post(reverse(URL), {"file": csv_file(rows)})
    lines = response.context["lines"]
    assert not response.context["can_apply"]
    assert {v.code for v in lines[0].violations} >= {"residents_balance", "residents_end_capacity"}
    assert "hors de votre périmètre" in lines[1].problems[0]
    assert "n'est pas un nombre" in lines[2].problems[0]
    assert "Période inconnue" in lines[3].problems[0]
    applied = world.client("coordinator_a").post(reverse(URL), {"apply": "1"}, follow=True)
    assert "relancez la simulation" in applied.content.decode()
    assert not ActivityReport.objects.filter(site=world.site_a).exists()


def test_apply_is_all_or_nothing(world: World) -> None:
    client = world.client("coordinator_a")
    client.post(reverse(URL), {"file": csv_file([row(world, 3), row(world, 4)])})
    # Between the dry run and the apply, the April report is created and submitted elsewhere.
    filled_report(world.site_a, campaign=CampaignFactory(month=4), status=ReportStatus.SUBMITTED)
    response = client.post(reverse(URL), {"apply": "1"}, follow=True)
    assert "rien n'a été enregistré" in response.content.decode()
    assert not ActivityReport.objects.filter(campaign__period_start="2026-03-01").exists()


def test_xlsx_and_locked_reports(world: World) -> None:
    filled_report(world.site_a, campaign=CampaignFactory(month=3), status=ReportStatus.VALIDATED)
    data = row(world, 3)
    book = Workbook()
    sheet = book.active
    sheet.append(list(data))
    sheet.append(list(data.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("r.xlsx", buffer.getvalue())
    response = world.client("coordinator_a").post(reverse(URL), {"file": upload})
    [line] = response.context["lines"]
    assert "validé" in line.problems[0]


def test_bad_files_are_messages(world: World) -> None:
    client = world.client("coordinator_a")
    response = client.post(reverse(URL), {"file": SimpleUploadedFile("x.txt", b"a")})
    assert "CSV ou XLSX" in response.content.decode()
    bad = SimpleUploadedFile("x.csv", b"foo;bar\n1;2\n")
    assert "Colonnes attendues" in client.post(reverse(URL), {"file": bad}).content.decode()
    broken = SimpleUploadedFile("x.xlsx", b"not a zip")
    assert "illisible" in client.post(reverse(URL), {"file": broken}).content.decode()


def test_only_coordinators_import(world: World) -> None:
    response = world.client("ars_a").post(reverse(URL), {"file": csv_file([row(world, 3)])})
    assert "Seule la coordination" in response.context["lines"][0].problems[0]


def test_the_template_round_trips_through_the_dry_run(world: World) -> None:
    client = world.client("coordinator_a")
    header = client.get(reverse("masp:report_import_template")).content.decode().strip()
    assert header.startswith("finess;periode;places_installed;")
    CampaignFactory(month=3)
    figures = row(world, 3)
    line = ";".join(str(figures.get(column, "")) for column in header.split(";"))
    upload = SimpleUploadedFile("r.csv", f"{header}\n{line}\n".encode(), "text/csv")
    response = client.post(reverse(URL), {"file": upload})
    assert response.context["can_apply"]
