"""Hand-built XLSX files for the import tests: a real workbook whose sheet XML is our own."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHEET_PATH = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx_with_sheet(sheet_data: bytes, *, dimension: bytes = b"") -> bytes:
    """An XLSX saved by openpyxl, its sheet replaced by `<sheetData>` holding `sheet_data`."""
    book = Workbook()
    book.active.append(["placeholder"])
    saved = io.BytesIO()
    book.save(saved)
    sheet = b'<worksheet xmlns="%s">%s<sheetData>%s</sheetData></worksheet>' % (
        NS.encode(),
        dimension,
        sheet_data,
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = sheet if member.filename == SHEET_PATH else source.read(member)
            target.writestr(member.filename, data)
    return out.getvalue()


def inline_row(*values: str) -> bytes:
    """A `<row>` of inline strings, without `r` attributes (rows and cells follow on)."""
    cells = b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % v.encode() for v in values)
    return b"<row>%s</row>" % cells


def many_rows(count: int) -> bytes:
    """A header (finess, periode) and `count` rows of one number each: about 25 bytes a row,
    a few kilobytes once zipped."""
    return xlsx_with_sheet(inline_row("finess", "periode") + b"<row><c><v>1</v></c></row>" * count)
