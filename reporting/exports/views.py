"""Pages of the exports: the Exports page (filters that build a download URL) and the data
dictionary (HTML; its CSV twin is `/api/v1/exports/dictionary.csv`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masp.perms import can_export
from reporting.exports.dictionary import dictionary
from reporting.exports.forms import ExportForm
from reporting.exports.specs import EXPORTS


@require_GET
def exports_page(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET or None)
    url = request.build_absolute_uri(form.download_url()) if form.is_valid() else ""
    return render(
        request,
        "reporting/exports/exports.html",
        {
            "form": form,
            "exports": EXPORTS.values(),
            "download_url": url,
            "can_export": can_export(request.user),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def dictionary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/exports/dictionary.html", {"dictionary": dictionary()})
