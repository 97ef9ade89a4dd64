"""Pages of the reviewers: the work queue with bulk validation, and the campaigns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scopes import scope_for
from masp.activity.cache import cached_overdue
from masp.activity.enums import ReportStatus
from masp.activity.fields import FIELD_NAMES
from masp.activity.forms import YearForm
from masp.activity.services import ReportError, campaigns_create_year, reports_validate_many
from masp.models import ActivityReport, ReportingCampaign
from masp.perms import can_follow_reports, can_manage_campaigns

PAGE_SIZE = 20  # reports to review per page, the longest waiting first
RECENT_LIMIT = 10  # the reminders (waiting, overdue, validated recently), each with its total
WAITING = (ReportStatus.RETURNED, ReportStatus.REOPENED)
REVIEWED_FIELDS = (
    "status",
    "version",  # sent back with the ticked reports: each is validated as the reviewer saw it
    "submitted_at",
    "site__name",
    "site__department__region__name",
    "campaign__period_start",
    "campaign__period_end",
    "campaign__deadline",
    "campaign__review_deadline",
)
LISTED_FIELDS = ("status", "validated_at", "updated_at", "site__name", "campaign__period_start")


class CountedPaginator(Paginator):
    """A paginator given its count, already read with other totals: no COUNT query."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def review_queue(request: HttpRequest) -> HttpResponse:
    """Reports to review (a page of them), returned ones waiting for the house, houses
    overdue (cached with the dashboard's figures), recent validations: five queries whatever
    the size of the region, two more when the overdue list is not in the cache."""
    scope = scope_for(request.user)
    reports = ActivityReport.objects.visible_to(request.user)
    totals = reports.aggregate(
        to_review=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        waiting=Count("pk", filter=Q(status__in=WAITING)),
    )
    # The figures (for the alerts) and what the rows show, not the houses' whole records.
    pending = (
        reports.with_related()
        .to_review()
        .only(*FIELD_NAMES, *REVIEWED_FIELDS)
        .order_by("submitted_at", "pk")
    )
    page = CountedPaginator(pending, PAGE_SIZE, totals["to_review"]).get_page(
        request.GET.get("page")
    )
    to_review = list(page.object_list)
    # The two reminders only name the reports (not their sixty figures, nor their
    # territory), the longest waiting and the latest validated; the badges count them all.
    listed = reports.select_related("site", "campaign").only(*LISTED_FIELDS)
    waiting = list(listed.filter(status__in=WAITING).order_by("updated_at")[:RECENT_LIMIT])
    validated = list(
        listed.filter(status=ReportStatus.VALIDATED).order_by("-validated_at")[:RECENT_LIMIT]
    )
    late = cached_overdue(request.user, timezone.localdate())
    for report in to_review:
        # The alerts speak of the figures: not for analysts before the validation.
        followed = can_follow_reports(request.user, report.site)
        report.issues = report.violations() if followed else []
    context = {
        "to_review": to_review,
        "page_obj": page,
        "waiting": waiting,
        "totals": totals,
        "overdue": late[:RECENT_LIMIT],
        "overdue_total": len(late),
        "validated": validated,
        "today": timezone.localdate(),
        # Only ARS agents review; others read the queue without the bulk validation.
        "can_review": bool(scope.region_codes),
        # The region of each report, for readers of more than one region.
        "show_region": scope.is_national or len(scope.region_codes) > 1,
    }
    return render(request, "masp/activity/review_queue.html", context)


MAX_KEY = 2**63 - 1  # the largest bigint


@require_POST
def review_validate(request: HttpRequest) -> HttpResponse:
    """Bulk validation of the ticked reports (each one checked on its own)."""
    # Keys only: no digits (or more than a key can hold) is no report, never a database error.
    keys = (
        int(value)
        for value in request.POST.getlist("reports")
        if value.isascii() and value.isdigit()
    )
    ids = [key for key in keys if key <= MAX_KEY]
    reports = ActivityReport.objects.visible_to(request.user).with_related().filter(pk__in=ids)
    if not ids:
        messages.warning(request, _("Cochez au moins un rapport à valider."))
        return redirect("masp:review_queue")
    done, failed = reports_validate_many(
        reports=reports, user=request.user, versions=_versions(request, ids)
    )
    if done:
        messages.success(request, _("%(count)s rapport(s) validé(s).") % {"count": len(done)})
    for report, message in failed:
        messages.error(request, f"{report} : {message}")
    return redirect("masp:review_queue")


def _versions(request: HttpRequest, ids: list[int]) -> dict[int, int]:
    """The version of each ticked report as the queue showed it (`version-<key>`); a report
    without a readable one is left out, hence skipped as stale."""
    versions = {}
    for key in ids:
        value = request.POST.get(f"version-{key}", "")
        if value.isascii() and value.isdigit() and int(value) <= MAX_KEY:
            versions[key] = int(value)
    return versions


def campaign_list(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.POST or None)
    if request.method == "POST":
        if not can_manage_campaigns(request.user):
            raise PermissionDenied(_("Seule l'administration nationale crée les campagnes."))
        if form.is_valid():
            try:
                created = campaigns_create_year(year=form.cleaned_data["year"], user=request.user)
            except ReportError as error:  # pragma: no cover - permission checked above
                raise PermissionDenied(error.message) from error
            messages.success(
                request, _("%(count)s campagne(s) créée(s).") % {"count": len(created)}
            )
            return redirect("masp:campaign_list")
    context = {
        "campaigns": ReportingCampaign.objects.all(),
        "form": form,
        "can_manage": can_manage_campaigns(request.user),
    }
    return render(request, "masp/activity/campaign_list.html", context)
