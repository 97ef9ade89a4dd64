"""The exports of activity reports, staffing, conventions and coverage: content, filters, scope
per persona, no personal data, constant query counts."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from masp.activity.enums import ReportStatus
from masp.activity.fields import REPORT_FIELDS
from masp.models import ActivityReport, Site
from masp.staffing.queries import Context, house_rows
from partners.enums import ConventionStatus
from reporting.exports.specs import EXPORTS
from tests.masp.factories import CampaignFactory, SiteFactory, filled_report
from tests.masp.staffing.factories import StaffingDeclarationFactory, night_off_on_sunday
from tests.partners.factories import ConventionFactory
from tests.personas import World
from tests.reporting.exports.helpers import export, read_csv, read_xlsx

pytestmark = pytest.mark.django_db

VALIDATED = ReportStatus.VALIDATED


@pytest.fixture
def data(world: World) -> World:
    """Validated March reports for the three houses, a draft in April, staffing, conventions."""
    march, april = CampaignFactory(month=3), CampaignFactory(month=4)
    for site in (world.site_a, world.site_b, world.site_c):
        filled_report(site, march, status=VALIDATED, validated_at=timezone.now())
        StaffingDeclarationFactory(site=site, declared_on=dt.date(2026, 4, 1))
        ConventionFactory(site=site)
    filled_report(world.site_a, april, status=ReportStatus.DRAFT)
    StaffingDeclarationFactory(
        site=world.site_a, declared_on=dt.date(2026, 10, 1), lines=night_off_on_sunday()
    )
    ConventionFactory(site=world.site_a, draft=True)
    return world


def test_activity_reports_hold_every_figure_and_the_indicators(data: World) -> None:
    rows = read_csv(export(data.client("analyst"), name="activity-reports"))
    assert [row["site_name"] for row in rows] == ["Maison A", "Maison B", "Maison C"]
    assert {row["status"] for row in rows} == {"validated"}  # the draft is left out
    for row in rows:
        report = ActivityReport.objects.get(pk=row["report_id"])
        for field in REPORT_FIELDS:
            value = getattr(report, field.name)
            assert row[field.name] == ("" if value is None else str(value)), field.name
        for name in ("occupancy_rate", "mean_length_of_stay", "death_rate", "refusal_rate"):
            expected = getattr(report, name)
            assert (Decimal(row[name]) if row[name] else None) == expected, name
        assert row["region_code"] == report.site.department.region_id
        assert row["period_start"] == "2026-03-01"


def test_indicators_are_empty_when_undefined(data: World) -> None:
    ActivityReport.objects.update(requests_received=0, days_open=0)
    rows = read_csv(export(data.client("analyst"), name="activity-reports"))
    assert {(row["occupancy_rate"], row["refusal_rate"]) for row in rows} == {("", "")}


def test_activity_report_filters(data: World) -> None:
    # The national administration: an analyst exports the validated reports only (issue 21).
    client = data.client("national_admin")
    every = read_csv(export(client, name="activity-reports", status="all"))
    assert len(every) == 4
    drafts = read_csv(export(client, name="activity-reports", status="draft"))
    assert [(row["site_name"], row["period_start"]) for row in drafts] == [
        ("Maison A", "2026-04-01")
    ]
    april = read_csv(export(client, name="activity-reports", status="all", **{"from": "2026-04"}))
    assert [row["period_start"] for row in april] == ["2026-04-01"]
    march = read_csv(export(client, name="activity-reports", to="2026-03"))
    assert len(march) == 3
    assert read_csv(export(client, name="activity-reports", to="2026-02")) == []
    bretagne = read_csv(export(client, name="activity-reports", region="53"))
    assert [row["site_name"] for row in bretagne] == ["Maison C"]
    pas_de_calais = read_csv(export(client, name="activity-reports", department="62"))
    assert [row["site_name"] for row in pas_de_calais] == ["Maison B"]


def test_unknown_status_is_a_french_400(data: World) -> None:
    response = data.client("analyst").get("/api/v1/exports/activity-reports.csv?status=ok")
    assert response.status_code == 400
    assert "inconnu" in response.json()["detail"]


def test_staffing_latest_declarations_with_compliance(data: World) -> None:
    rows = read_csv(export(data.client("analyst"), name="staffing"))
    assert {row["declared_on"] for row in rows if row["site_name"] == "Maison A"} == {"2026-10-01"}
    assert {row["is_latest"] for row in rows} == {"t"}
    sites = Site.objects.filter(pk__in=[data.site_a.pk, data.site_b.pk])
    expected = {row.site.name: row.status for row in house_rows(sites, Context.load())}
    found = {row["site_name"]: row["declaration_compliance"] for row in rows}
    assert found["Maison A"] == expected["Maison A"] == "gap"
    assert found["Maison B"] == expected["Maison B"] == "compliant"
    night = next(
        r for r in rows if r["site_name"] == "Maison A" and r["role_code"] == "aide_soignant"
    )
    assert night["role_compliance"] == "gap"
    assert Decimal(night["fte_filled"]) > 0


def test_staffing_all_declarations_and_period(data: World) -> None:
    client = data.client("analyst")
    every = read_csv(export(client, name="staffing", status="all"))
    assert {
        (r["site_name"], r["declared_on"], r["is_latest"])
        for r in every
        if r["site_name"] == "Maison A"
    } == {
        ("Maison A", "2026-04-01", "f"),
        ("Maison A", "2026-10-01", "t"),
    }
    spring = read_csv(export(client, name="staffing", status="all", to="2026-06"))
    assert {r["declared_on"] for r in spring} == {"2026-04-01"}


def test_conventions_with_status_and_period(data: World) -> None:
    client = data.client("analyst")
    rows = read_csv(export(client, name="conventions"))
    assert len(rows) == 4
    drafts = read_csv(export(client, name="conventions", status=ConventionStatus.DRAFT))
    assert [row["site_name"] for row in drafts] == ["Maison A"]
    in_force_2027 = read_csv(export(client, name="conventions", **{"from": "2027-01"}))
    assert {row["status"] for row in in_force_2027} == {"signed"}
    assert len(in_force_2027) == 3
    assert read_csv(export(client, name="conventions", **{"from": "2029-01"})) == []


SITE_EXPORTS = ["activity-reports", "sites", "staffing", "conventions"]


@pytest.mark.parametrize("name", SITE_EXPORTS)
@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("coordinator_a", {"Maison A"}),
        ("coordinator_b", {"Maison B"}),
        ("ars_a", {"Maison A", "Maison B"}),
        ("ars_other", {"Maison C"}),
        ("analyst", {"Maison A", "Maison B", "Maison C"}),
        ("national_admin", {"Maison A", "Maison B", "Maison C"}),
    ],
)
def test_every_export_is_scoped(data: World, name: str, persona: str, names: set[str]) -> None:
    readers = {
        "csv": read_csv,
        "jsonl": lambda body: [json.loads(line) for line in body.splitlines()],
        "xlsx": read_xlsx,
    }
    for fmt, read in readers.items():
        rows = read(export(data.client(persona), fmt, name=name))
        assert {row["site_name"] for row in rows} == names, fmt


def test_xlsx_writes_times_as_the_local_wall_clock(data: World) -> None:
    """Excel has no time zones (openpyxl refuses aware datetimes): Paris time, as on screen."""
    stamp = dt.datetime(2026, 4, 10, 7, 30, tzinfo=dt.UTC)
    ActivityReport.objects.update(submitted_at=stamp, validated_at=stamp)
    rows = read_xlsx(export(data.client("analyst"), "xlsx", name="activity-reports"))
    assert {(row["submitted_at"], row["validated_at"]) for row in rows} == {
        (dt.datetime(2026, 4, 10, 9, 30), dt.datetime(2026, 4, 10, 9, 30))  # summer time
    }


@pytest.mark.parametrize(
    ("persona", "departments"),
    [("coordinator_a", {"59"}), ("ars_a", {"02", "59", "60", "62", "80"}), ("analyst", None)],
)
def test_coverage_is_scoped(data: World, persona: str, departments: set[str] | None) -> None:
    rows = read_csv(export(data.client(persona), name="coverage"))
    codes = {row["department_code"] for row in rows}
    assert codes == (departments or codes)
    if departments is None:
        assert len(codes) == 101
    narrowed = read_csv(export(data.client("analyst"), name="coverage", region="53"))
    assert {row["region_code"] for row in narrowed} == {"53"}


@pytest.mark.parametrize("name", [*SITE_EXPORTS, "coverage"])
def test_no_user_email_or_name_in_any_export(data: World, name: str) -> None:
    users = [user for user in data.users.values() if user is not None]
    for user in users:
        user.first_name, user.last_name = "Zéphirine", "Trombonelli"
        user.save()
    for fmt in ("csv", "jsonl"):
        body = export(
            data.client("analyst"),
            fmt,
            name=name,
            status="all" if name in ("activity-reports", "staffing") else "",
        ).decode()
        assert "@" not in body
        assert "Zéphirine" not in body
        assert "Trombonelli" not in body


@pytest.mark.parametrize("extra", [0, 20])
@pytest.mark.parametrize(("name", "queries"), [("activity-reports", 6), ("staffing", 11)])
def test_query_count_is_constant(
    data: World,
    django_assert_num_queries: DjangoAssertNumQueries,
    extra: int,
    name: str,
    queries: int,
) -> None:
    campaign = CampaignFactory(month=5)
    for site in SiteFactory.create_batch(extra, opened=True):
        filled_report(site, campaign, status=VALIDATED)
        StaffingDeclarationFactory(site=site)
    client = data.client("analyst")
    with django_assert_num_queries(queries):
        rows = read_csv(export(client, name=name))
    assert len({row["site_id"] for row in rows}) == 3 + extra


def test_every_export_has_a_documented_column_set() -> None:
    assert set(EXPORTS) == {
        "activity-reports",
        "sites",
        "staffing",
        "funding",
        "conventions",
        "coverage",
    }
    for spec in EXPORTS.values():
        names = [column.name for column in spec.columns]
        assert len(names) == len(set(names)), spec.name
        assert all(
            column.kind in {"text", "integer", "decimal", "date", "datetime", "boolean"}
            for column in spec.columns
        )
