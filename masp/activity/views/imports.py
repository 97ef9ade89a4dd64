"""The import page: upload, dry run (per-line changes and rule violations), then apply."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from masp.activity.forms import ImportForm
from masp.activity.imports import (
    ImportFileError,
    ReportError,
    apply,
    plan,
    read_rows,
    template_columns,
    to_session,
)
from masp.perms import follows_reports

SESSION_KEY = "masp_report_import"


def report_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "apply" in request.POST:
        return _apply(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    lines = None
    if request.method == "POST" and form.is_valid() and not follows_reports(request.user):
        # The dry run compares the file with the stored reports, drafts included.
        form.add_error("file", _("Seule la coordination d'une maison importe des rapports."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines = plan(read_rows(upload, upload.name), request.user)
        except (ImportFileError, UnicodeError) as error:
            form.add_error("file", str(error))
        except Exception as error:
            form.add_error("file", _("Fichier illisible : %(e)s") % {"e": type(error).__name__})
    can_apply = bool(lines) and not any(line.blocked for line in lines or [])
    if can_apply:
        request.session[SESSION_KEY] = to_session(lines or [])
    else:
        request.session.pop(SESSION_KEY, None)
    context = {"form": form, "lines": lines, "can_apply": can_apply}
    return render(request, "masp/activity/import.html", context)


def _apply(request: HttpRequest) -> HttpResponse:
    stored = request.session.pop(SESSION_KEY, None)
    if not stored:
        messages.error(request, _("Aucun import à appliquer : relancez la simulation."))
        return redirect("masp:report_import")
    try:
        count = apply(stored, request.user)
    except ReportError as error:
        messages.error(request, _("Import annulé, rien n'a été enregistré : %(e)s") % {"e": error})
        return redirect("masp:report_import")
    messages.success(request, _("%(count)s rapport(s) importé(s).") % {"count": count})
    return redirect("masp:my_reports")


def import_template(request: HttpRequest) -> HttpResponse:
    """An empty CSV with the expected columns, in dictionary order."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-rapports-activite.csv"'
    csv.writer(response, delimiter=";").writerow(template_columns())
    return response
