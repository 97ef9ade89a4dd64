"""Issue 21, finding 8: an XLSX import stops at the line limit instead of parsing every row
first (a 200,000-row file of a few kilobytes held a worker 101 s); the archive is bounded
before parsing. A clear French error each time, and the rows past the limit are never read."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.worksheet import _reader

from common.xlsx import MAX_INFLATED_BYTES, MAX_SHARED_STRINGS, _StreamedSheet
from masp.activity.imports import MAX_COLUMNS, MAX_LINES, ImportFileError, read_rows
from tests.personas import World
from tests.xlsx_files import SHEET_PATH, inline_row, many_rows, xlsx_with_sheet

pytestmark = pytest.mark.security

ROW_TAG = f"{{{_reader.SHEET_MAIN_NS}}}row"


@pytest.fixture
def parsed_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the `<row>` elements openpyxl's sheet parser reads, whatever reads them (the
    rows themselves, or the size lookup that parses a sheet without `<dimension>`)."""
    count = [0]
    iterparse = _reader.iterparse

    def counting(source: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for event, element in iterparse(source, *args, **kwargs):
            if element.tag == ROW_TAG:
                count[0] += 1
            yield event, element

    monkeypatch.setattr(_reader, "iterparse", counting)
    return count


def read(content: bytes) -> ImportFileError:
    with pytest.raises(ImportFileError) as error:
        read_rows(io.BytesIO(content), "rapports.xlsx")
    return error.value


def test_a_200k_row_file_stops_at_the_limit_with_a_french_error(parsed_rows: list[int]) -> None:
    content = many_rows(200_000)
    assert len(content) < 100_000  # small once zipped, as in the penetration test
    assert str(read(content)) == f"Le fichier dépasse {MAX_LINES} lignes."
    # The header, the lines allowed, the one that is one too many: nothing further.
    assert parsed_rows[0] <= MAX_LINES + 2


def test_a_million_blank_rows_are_not_read_to_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    # The last row's number makes openpyxl fill the gap with a million blank rows.
    content = xlsx_with_sheet(
        inline_row("finess", "periode") + b'<row r="1048576"><c><v>1</v></c></row>'
    )
    consumed = [0]
    cells_by_row = _StreamedSheet._cells_by_row

    def counting(self: _StreamedSheet, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for row in cells_by_row(self, *args, **kwargs):
            consumed[0] += 1
            yield row

    monkeypatch.setattr(_StreamedSheet, "_cells_by_row", counting)
    assert str(read(content)) == f"Le fichier compte plus de {MAX_LINES} lignes vides."
    assert consumed[0] <= MAX_LINES + 2


def test_a_declared_size_does_not_pad_rows(parsed_rows: list[int]) -> None:
    # "A1:XFD2000" used to make every row 16,384 cells wide.
    rows = inline_row("finess", "periode") + inline_row("596503797", "2026-03") * 10
    content = xlsx_with_sheet(rows, dimension=b'<dimension ref="A1:XFD200000"/>')
    lines = read_rows(io.BytesIO(content), "rapports.xlsx")
    assert lines == [{"finess": "596503797", "periode": "2026-03"}] * 10


def test_too_many_columns_is_a_french_error() -> None:
    content = xlsx_with_sheet(inline_row(*(f"c{n}" for n in range(MAX_COLUMNS + 1))))
    assert str(read(content)) == f"Le fichier compte plus de {MAX_COLUMNS} colonnes."


def test_an_archive_inflating_past_the_limit_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(many_rows(1)), "r") as source,
        zipfile.ZipFile(out, "w") as bomb,
    ):
        for member in source.infolist():
            bomb.writestr(member, source.read(member), zipfile.ZIP_DEFLATED)
        bomb.writestr("xl/media/zeros.bin", b"\0" * (MAX_INFLATED_BYTES + 1), zipfile.ZIP_DEFLATED)
    assert len(out.getvalue()) < 100_000

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the archive was parsed")

    monkeypatch.setattr("common.xlsx._Reader.read", never)
    message = str(read(out.getvalue()))
    assert message == f"Le fichier XLSX décompressé dépasse {MAX_INFLATED_BYTES // 2**20} Mo."


def test_too_many_shared_strings_is_a_french_error() -> None:
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(MAX_SHARED_STRINGS + 1))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(many_rows(1)), "r") as source,
        zipfile.ZipFile(out, "w") as book,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            book.writestr(member, data, zipfile.ZIP_DEFLATED)
        book.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="%s">%s</sst>' % (_reader.SHEET_MAIN_NS.encode(), strings),
            zipfile.ZIP_DEFLATED,
        )
    assert SHEET_PATH in zipfile.ZipFile(out).namelist()
    assert str(read(out.getvalue())) == "Le fichier XLSX contient trop de textes différents."


@pytest.mark.django_db
def test_the_import_page_shows_the_limit(world: World) -> None:
    upload = SimpleUploadedFile("rapports.xlsx", many_rows(200_000))
    response = world.client("coordinator_a").post(reverse("masp:report_import"), {"file": upload})
    assert response.status_code == 200
    assert f"Le fichier dépasse {MAX_LINES} lignes." in response.content.decode()
