"""What a reviewer reads before deciding: a report's figures beside last month, the same month
last year and the region's median, what stands out (rule alerts, large changes) ranked first,
which reports may be validated in bulk, and the next report of the work queue."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masp.activity.enums import ReportStatus
from masp.activity.fields import FIELD_NAMES, FIELDS_BY_NAME, REPORT_FIELDS
from masp.activity.measures import MEASURED_NAMES, indicators
from masp.activity.queries import COUNTED
from masp.activity.rules import Violation, evaluate
from masp.models import ActivityReport

# A large change (our reading: the sources set none). A figure stands out when it moves away
# from last month or from the same month last year by at least half (50 %) and by at least
# MINIMUM_CHANGE of its unit, so that 2 admissions after 1 is not an event; a rate stands out
# when it moves by at least 15 points. The page states it beside the list.
CHANGE_SHARE = Decimal("0.5")
RATE_POINTS = Decimal("0.15")
MINIMUM_CHANGE = {"count": Decimal(5), "days": Decimal(10)}
THRESHOLD_TEXT = gettext_lazy(
    "Un écart est signalé quand un chiffre s'éloigne du mois précédent ou du même mois de "
    "l'an dernier d'au moins 50 % et d'au moins 5 (10 jours pour la durée moyenne de "
    "séjour), ou quand un taux varie d'au moins 15 points."
)
MEDIAN_TEXT = gettext_lazy(
    "Médiane de la région : celle des maisons de la région dont le rapport du même mois est "
    "transmis ou validé, celle-ci comprise. Les comparaisons ne lisent que des rapports "
    "transmis ou validés."
)

# The indicators first (computed as on the report page), then the key figures checked for
# large changes; the other figures are compared in the detailed tables, not flagged.
INDICATORS = (
    ("occupancy_rate", gettext_lazy("Taux d'occupation"), "rate"),
    ("mean_length_of_stay", gettext_lazy("Durée moyenne de séjour"), "days"),
    ("death_rate", gettext_lazy("Part des séjours terminés par un décès"), "rate"),
    ("refusal_rate", gettext_lazy("Taux de refus"), "rate"),
)
WATCHED = ("occupied_bed_days", "admissions", "deaths", "requests_received", "places_installed")


@dataclass(frozen=True)
class Figure:
    """One figure of the report and its three references (None when there is none)."""

    name: str
    label: str
    kind: str  # "rate", "days" or "count"
    value: Decimal | None
    last_month: Decimal | None
    last_year: Decimal | None
    region_median: Decimal | None

    def shown(self, which: str) -> str:
        value = getattr(self, which)
        if value is None:
            return "—"
        if self.kind == "rate":
            return f"{number_format(round(value * 100), 0)} %"
        if self.kind == "days":
            return f"{number_format(value.quantize(Decimal('0.1')), 1)} j"
        return number_format(value.normalize() if value % 1 else int(value), 1 if value % 1 else 0)

    @property
    def value_shown(self) -> str:
        return self.shown("value")

    @property
    def last_month_shown(self) -> str:
        return self.shown("last_month")

    @property
    def last_year_shown(self) -> str:
        return self.shown("last_year")

    @property
    def region_median_shown(self) -> str:
        return self.shown("region_median")


@dataclass(frozen=True)
class Standout:
    """Something the reviewer should read first: a rule alert (with the house's justification)
    or a large change. `weight` ranks them: errors, then warnings, then the largest changes."""

    kind: str  # "error", "warning" or "change"
    message: str
    weight: Decimal
    justification: str = ""
    field: str = ""


@dataclass
class Review:
    report: ActivityReport
    indicators: list[Figure]
    groups: list[tuple[str, list[Figure]]]
    standouts: list[Standout]
    region_houses: int
    last_month_found: bool
    last_year_found: bool
    texts: dict[str, Any] = field(
        default_factory=lambda: {"threshold": THRESHOLD_TEXT, "median": MEDIAN_TEXT}
    )


def months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def reference_periods(report: ActivityReport) -> tuple[dt.date, dt.date]:
    start = report.campaign.period_start
    return months_before(start, 1), months_before(start, 12)


def value_of(report: ActivityReport | None, name: str) -> Decimal | None:
    if report is None:
        return None
    value = getattr(report, name)
    return None if value is None else Decimal(value)


def median(values: Iterable[Decimal | None]) -> Decimal | None:
    known = sorted(value for value in values if value is not None)
    return statistics.median(known) if known else None


def change_weight(kind: str, value: Decimal | None, reference: Decimal | None) -> Decimal:
    """How many times the threshold a change is (0 when it does not stand out)."""
    if value is None or reference is None:
        return Decimal(0)
    gap = abs(value - reference)
    if kind == "rate":
        return gap / RATE_POINTS if gap >= RATE_POINTS else Decimal(0)
    if gap < MINIMUM_CHANGE[kind]:
        return Decimal(0)
    if reference == 0:
        return gap / MINIMUM_CHANGE[kind]  # from nothing to at least the minimum
    share = gap / reference
    return share / CHANGE_SHARE if share >= CHANGE_SHARE else Decimal(0)


def watched_figures() -> list[tuple[str, str, str]]:
    return [
        *((name, str(label), kind) for name, label, kind in INDICATORS),
        *((name, str(FIELDS_BY_NAME[name].label).capitalize(), "count") for name in WATCHED),
    ]


# What the queue compares of a report: the watched figures and those the indicators are
# computed from (a comparison report is read as these values, not as a model).
COMPARED_NAMES = tuple(dict.fromkeys((*WATCHED, *MEASURED_NAMES)))
Watched = dict[str, Decimal | None]
FIGURES = frozenset(FIELD_NAMES)


def watched_values(values: Mapping[str, Any]) -> Watched:
    """The watched figures of a report (its indicators as the report's properties give
    them, its counts as Decimals) from its figures."""
    found: Watched = dict(indicators(values))
    for name in WATCHED:
        value = values[name]
        found[name] = None if value is None else Decimal(value)
    return found


def _shown_change(kind: str, value: Decimal, reference: Decimal) -> str:
    if kind == "rate":
        points = round((value - reference) * 100)
        return _("%(sign)s%(points)s points") % {
            "sign": "+" if points > 0 else "",
            "points": points,
        }
    if reference == 0:
        return _("après 0")
    share = round((value - reference) / reference * 100)
    return f"{'+' if share > 0 else ''}{share} %"


def standouts(
    report: ActivityReport,
    last_month: ActivityReport | None,
    last_year: ActivityReport | None,
    violations: Sequence[Violation] | None = None,
) -> list[Standout]:
    """The rule alerts (with the justification) and the large changes, ranked."""
    return _standouts(
        report,
        watched_values(report.values()),
        None if last_month is None else watched_values(last_month.values()),
        None if last_year is None else watched_values(last_year.values()),
        report.violations() if violations is None else violations,
        watched_figures(),
    )


def _standouts(
    report: ActivityReport,
    now: Watched,
    last_month: Watched | None,
    last_year: Watched | None,
    violations: Sequence[Violation],
    watched: list[tuple[str, str, str]],
) -> list[Standout]:
    """`standouts` from the watched values of the report and of its references, the figures'
    labels translated once by the caller (a page of the queue flags twenty reports)."""
    found = [
        Standout(
            kind=violation.severity,
            message=violation.message,
            weight=Decimal(1000 if violation.severity == "error" else 100),
            justification=report.justification,
        )
        for violation in violations
    ]
    references = [
        (before, when)
        for before, when in (
            (last_month, _("au mois précédent")),
            (last_year, _("à l'an dernier")),
        )
        if before is not None
    ]
    if not references:
        return sorted(found, key=lambda standout: -standout.weight)
    message = _("%(label)s : %(change)s par rapport %(when)s (%(before)s → %(now)s)")
    for name, label, kind in watched:
        value = now[name]
        if value is None:
            continue
        for reference, when in references:
            before = reference[name]
            weight = change_weight(kind, value, before)
            if weight and before is not None:
                found.append(
                    Standout(
                        kind="change",
                        message=message
                        % {
                            "label": label,
                            "change": _shown_change(kind, value, before),
                            "when": when,
                            "before": Figure(
                                name, label, kind, before, None, None, None
                            ).value_shown,
                            "now": Figure(name, label, kind, value, None, None, None).value_shown,
                        },
                        weight=weight,
                        field=name,
                    )
                )
    return sorted(found, key=lambda standout: -standout.weight)


def comparison_reports(reports: Sequence[ActivityReport]) -> dict[tuple[int, dt.date], Any]:
    """Last month's and last year's reports of the houses of `reports`, in one query."""
    if not reports:
        return {}
    periods = {period for report in reports for period in reference_periods(report)}
    rows = (
        ActivityReport.objects.filter(
            site_id__in={report.site_id for report in reports},
            campaign__period_start__in=periods,
            status__in=COUNTED,
        )
        .select_related("campaign")
        .only("site_id", "campaign__period_start", *FIELD_NAMES)
        .order_by()
    )
    return {(row.site_id, row.campaign.period_start): row for row in rows}


def comparison_values(
    reports: Sequence[ActivityReport],
) -> tuple[dict[tuple[int, dt.date], Watched], dict[int, dict[str, Any]]]:
    """The watched values of last month's and last year's reports of the houses of
    `reports` (those `comparison_reports` reads), and the figures of those of `reports`
    read without them (the work queue's page), in one query of plain rows."""
    if not reports:
        return {}, {}
    periods = {period for report in reports for period in reference_periods(report)}
    sites = {report.site_id for report in reports}
    unread = {report.pk for report in reports if FIGURES & report.get_deferred_fields()}
    compared = Q(site_id__in=sites, campaign__period_start__in=periods, status__in=COUNTED)
    rows = (
        ActivityReport.objects.filter(compared | Q(pk__in=unread) if unread else compared)
        .order_by()
        .values(
            "pk",
            "site_id",
            "status",
            "campaign__period_start",
            *(FIELD_NAMES if unread else COMPARED_NAMES),
        )
    )
    references, figures = {}, {}
    for row in rows:
        period = row["campaign__period_start"]
        if row["pk"] in unread:
            figures[row["pk"]] = {name: row[name] for name in FIELD_NAMES}
        if row["status"] in COUNTED and period in periods and row["site_id"] in sites:
            references[(row["site_id"], period)] = watched_values(row)
    return references, figures


def flag_reports(reports: Sequence[ActivityReport]) -> None:
    """Set `issues` (rule alerts) and `standouts` on each report of a page of the queue
    (whose figures may be left unread: the query of the comparisons reads them)."""
    references, figures = comparison_values(reports)
    watched = watched_figures()
    for report in reports:
        before, year_before = reference_periods(report)
        values = figures.get(report.pk) or report.values()
        issues = evaluate(values, report.campaign.period, version=report.form_version)
        report.issues = issues  # type: ignore[attr-defined]  # read by the templates
        report.standouts = _standouts(  # type: ignore[attr-defined]
            report,
            watched_values(values),
            references.get((report.site_id, before)),
            references.get((report.site_id, year_before)),
            issues,
            watched,
        )


def bulk_split(
    reports: Iterable[ActivityReport],
) -> tuple[list[ActivityReport], list[ActivityReport]]:
    """The reports that may be validated in bulk (no rule alert, nothing standing out) and
    those to review one by one."""
    listed = list(reports)
    flag_reports(listed)
    eligible = [report for report in listed if not getattr(report, "standouts", ())]
    return eligible, [report for report in listed if getattr(report, "standouts", ())]


def review_of(report: ActivityReport) -> Review:
    """The review page's figures: two queries whatever the size of the region."""
    references = comparison_reports([report])
    before, year_before = reference_periods(report)
    last_month = references.get((report.site_id, before))
    last_year = references.get((report.site_id, year_before))
    region = list(
        ActivityReport.objects.filter(
            campaign_id=report.campaign_id,
            site__department__region_id=report.site.department.region_id,
            status__in=COUNTED,
        ).only("site_id", *FIELD_NAMES)  # values() reads them all
    )

    def figure(name: str, label: str, kind: str) -> Figure:
        return Figure(
            name,
            label,
            kind,
            value_of(report, name),
            value_of(last_month, name),
            value_of(last_year, name),
            median(value_of(other, name) for other in region),
        )

    groups: dict[str, list[Figure]] = {}
    for spec in REPORT_FIELDS:
        if spec.is_number:
            groups.setdefault(str(spec.group), []).append(
                figure(spec.name, str(spec.label).capitalize(), "count")
            )
    return Review(
        report=report,
        indicators=[figure(name, str(label), kind) for name, label, kind in INDICATORS],
        groups=list(groups.items()),
        standouts=standouts(report, last_month, last_year),
        region_houses=len(region),
        last_month_found=last_month is not None,
        last_year_found=last_year is not None,
    )


def next_in_queue(user: Any, report: ActivityReport) -> ActivityReport | None:
    """The report after this one in the work queue's order (the longest waiting first), or
    the first of the queue after its end: one query."""
    queue = (
        ActivityReport.objects.visible_to(user)
        .to_review()
        .exclude(pk=report.pk)
        .select_related("site", "campaign")
    )
    if report.submitted_at is None:
        return queue.order_by("submitted_at", "pk").first()
    after = Q(submitted_at__gt=report.submitted_at) | Q(
        submitted_at=report.submitted_at, pk__gt=report.pk
    )
    rank = Case(When(after, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queue.order_by(rank, "submitted_at", "pk").first()


DECIDABLE = {
    ReportStatus.SUBMITTED: ("validate", "return"),
    ReportStatus.VALIDATED: ("reopen",),
}
