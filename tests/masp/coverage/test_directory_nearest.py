"""The public directory when the place searched has no open house: the nearest ones instead,
with French elisions and French plurals."""

from __future__ import annotations

import html as htmllib
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from masp.models import Site
from masp.sites.enums import SiteStatus
from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("masp:directory")


def names(page: str) -> list[str]:
    return re.findall(r'<h3 class="fr-card__title">([^<]+)</h3>', page)


def text(page: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def close(*sites: Site) -> None:
    for site in sites:
        site.status = SiteStatus.CLOSED
        site.save()


@pytest.fixture
def placed(world: World) -> World:
    # A in Lille, B in Arras, C in Brest.
    world.site_b.latitude, world.site_b.longitude = Decimal("50.2910"), Decimal("2.7775")
    world.site_b.save()
    world.site_c.latitude, world.site_c.longitude = Decimal("48.3904"), Decimal("-4.4861")
    world.site_c.save()
    return world


def test_a_department_without_a_house_offers_the_nearest_from_its_main_commune(
    placed: World,
) -> None:
    page = Client().get(URL, {"department": "80"}).content.decode()  # Somme: no house
    # From Amiens: Arras (~55 km), Lille (~100 km), Brest.
    assert names(page) == ["Maison B", "Maison A", "Maison C"]
    words = text(page)
    assert "Aucune maison ouverte dans le département Somme (80)" in words
    assert "les 3 maisons ouvertes les plus proches d'Amiens, à vol d'oiseau" in words
    assert "0 maison" not in words
    assert "km à vol d'oiseau" in words
    # The nearest houses may lie in another region: the whole country is drawn.
    assert len(re.findall(r'class="area" data-code="(\w+)"', page)) == 101


def test_a_commune_searched_in_an_empty_department_is_the_origin(placed: World) -> None:
    page = Client().get(URL, {"department": "27", "q": "Évreux"}).content.decode()
    words = text(page)
    assert "Aucune maison ouverte dans le département Eure (27)" in words
    assert "les plus proches d'Évreux" in words
    assert names(page)[0] == "Maison B"  # Arras is nearer to Évreux than Lille


def test_at_most_five_nearest_houses_are_offered(placed: World) -> None:
    for _index in range(6):
        SiteFactory(department_id="62", opened=True)
    page = Client().get(URL, {"department": "80"}).content.decode()
    assert len(names(page)) == 5
    assert "les 5 maisons ouvertes les plus proches d'Amiens" in text(page)


def test_one_nearest_house_is_in_the_singular(placed: World) -> None:
    close(placed.site_b, placed.site_c)
    words = text(Client().get(URL, {"department": "80"}).content.decode())
    assert "Voici la maison ouverte la plus proche d'Amiens, à vol d'oiseau" in words


def test_no_open_house_anywhere_is_the_empty_state(placed: World) -> None:
    close(placed.site_a, placed.site_b, placed.site_c)
    words = text(Client().get(URL, {"department": "80"}).content.decode())
    assert "Aucune maison ouverte dans le département Somme (80)" in words
    assert "Aucune maison ouverte ne correspond à cette recherche." in words
    assert "Voici" not in words


def test_counts_are_french_plurals(placed: World) -> None:
    # An unknown commune name filters by text: nothing found, "0 maison ouverte".
    words = text(Client().get(URL, {"q": "Zzyzx"}).content.decode())
    assert "0 maison ouverte" in words
    assert "0 maisons" not in words
    words = text(Client().get(URL, {"department": "62"}).content.decode())
    assert "1 maison ouverte" in words
    words = text(Client().get(URL, {"department": "59"}).content.decode())
    assert "1 maison ouverte" in words
    words = text(Client().get(URL).content.decode())
    assert "3 maisons ouvertes" in words


def test_elision_in_the_distance_heading(placed: World) -> None:
    words = text(Client().get(URL, {"q": "80000"}).content.decode())  # Amiens
    assert "les plus proches d'Amiens (80) en premier" in words
    words = text(Client().get(URL, {"q": "Lille"}).content.decode())
    assert "les plus proches de Lille (59) en premier" in words
    words = text(Client().get(URL, {"q": "Le Havre"}).content.decode())
    assert "les plus proches du Havre (76) en premier" in words


def test_query_count_of_the_nearest_houses(placed: World, django_assert_num_queries) -> None:
    client = Client()
    client.get(URL)  # warm the coverage and département caches
    # Savepoint, open houses of the département (none), its most populous commune, every
    # open house, release.
    with django_assert_num_queries(5):
        client.get(URL, {"department": "80"})
    for _index in range(12):
        SiteFactory(department_id="62", opened=True)
    client.get(URL)  # new houses: the coverage behind the map is computed again
    with django_assert_num_queries(5):
        client.get(URL, {"department": "80"})
