"""The regional funding table and the national summary, with their CSV/XLSX downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render

from common.exports.base import ExportParams, ExportSpec
from common.exports.writers import csv_stream, xlsx_file
from funding.exports import national_spec, region_spec
from funding.models import FundingSource
from funding.perms import can_manage_region_funding
from funding.queries import national_summary, region_year_for
from funding.views.common import requested_year, year_choices
from masp.perms import can_see_region
from territories.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def visible_region(request: HttpRequest, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    if not can_see_region(request.user, region.code):
        raise Http404
    return region


def region_table(request: HttpRequest, code: str) -> HttpResponse:
    region = visible_region(request, code)
    year = requested_year(request)
    figures = region_year_for(region, year, request.user)
    sources = [row.source for row in figures.sources if isinstance(row.source, FundingSource)]
    context = {
        "region": region,
        "year": year,
        "years": year_choices(year),
        "figures": figures,
        "sources": sources,
        "houses": [(house, house.cells(sources)) for house in figures.houses],
        "can_manage": can_manage_region_funding(request.user, region.code),
        "envelopes": region.funding_envelopes.filter(year=year).select_related("source"),
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
