"""An analyst downloads the default export of the Exports page: the Excel file and the CSV for
a French spreadsheet open with the right columns (read back with openpyxl, and with `csv`
using `;`); then filters the houses with the selects and downloads them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from masp.activity.enums import ReportStatus
from reporting.exports.specs import EXPORTS
from tests.browser.conftest import run_axe
from tests.masp.factories import CampaignFactory, filled_report
from tests.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download(page: Any, selector: str, suffix: str) -> bytes:
    """The file a click downloads, named as a person would save it."""
    with page.expect_download() as info:
        page.click(selector)
    assert info.value.suggested_filename.endswith(suffix), info.value.suggested_filename
    return Path(info.value.path()).read_bytes()


def test_analyst_downloads_the_default_export_and_it_opens_in_columns(
    open_session: Any, journey_world: World
) -> None:
    world = journey_world
    for site in (world.site_a, world.site_c):
        filled_report(site, CampaignFactory(month=3), status=ReportStatus.VALIDATED,
                      validated_at=timezone.now())  # fmt: skip
    analyst = open_session("exports")
    analyst.login(world.users["analyst"].email)
    page = analyst.page
    page.goto("/exports/")
    assert page.locator("h1").inner_text() == "Exports"
    assert run_axe(page) == []
    page.screenshot(path=str(analyst.shot("1-page").with_name("exports-page-full.png")),
                    full_page=True)  # fmt: skip
    spec = EXPORTS["activity-reports"]
    labels = tuple(str(column.label) for column in spec.columns)

    # The first button of a row is the Excel file.
    xlsx = download(page, "a[data-export=activity-reports][data-format=xlsx]", ".xlsx")
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header == labels
    by_label = [dict(zip(header, row, strict=True)) for row in rows]
    assert {row["nom de la maison"] for row in by_label} == {"Maison A", "Maison C"}
    assert {row["statut du rapport"] for row in by_label} == {"validé"}
    assert all(isinstance(row["journées réalisées"], int) for row in by_label)

    text = download(page, "a[data-export=activity-reports][data-format=csv-fr]", ".csv")
    assert text.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert tuple(lines[0]) == labels  # one column per label, not one long column
    assert len(lines) == 3
    assert {line[labels.index("statut du rapport")] for line in lines[1:]} == {"validé"}

    # The filters are selects: the open houses of Hauts-de-France.
    page.select_option("#id_export", "sites")
    page.select_option("#id_region", "32")
    page.select_option("#id_status", "sites:open")
    page.click("text=Préparer le téléchargement")
    page.wait_for_load_state()
    page.locator("#download").scroll_into_view_if_needed()
    analyst.shot("2-filtered")
    sites = load_workbook(io.BytesIO(download(page, "#download-xlsx", ".xlsx"))).active
    header, *rows = sites.iter_rows(values_only=True)
    names = {dict(zip(header, row, strict=True))["nom de la maison"] for row in rows}
    assert names == {"Maison A", "Maison B"}
    assert analyst.console_errors == []
