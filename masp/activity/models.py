"""Activity reports: campaigns, one report per house and campaign, its transition log, and
the log of reminders sent (which makes reminders idempotent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.enums import NATIONAL_ROLES
from accounts.scopes import Scope, scope_for
from common.models import ChoiceLabels
from masp.activity.enums import EDITABLE_REPORT_STATUSES, CampaignStatus, ReminderStep, ReportStatus
from masp.activity.fields import (
    CURRENT_FORM_VERSION,
    FIELD_NAMES,
    FORM_VERSIONS,
    field_names_for,
    figures_model,
)
from masp.activity.measures import (
    death_rate,
    mean_length_of_stay,
    occupancy_rate,
    refusal_rate,
    rounded,
)
from masp.activity.rules import Period, Violation, evaluate
from masp.sites.models import Site, scope_filter

if TYPE_CHECKING:
    from accounts.models import User


class CampaignQuerySet(models.QuerySet["ReportingCampaign"]):
    def opened(self, today: dt.date | None = None) -> CampaignQuerySet:
        """Campaigns whose reports may be filed (opened, whatever the deadline): the SQL form
        of `ReportingCampaign.accepts_reports`."""
        return self.filter(opens_at__lte=today or timezone.localdate())


class ReportingCampaign(models.Model):
    """A reporting period (a month by default) and its calendar."""

    period_start = models.DateField(_("début de la période"), unique=True)
    period_end = models.DateField(_("fin de la période"))
    opens_at = models.DateField(_("ouverture de la saisie"))
    deadline = models.DateField(_("date limite de transmission"))
    review_deadline = models.DateField(_("date limite d'instruction"))
    corrections_until = models.DateField(_("fin de la fenêtre de correction"))
    form_version = models.PositiveSmallIntegerField(
        _("version du formulaire"),
        choices=[(version, str(version)) for version in FORM_VERSIONS],
        default=CURRENT_FORM_VERSION,
        help_text=_(
            "Les champs que ses rapports déclarent ; un rapport garde toujours la version de sa "
            "campagne (la version 2 ajoute les chiffres de l'évaluation nationale)."
        ),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne de rapports")
        verbose_name_plural = _("campagnes de rapports")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start"))
                & models.Q(deadline__gte=models.F("opens_at"))
                & models.Q(review_deadline__gte=models.F("deadline"))
                & models.Q(corrections_until__gte=models.F("review_deadline")),
                name="campaign_calendar_in_order",
            )
        ]

    def __str__(self) -> str:
        return _("Campagne du %(start)s au %(end)s") % {
            "start": self.period_start.strftime("%d/%m/%Y"),
            "end": self.period_end.strftime("%d/%m/%Y"),
        }

    @property
    def label(self) -> str:
        return self.period_start.strftime("%m/%Y")

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    def status_on(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_at:
            return CampaignStatus.UPCOMING
        if today <= self.deadline:
            return CampaignStatus.OPEN
        if today <= self.corrections_until:
            return CampaignStatus.LATE
        return CampaignStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_on()

    def accepts_reports(self, today: dt.date | None = None) -> bool:
        """Whether reports may be created and submitted for it: once it has opened, whatever
        the deadline (late reports are still welcome). Pages, API and import share it."""
        return self.opens_at <= (today or timezone.localdate())

    @property
    def status_label(self) -> str:
        return str(CampaignStatus(self.status).label)

    @property
    def midpoint(self) -> dt.date:
        return self.opens_at + (self.deadline - self.opens_at) / 2

    @classmethod
    def monthly(cls, year: int, month: int) -> ReportingCampaign:
        """The default calendar: open the day after the month, due 15 days later, reviewed in
        the next 15 days, corrections for a further month."""
        start = dt.date(year, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        opens = end + dt.timedelta(days=1)
        deadline = opens + dt.timedelta(days=14)
        review = deadline + dt.timedelta(days=15)
        return cls(
            period_start=start,
            period_end=end,
            opens_at=opens,
            deadline=deadline,
            review_deadline=review,
            corrections_until=review + dt.timedelta(days=30),
        )


class ReportQuerySet(models.QuerySet["ActivityReport"]):
    def visible_to(self, user: User | Any) -> ReportQuerySet:
        return self.filter(scope_filter(scope_for(user), prefix="site__"))

    def with_related(self) -> ReportQuerySet:
        return self.select_related("site__department__region", "campaign")

    def in_region(self, code: str) -> ReportQuerySet:
        return self.filter(site__department__region_id=code)

    def to_review(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.SUBMITTED)

    def with_figures_for(self, user: User | Any) -> ReportQuerySet:
        """The reports whose figures `user` may read, within `visible_to`: the validated ones,
        and every report of the houses and regions the user follows (see `followed_filter`)."""
        scope = scope_for(user)
        if scope.is_national_admin or not scope.is_analyst:
            return self  # everything they see, they follow
        return self.filter(models.Q(status=ReportStatus.VALIDATED) | followed_filter(scope))


def followed_filter(scope: Scope) -> models.Q:
    """The reports followed at every stage (drafts, returns, comments, history): all for a
    national administrator, those of the houses and regions of the other roles. An analyst
    reads nationally but follows nothing as such: the docs promise validated data only."""
    if scope.is_national_admin:
        return models.Q()
    return scope_filter(replace(scope, roles=scope.roles - NATIONAL_ROLES), prefix="site__")


if TYPE_CHECKING:

    class ReportFigures(models.Model):
        """What type checkers see: the columns are built from REPORT_FIELDS at run time."""

        class Meta:
            abstract = True

        def __getattr__(self, name: str) -> Any: ...

else:
    ReportFigures = figures_model()


def sent_on_time(submitted_at: dt.datetime | None, deadline: dt.date) -> bool:
    """A report counts as on time when it was sent on its campaign's deadline day at the
    latest, in local time."""
    return bool(submitted_at) and timezone.localtime(submitted_at).date() <= deadline


# What a report records, its key and its creation and change times apart: the API writes a
# report from these columns (`masp.activity.api.ReportWriter`), the bench data inserts rows
# of them, in this order (`masp.bench_data.report_row`).
REPORT_COLUMNS = (
    "site_id",
    "campaign_id",
    "status",
    "version",
    "justification",
    "submitted_at",
    "validated_at",
    *FIELD_NAMES,
)


class ActivityReport(ChoiceLabels, ReportFigures):
    """The figures of a house for a campaign: aggregates only, never a resident's identity."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="activity_reports", verbose_name=_("maison")
    )
    campaign = models.ForeignKey(
        ReportingCampaign,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("campagne"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    justification = models.TextField(
        _("justification des alertes"),
        blank=True,
        help_text=_("Explique les alertes (occupation, durée de séjour) avant de transmettre."),
    )
    submitted_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport d'activité")
        verbose_name_plural = _("rapports d'activité")
        ordering = ["-campaign__period_start", "site__name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "campaign"], name="one_report_per_campaign"),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            # A region's or a house's reports in one state (work queue, my reports).
            models.Index(fields=["site", "status"]),
            # The latest validations (the work queue's reminder): read in this order until ten
            # of the scope are found, rather than sorting all of the scope's validated reports.
            models.Index(fields=["status", "-validated_at"], name="report_status_validated"),
        ]

    def __str__(self) -> str:
        return f"{self.site} — {self.campaign.label}"

    def get_absolute_url(self) -> str:
        return reverse("masp:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_REPORT_STATUSES

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELD_NAMES}

    @property
    def form_version(self) -> int:
        return self.campaign.form_version

    @property
    def field_names(self) -> tuple[str, ...]:
        """The fields of the report's form version (its campaign's)."""
        return field_names_for(self.form_version)

    def violations(self, *, complete: bool = False) -> list[Violation]:
        return evaluate(
            self.values(), self.campaign.period, complete=complete, version=self.form_version
        )

    @property
    def occupancy_rate(self) -> Decimal | None:
        return rounded(occupancy_rate(self.values()))

    @property
    def mean_length_of_stay(self) -> Decimal | None:
        return rounded(mean_length_of_stay(self.values()), "0.1")

    @property
    def death_rate(self) -> Decimal | None:
        """Share of the stays ended in the period that ended with a death."""
        return rounded(death_rate(self.values()))

    @property
    def refusal_rate(self) -> Decimal | None:
        return rounded(refusal_rate(self.values()))

    @property
    def is_on_time(self) -> bool:
        return sent_on_time(self.submitted_at, self.campaign.deadline)

    def maker_ids(self) -> set[int]:
        """The users who wrote any version of the report or submitted one (maker-checker:
        none of them may return or validate it), read from its history in one query.

        A version is written by whoever created the report or changed its figures or its
        justification (form, API, import); a submission is the record that moves it to
        "submitted". The other records (return, validation, reopening) only change its
        status: their authors are the checkers. Every version counts, not only the last:
        figures typed in an earlier round stay in the report until someone changes them."""
        content = ("status", *FIELD_NAMES, "justification")
        rows = self.history.order_by("history_id").values_list("history_user_id", *content)
        makers: set[int] = set()
        previous: tuple[Any, ...] | None = None
        for user_id, status, *values in rows:
            written = previous is None or values != list(previous[1:])
            submitted = status == ReportStatus.SUBMITTED and (
                previous is None or previous[0] != ReportStatus.SUBMITTED
            )
            if user_id is not None and (written or submitted):
                makers.add(user_id)
            previous = (status, *values)
        return makers


def place_days_expression(prefix: str = "") -> Any:
    """`measures.available_place_days` in SQL: the declared place-days when the installed places
    changed during the period, else places installed × days open (the one occupancy rule)."""
    return Coalesce(
        F(f"{prefix}place_days"), F(f"{prefix}places_installed") * F(f"{prefix}days_open")
    )


class ReportTransition(ChoiceLabels):
    """One step of a report's workflow: who moved it from which state to which, and why."""

    report = models.ForeignKey(
        ActivityReport,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("rapport"),
    )
    from_status = models.CharField(_("état de départ"), max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(_("état d'arrivée"), max_length=10, choices=ReportStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("transition de rapport")
        verbose_name_plural = _("transitions de rapport")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ReminderLog(models.Model):
    """A reminder or notification sent: at most one per (campaign, house or region or
    transition, step), so a task run twice never sends twice."""

    campaign = models.ForeignKey(
        ReportingCampaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("campagne")
    )
    step = models.CharField(_("étape"), max_length=20, choices=ReminderStep.choices)
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("maison")
    )
    region = models.ForeignKey(
        "territories.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("région"),
    )
    transition = models.ForeignKey(
        ReportTransition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("transition"),
    )
    recipients = models.PositiveSmallIntegerField(_("destinataires"), default=0)
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("relance envoyée")
        verbose_name_plural = _("relances envoyées")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "site", "step"],
                condition=models.Q(site__isnull=False, transition__isnull=True),
                name="one_reminder_per_site_step",
            ),
            models.UniqueConstraint(
                fields=["campaign", "region", "step"],
                condition=models.Q(region__isnull=False),
                name="one_digest_per_region_step",
            ),
            models.UniqueConstraint(
                fields=["transition"],
                condition=models.Q(transition__isnull=False),
                name="one_notification_per_transition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} — {self.campaign.label}"
