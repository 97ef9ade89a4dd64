"""Pages of a house's activity reports: my reports, the report form, a report, its history."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scopes import scope_for
from masp.activity.enums import ReportStatus
from masp.activity.fields import FIELDS_BY_NAME, fields_for
from masp.activity.forms import CommentForm, ReportForm
from masp.activity.queries import report_prefill
from masp.activity.rules import warnings
from masp.activity.services import (
    STALE_PAGE,
    NotAllowed,
    ReportError,
    RulesFailed,
    VersionConflict,
    report_create,
    report_save,
    transition,
)
from masp.models import ActivityReport, ReportingCampaign, ReportTransition, Site
from masp.perms import (
    can_file_report,
    can_follow_reports,
    can_read_report_figures,
    can_review_reports,
)

SECTIONS = [
    ("todo", _("À saisir")),
    (ReportStatus.DRAFT, _("Brouillons")),
    (ReportStatus.RETURNED, _("Renvoyés ou rouverts, à corriger")),
    (ReportStatus.SUBMITTED, _("Transmis, en instruction")),
    (ReportStatus.VALIDATED, _("Validés")),
]


def my_reports(request: HttpRequest) -> HttpResponse:
    """The coordinator's reports, by what there is to do."""
    scope = scope_for(request.user)
    sites = list(Site.objects.filter(pk__in=scope.site_ids).order_by("name"))
    campaigns = list(ReportingCampaign.objects.opened()[:12])
    reports = {
        (report.site_id, report.campaign_id): report
        for report in ActivityReport.objects.filter(site__in=sites, campaign__in=campaigns)
    }
    sections: dict[str, list[dict[str, Any]]] = {key: [] for key, _label in SECTIONS}
    for campaign in campaigns:
        for site in sites:
            if site.opened_on is None or site.opened_on > campaign.period_end:
                continue  # not open yet: nothing to report
            report = reports.get((site.pk, campaign.pk))
            key = "todo" if report is None else report.status
            key = ReportStatus.RETURNED if key == ReportStatus.REOPENED else key
            sections[key].append({"site": site, "campaign": campaign, "report": report})
    context = {
        "sections": [(key, label, sections[key]) for key, label in SECTIONS],
        "is_coordinator": bool(sites),
    }
    return render(request, "masp/activity/my_reports.html", context)


@require_POST
def report_start(request: HttpRequest, site_pk: int, campaign_pk: int) -> HttpResponse:
    site = get_object_or_404(Site.objects.visible_to(request.user), pk=site_pk)
    campaign = get_object_or_404(ReportingCampaign.objects.opened(), pk=campaign_pk)
    if not can_file_report(request.user, site):
        raise PermissionDenied(_("Seule la coordination de la maison saisit ses rapports."))
    existing = ActivityReport.objects.filter(site=site, campaign=campaign).first()
    if existing is not None:
        return redirect("masp:report_edit", existing.pk)
    report = report_create(site=site, campaign=campaign, user=request.user)
    return redirect("masp:report_edit", report.pk)


def _scoped_report(request: HttpRequest, pk: int) -> ActivityReport:
    return get_object_or_404(ActivityReport.objects.visible_to(request.user).with_related(), pk=pk)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report; an analyst sees the figures of a validated report only, the status of the
    others, never the comments exchanged with the house."""
    report = _scoped_report(request, pk)
    readable = can_read_report_figures(request.user, report)
    can_review = can_review_reports(request.user, report.site)
    context = {
        "report": report,
        "readable": readable,
        "followed": can_follow_reports(request.user, report.site),
        "figures": [(spec, getattr(report, spec.name)) for spec in fields_for(report.form_version)]
        if readable
        else [],
        "violations": report.violations() if readable else [],
        "transitions": report.transitions.select_related("by"),
        "can_file": can_file_report(request.user, report.site),
        "can_review": can_review,
        # The buttons are not offered to a reviewer who wrote or submitted the report (the
        # service refuses them anyway).
        "is_maker": can_review
        and report.status == ReportStatus.SUBMITTED
        and request.user.pk in report.maker_ids(),
        "comment_form": CommentForm(initial={"version": report.version}),
    }
    return render(request, "masp/activity/report_detail.html", context)


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The report form: pre-filled figures, one error summary linking to each field in error,
    the warnings beside the justification box."""
    report = _scoped_report(request, pk)
    if not can_file_report(request.user, report.site):
        raise PermissionDenied(_("Seule la coordination de la maison saisit ce rapport."))
    if not report.is_editable:
        messages.info(request, _("Ce rapport est %(s)s.") % {"s": report.get_status_display()})
        return redirect(report)
    prefill = None if request.method == "POST" else report_prefill(report)
    form = ReportForm(request.POST or None, instance=report, prefill=prefill)
    conflict: list[tuple[Any, Any, Any]] = []
    refused: RulesFailed | None = None
    if request.method == "POST" and form.is_valid():
        try:
            return _save_and_maybe_submit(request, report, form)
        except VersionConflict as error:
            messages.error(request, error.message)
            conflict = _differences(form, pk)
        except RulesFailed as error:
            # The draft was saved before the submission was refused: the form goes on from
            # the version just written, or the next save would conflict with itself. The
            # refusal is the error summary itself (one banner, not two).
            refused = error
            _take_stored_version(form, pk)
    if refused is not None:
        violations = refused.violations
    elif form.is_bound:
        violations = _violations_of(form, report)
    else:
        violations = report.violations()
    context = {
        "report": report,
        "form": form,
        "groups": form.groups(violations),
        "summary": form.error_summary(violations),
        "refused": refused.message if refused is not None else "",
        "warnings": warnings(violations),
        "conflict": conflict,
        "last_return": _last_return(report),
    }
    return render(request, "masp/activity/report_form.html", context)


def _last_return(report: ActivityReport) -> ReportTransition | None:
    """Why the ARS sent the report back, shown above the form the coordinator corrects."""
    if report.status not in (ReportStatus.RETURNED, ReportStatus.REOPENED):
        return None
    return (
        report.transitions.filter(to_status=report.status)
        .select_related("by")
        .order_by("-at")
        .first()
    )


def _save_and_maybe_submit(
    request: HttpRequest, report: ActivityReport, form: ReportForm
) -> HttpResponse:
    saved, _violations = report_save(
        report=report,
        user=request.user,
        values=form.values(),
        version=form.cleaned_data["version"],
    )
    if "submit" not in request.POST:
        messages.success(request, _("Brouillon enregistré."))
        return redirect("masp:report_edit", saved.pk)
    transition(report=saved, user=request.user, name="submit", version=saved.version)
    messages.success(request, _("Rapport transmis à l'ARS."))
    return redirect(saved)


def _violations_of(form: ReportForm, report: ActivityReport) -> list:
    if not form.is_valid():
        return []
    draft = ActivityReport(campaign=report.campaign, **form.values())
    return draft.violations()


def _differences(form: ReportForm, pk: int) -> list[tuple[Any, Any, Any]]:
    """Fields where the stored report differs from what the user typed; the form keeps the
    user's values and takes the stored version, so saving again is a deliberate overwrite."""
    current = _take_stored_version(form, pk)
    return [
        (FIELDS_BY_NAME[name].label, getattr(current, name), value)
        for name, value in form.values().items()
        if name in FIELDS_BY_NAME and getattr(current, name) != value
    ]


def _take_stored_version(form: ReportForm, pk: int) -> ActivityReport:
    current = ActivityReport.objects.get(pk=pk)
    posted: Any = form.data  # a QueryDict, immutable as posted
    data = posted.copy()
    data["version"] = str(current.version)
    form.data = data
    return current


TRANSITION_LABELS = {
    "submit": _("Rapport transmis à l'ARS."),
    "return": _("Rapport renvoyé à la maison."),
    "validate": _("Rapport validé."),
    "reopen": _("Rapport rouvert."),
}


@require_POST
def report_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A workflow step from the report page, at the version the page showed: a form without
    it (or with another) is stale, refused with a message and no change."""
    report = _scoped_report(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment") or ""
    # No version posted: 0 is never current, so the service refuses it as stale, after
    # checking the person (a reader still gets a 403).
    version = form.cleaned_data.get("version") or 0
    try:
        transition(report=report, user=request.user, name=name, comment=comment, version=version)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except VersionConflict:
        messages.error(request, STALE_PAGE)
    except ReportError as error:
        messages.error(request, error.message)
        for violation in error.violations:
            messages.warning(request, violation.message)
    else:
        messages.success(request, TRANSITION_LABELS[name])
    return redirect(report)


def _choice_label(name: str, value: Any) -> Any:
    """A coded value (the status) as people read it: "Transmis", not "submitted"."""
    choices = dict(getattr(ActivityReport._meta.get_field(name), "choices", None) or ())
    return str(choices[value]).capitalize() if value in choices else value


def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The steps of a report and its changes field by field; the earlier versions are those
    of drafts, so an analyst sees the steps only, without their comments."""
    report = _scoped_report(request, pk)
    followed = can_follow_reports(request.user, report.site)
    records = (
        list(report.history.select_related("history_user").order_by("history_date"))
        if followed
        else []
    )
    changes = []
    for previous, record in pairwise(records):
        delta = record.diff_against(previous)
        fields = [
            (
                getattr(ActivityReport._meta.get_field(c.field), "verbose_name", c.field),
                _choice_label(c.field, c.old),
                _choice_label(c.field, c.new),
            )
            for c in delta.changes
            if c.field != "version"
        ]
        if fields:
            changes.append({"record": record, "fields": fields})
    context = {
        "report": report,
        "followed": followed,
        "changes": list(reversed(changes)),
        "transitions": ReportTransition.objects.filter(report=report).select_related("by"),
    }
    return render(request, "masp/activity/report_history.html", context)
