"""A run's proposals as CSV or XLSX (at most twenty rows: built in memory)."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from masp.coverage.siting.services import PROPOSAL_FIELDS, Result

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = ("rank", *PROPOSAL_FIELDS)


def rows(result: Result) -> list[list[object]]:
    return [
        [
            position,
            proposal.insee,
            proposal.commune,
            proposal.department,
            proposal.new_population,
            proposal.covered_population,
            proposal.covered_share,
            proposal.nearest_house_km,
            proposal.nearest_usp_km,
        ]
        for position, proposal in enumerate(result.proposals, start=1)
    ]


def safe(value: object) -> object:
    """Commune names come from the reference data, but a spreadsheet must never read a cell
    as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return f"'{value}"
    return value


def download(result: Result, fmt: str, stem: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    lines = [[safe(value) for value in row] for row in rows(result)]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(lines)
        content = ("\ufeff" + out.getvalue()).encode()
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(_("Propositions")))
        sheet.append(list(COLUMNS))
        for line in lines:
            sheet.append(line)
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="masp-{stem}.{fmt}"'
    return response
