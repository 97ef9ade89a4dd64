"""Write paths of the reporting app: request, render, sweep and schedule PDF reports.

The `ReportRequest` row is the source of truth; a Celery message only says "look at row N".
Rendering claims the row with a conditional update, so a message delivered twice renders once,
and the sweeper re-enqueues what a lost message or a dead worker left behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from masp.models import Experimentation, Site, SitingScenario
from reporting.attempts import claim_row, dispatch, own_row, run_attempt, sweep
from reporting.enums import JobStatus, ReportKind
from reporting.models import OPINION_MAX_LENGTH, ReportRequest
from reporting.pdf.notifications import notify_ready
from reporting.pdf.rendering import gather_report, render_pdf
from reporting.pdf.sections import ReportContext
from reporting.perms import can_give_opinion, can_request_report
from territories.models import Region

logger = logging.getLogger(__name__)

# A report gathers and draws every month of its period: a century took 11 s in the request.
MAX_PERIOD_YEARS = 3
FIRST_YEAR, LAST_YEAR = 2000, 2100


def enqueue(request_id: int) -> None:
    from reporting.pdf.tasks import render_report  # the task module imports this one

    dispatch(render_report, request_id)


def check_parameters(
    *,
    kind: str,
    site: Site | None,
    region: Region | None,
    period_start: dt.date,
    period_end: dt.date,
) -> None:
    errors: dict[str, str] = {}
    if kind not in ReportKind.values:
        errors["kind"] = _("Type de rapport inconnu.")
    if kind == ReportKind.SITE and site is None:
        errors["site"] = _("Choisissez la maison du rapport.")
    if kind == ReportKind.REGION and region is None:
        errors["region"] = _("Choisissez la région du rapport.")
    if not FIRST_YEAR <= period_start.year <= LAST_YEAR:
        errors["period_start"] = _("La période commence entre %(first)s et %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    elif period_end < period_start:
        errors["period_end"] = _("La fin de la période précède son début.")
    elif period_end >= _years_after(period_start, MAX_PERIOD_YEARS):
        errors["period_end"] = _("La période couvre au plus %(years)s ans.") % {
            "years": MAX_PERIOD_YEARS
        }
    if errors:
        raise ValidationError(errors)


def _years_after(start: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for a 29 February)."""
    if start.month == 2 and start.day == 29:
        return dt.date(start.year + years, 3, 1) - dt.timedelta(days=1)
    return start.replace(year=start.year + years)


def report_request(
    *,
    user: Any,
    kind: str,
    site: Site | None = None,
    region: Region | None = None,
    period_start: dt.date,
    period_end: dt.date,
    scenario: SitingScenario | None = None,
    opinion: str = "",
) -> ReportRequest:
    """Ask for a report; an identical request over unchanged data (and the same opinion)
    returns the existing one."""
    check_parameters(
        kind=kind, site=site, region=region, period_start=period_start, period_end=period_end
    )
    if not can_request_report(user, kind=kind, site=site, region=region):
        raise Http404
    check_scenario(user=user, kind=kind, region=region, scenario=scenario)
    opinion = clean_opinion(user=user, opinion=opinion)
    context = ReportContext(
        kind=kind,
        site=site if kind == ReportKind.SITE else None,
        region=region if kind == ReportKind.REGION else None,
        period_start=period_start,
        period_end=period_end,
        scenario=scenario,
        opinion=opinion,
    )
    return _request(context, requested_by=user)


# Control characters but the line break and the tab: PostgreSQL refuses NUL in text, and none
# of them has a meaning in a paragraph of a PDF.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_opinion(*, user: Any, opinion: str) -> str:
    """The "Avis de l'ARS" as stored: line breaks normalised, no control characters, at most
    `OPINION_MAX_LENGTH` characters, and only from an ARS agent or a national role."""
    text = CONTROL_RE.sub("", (opinion or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        return ""
    if len(text) > OPINION_MAX_LENGTH:
        raise ValidationError(
            {
                "opinion": _("L'avis compte au plus %(max)s caractères (%(length)s saisis).")
                % {"max": OPINION_MAX_LENGTH, "length": len(text)}
            }
        )
    if not can_give_opinion(user):
        raise ValidationError(
            {"opinion": _("Seuls l'ARS et le niveau national rédigent l'avis d'un rapport.")}
        )
    return text


def check_scenario(
    *, user: Any, kind: str, region: Region | None, scenario: SitingScenario | None
) -> None:
    """A siting scenario goes into the regional report of its own region, if the user sees it."""
    if scenario is None:
        return
    if not SitingScenario.objects.visible_to(user).filter(pk=scenario.pk).exists():
        raise Http404
    if kind != ReportKind.REGION or region is None or scenario.region_id != region.pk:
        raise ValidationError(
            {"siting_scenario": _("Un scénario d'implantation va dans le rapport de sa région.")}
        )


def _lock_fingerprint(fingerprint: str) -> None:
    """Serialise requests for the same data until the transaction ends, so that two identical
    requests at the same moment give one row (and one rendering), not two. PostgreSQL only:
    SQLite already lets a single writer in at a time."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # 60 bits of the SHA-256 hex digest: a signed bigint key.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(fingerprint[:15], 16)])


@transaction.atomic
def _request(context: ReportContext, *, requested_by: Any) -> ReportRequest:
    fingerprint = gather_report(context).fingerprint
    _lock_fingerprint(fingerprint)
    existing = (
        ReportRequest.objects.filter(fingerprint=fingerprint)
        .exclude(status=JobStatus.FAILED)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    request = ReportRequest.objects.create(
        kind=context.kind,
        site=context.site,
        region=context.region,
        period_start=context.period_start,
        period_end=context.period_end,
        requested_by=requested_by,
        fingerprint=fingerprint,
        enqueued_at=timezone.now(),
        siting_scenario=context.scenario,
        opinion=context.opinion,
    )
    # robust: a broker that is down must not fail the request; the sweeper will send it.
    transaction.on_commit(lambda: enqueue(request.pk), robust=True)
    return request


def context_for(request: ReportRequest) -> ReportContext:
    return ReportContext(
        kind=request.kind,
        site=request.site,
        region=request.region,
        period_start=request.period_start,
        period_end=request.period_end,
        scenario=request.siting_scenario,
        opinion=request.opinion,
    )


def _claim(request_id: int) -> ReportRequest | None:
    related = ReportRequest.objects.select_related("site__department__region", "region")
    return claim_row(related, request_id)


def report_render(*, request_id: int) -> ReportRequest | None:
    """Render a claimed request and store the PDF. Does nothing for a row that is not pending
    (already rendered, being rendered, failed). Raises when the attempt failed and another one
    is allowed, so that the task retries; on the last attempt marks the row failed."""
    return run_attempt(
        request_id, claim=_claim, mine=own_row, produce=_produce, label="report request"
    )


def _produce(request: ReportRequest) -> None:
    gathered = gather_report(context_for(request))
    twin = (
        ReportRequest.objects.filter(fingerprint=gathered.fingerprint, status=JobStatus.DONE)
        .exclude(pk=request.pk)
        .exclude(file="")
        .first()
    )
    created = twin is None
    if twin is not None:
        name, size, sha256 = twin.file.name, twin.size, twin.sha256
    else:
        pdf = render_pdf(gathered)
        path = (
            f"reports/{timezone.now():%Y/%m}/rapport-{request.pk}-{gathered.fingerprint[:12]}.pdf"
        )
        name = default_storage.save(path, ContentFile(pdf))
        size, sha256 = len(pdf), hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        done = own_row(request).update(
            status=JobStatus.DONE,
            file=name,
            size=size,
            sha256=sha256,
            fingerprint=gathered.fingerprint,
            finished_at=timezone.now(),
            error="",
        )
        if done:
            transaction.on_commit(lambda: notify_ready(request_id=request.pk))
    if not done and created:
        # Another attempt owns the row now: do not leave a second file behind.
        default_storage.delete(name)


def reports_sweep(*, now: dt.datetime) -> dict[str, int]:
    """Recover what the broker or a worker lost: re-enqueue requests left pending for more
    than a few minutes; retry (or fail, after the last attempt) those running past the hard
    time limit."""
    return sweep(
        ReportRequest.objects.all(),
        now=now,
        enqueue=enqueue,
        timed_out=_("Le rendu a dépassé le délai maximal à chaque tentative."),
        label="report",
    )


def previous_semester(today: dt.date) -> tuple[dt.date, dt.date]:
    if today.month <= 6:
        return dt.date(today.year - 1, 7, 1), dt.date(today.year - 1, 12, 31)
    return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)


def reports_request_semester(*, today: dt.date) -> list[ReportRequest]:
    """The six-monthly review of every pilot region (and any region with a house), for the
    semester that just ended; asking twice returns the same requests."""
    start, end = previous_semester(today)
    codes = set(Experimentation.objects.values_list("regions", flat=True))
    codes |= set(Site.objects.values_list("department__region_id", flat=True))
    regions = Region.objects.filter(code__in=codes - {None}).order_by("code")
    return [
        _request(
            ReportContext(
                kind=ReportKind.REGION, region=region, period_start=start, period_end=end
            ),
            requested_by=None,
        )
        for region in regions
    ]
