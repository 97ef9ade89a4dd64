"""The 45 municipal arrondissements (Paris 20, Lyon 9, Marseille 16): loaded with their own
populations and points, adding up exactly to their commune, and used as demand points in place
of the three communes (never in addition)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum

from territories.accessibility import haversine_km
from territories.demand import demand_points
from territories.models import Arrondissement, Commune, Department
from territories.reference_data import DATA_DIR
from territories.vintage import distance_note, method_note, population_note, vintage

pytestmark = pytest.mark.django_db
# COG 2026 (populations légales millésime 2023), from @etalab/decoupage-administratif 6.0.0.
PARIS, LYON, MARSEILLE = "75056", "69123", "13055"
POPULATIONS = {PARIS: 2_103_778, LYON: 519_127, MARSEILLE: 886_040}


def test_45_arrondissements_are_loaded() -> None:
    counts = Counter(Arrondissement.objects.values_list("commune_id", flat=True))
    assert counts == {PARIS: 20, LYON: 9, MARSEILLE: 16}
    assert Arrondissement.objects.get(code="75101").name == "Paris 1er Arrondissement"
    assert Arrondissement.objects.get(code="13216").postcodes == "13016"


def test_arrondissement_sums_equal_their_communes_populations() -> None:
    sums = dict(Arrondissement.objects.values_list("commune_id").annotate(total=Sum("population")))
    communes = dict(Commune.objects.filter(code__in=POPULATIONS).values_list("code", "population"))
    assert sums == communes == POPULATIONS


def test_the_committed_csv_adds_up_too() -> None:
    with (DATA_DIR / "arrondissements.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["commune_code"]] += int(row["population"])
    assert len(rows) == 45
    assert dict(totals) == POPULATIONS


def test_each_arrondissement_has_its_own_point_near_its_commune() -> None:
    communes = {c.code: c for c in Commune.objects.filter(code__in=POPULATIONS)}
    arrondissements = list(Arrondissement.objects.all())
    points = {(a.latitude, a.longitude) for a in arrondissements}
    assert len(points) == 45  # no arrondissement borrows its commune's point
    for item in arrondissements:
        commune = communes[item.commune_id]
        distance = float(
            haversine_km(item.latitude, item.longitude, commune.latitude, commune.longitude)
        )
        # Marseille's 16th is about 11 km from the commune's point; Paris is 10 km wide.
        assert distance < 20, item.code


def test_demand_points_count_each_inhabitant_once() -> None:
    points = demand_points()
    codes = [point.code for point in points]
    assert len(codes) == len(set(codes)) == 34_875 - 3 + 45
    assert not set(POPULATIONS) & set(codes)
    assert {"75101", "69381", "13201"} <= set(codes)
    national = Department.objects.aggregate(total=Sum("population"))["total"]
    assert sum(point.population for point in points) == national
    marseille = [point for point in points if point.commune == MARSEILLE]
    assert len(marseille) == 16
    assert {point.department for point in marseille} == {"13"}
    assert {point.region for point in marseille} == {"93"}


def test_reloading_corrects_an_arrondissement() -> None:
    Arrondissement.objects.filter(code="69381").update(population=1)
    call_command("load_reference_data", stdout=io.StringIO())
    assert Arrondissement.objects.get(code="69381").population > 1
    assert Arrondissement.objects.count() == 45


def test_load_reference_data_names_the_arrondissements() -> None:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "45 arrondissements municipaux" in out.getvalue()


def test_census_year_comes_from_the_data() -> None:
    # COG 2026: INSEE's populations of 1 January 2023, in force on 1 January 2026.
    assert vintage().population_year == 2023
    assert vintage().cog_year == 2026
    assert "millésime 2023" in population_note()
    assert "Mayotte : recensement 2017" in population_note()
    assert distance_note().startswith(
        "distances à vol d'oiseau depuis le point représentatif de chaque commune"
    )
    assert distance_note() in method_note()
    assert population_note() in method_note()
