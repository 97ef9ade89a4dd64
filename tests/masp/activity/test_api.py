"""API of activity reports: rules, transitions, concurrency, filters, query counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db.models import Model
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from rest_framework import serializers

from common.api.pagination import KeysFirstPagination
from masp.activity.api import STATUS_FIELDS, ReportSerializer
from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, ReportingCampaign, ReportTransition
from tests.masp.activity.figures import QUIET_MONTH
from tests.masp.factories import CampaignFactory, ReportFactory, SiteFactory, filled_report
from tests.personas import World

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def url(name: str, report: ActivityReport | None = None) -> str:
    if report is None:
        return reverse(f"activity-report-{name}")
    return reverse(f"activity-report-{name}", args=[report.pk])


def post(world: World, persona: str, name: str, report: ActivityReport, **data: Any) -> Any:
    return world.client(persona).post(url(name, report), data, content_type="application/json")


def test_submit_with_errors_answers_400_with_the_rule_codes(world: World) -> None:
    # 999 can never balance: both the residents and the by-condition rules always fire.
    report = filled_report(world.site_a, residents_end=999, admissions_cancer=999)
    response = post(world, "coordinator_a", "submit", report)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rules"
    codes = {violation["code"] for violation in body["violations"]}
    assert {"residents_balance", "admissions_by_condition"} <= codes
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_an_incomplete_report_cannot_be_submitted(world: World) -> None:
    report = ReportFactory(site=world.site_a)
    body = post(world, "coordinator_a", "submit", report).json()
    assert body["violations"][0]["code"] == "missing_figures"


def test_warnings_need_a_justification(world: World) -> None:
    report = filled_report(world.site_a, **QUIET_MONTH, justification="")
    response = post(world, "coordinator_a", "submit", report)
    assert response.status_code == 400
    assert [v["code"] for v in response.json()["violations"]] == ["low_occupancy"]
    response = post(world, "coordinator_a", "submit", report, comment="Ouverture en mars.")
    assert response.status_code == 200
    assert response.json()["justification"] == "Ouverture en mars."


def test_the_whole_workflow(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    report = filled_report(world.site_a)
    assert post(world, "coordinator_a", "submit", report).status_code == 200
    assert post(world, "coordinator_a", "submit", report).json()["code"] == "wrong_state"
    response = post(world, "ars_a", "return", report)
    assert (response.status_code, response.json()["code"]) == (400, "comment_required")
    with django_capture_on_commit_callbacks(execute=True):
        assert post(world, "ars_a", "return", report, comment="Décès ?").status_code == 200
    assert [message.to for message in mail.outbox] == [["coordinator-a@example.org"]]
    assert post(world, "ars_a", "validate", report).status_code == 409
    assert post(world, "coordinator_a", "submit", report).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = post(world, "ars_a", "validate", report)
    assert response.json()["status"] == ReportStatus.VALIDATED
    assert len(mail.outbox) == 2
    # A validated report is locked.
    patch = world.client("coordinator_a").patch(
        url("detail", report),
        {"version": response.json()["version"], "deaths": 1},
        content_type="application/json",
    )
    assert (patch.status_code, patch.json()["code"]) == (409, "wrong_state")
    assert post(world, "ars_a", "reopen", report).status_code == 400  # reason required
    response = post(world, "ars_a", "reopen", report, comment="Erreur de saisie.")
    assert response.json()["status"] == ReportStatus.REOPENED
    response = post(world, "coordinator_a", "submit", report)
    transitions = [
        (t["from_status"], t["to_status"], t["by"]) for t in response.json()["transitions"]
    ]
    assert transitions == [
        ("draft", "submitted", "coordinator-a@example.org"),
        ("submitted", "returned", "ars-a@example.org"),
        ("returned", "submitted", "coordinator-a@example.org"),
        ("submitted", "validated", "ars-a@example.org"),
        ("validated", "reopened", "ars-a@example.org"),
        ("reopened", "submitted", "coordinator-a@example.org"),
    ]
    assert response.json()["transitions"][1]["comment"] == "Décès ?"


def test_wrong_person_in_scope_is_403_outside_is_404(world: World) -> None:
    report = filled_report(world.site_a, status=ReportStatus.SUBMITTED)
    assert post(world, "coordinator_a", "validate", report).status_code == 403
    assert post(world, "analyst", "validate", report).status_code == 403
    assert post(world, "national_admin", "validate", report).status_code == 403
    assert post(world, "ars_other", "validate", report).status_code == 404
    assert post(world, "coordinator_b", "validate", report).status_code == 404


def test_concurrent_edits_are_detected(world: World) -> None:
    report = filled_report(world.site_a)
    client = world.client("coordinator_a")
    first = client.patch(
        url("detail", report),
        {"version": 1, "highlights": "Premier"},
        content_type="application/json",
    )
    assert (first.status_code, first.json()["version"]) == (200, 2)
    second = client.patch(
        url("detail", report),
        {"version": 1, "highlights": "Second"},
        content_type="application/json",
    )
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict"
    assert "modifié entre-temps" in second.json()["detail"]
    report.refresh_from_db()
    assert report.highlights == "Premier"
    missing = client.patch(
        url("detail", report), {"highlights": "x"}, content_type="application/json"
    )
    assert missing.json()["code"] == "version_required"


def test_drafts_with_errors_are_saved_and_report_their_violations(world: World) -> None:
    report = filled_report(world.site_a)
    response = world.client("coordinator_a").patch(
        url("detail", report), {"version": 1, "residents_end": 99}, content_type="application/json"
    )
    assert response.status_code == 200
    codes = {violation["code"] for violation in response.json()["violations"]}
    assert {"residents_balance", "residents_end_capacity"} <= codes
    negative = world.client("coordinator_a").patch(
        url("detail", report), {"version": 2, "deaths": -1}, content_type="application/json"
    )
    assert negative.status_code == 400
    assert "deaths" in negative.json()


def test_field_level_history_records_who_changed_what(world: World) -> None:
    report = filled_report(world.site_a, deaths=2, residents_end=None)
    world.client("coordinator_a").patch(
        url("detail", report), {"version": 1, "deaths": 3}, content_type="application/json"
    )
    latest = report.history.latest()
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "deaths"] == [
        ("deaths", 2, 3)
    ]
    assert latest.history_user == world.users["coordinator_a"]


def test_create_and_duplicate(world: World) -> None:
    campaign = CampaignFactory(month=4)
    client = world.client("coordinator_a")
    data = {"site": world.site_a.pk, "campaign": campaign.pk, "admissions": 2}
    response = client.post(url("list"), data, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == ReportStatus.DRAFT
    again = client.post(url("list"), data, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "wrong_state")


def test_indicators_are_exposed(world: World) -> None:
    report = filled_report(
        world.site_a,
        places_installed=10,
        days_open=31,
        occupied_bed_days=248,
        requests_received=10,
        requests_refused_no_place=2,
        requests_refused_too_complex=0,
        requests_refused_out_of_criteria=0,
        requests_refused_other=0,
    )
    body = world.client("ars_a").get(url("detail", report)).json()
    assert body["occupancy_rate"] == "0.800"
    assert body["refusal_rate"] == "0.200"
    assert set(body) >= {"mean_length_of_stay", "death_rate", "version", "transitions"}


def test_list_filters(world: World) -> None:
    march = filled_report(world.site_a, status=ReportStatus.SUBMITTED)
    filled_report(world.site_b, campaign=CampaignFactory(month=4))
    other = filled_report(world.site_c)
    client = world.client("national_admin")

    def ids(**query: Any) -> set[int]:
        return {row["id"] for row in client.get(url("list"), query).json()["results"]}

    assert ids(status="submitted") == {march.pk}
    assert ids(region="53") == {other.pk}
    assert ids(site=world.site_a.pk) == {march.pk}
    assert len(ids(campaign=march.campaign_id)) == 2
    assert world.client("ars_a").get(url("list")).json()["count"] == 2


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_is_constant(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    for month in range(1, count + 1):
        report = filled_report(world.site_a, campaign=CampaignFactory(month=1 + month % 12))
        post(world, "coordinator_a", "submit", report)
    client = world.client("ars_a")
    client.get(url("list"))  # warm the session
    # session, user, savepoint, scope, the page's keys with the count of the list, their
    # rows, transitions with their users, release
    with django_assert_num_queries(8):
        response = client.get(url("list"))
    assert response.json()["count"] == min(count, 12)


def test_list_pages_keep_the_order(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are cut on the keys, then read: each page holds its rows, in the list's order."""
    monkeypatch.setattr(KeysFirstPagination, "page_size", 2)
    reports = [
        filled_report(site, campaign=CampaignFactory(month=month))
        for month in (1, 2)
        for site in (world.site_a, world.site_b)
    ]
    client = world.client("analyst")
    newest_first = sorted(
        reports, key=lambda r: (-r.campaign.period_start.toordinal(), r.site.name, r.pk)
    )
    pages = [client.get(url("list"), {"page": page}).json() for page in (1, 2)]
    assert [row["id"] for page in pages for row in page["results"]] == [
        report.pk for report in newest_first
    ]
    assert pages[0]["count"] == len(reports)
    assert pages[0]["next"]
    assert not pages[1]["next"]
    by_site = client.get(url("list"), {"ordering": "-site__name,campaign__period_start"}).json()
    expected = sorted(reports, key=lambda r: (r.campaign.period_start, r.pk))
    expected = sorted(expected, key=lambda r: r.site.name, reverse=True)[:2]
    assert [row["id"] for row in by_site["results"]] == [report.pk for report in expected]
    assert client.get(url("list"), {"page": 3}).status_code == 404


def test_campaigns_list_and_year_creation(world: World) -> None:
    admin = world.client("national_admin")
    response = admin.post(
        reverse("campaign-create-year"), {"year": 2027}, content_type="application/json"
    )
    assert response.status_code == 201
    assert len(response.json()) == 12
    again = admin.post(
        reverse("campaign-create-year"), {"year": 2027}, content_type="application/json"
    )
    assert again.json() == []
    rows = world.client("coordinator_a").get(reverse("campaign-list")).json()["results"]
    assert set(rows[0]) >= {"id", "period_start", "period_end", "opens_at", "deadline", "status"}
    assert ReportingCampaign.objects.get(period_start="2027-02-01").period_end.day == 28


def test_sites_outside_scope_cannot_be_reported_for(world: World) -> None:
    campaign = CampaignFactory(month=6)
    other = SiteFactory(department_id="29", postcode="29200", opened=True)
    response = world.client("coordinator_a").post(
        url("list"), {"site": other.pk, "campaign": campaign.pk}, content_type="application/json"
    )
    assert response.status_code == 400


def test_the_representation_follows_the_declared_fields(world: World) -> None:
    from masp.activity.api import ReportSerializer
    from masp.activity.fields import REPORT_FIELDS

    report = filled_report(world.site_a, deaths=2, residents_end=None)
    # A draft: the national administration reads its figures (an analyst, its status only).
    body = world.client("national_admin").get(url("detail", report)).json()
    assert list(body) == list(ReportSerializer.Meta.fields)
    assert body["deaths"] == 2
    assert body["residents_end"] is None
    for field in REPORT_FIELDS:
        value = getattr(report, field.name)
        if field.kind == "integer":
            assert body[field.name] == value
        elif field.kind == "decimal":
            assert body[field.name] == (None if value is None else str(value))


class PlainStep(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = ReportTransition
        fields = ["from_status", "to_status", "by", "at", "comment"]


class PlainReport(serializers.ModelSerializer):
    """What DRF writes of a report by itself, field by field from the model instance: the
    reference the API's `ReportWriter` (rows of values for a list) is held to."""

    transitions = PlainStep(many=True, read_only=True)
    violations = serializers.SerializerMethodField()
    occupancy_rate = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    mean_length_of_stay = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    death_rate = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    refusal_rate = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)

    class Meta:
        model = ActivityReport
        fields = ReportSerializer.Meta.fields

    def get_violations(self, report: ActivityReport) -> list[dict[str, Any]]:
        return [violation.as_dict() for violation in report.violations()]


# Who reads what of each report (masp.perms.reads_report_figures, follows_house_reports):
# "full" figures and history with its comments, "no comments" (an analyst on a validated
# report), "status" only (an analyst on the others); a report not listed is outside the scope.
# Maison A (59) and Maison B (62) are in Hauts-de-France (32), Maison C (29) in Bretagne (53).
READS = {
    "coordinator_a": {"a": "full"},
    "coordinator_b": {"b": "full"},
    "ars_a": {"a": "full", "b": "full"},
    "ars_other": {"c": "full"},
    "analyst": {"a": "no comments", "b": "status", "c": "status"},
    "national_admin": {"a": "full", "b": "full", "c": "full"},
}


@pytest.mark.parametrize("persona", list(READS))
def test_the_list_writes_each_report_as_drf_would_for_whoever_reads_it(
    world: World, persona: str
) -> None:
    """The list is written from rows of values, not from the reports: the same JSON as DRF's
    own serializer for each report (dates, decimals, nulls, indicators, rule alerts, history
    with its authors), cut to what the reader may read, and the same as the report's page."""
    validated = filled_report(world.site_a, campaign=CampaignFactory(month=3))
    assert post(world, "coordinator_a", "submit", validated).status_code == 200
    assert post(world, "ars_a", "return", validated, comment="Décès ?").status_code == 200
    assert post(world, "coordinator_a", "submit", validated).status_code == 200
    assert post(world, "ars_a", "validate", validated).status_code == 200
    draft = filled_report(
        world.site_b, campaign=CampaignFactory(month=4), residents_end=99, volunteer_hours=None
    )
    submitted = filled_report(
        world.site_c, campaign=CampaignFactory(month=5), status=ReportStatus.SUBMITTED
    )
    submitted.transitions.create(from_status="draft", to_status="submitted", comment="Privé.")
    assert {violation.code for violation in draft.violations()} >= {"residents_balance"}
    newest_first = [("c", submitted), ("b", draft), ("a", validated)]

    expected = []
    for house, report in newest_first:
        reads = READS[persona].get(house)
        if reads is None:
            continue
        plain = json.loads(json.dumps(PlainReport(ActivityReport.objects.get(pk=report.pk)).data))
        if reads == "status":
            plain = {name: plain[name] for name in STATUS_FIELDS}
        elif reads == "no comments":
            for step in plain["transitions"]:
                del step["comment"]
        expected.append(plain)

    client = world.client(persona)
    listed = client.get(url("list")).json()["results"]
    assert listed == expected
    assert any(row.get("violations") for row in listed) == (
        persona in ("coordinator_b", "ars_a", "national_admin")
    )
    for row in listed:
        assert client.get(url("detail", ActivityReport(pk=row["id"]))).json() == row


def test_the_list_is_read_from_rows_not_reports(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page builds no report, campaign, house nor step: it reads rows of values."""
    for month in (1, 2):
        report = filled_report(world.site_a, campaign=CampaignFactory(month=month))
        post(world, "coordinator_a", "submit", report)
    built: list[type] = []
    original = Model.from_db.__func__  # type: ignore[attr-defined]

    def from_db(cls: type, *args: Any, **kwargs: Any) -> Any:
        built.append(cls)
        return original(cls, *args, **kwargs)

    client = world.client("ars_a")
    client.get(url("list"))  # the session and the user
    monkeypatch.setattr(Model, "from_db", classmethod(from_db))
    body = client.get(url("list")).json()
    assert len(body["results"]) == 2
    assert all(len(row["transitions"]) == 1 for row in body["results"])
    assert not {ActivityReport, ReportingCampaign, ReportTransition} & set(built)
