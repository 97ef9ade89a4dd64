"""Benchmark data of masp (`manage.py seed_bench`): open houses over every département,
monthly campaigns, a report per house and month in every workflow state (figures from the
demo generator, so they pass the error rules), two staffing declarations and a coordinator
per house."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.utils import timezone

from accounts.bench_data import bench_email, bulk_accounts
from accounts.enums import Role
from common.bench import BENCH_DOMAIN, BenchPlan, bulk_insert, spread
from masp.activity.demo import PATHS, plausible_figures
from masp.activity.enums import ReportStatus
from masp.activity.rules import errors, warnings
from masp.models import (
    ActivityReport,
    Experimentation,
    ReportingCampaign,
    ReportTransition,
    Site,
    StaffingDeclaration,
    StaffingLine,
    StaffRole,
)
from masp.reference_data import EXPERIMENTATION_NAME
from masp.sites.enums import LegalStatus, SiteStatus
from masp.sites.validators import finess_prefix, luhn_key
from masp.staffing import reference as staffing_reference
from masp.staffing.demo import team, variant
from masp.staffing.services import line_fields
from territories.models import Department

ORDER = 20  # after the accounts (10)
BENCH_SERIES = "7"  # FINESS 7xxxxx: neither the demo (6) nor the test factories' numbers
# Reports older than the last three months: mostly validated, a few reopened.
OLD_STATES = (ReportStatus.VALIDATED,) * 19 + (ReportStatus.REOPENED,)
# The last three months, newest first: a live campaign, one under review, one nearly done.
RECENT_STATES = (
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.SUBMITTED, None),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.VALIDATED),
    (ReportStatus.VALIDATED, ReportStatus.VALIDATED, ReportStatus.VALIDATED, ReportStatus.RETURNED),
)


def bench_finess(department: str, sequence: int) -> str:
    body = f"{finess_prefix(department)}{BENCH_SERIES}{sequence:05d}"
    return body + ("0" if not body.isdigit() else luhn_key(body))


def postcode(department: str) -> str:
    return "20000" if department in ("2A", "2B") else f"{department}000"[:5]


def build_sites(plan: BenchPlan, departments: list[Department], opened: dt.date) -> Iterator[Site]:
    experimentation = Experimentation.objects.get(name=EXPERIMENTATION_NAME)
    for index in range(plan.sites):
        rng = plan.rng("site", index)
        department = spread(departments, index)
        yield Site(
            name=f"Maison de test {index + 1:04d} ({department.name})",
            experimentation=experimentation,
            cohort_year=rng.choice([2026, 2026, 2027]),
            finess_et=bench_finess(department.code, index),
            manager_name=f"Association gestionnaire {index % 97 + 1}",
            manager_legal_status=rng.choice(list(LegalStatus.values)),
            address=f"{index % 200 + 1} rue des Tilleuls",
            postcode=postcode(department.code),
            commune=f"Commune {index + 1}",
            department=department,
            latitude=Decimal(43 + rng.random() * 7).quantize(Decimal("0.00001")),
            longitude=Decimal(-1 + rng.random() * 8).quantize(Decimal("0.00001")),
            capacity=rng.randint(8, 20),
            status=SiteStatus.OPEN,
            authorised_on=opened - dt.timedelta(days=120),
            opened_on=opened,
            public_email=f"maison{index}@{BENCH_DOMAIN}",
        )


def campaigns_for(plan: BenchPlan) -> list[ReportingCampaign]:
    campaigns = []
    for start in plan.month_starts():
        model = ReportingCampaign.monthly(start.year, start.month)
        fields = ("period_end", "opens_at", "deadline", "review_deadline", "corrections_until")
        campaign, _created = ReportingCampaign.objects.get_or_create(
            period_start=start, defaults={field: getattr(model, field) for field in fields}
        )
        campaigns.append(campaign)
    return campaigns


def state_for(index: int, age: int) -> str | None:
    """`age` 0 is the last reported month."""
    if age < len(RECENT_STATES):
        return spread(RECENT_STATES[age], index)
    return spread(OLD_STATES, index + age)


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_report(
    site: Site, campaign: ReportingCampaign, state: str, figures: dict, index: int
) -> ActivityReport:
    report = ActivityReport(site=site, campaign=campaign, status=state, **figures)
    violations = report.violations()
    if errors(violations):
        raise ValueError(f"bench figures break a rule: {errors(violations)}")
    if warnings(violations):
        report.justification = "Montée en charge progressive de la maison."
    report.version = 1 + len(PATHS[state])
    sent = campaign.opens_at + dt.timedelta(days=index % 10)
    if state != ReportStatus.DRAFT:
        report.submitted_at = _aware(sent, 9)
    if state in (ReportStatus.VALIDATED, ReportStatus.REOPENED):
        report.validated_at = _aware(sent, 10)
    return report


def build_reports(
    plan: BenchPlan, sites: list[Site], campaigns: list[ReportingCampaign]
) -> Iterator[ActivityReport]:
    for index, site in enumerate(sites):
        rng = plan.rng("reports", site.finess_et)
        residents = None
        for age, campaign in enumerate(reversed(campaigns)):
            state = state_for(index, age)
            if state is None:
                continue
            figures = plausible_figures(
                rng, capacity=site.capacity, period=campaign.period, residents_start=residents
            )
            residents = figures["residents_end"]
            yield build_report(site, campaign, state, figures, index)


def build_transitions(reports: list[ActivityReport]) -> Iterator[ReportTransition]:
    for report in reports:
        previous: str = ReportStatus.DRAFT
        if report.submitted_at is None:  # a draft: no transition yet
            continue
        for step, target in enumerate(PATHS[report.status]):
            yield ReportTransition(
                report=report,
                from_status=previous,
                to_status=target,
                comment="" if target != ReportStatus.RETURNED else "Préciser les sorties.",
                at=report.submitted_at + dt.timedelta(hours=step),
            )
            previous = target


def build_declarations(plan: BenchPlan, sites: list[Site]) -> Iterator[StaffingDeclaration]:
    today = plan.until or timezone.localdate()
    for site in sites:
        for days in (100, 10):
            yield StaffingDeclaration(
                site=site, declared_on=today - dt.timedelta(days=days), comment="Banc d'essai."
            )


def build_lines(declarations: list[StaffingDeclaration]) -> Iterator[StaffingLine]:
    roles = {role.code: role for role in StaffRole.objects.all()}
    for number, declaration in enumerate(declarations):
        lines = team() if number % 2 == 0 else variant(number // 2)
        for line in lines.values():
            yield StaffingLine(declaration=declaration, role=roles[line.role], **line_fields(line))


def load(*, plan: BenchPlan, log: Callable[[str], None]) -> None:
    departments = list(Department.objects.order_by("code"))
    campaigns = campaigns_for(plan)
    opened = campaigns[0].period_start - dt.timedelta(days=31)
    sites = bulk_insert(Site, build_sites(plan, departments, opened))
    reports = bulk_insert(ActivityReport, build_reports(plan, sites, campaigns))
    transitions = bulk_insert(ReportTransition, build_transitions(reports))
    staffing_reference.load(log=lambda _message: None)
    declarations = bulk_insert(StaffingDeclaration, build_declarations(plan, sites))
    lines = bulk_insert(StaffingLine, build_lines(declarations))
    coordinators, _memberships = bulk_accounts(
        [(bench_email(f"coord-{s.pk}"), Role.COORDINATOR, {"site_id": s.pk}) for s in sites]
    )
    log(
        f"{len(sites)} maisons, {len(campaigns)} campagnes, {len(reports)} rapports "
        f"({len(transitions)} transitions), {len(declarations)} déclarations d'effectifs "
        f"({len(lines)} lignes), {coordinators} comptes de coordination."
    )
