"""`manage.py seed_bench`: deterministic, spread over every département, every report state,
figures that pass the error rules, every app's bench data."""

from __future__ import annotations

import datetime as dt
import io
import json
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from accounts.bench_data import bench_email, bulk_accounts
from accounts.enums import Role
from accounts.models import Membership
from common.bench import BenchPlan, BenchRandom, _preparer, draw_keys, insert_rows
from masp import bench_data
from masp.activity.demo import plausible_figures
from masp.activity.enums import ReportStatus
from masp.activity.fields import FIELD_NAMES
from masp.activity.rules import ERROR, WARNING, errors, evaluate, warnings
from masp.bench_data import broken_rules
from masp.models import (
    ActivityReport,
    ReportingCampaign,
    ReportTransition,
    Site,
    StaffingDeclaration,
    StaffingLine,
)
from partners.enums import OrganisationKind, OrganisationScope
from partners.models import Convention, Organisation
from territories.models import Department

pytestmark = [pytest.mark.bench, pytest.mark.django_db]
UNTIL = dt.date(2026, 11, 1)
NATIONAL = OrganisationScope.NATIONAL


def seed(sites: int, months: int, seed: int = 2026) -> None:
    call_command(
        "seed_bench", sites=sites, months=months, seed=seed, until=UNTIL, force=True,
        stdout=io.StringIO(),
    )  # fmt: skip


def snapshot() -> list[tuple]:
    return list(
        ActivityReport.objects.order_by("site__finess_et", "campaign__period_start").values_list(
            "site__finess_et", "campaign__period_start", "status", "admissions", "deaths"
        )
    )


def test_same_seed_same_data_other_seed_other_figures() -> None:
    with transaction.atomic():
        seed(6, 3)
        first = snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        seed(6, 3)
        assert snapshot() == first
        transaction.set_rollback(True)
    seed(6, 3, seed=7)
    assert snapshot() != first


def test_houses_cover_every_department_and_reports_every_state() -> None:
    departments = Department.objects.count()
    seed(departments, 5)
    assert Site.objects.values("department").distinct().count() == departments
    assert set(ActivityReport.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    last = ActivityReport.objects.order_by("-campaign__period_start").first()
    assert last.campaign.period_start == dt.date(2026, 10, 1)
    sample = ActivityReport.objects.select_related("campaign")[:200]
    assert not [report for report in sample if errors(report.violations())]
    validated = ActivityReport.objects.filter(status=ReportStatus.VALIDATED).first()
    assert list(validated.transitions.values_list("to_status", flat=True)) == [
        ReportStatus.SUBMITTED,
        ReportStatus.VALIDATED,
    ]
    assert ReportTransition.objects.count() > ActivityReport.objects.count()
    assert StaffingDeclaration.objects.count() == 2 * departments
    assert Convention.objects.count() > 2 * departments
    assert Membership.objects.filter(site__isnull=False).count() == departments


def test_arguments_are_checked() -> None:
    with pytest.raises(CommandError, match="positifs"):
        seed(0, 3)


def test_reports_justified_exactly_where_a_rule_warns() -> None:
    """The bench data checks the rules itself (`broken_rules`, without the messages): the
    same reports carry the justification as if each report's violations() were read."""
    seed(12, 6)
    reports = list(ActivityReport.objects.select_related("campaign"))
    assert reports
    for report in reports:
        assert bool(report.justification) == bool(warnings(report.violations())), report.pk
    assert all(report.created_at and report.updated_at for report in reports)


def test_broken_rules_are_those_evaluate_reports() -> None:
    plan = BenchPlan(sites=1, months=1, until=UNTIL)
    period = ReportingCampaign.monthly(2026, 10).period
    rng = plan.rng("rules")
    samples = [
        plausible_figures(rng, capacity=capacity, period=period) for capacity in range(1, 40)
    ]
    warned = dict(samples[0], relatives_overnight_nights=samples[0]["occupied_bed_days"] + 1)
    broken = dict(samples[0], deaths=samples[0]["deaths"] + 50)  # more deaths than stays
    for figures in [*samples, warned, broken]:
        values = {name: figures.get(name) for name in FIELD_NAMES}
        expected = [violation.code for violation in evaluate(values, period, version=2)]
        assert [rule.code for rule in broken_rules(values, period)] == expected
    assert any(
        rule.severity == WARNING
        for rule in broken_rules({n: warned.get(n) for n in FIELD_NAMES}, period)
    )
    assert any(
        rule.severity == ERROR
        for rule in broken_rules({n: broken.get(n) for n in FIELD_NAMES}, period)
    )


def test_insert_rows_fills_the_other_fields_and_counts_the_rows() -> None:
    department = Department.objects.order_by("code")[0]
    keys = insert_rows(
        Organisation,
        ("name", "kind", "department_id"),
        [("Équipe A", OrganisationKind.EMSP, department.pk), ("Équipe B", "had", department.pk)],
    )
    first, second = Organisation.objects.filter(pk__in=keys).order_by("pk")
    assert [first.pk, second.pk] == keys
    assert (first.name, first.kind, second.name) == ("Équipe A", "emsp", "Équipe B")
    assert first.scope == OrganisationScope.DEPARTMENT  # the field's default
    assert first.created_at is not None
    assert first.updated_at is not None
    assert first.acronym == ""
    with pytest.raises(ValueError, match="unknown or key columns"):
        insert_rows(Organisation, ("id", "name"), [(1, "E")])
    assert insert_rows(Organisation, ("name", "kind"), []) == []


def test_rows_take_the_keys_drawn_for_them_and_count_them() -> None:
    """Keys drawn first (the reports' transitions need them), rows inserted later, lazily."""
    keys = draw_keys(Organisation, 2)
    assert keys[1] == keys[0] + 1
    if connection.vendor == "postgresql":  # taken from the sequence: no one else gets them
        assert Organisation.objects.create(name="F", kind="had", scope=NATIONAL).pk > keys[1]
    rows = (row for row in [("G", "had", NATIONAL), ("H", "emsp", NATIONAL)])
    assert insert_rows(Organisation, ("name", "kind", "scope"), rows, keys=keys) == keys
    assert list(Organisation.objects.filter(pk__in=keys).order_by("pk").values_list("name")) == [
        ("G",),
        ("H",),
    ]
    for count in (1, 3):
        rows = iter([("I", "had", NATIONAL)] * count)
        with pytest.raises(ValueError, match=f"{count} rows for 2 keys"), transaction.atomic():
            insert_rows(
                Organisation, ("name", "kind", "scope"), rows, keys=draw_keys(Organisation, 2)
            )


def test_a_value_shared_by_rows_is_prepared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The staffing lines' grids: a thousand rows sharing one list have it encoded once;
    an equal list of its own is prepared on its own (a row's value is never mistaken for
    another's)."""
    field = StaffingLine._meta.get_field("presence")
    calls = []
    real = field.get_db_prep_save
    monkeypatch.setattr(field, "get_db_prep_save", lambda *args: calls.append(1) or real(*args))
    prepare = _preparer(field)
    grid = [[1, 1, 0]] * 7
    prepared = [prepare(grid) for _row in range(1000)]
    assert len(calls) == 1
    assert all(value is prepared[0] for value in prepared)
    assert json.loads(prepared[0]) == grid  # the JSON text COPY loads
    assert json.loads(prepare([[1, 1, 0]] * 7)) == grid
    assert len(calls) == 2
    assert json.loads(prepare([[0, 0, 1]] * 7)) == [[0, 0, 1]] * 7


def test_bulk_accounts_scopes_are_checked() -> None:
    with pytest.raises(ValueError, match="membership scopes"):
        bulk_accounts([(bench_email("x"), Role.ANALYST, {"department_id": "01"})])


def test_bench_random_draws_what_random_draws() -> None:
    """BenchRandom only shortens randint and weighted choices: same seed, same numbers."""
    fast, plain = BenchRandom("2026-x"), random.Random("2026-x")
    population = ["a", "b", "c", "d"]
    for step in range(3_000):
        low = step % 7 - 3
        assert fast.randint(low, low + step % 11) == plain.randint(low, low + step % 11)
        weights = [(1, 2, 3, 4), [12, 4, 2, 1], (0.5, 0, 2.5, 1)][step % 3]
        assert fast.choices(range(4), weights=weights) == plain.choices(range(4), weights=weights)
        assert fast.choices(population, weights, k=step % 5) == plain.choices(
            population, weights, k=step % 5
        )
        assert fast.choices(population, k=2) == plain.choices(population, k=2)
        assert fast.random() == plain.random()
    assert fast.randint(4, 4) == plain.randint(4, 4)
    with pytest.raises(ValueError, match="empty range"):
        fast.randint(3, 2)
    with pytest.raises(ValueError, match="does not match the population"):
        fast.choices("ab", [1, 2, 3])
    with pytest.raises(ValueError, match="greater than zero"):
        fast.choices("ab", [0, 0])
    assert (
        BenchPlan(sites=1, months=1).rng("site", 3).random()
        == random.Random("2026-site-3").random()
    )


def test_report_rows_drawn_by_workers_are_those_drawn_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large plan's reports are generated by forked workers (masp.bench_data.report_rows):
    each house has its own generator, so the rows and their order are the same."""
    plan = BenchPlan(sites=40, months=6, until=UNTIL)
    campaigns = bench_data.campaigns_for(plan)
    sites = [
        bench_data.BenchSite(pk, bench_data.bench_finess("29", pk), 8 + pk % 13)
        for pk in range(1, 41)
    ]
    slots = bench_data.report_slots(sites, campaigns)
    here = list(bench_data.report_rows(plan, slots))
    assert len(here) == len(slots) > 200
    monkeypatch.setattr(bench_data, "PARALLEL_FROM", 0)
    monkeypatch.setattr(bench_data.os, "cpu_count", lambda: 2)
    contexts: list[str] = []
    real = bench_data.get_context
    monkeypatch.setattr(
        bench_data, "get_context", lambda method: contexts.append(method) or real(method)
    )
    forked = list(bench_data.report_rows(plan, slots))
    assert contexts == ["fork"]  # the workers drew them
    assert forked == here
    assert bench_data._work is None  # nothing kept once the pool is done
