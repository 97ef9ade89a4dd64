"""Paris, Lyon and Marseille counted by arrondissement in the coverage indicators and the siting
advisor, and the method (distances, census year) on every coverage output: pages, map, PDF
sections, export, API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from masp.coverage.indicators import RADII_KM, compute
from masp.coverage.maps import INDICATORS, build_map, print_map
from masp.coverage.siting.services import Parameters
from masp.coverage.siting.services import compute as siting_compute
from reporting.enums import ReportKind
from reporting.exports.dictionary import dictionary
from reporting.pdf.sections import ReportContext
from reporting.pdf.sections import coverage as coverage_section
from reporting.pdf.sections import territory as territory_section
from territories.accessibility import Places, haversine_km, population_within
from territories.models import Arrondissement, Commune, Department, Region
from tests.masp.factories import SiteFactory
from tests.personas import World
from tests.reporting.exports.helpers import export, read_csv

pytestmark = pytest.mark.django_db
DISTANCES = "distances à vol d'oiseau depuis le point représentatif de chaque commune"
CENSUS = "millésime 2023"
# The representative point of Aix-en-Provence (13001) in territories/data/communes.csv.
AIX = (43.53611, 5.41962)
MARSEILLE = "13055"


def within_30km_of_aix(rows: list[tuple[str, int, float, float]]) -> int:
    return population_within(Places.from_rows(rows), [AIX], [30.0])[30.0]["13"]


def test_a_house_at_aix_covers_723951_marseillais_not_886040() -> None:
    """Hand computation (haversine from Aix's point, 43.53611 N 5.41962 E):
    - Marseille's commune point (43.29383 N 5.44806 E) is 27.0 km away: the whole commune,
      886,040 inhabitants, counted within 30 km;
    - by arrondissement, 14 of 16 are within 30 km (the 13th at 20.1 km ... the 10th at
      29.1 km); the 8th (84,683 inhabitants, 32.5 km) and the 9th (77,406, 33.4 km) are not:
      886,040 - 84,683 - 77,406 = 723,951."""
    commune = Commune.objects.filter(code=MARSEILLE).values_list(
        "department_id", "population", "latitude", "longitude"
    )
    arrondissements = Arrondissement.objects.filter(commune_id=MARSEILLE).values_list(
        "commune__department_id", "population", "latitude", "longitude"
    )
    assert within_30km_of_aix(list(commune)) == 886_040
    assert within_30km_of_aix(list(arrondissements)) == 723_951
    outside = [
        (item.code, item.population)
        for item in Arrondissement.objects.filter(commune_id=MARSEILLE)
        if haversine_km(*AIX, item.latitude, item.longitude) > 30
    ]
    assert sorted(outside) == [("13208", 84_683), ("13209", 77_406)]


def test_the_indicators_count_marseille_by_arrondissement() -> None:
    SiteFactory(
        department_id="13",
        commune="Aix-en-Provence",
        latitude=Decimal(str(AIX[0])),
        longitude=Decimal(str(AIX[1])),
        opened=True,
    )
    by_commune = population_within(
        Places.from_rows(
            Commune.objects.values_list("department_id", "population", "latitude", "longitude")
        ),
        [AIX],
        RADII_KM,
    )
    bouches_du_rhone = compute().department("13")
    assert bouches_du_rhone is not None
    # The same house by commune points would count the 8th and 9th arrondissements too.
    assert by_commune[30.0]["13"] - bouches_du_rhone.within_30km == 84_683 + 77_406
    assert bouches_du_rhone.population == Department.objects.get(code="13").population


def test_paris_is_covered_by_arrondissement() -> None:
    # A house at the Bois de Vincennes' edge (12th): within 30 km of every arrondissement.
    SiteFactory(
        department_id="75",
        latitude=Decimal("48.8350"),
        longitude=Decimal("2.4000"),
        opened=True,
    )
    paris = compute().department("75")
    assert paris is not None
    assert paris.within_30km == paris.population == 2_103_778


def test_siting_demand_counts_each_inhabitant_once() -> None:
    result = siting_compute(Parameters(scope="11", radius_km=30, k=1))
    ile_de_france = sum(
        Department.objects.filter(region_id="11").values_list("population", flat=True)
    )
    assert result.scope_population == ile_de_france
    (proposal,) = result.proposals
    assert Commune.objects.filter(code=proposal.insee).exists()  # a commune, not an arrondissement


def test_pages_name_the_method_and_the_census_year(world: World) -> None:
    client = world.client("analyst")
    for url in (reverse("masp:coverage"), reverse("masp:coverage_region", args=["93"])):
        page = client.get(url).content.decode().replace("&#x27;", "'")
        assert DISTANCES in page, url
        assert CENSUS in page, url
        assert "centre de chaque commune" not in page
    national = client.get(reverse("masp:coverage")).content.decode()
    assert "(populations légales 2023)" in national  # USP beds per 100,000 inhabitants


def test_the_maps_name_the_method_and_the_census_year() -> None:
    snapshot = compute()
    indicator = INDICATORS["within_30km_share"]
    svg = build_map(snapshot, indicator, None).replace("&#x27;", "'")
    assert DISTANCES in svg
    assert "populations légales 2023" in svg
    note = print_map(snapshot, indicator, "93")["note"]
    assert DISTANCES in note
    assert CENSUS in note


def test_pdf_sections_name_the_method_and_the_census_year() -> None:
    # The two sections alone (gathered and rendered as the document does): a report
    # fails for reasons of its own elsewhere.
    context = ReportContext(
        ReportKind.REGION,
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        region=Region.objects.get(code="93"),
    )
    for module in (coverage_section, territory_section):
        with translation.override("fr"):
            html = render_to_string(module.TEMPLATE, {"data": module.gather(context)})
        html = html.replace("&#x27;", "'")
        assert CENSUS in html, module.KEY
        assert "centre de chaque commune" not in html
        if module is coverage_section:
            assert DISTANCES in html  # the map's note


def test_the_export_carries_the_census_year_and_the_method(world: World) -> None:
    rows = read_csv(export(world.client("analyst"), name="coverage"))
    assert {row["population_year"] for row in rows} == {"2023"}
    definitions = {
        entry.column: entry.definition
        for spec, entries in dictionary()
        if spec.name == "coverage"
        for entry in entries
    }
    assert DISTANCES in definitions["within_30km"]
    assert "INSEE" in definitions["population_year"]


def test_the_api_carries_the_census_year(world: World) -> None:
    body = world.client("analyst").get(reverse("api-territories-regions")).json()
    assert {row["population_year"] for row in body["results"]} == {2023}
