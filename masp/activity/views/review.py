"""Pages of the reviewers: the work queue, a report's review page and its one decision panel,
bulk validation (shown before it is confirmed), and the campaigns."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.scopes import scope_for
from common.urls import url_for_key
from masp.activity.cache import cached_overdue, cached_reminders, flag_page
from masp.activity.enums import ReportStatus
from masp.activity.forms import CommentForm, YearForm
from masp.activity.review import DECIDABLE, bulk_split, next_in_queue, review_of
from masp.activity.services import (
    STALE_PAGE,
    CommentRequired,
    NotAllowed,
    ReportError,
    VersionConflict,
    campaigns_create_year,
    reports_validate_many,
    transition,
)
from masp.models import ActivityReport, ReportingCampaign
from masp.perms import can_follow_reports, can_manage_campaigns, can_review_reports

PAGE_SIZE = 20  # reports to review per page, the longest waiting first
RECENT_LIMIT = 10  # the reminders (waiting, overdue, validated recently), each with its total
WAITING = (ReportStatus.RETURNED, ReportStatus.REOPENED)
REVIEWED_FIELDS = (
    "status",
    "justification",  # beside the alerts, and read to tell what stands out
    "version",  # sent back with the ticked reports: each is validated as the reviewer saw it
    "submitted_at",
    "site__name",
    "site__department__region__name",
    "campaign__period_start",
    "campaign__period_end",
    "campaign__deadline",
    "campaign__review_deadline",
    "campaign__form_version",  # the rules of the report's form version
)
LISTED_FIELDS = ("status", "validated_at", "updated_at", "site__name", "campaign__period_start")


class CountedPaginator(Paginator):
    """A paginator given its count, already read with other totals: no COUNT query."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def _reminders(reports: Any) -> tuple[list[ActivityReport], int, list[ActivityReport]]:
    """The two reminders only name the reports (not their sixty figures, nor their
    territory): the longest waiting, with the count of them all (COUNT(*) OVER (), computed
    before the LIMIT: no query of its own), and the latest validated."""
    listed = reports.select_related("site", "campaign").only(*LISTED_FIELDS)
    waiting = list(
        listed.filter(status__in=WAITING)
        .annotate(listed=Window(Count("pk")))
        .order_by("updated_at")[:RECENT_LIMIT]
    )
    validated = list(
        listed.filter(status=ReportStatus.VALIDATED).order_by("-validated_at")[:RECENT_LIMIT]
    )
    return waiting, waiting[0].listed if waiting else 0, validated


def _page(pending: Any, number: Any) -> Page:
    """`Paginator.get_page(number)` over `pending` in one query: the page's rows, each with
    the count of the list (COUNT(*) OVER (), computed before the LIMIT). A page past the
    end or below 1 (shown as the last page) costs a COUNT and a second read, as Django's
    paginator does."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1  # not a number: the first page, as get_page does
    if wanted >= 1:
        start = (wanted - 1) * PAGE_SIZE
        rows = list(pending.annotate(listed=Window(Count("pk")))[start : start + PAGE_SIZE])
        if rows or wanted == 1:
            paginator = CountedPaginator(pending, PAGE_SIZE, rows[0].listed if rows else 0)
            page = paginator.page(wanted)  # checked against the count: no query
            page.object_list = rows
            return page
    return Paginator(pending, PAGE_SIZE).get_page(number)


def review_queue(request: HttpRequest) -> HttpResponse:
    """Reports to review (a page of them, counted with its rows), returned ones waiting for
    the house and recent validations, houses overdue (these three cached with the
    dashboard's figures): two queries whatever the size of the region, one more when the
    page's flags are not in the cache, two more for each of the reminders and the overdue
    list when they are not."""
    scope = scope_for(request.user)
    reports = ActivityReport.objects.visible_to(request.user)
    # What the rows show, not the houses' whole records, nor the reports' sixty figures:
    # the alerts are cached with the page, the query of the comparisons reads them if not.
    pending = (
        reports.with_related().to_review().only(*REVIEWED_FIELDS).order_by("submitted_at", "pk")
    )
    page = _page(pending, request.GET.get("page"))
    to_review = list(page.object_list)
    waiting, waiting_total, validated = cached_reminders(request.user, lambda: _reminders(reports))
    totals = {"to_review": page.paginator.count, "waiting": waiting_total}
    late = cached_overdue(request.user, timezone.localdate())
    # One query (last month's and last year's reports of the page) unless cached.
    flag_page(to_review)
    for report in to_review:
        # The alerts speak of the figures: not for analysts before the validation.
        if not can_follow_reports(request.user, report.site):
            report.issues, report.standouts = [], []
    today = timezone.localdate()
    can_review = bool(scope.region_codes)
    show_region = scope.is_national or len(scope.region_codes) > 1
    context = {
        "to_review": to_review,
        "rows": queue_rows(to_review, can_review=can_review, show_region=show_region, today=today),
        "page_obj": page,
        "waiting": waiting,
        "totals": totals,
        "overdue": late[:RECENT_LIMIT],
        "overdue_total": len(late),
        "validated": validated,
        "today": today,
        # Only ARS agents review; others read the queue without the bulk validation.
        "can_review": can_review,
        # The region of each report, for readers of more than one region.
        "show_region": show_region,
    }
    return render(request, "masp/activity/review_queue.html", context)


ROW = (
    '\n        <tr>\n          {tick}\n          <td><a href="{url}">{site}</a>{region}</td>\n'
    "          <td>{period}</td>\n          <td>{submitted}{late}</td>\n"
    "          <td>{standouts}</td>\n        </tr>\n      "
)


def queue_rows(
    reports: list[ActivityReport], *, can_review: bool, show_region: bool, today: Any
) -> SafeString:
    """The rows of the reports to review, written here rather than by the template (a row
    is a dozen lookups, tags and filters, twenty rows a page): the same HTML, each text
    escaped, the labels translated once."""
    e = conditional_escape
    one_by_one = e(_("un par un"))
    sent_late = (
        ' <span class="fr-badge fr-badge--sm fr-badge--warning fr-badge--no-icon">'
        f"{e(_('transmis en retard'))}</span>"
    )
    review_late = (
        ' <span class="fr-badge fr-badge--sm fr-badge--error fr-badge--no-icon">'
        f"{e(_('instruction en retard'))}</span>"
    )
    prefixes = {"change": e(_("Écart :")), "error": e(_("Erreur :"))}
    alert = e(_("Alerte :"))
    url_of = url_for_key("masp:report_review" if can_review else "masp:report_detail")
    # Twenty rows of a few months and days: each date written once.
    month = cache(lambda day: e(date_format(day, "F Y")))
    day = cache(lambda day: e(date_format(day, "j F Y")))
    rows = []
    for report in reports:
        standouts = getattr(report, "standouts", ())
        tick = ""
        if can_review:
            if standouts:
                tick = f'<td><span class="fr-text--xs">{one_by_one}</span></td>'
            else:
                tick = (
                    '<td><div class="fr-checkbox-group fr-checkbox-group--sm"><input '
                    f'type="checkbox" name="reports" value="{report.pk}" id="r{report.pk}">'
                    f'<label class="fr-label" for="r{report.pk}"><span class="fr-sr-only">'
                    f"{e(str(report))}</span></label></div></td>"
                )
        region = (
            f' <span class="fr-text--xs">({e(report.site.department.region.name)})</span>'
            if show_region
            else ""
        )
        submitted = report.submitted_at
        late = "" if report.is_on_time else sent_late
        if report.campaign.review_deadline < today:
            late += review_late
        items = "".join(
            f'<p class="fr-text--xs fr-mb-0">{prefixes.get(item.kind, alert)} {e(item.message)}</p>'
            for item in standouts
        )
        rows.append(
            ROW.format(
                tick=tick,
                url=url_of(report.pk),
                site=e(report.site.name),
                region=region,
                period=month(report.campaign.period_start),
                submitted=day(timezone.localtime(submitted).date()) if submitted else "",
                late=late,
                standouts=items or "—",
            )
        )
    return mark_safe("".join(rows))  # noqa: S308  # every text escaped above


MAX_KEY = 2**63 - 1  # the largest bigint
FLAGGED = gettext_lazy(
    "une alerte ou un écart ressort de ce rapport : il s'instruit un par un, il n'est pas "
    "validé en groupe."
)


def _keys(values: list[str]) -> list[int]:
    # Keys only: no digits (or more than a key can hold) is no report, never a database error.
    keys = (int(value) for value in values if value.isascii() and value.isdigit())
    return [key for key in keys if key <= MAX_KEY]


def review_validate(request: HttpRequest) -> HttpResponse:
    """Bulk validation of the ticked reports: GET shows the reports it will validate (those
    with no rule alert and nothing standing out) and those it leaves out; POST validates
    them, each one checked on its own, the flagged ones refused again."""
    query = request.POST if request.method == "POST" else request.GET
    ids = _keys(query.getlist("reports"))
    if not ids:
        messages.warning(request, _("Cochez au moins un rapport à valider."))
        return redirect("masp:review_queue")
    # Only the reports the user reviews (their regions): the list shows figures, which an
    # analyst does not read before the validation.
    regions = scope_for(request.user).region_codes
    reports = (
        ActivityReport.objects.visible_to(request.user)
        .with_related()
        .filter(pk__in=ids, site__department__region_id__in=regions)
        .order_by("submitted_at", "pk")
    )
    eligible, flagged = bulk_split(reports)
    if request.method != "POST":
        context = {"eligible": eligible, "flagged": flagged}
        return render(request, "masp/activity/review_validate.html", context)
    done, failed = reports_validate_many(
        reports=eligible, user=request.user, versions=_versions(request, ids)
    )
    if done:
        messages.success(request, _("%(count)s rapport(s) validé(s).") % {"count": len(done)})
    for report in flagged:
        messages.error(request, f"{report} : {FLAGGED}")
    for report, message in failed:
        messages.error(request, f"{report} : {message}")
    return redirect("masp:review_queue")


RETURN_NEEDS_COMMENT = gettext_lazy(
    "Écrivez dans le commentaire ce que la maison doit corriger : le renvoi (ou la "
    "réouverture) exige un commentaire. Rien n'a été enregistré."
)
DECIDED = {
    "validate": gettext_lazy("Rapport validé ; le commentaire est conservé dans l'historique."),
    "return": gettext_lazy("Rapport renvoyé à la maison avec votre commentaire."),
    "reopen": gettext_lazy("Rapport rouvert avec votre motif."),
}
NO_DECISION = gettext_lazy("Choisissez une décision : valider, renvoyer ou rouvrir.")


def _reviewed(request: HttpRequest, pk: int) -> ActivityReport:
    """A report of the scope (else 404) that the user reviews, or follows nationally."""
    report = get_object_or_404(
        ActivityReport.objects.visible_to(request.user).with_related(), pk=pk
    )
    if not (
        can_review_reports(request.user, report.site) or scope_for(request.user).is_national_admin
    ):
        raise PermissionDenied(_("L'instruction des rapports revient à l'ARS de la région."))
    return report


def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's review page: what stands out, the figures and their references, one
    decision panel, the next report of the queue."""
    report = _reviewed(request, pk)
    return _render_review(request, report, CommentForm(initial={"version": report.version}))


def _render_review(
    request: HttpRequest, report: ActivityReport, form: CommentForm, error: str = ""
) -> HttpResponse:
    can_review = can_review_reports(request.user, report.site)
    makers = report.maker_ids()
    decisions = DECIDABLE.get(ReportStatus(report.status), ()) if can_review else ()
    if request.user.pk in makers:
        decisions = tuple(name for name in decisions if name == "reopen")
    context = {
        "report": report,
        "review": review_of(report),
        "form": form,
        "error": error,
        "decisions": decisions,
        "is_maker": can_review and request.user.pk in makers,
        "next_report": next_in_queue(request.user, report),
        "transitions": report.transitions.select_related("by"),
        "followed": True,
    }
    return render(request, "masp/activity/review.html", context)


@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision panel: one comment for every decision (kept in the history on a
    validation, required to return or reopen), at the version the page showed."""
    report = _reviewed(request, pk)
    if not can_review_reports(request.user, report.site):
        raise PermissionDenied(_("L'instruction des rapports revient à l'ARS de la région."))
    form = CommentForm(request.POST)
    decision = request.POST.get("decision", "")
    if decision not in DECIDED:
        return _render_review(request, report, form, str(NO_DECISION))
    if not form.is_valid():  # no version: the page did not come from here
        return _render_review(request, report, form, str(STALE_PAGE))
    try:
        transition(
            report=report,
            user=request.user,
            name=decision,
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from refusal
    except CommentRequired:
        form.add_error("comment", RETURN_NEEDS_COMMENT)
        return _render_review(request, report, form)
    except VersionConflict:
        return _render_review(request, report, form, str(STALE_PAGE))
    except ReportError as refusal:
        return _render_review(request, report, form, refusal.message)
    messages.success(request, DECIDED[decision])
    return redirect("masp:report_review", report.pk)


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
