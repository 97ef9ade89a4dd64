"""The Exports page (filters that build a download URL) and the data dictionary (HTML, CSV),
generated from the export specs."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from masp.activity.fields import REPORT_FIELDS
from reporting.exports.specs import EXPORTS
from tests.personas import World
from tests.reporting.exports.helpers import read_csv

pytestmark = pytest.mark.django_db


def test_exports_page_lists_every_export_with_links(world: World) -> None:
    response = world.client("analyst").get(reverse("exports:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name, spec in EXPORTS.items():
        assert str(spec.label) in html
        assert reverse("api-export", args=[name, "csv"]) in html
    assert reverse("exports:index") in html  # the nav link


def test_the_form_builds_the_download_url(world: World) -> None:
    query = {
        "export": "activity-reports",
        "fmt": "csv",
        "period_from": "2026-01",
        "period_to": "2026-06",
        "region": "32",
        "department": "",
        "status": "all",
        "french_header": "on",
        "semicolon": "on",
        "bom": "on",
    }
    response = world.client("analyst").get(reverse("exports:index"), query)
    assert response.status_code == 200
    url = response.context["download_url"]
    assert url == (
        "http://testserver/api/v1/exports/activity-reports.csv?from=2026-01&to=2026-06"
        "&region=32&status=all&header=fr&sep=%3B&bom=1"
    )
    download = world.client("analyst").get(url)
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith("\ufeff".encode())
    assert "identifiant du rapport" in body.decode("utf-8-sig").split("\n")[0]


def test_the_form_explains_a_bad_period_in_french(world: World) -> None:
    query = {"export": "sites", "fmt": "csv", "period_from": "2026-07", "period_to": "2026-01"}
    response = world.client("analyst").get(reverse("exports:index"), query)
    assert response.status_code == 400
    assert "postérieur" in response.content.decode()
    assert not response.context["download_url"]


def test_exports_page_query_count(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = world.client("ars_a")
    # session, user, scope, regions, départements (savepoints of the request included)
    with django_assert_num_queries(7):
        assert client.get(reverse("exports:index")).status_code == 200


def test_dictionary_csv_has_every_column_of_every_export(world: World) -> None:
    response = world.client("coordinator_a").get(reverse("api-export-dictionary"))
    assert response.status_code == 200
    rows = read_csv(response.content)
    expected = [(name, c.name) for name, spec in EXPORTS.items() for c in spec.columns]
    assert [(row["export"], row["column"]) for row in rows] == expected
    activity = {row["column"]: row for row in rows if row["export"] == "activity-reports"}
    for field in REPORT_FIELDS:  # the report form's own definitions
        assert activity[field.name]["label"] == str(field.label)
        assert activity[field.name]["unit"] == field.unit
        assert activity[field.name]["definition"] == field.definition
        assert activity[field.name]["type"] == field.kind
    assert activity["occupancy_rate"]["unit"] == "ratio (0 à 1)"
    assert all(row["label"] for row in rows)


def test_dictionary_page(world: World) -> None:
    response = world.client("analyst").get(reverse("exports:dictionary"))
    assert response.status_code == 200
    html = response.content.decode()
    for name, spec in EXPORTS.items():
        assert f'id="export-{name}"' in html
        for column in spec.columns:
            assert f"<code>{column.name}</code>" in html


def test_csv_reread_gives_the_exported_values_with_awkward_text(world: World) -> None:
    world.site_a.name = 'Maison "A", la Côte; Nord'
    world.site_a.save()
    body = b"".join(
        world.client("analyst").get("/api/v1/exports/sites.csv?sep=;").streaming_content
    )
    rows = list(csv.DictReader(io.StringIO(body.decode()), delimiter=";"))
    assert rows[0]["site_name"] == 'Maison "A", la Côte; Nord'
