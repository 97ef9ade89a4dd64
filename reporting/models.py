"""Report requests: the database row is the source of truth, the broker only a doorbell."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scopes import scope_for
from masp.models import Site, SitingScenario, scope_filter
from reporting.enums import JobStatus, ReportKind
from territories.models import Region

if TYPE_CHECKING:
    from accounts.models import User


Job = TypeVar("Job", bound=models.Model)
# An opinion is a paragraph or two on the summary page, not a report of its own.
OPINION_MAX_LENGTH = 2000


class JobQuerySet(models.QuerySet[Job]):
    """Rows of jobs a worker runs (PDF reports, large exports): what the sweeper looks for."""

    # The setting holding the task's hard time limit, in seconds.
    time_limit = "MASP_REPORT_TIME_LIMIT"

    def stale_pending(self, now: dt.datetime) -> Self:
        """Pending for longer than a message takes to arrive: the message was probably lost."""
        grace = dt.timedelta(seconds=settings.MASP_REPORT_PENDING_GRACE)
        return self.filter(status=JobStatus.PENDING, enqueued_at__lt=now - grace)

    def stuck_running(self, now: dt.datetime) -> Self:
        """Running past the hard time limit: the worker died or was killed."""
        deadline = dt.timedelta(seconds=getattr(settings, self.time_limit) + 60)
        return self.filter(status=JobStatus.RUNNING, started_at__lt=now - deadline)


class ReportRequestQuerySet(JobQuerySet["ReportRequest"]):
    def visible_to(self, user: User | Any) -> ReportRequestQuerySet:
        """Site reports follow the house scope, region reports the region's ARS agents,
        national syntheses the national roles (who see every report)."""
        scope = scope_for(user)
        if scope.is_national:
            return self.all()
        if scope.is_empty:
            return self.none()
        return self.filter(
            models.Q(kind=ReportKind.SITE) & scope_filter(scope, prefix="site__")
            | models.Q(kind=ReportKind.REGION, region_id__in=scope.region_codes)
        )

    def with_related(self) -> ReportRequestQuerySet:
        return self.select_related("site", "region", "requested_by")


class ReportRequest(models.Model):
    kind = models.CharField(_("type"), max_length=10, choices=ReportKind.choices)
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_requests",
        verbose_name=_("maison"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_requests",
        verbose_name=_("région"),
    )
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période"))
    # Empty for the automatic six-monthly reports.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_requests",
        verbose_name=_("demandé par"),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    error = models.TextField(_("message d'erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("mis en file le"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    # Stored through the default storage: private, outside static and media, no public URL.
    file = models.FileField(_("fichier"), upload_to="reports/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    # Hash of the gathered data (and layout version): same inputs, same file.
    fingerprint = models.CharField(_("empreinte des données"), max_length=64, db_index=True)
    # A saved siting scenario shown as a section of a regional report (optional).
    siting_scenario = models.ForeignKey(
        SitingScenario,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_requests",
        verbose_name=_("scénario d'implantation"),
    )

    # The "Avis de l'ARS" typed by the agent with the request: the summary page shows it.
    opinion = models.TextField(
        _("avis de l'ARS"), max_length=OPINION_MAX_LENGTH, blank=True, default=""
    )

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de rapport")
        verbose_name_plural = _("demandes de rapport")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "enqueued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=ReportKind.SITE, site__isnull=False, region__isnull=True)
                    | models.Q(kind=ReportKind.REGION, site__isnull=True, region__isnull=False)
                    | models.Q(kind=ReportKind.NATIONAL, site__isnull=True, region__isnull=True)
                ),
                name="report_kind_parameters",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values),
                name="report_request_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.scope_label} ({self.period_start:%d/%m/%Y})"

    @property
    def scope_label(self) -> str:
        if self.kind == ReportKind.SITE and self.site is not None:
            return self.site.name
        if self.kind == ReportKind.REGION and self.region is not None:
            return self.region.name
        return str(_("France entière"))

    @property
    def is_in_flight(self) -> bool:
        return self.status in (JobStatus.PENDING, JobStatus.RUNNING)

    @property
    def is_ready(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file)


class ExportRequestQuerySet(JobQuerySet["ExportRequest"]):
    time_limit = "MASP_EXPORT_TIME_LIMIT"

    def visible_to(self, user: User | Any) -> ExportRequestQuerySet:
        """An export holds its requester's scope at the time it was built: only they get it
        (another user, even with the same role, may see less)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user)

    def expired(self, now: dt.datetime) -> ExportRequestQuerySet:
        """Finished (built or failed) more than `MASP_EXPORT_RETENTION_DAYS` ago."""
        return self.filter(
            status__in=[JobStatus.DONE, JobStatus.FAILED],
            finished_at__lt=now - ExportRequest.retention(),
        )


class ExportRequest(models.Model):
    """A large export built by a worker (XLSX above `MASP_EXPORT_XLSX_SYNC_MAX_ROWS` rows): the
    same life cycle as a PDF report request (pending, running, done, failed; swept)."""

    name = models.SlugField(_("export"), max_length=40)
    fmt = models.CharField(_("format"), max_length=10, default="xlsx")
    # The query string (from, to, region, department, status, header): replayed by the worker.
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_requests",
        verbose_name=_("demandé par"),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    error = models.TextField(_("message d'erreur"), blank=True)
    rows = models.PositiveIntegerField(_("lignes"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("mis en file le"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    # Private storage, like the PDF reports: served only by the download view.
    file = models.FileField(_("fichier"), upload_to="exports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True)

    objects = ExportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'export")
        verbose_name_plural = _("demandes d'export")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "enqueued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values),
                name="export_request_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}.{self.fmt} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_ready(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file)

    @property
    def filename(self) -> str:
        return f"masp-{self.name}-{self.created_at:%Y-%m-%d}-{self.pk}.{self.fmt}"

    @staticmethod
    def retention() -> dt.timedelta:
        return dt.timedelta(days=settings.MASP_EXPORT_RETENTION_DAYS)

    @property
    def expires_at(self) -> dt.datetime | None:
        """When the purge removes it (None while it is not finished)."""
        return self.finished_at + self.retention() if self.finished_at else None
