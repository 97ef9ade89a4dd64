"""The public open-data page and its files (no login): the dataset of docs/open-data.md, with
the statistical secrecy applied; never the raw figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.secrecy import MASKED_TEXT, THRESHOLD
from reporting.opendata.dataset import build
from reporting.opendata.files import files
from reporting.opendata.schema import RESOURCES

# The figures the page shows per département and year (the files hold them all).
SHOWN = ("admissions", "stays_ended", "deaths", "requests_received")
MEDIA_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json"}


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    dataset = build()
    return render(
        request,
        "reporting/opendata/index.html",
        {
            "resources": RESOURCES,
            "threshold": THRESHOLD,
            "masked_text": MASKED_TEXT,
            "cells": dataset.cells,
            "primary": dataset.count("primary"),
            "secondary": dataset.count("secondary"),
            "departments": [
                (item.row.identity, len(item.row.sites), item.row.places, map(item.shown, SHOWN))
                for item in sorted(
                    dataset.departments,
                    key=lambda item: (
                        -item.row.identity["year"],
                        item.row.identity["department"].pk,
                    ),
                )
            ],
        },
    )


@login_not_required
@require_GET
def download(request: HttpRequest, filename: str) -> HttpResponse:
    content = files()
    if filename not in content:
        raise Http404("Ce fichier n'existe pas.")
    suffix = filename[filename.rfind(".") :]
    response = HttpResponse(content[filename], content_type=MEDIA_TYPES[suffix])
    response["Content-Disposition"] = f'attachment; filename="masp-{filename}"'
    return response
