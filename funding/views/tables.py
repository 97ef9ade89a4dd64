"""The regional funding table and the national summary, with their CSV/XLSX downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.exports.base import ExportParams, ExportSpec
from common.exports.writers import csv_stream, xlsx_file
from funding.exports import national_spec, region_spec
from funding.figures import HouseRow
from funding.models import FundingSource
from funding.perms import can_manage_region_funding
from funding.queries import national_summary, region_year_for
from funding.templatetags.funding_tags import euros
from funding.views.common import requested_year, year_choices
from masp.perms import can_see_region
from territories.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def visible_region(request: HttpRequest, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    if not can_see_region(request.user, region.code):
        raise Http404
    return region


def house_rows(houses: list[HouseRow], sources: list[FundingSource], year: int) -> list[str]:
    """The rows of the regional table's houses, written here rather than in the template (a
    region has tens of houses of a dozen cells each): the house with its link, the notified
    money of each source ("—" without), by nature, the totals."""
    rows = []
    # `reverse` once, then each house's pk put in (the marker is no real pk).
    marker = "918273645"
    page = escape(reverse("funding:site", args=[int(marker)]))
    for house in houses:
        site = house.site
        url = page.replace(marker, str(int(site.pk)))
        cells = "".join(
            "<td>—</td>" if cell is None else f"<td>{escape(euros(cell))}</td>"
            for cell in house.cells(sources)
        )
        running, investment, start_up = (
            escape(euros(value)) for value in (house.running, house.investment, house.start_up)
        )
        notified, paid, spent = (
            escape(euros(value))
            for value in (house.total.notified, house.total.paid, house.total.spent)
        )
        rows.append(
            f'\n    <tr><td><a href="{url}?year={year}">{escape(site.name)}</a></td>'
            f"\n      {cells}"
            f"\n      <td>{running}</td><td>{investment}</td><td>{start_up}</td>"
            f"\n      <td>{notified}</td><td>{paid}</td><td>{spent}</td></tr>\n  "
        )
    return rows


def region_table(request: HttpRequest, code: str) -> HttpResponse:
    region = visible_region(request, code)
    year = requested_year(request)
    envelopes = list(region.funding_envelopes.filter(year=year).select_related("source"))
    figures = region_year_for(
        region,
        year,
        request.user,
        envelopes={envelope.source_id: envelope.amount_notified for envelope in envelopes},
    )
    sources = [row.source for row in figures.sources if isinstance(row.source, FundingSource)]
    context = {
        "region": region,
        "year": year,
        "years": year_choices(year),
        "figures": figures,
        "sources": sources,
        "house_rows": mark_safe("".join(house_rows(figures.houses, sources, year))),  # noqa: S308  # escaped above
        "can_manage": can_manage_region_funding(request.user, region.code),
        "envelopes": envelopes,
    }
    return render(request, "funding/region_table.html", context)


def national(request: HttpRequest) -> HttpResponse:
    year = requested_year(request)
    rows, total = national_summary(year, request.user)
    context = {"year": year, "years": year_choices(year), "rows": rows, "total": total}
    return render(request, "funding/national.html", context)


def _download(spec: ExportSpec, request: HttpRequest, fmt: str) -> HttpResponseBase:
    params = ExportParams(french_header=request.GET.get("header") == "fr")
    rows = spec.values(request.user, params)
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file(spec, rows, params),
            as_attachment=True,
            filename=f"{spec.name}.xlsx",
            content_type=XLSX,
        )
    if fmt != "csv":
        raise Http404
    response = StreamingHttpResponse(
        csv_stream(spec, rows, params), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{spec.name}.csv"'
    return response


def region_export(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    region = visible_region(request, code)
    return _download(region_spec(region, requested_year(request)), request, fmt)


def national_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    year = requested_year(request)
    return _download(national_spec(year, request.user), request, fmt)
