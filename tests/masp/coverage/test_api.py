"""Coverage API: départements and regions (logged in), public open data (JSON and CSV)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = pytest.mark.django_db

# The API's columns, written out rather than read from the serializer: a change of the
# contract must show here.
FIELDS = [
    "code", "name", "region", "population", "population_year", "houses_open", "places",
    "places_per_100k",
    "population_within_30km_share", "population_within_60km_share", "target_gap",
]  # fmt: skip


def paris_house() -> None:
    SiteFactory(
        department_id="75",
        latitude=Decimal("48.8566"),
        longitude=Decimal("2.3522"),
        capacity=12,
        opened=True,
    )


def test_departments(world: World) -> None:
    paris_house()
    body = world.client("ars_a").get(reverse("api-territories-departments")).json()
    assert body["count"] == 101
    assert list(body["results"][0]) == FIELDS
    paris = next(row for row in body["results"] if row["code"] == "75")
    assert paris["region"] == "11"
    assert paris["houses_open"] == 1
    assert paris["places"] == 12
    assert paris["population_within_30km_share"] == 1.0
    assert paris["target_gap"] == 0
    assert paris["places_per_100k"] == round(12 * 100_000 / paris["population"], 2)


def test_regions(world: World) -> None:
    body = world.client("analyst").get(reverse("api-territories-regions")).json()
    assert body["count"] == 18
    hauts_de_france = next(row for row in body["results"] if row["code"] == "32")
    assert hauts_de_france["houses_open"] == 2
    assert hauts_de_france["departments_without_open_house"] == 3
    assert hauts_de_france["target_gap"] == 3
    assert 0 < hauts_de_france["population_within_30km_share"] < 1


def test_public_endpoint_needs_no_login_and_ignores_credentials(world: World) -> None:
    url = reverse("api-public-departments")
    assert Client().get(url).json()["count"] == 101
    response = Client(headers={"Authorization": "Token not-a-token"}).get(url)
    assert response.status_code == 200


def test_public_endpoint_as_csv(world: World) -> None:
    paris_house()
    response = Client().get(reverse("api-public-departments"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="masp-departements.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 101
    assert list(rows[0]) == FIELDS
    paris = next(row for row in rows if row["code"] == "75")
    assert paris["houses_open"] == "1"
    assert paris["population_within_30km_share"] == "1.0"


def test_public_endpoint_exposes_aggregates_only(world: World) -> None:
    content = Client().get(reverse("api-public-departments"), {"format": "csv"}).content.decode()
    assert "Maison A" not in content
    assert world.site_a.finess_et not in content


@pytest.mark.parametrize("extra", [0, 10])
@pytest.mark.parametrize(
    "name", ["api-territories-departments", "api-territories-regions", "api-public-departments"]
)
def test_query_count_is_constant(
    world: World, extra: int, name: str, django_assert_num_queries
) -> None:
    for _index in range(extra):
        SiteFactory(department_id="62", opened=True)
    public = name.startswith("api-public")
    client = world.client("anonymous" if public else "analyst")
    client.get(reverse(name))  # warm cache
    # The request's savepoint and release, plus session and user when logged in.
    with django_assert_num_queries(2 if public else 4):
        client.get(reverse(name))
