"""Pages of the exports: the Exports page (the files for people by default, the machine files
for developers, filters that build the links), the data dictionary (HTML; its CSV twin is
`/api/v1/exports/dictionary.csv`) and the Table Schema of each export."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.exports.base import ExportError, ExportSpec, parse_lang, parse_params
from masp.perms import can_export
from reporting.exports.dictionary import dictionary
from reporting.exports.forms import ExportForm
from reporting.exports.schemas import export_schema, export_spec, schema_filename
from reporting.exports.specs import EXPORTS


@require_GET
def exports_page(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET or None)
    links = (
        {key: request.build_absolute_uri(url) for key, url in form.links().items()}
        if form.is_valid()
        else {}
    )
    chosen = EXPORTS[form.cleaned_data["export"]] if links else None
    allowed = can_export(request.user)
    return render(
        request,
        "reporting/exports/exports.html",
        {
            "form": form,
            "exports": EXPORTS.values(),
            "links": links,
            "chosen": chosen,
            "rows": _rows(request, chosen, form) if chosen and allowed else None,
            "can_export": allowed,
        },
        status=400 if form.errors else 200,
    )


def _rows(request: HttpRequest, spec: ExportSpec, form: ExportForm) -> int | None:
    """How many rows the chosen file holds (one COUNT), to say so before a download; `None`
    for the exports computed in Python (coverage: one row per département of the scope)."""
    if spec.rows is None:
        return None
    return spec.count(request.user, parse_params(form.query()))


@require_GET
def dictionary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/exports/dictionary.html", {"dictionary": dictionary()})


@require_GET
def schema_page(request: HttpRequest, name: str) -> HttpResponse:
    """The Table Schema of an export (`?lang=fr`: of its French file), as the API gives it."""
    spec = export_spec(name)
    try:
        french = parse_lang(request.GET)
    except ExportError as error:
        return JsonResponse({"detail": str(error), "code": "invalid_parameter"}, status=400)
    response = HttpResponse(
        json.dumps(export_schema(spec, french=french), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{schema_filename(spec, french=french)}"'
    return response
