"""Benchmark data of masp (`manage.py seed_bench`): open houses over every département,
monthly campaigns, a report per house and month in every workflow state (figures from the
demo generator, so they pass the error rules), two staffing declarations and a coordinator
per house."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from multiprocessing import get_all_start_methods, get_context
from operator import attrgetter
from typing import Any

from django.utils import timezone

from accounts.bench_data import bench_email, bulk_accounts
from accounts.enums import Role
from common.bench import BENCH_DOMAIN, BenchPlan, draw_keys, insert_rows, spread
from masp.activity.demo import PATHS, plausible_figures
from masp.activity.enums import ReportStatus
from masp.activity.fields import FIELD_NAMES
from masp.activity.models import REPORT_COLUMNS
from masp.activity.rules import ERROR, RULES, WARNING, Period, Rule
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
from masp.staffing.services import LineInput, line_fields
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


SITE_COLUMNS = (
    "name",
    "experimentation_id",
    "cohort_year",
    "finess_et",
    "manager_name",
    "manager_legal_status",
    "address",
    "postcode",
    "commune",
    "department_id",
    "latitude",
    "longitude",
    "capacity",
    "status",
    "authorised_on",
    "opened_on",
    "public_email",
)
TRANSITION_COLUMNS = ("report_id", "from_status", "to_status", "comment", "at")
DECLARATION_COLUMNS = ("site_id", "declared_on", "comment")
LINE_FIELDS = (
    "fte_funded",
    "fte_filled",
    "fte_agency",
    "vacant_posts",
    "headcount",
    "hours_per_month",
    "presence",
)
LINE_COLUMNS = ("declaration_id", "role_id", *LINE_FIELDS)
JUSTIFICATION = "Montée en charge progressive de la maison."


@dataclass(frozen=True)
class BenchSite:
    """What the other tables need of a house inserted."""

    pk: int
    finess_et: str
    capacity: int


@dataclass(frozen=True)
class BenchCampaign:
    pk: int
    period: Period
    opens_at: dt.date


@dataclass(frozen=True)
class Slot:
    """A report to generate: its house (`index` in the plan), month, state and dates."""

    index: int
    site: BenchSite
    campaign: BenchCampaign
    status: str
    submitted_at: dt.datetime | None
    validated_at: dt.datetime | None


def site_rows(
    plan: BenchPlan, departments: list[Department], opened: dt.date
) -> Iterator[tuple[Any, ...]]:
    """One row of SITE_COLUMNS per house (the generator's draws in the columns' order)."""
    experimentation = Experimentation.objects.get(name=EXPERIMENTATION_NAME)
    for index in range(plan.sites):
        rng = plan.rng("site", index)
        department = spread(departments, index)
        yield (
            f"Maison de test {index + 1:04d} ({department.name})",
            experimentation.pk,
            rng.choice([2026, 2026, 2027]),
            bench_finess(department.code, index),
            f"Association gestionnaire {index % 97 + 1}",
            rng.choice(list(LegalStatus.values)),
            f"{index % 200 + 1} rue des Tilleuls",
            postcode(department.code),
            f"Commune {index + 1}",
            department.pk,
            Decimal(43 + rng.random() * 7).quantize(Decimal("0.00001")),
            Decimal(-1 + rng.random() * 8).quantize(Decimal("0.00001")),
            rng.randint(8, 20),
            SiteStatus.OPEN,
            opened - dt.timedelta(days=120),
            opened,
            f"maison{index}@{BENCH_DOMAIN}",
        )


def insert_sites(
    plan: BenchPlan, departments: list[Department], opened: dt.date
) -> list[BenchSite]:
    rows = list(site_rows(plan, departments, opened))
    keys = insert_rows(Site, SITE_COLUMNS, rows)
    finess, capacity = SITE_COLUMNS.index("finess_et"), SITE_COLUMNS.index("capacity")
    return [BenchSite(key, row[finess], row[capacity]) for key, row in zip(keys, rows, strict=True)]


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


def broken_rules(values: dict[str, Any], period: Period) -> list[Rule]:
    """The rules `values` break: `rules.evaluate` (each rule checked when all its figures
    are given) without what the bench data does not use, the violations' messages and the
    empty figures of a complete report (tests/bench/test_seed_bench.py holds them equal)."""
    empty = {name for name, value in values.items() if value is None}
    return [
        rule for rule in RULES if empty.isdisjoint(rule.fields) and not rule.check(values, period)
    ]


def report_row(slot: Slot, figures: dict[str, Any]) -> tuple[Any, ...]:
    """A row of REPORT_COLUMNS: what ActivityReport(site, campaign, status, **figures) would
    store, with its justification, version and dates."""
    unknown = figures.keys() - FIGURE_NAMES
    if unknown:
        raise ValueError(f"bench figures outside the report: {sorted(unknown)}")
    values = {name: figures.get(name) for name in FIELD_NAMES}  # as ActivityReport.values()
    broken = broken_rules(values, slot.campaign.period)
    if any(rule.severity == ERROR for rule in broken):
        codes = [rule.code for rule in broken if rule.severity == ERROR]
        raise ValueError(f"bench figures break a rule: {codes}")
    warned = any(rule.severity == WARNING for rule in broken)
    return (
        slot.site.pk,
        slot.campaign.pk,
        slot.status,
        1 + len(PATHS[slot.status]),
        JUSTIFICATION if warned else "",
        slot.submitted_at,
        slot.validated_at,
        *values.values(),
    )


FIGURE_NAMES = frozenset(FIELD_NAMES)


def report_slots(sites: list[BenchSite], campaigns: list[ReportingCampaign]) -> list[Slot]:
    """The reports in the order they are generated: each house's, newest month first."""
    aware: dict[tuple[dt.date, int], dt.datetime] = {}

    def at(day: dt.date, hour: int) -> dt.datetime:  # a few hundred distinct values
        if (day, hour) not in aware:
            aware[day, hour] = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        return aware[day, hour]

    months = [
        BenchCampaign(campaign.pk, campaign.period, campaign.opens_at)
        for campaign in reversed(campaigns)
    ]
    slots = []
    for index, site in enumerate(sites):
        for age, campaign in enumerate(months):
            state = state_for(index, age)
            if state is None:
                continue
            sent = campaign.opens_at + dt.timedelta(days=index % 10)
            submitted = state != ReportStatus.DRAFT
            validated = state in (ReportStatus.VALIDATED, ReportStatus.REOPENED)
            slots.append(
                Slot(
                    index,
                    site,
                    campaign,
                    state,
                    at(sent, 9) if submitted else None,
                    at(sent, 10) if validated else None,
                )
            )
    return slots


def report_rows(plan: BenchPlan, slots: list[Slot]) -> Iterator[tuple[Any, ...]]:
    """The rows of the reports of `slots`, generated as the COPY consumes them: by the worker
    processes of a pool for a large plan (each house has its own generator, so the rows are
    the same whoever draws them, in the same order), here otherwise."""
    houses = [list(reports) for _site, reports in groupby(slots, key=attrgetter("site"))]
    processes = min(os.cpu_count() or 1, MAX_PROCESSES)
    if len(slots) < PARALLEL_FROM or processes < 2 or "fork" not in get_all_start_methods():
        for reports in houses:
            yield from house_report_rows(plan, reports)
        return
    global _work
    _work = (plan, houses)  # inherited by the forked workers: nothing pickled on the way in
    step = max(1, len(houses) // (processes * CHUNKS_PER_PROCESS))
    ranges = [(start, start + step) for start in range(0, len(houses), step)]
    try:
        # Forked: the workers only compute (no database, no Django call); the parent writes.
        with get_context("fork").Pool(processes) as pool:
            for rows in pool.imap(_chunk_rows, ranges):
                yield from rows
    finally:
        _work = None


def house_report_rows(plan: BenchPlan, reports: list[Slot]) -> Iterator[tuple[Any, ...]]:
    """A house's rows, newest month first, from the house's own generator."""
    rng = plan.rng("reports", reports[0].site.finess_et)
    residents = None
    for slot in reports:
        figures = plausible_figures(
            rng, capacity=slot.site.capacity, period=slot.campaign.period, residents_start=residents
        )
        residents = figures["residents_end"]
        yield report_row(slot, figures)


# Generation takes most of seed_bench's time and each house's rows depend on nothing else:
# above PARALLEL_FROM reports (a thousand houses have 35,750) they are drawn by up to
# MAX_PROCESSES forked workers, a few chunks of houses each so that none waits for the last.
PARALLEL_FROM = 5_000
MAX_PROCESSES = 4
CHUNKS_PER_PROCESS = 4
_work: tuple[BenchPlan, list[list[Slot]]] | None = None


def _chunk_rows(bounds: tuple[int, int]) -> list[tuple[Any, ...]]:
    assert _work is not None
    plan, houses = _work
    start, stop = bounds
    return [row for reports in houses[start:stop] for row in house_report_rows(plan, reports)]


def transition_rows(slots: list[Slot], keys: list[int]) -> Iterator[tuple[Any, ...]]:
    for slot, key in zip(slots, keys, strict=True):
        previous: str = ReportStatus.DRAFT
        if slot.submitted_at is None:  # a draft: no transition yet
            continue
        for step, target in enumerate(PATHS[slot.status]):
            yield (
                key,
                previous,
                target,
                "" if target != ReportStatus.RETURNED else "Préciser les sorties.",
                slot.submitted_at + dt.timedelta(hours=step),
            )
            previous = target


def declaration_rows(plan: BenchPlan, sites: list[BenchSite]) -> Iterator[tuple[Any, ...]]:
    today = plan.until or timezone.localdate()
    for site in sites:
        for days in (100, 10):
            yield (site.pk, today - dt.timedelta(days=days), "Banc d'essai.")


def line_rows(declarations: list[int]) -> Iterator[tuple[Any, ...]]:
    roles = dict(StaffRole.objects.values_list("code", "pk"))
    # A few dozen distinct lines across the teams: each one's columns built once, and the
    # rows that repeat it share its values (insert_rows encodes a shared grid once).
    stored: dict[LineInput, tuple[Any, ...]] = {}
    for number, declaration in enumerate(declarations):
        lines = team() if number % 2 == 0 else variant(number // 2)
        for line in lines.values():
            if line not in stored:
                fields = line_fields(line)
                if fields.keys() != set(LINE_FIELDS):
                    raise ValueError(f"staffing line fields changed: {sorted(fields)}")
                stored[line] = (roles[line.role], *(fields[name] for name in LINE_FIELDS))
            yield (declaration, *stored[line])


def load(*, plan: BenchPlan, log: Callable[[str], None]) -> None:
    departments = list(Department.objects.order_by("code"))
    campaigns = campaigns_for(plan)
    opened = campaigns[0].period_start - dt.timedelta(days=31)
    sites = insert_sites(plan, departments, opened)
    slots = report_slots(sites, campaigns)
    reports = draw_keys(ActivityReport, len(slots))  # the rows streamed as generated
    insert_rows(ActivityReport, REPORT_COLUMNS, report_rows(plan, slots), keys=reports)
    transitions = insert_rows(ReportTransition, TRANSITION_COLUMNS, transition_rows(slots, reports))
    staffing_reference.load(log=lambda _message: None)
    declarations = insert_rows(
        StaffingDeclaration, DECLARATION_COLUMNS, declaration_rows(plan, sites)
    )
    lines = insert_rows(StaffingLine, LINE_COLUMNS, line_rows(declarations))
    coordinators, _memberships = bulk_accounts(
        [(bench_email(f"coord-{s.pk}"), Role.COORDINATOR, {"site_id": s.pk}) for s in sites]
    )
    log(
        f"{len(sites)} maisons, {len(campaigns)} campagnes, {len(reports)} rapports "
        f"({len(transitions)} transitions), {len(declarations)} déclarations d'effectifs "
        f"({len(lines)} lignes), {coordinators} comptes de coordination."
    )
