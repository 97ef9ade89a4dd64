"""Pages of the reporting app: ask for a report, follow it (htmx), download it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reporting.enums import JobStatus
from reporting.models import ReportRequest
from reporting.pdf.forms import ReportRequestForm
from reporting.pdf.periods import file_name
from reporting.pdf.services import report_request
from reporting.perms import can_request_reports


def report_list(request: HttpRequest, form: ReportRequestForm | None = None) -> HttpResponse:
    reports = ReportRequest.objects.visible_to(request.user).with_related()
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    if form is None and can_request_reports(request.user):
        form = ReportRequestForm(user=request.user)
    return render(
        request,
        "reporting/pdf/report_list.html",
        {"form": form, "page_obj": page, "reports": page.object_list},
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    if not can_request_reports(request.user):
        raise Http404
    form = ReportRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        return report_list(request, form=form)
    data = form.cleaned_data
    report = report_request(
        user=request.user,
        kind=data["kind"],
        site=data.get("site"),
        region=data.get("region"),
        period_start=data["period_start"],
        period_end=data["period_end"],
        scenario=data.get("siting_scenario"),
        opinion=data.get("opinion") or "",
    )
    if report.status == JobStatus.DONE:
        messages.info(request, _("Ce rapport existe déjà sur des données identiques."))
    else:
        messages.success(request, _("Votre demande est enregistrée : le rapport se prépare."))
    return redirect("reporting:list")


@require_GET
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the list, polled by htmx while the report is being prepared."""
    report = get_object_or_404(ReportRequest.objects.visible_to(request.user).with_related(), pk=pk)
    return render(request, "reporting/pdf/includes/report_row.html", {"report": report})


def ready_report(user: Any, pk: int) -> ReportRequest:
    report = get_object_or_404(ReportRequest.objects.visible_to(user), pk=pk)
    if not report.is_ready:
        raise Http404
    return report


def pdf_response(report: ReportRequest) -> FileResponse:
    """The file under a name that says what it is: `masp-synthese-hauts-de-france-2026-S1.pdf`."""
    name = file_name(report.scope_label, report.period_start, report.period_end)
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


@require_GET
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    return pdf_response(ready_report(request.user, pk))
