"""The public directory: open houses, public contact details only, search, map."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from masp.sites.enums import SiteStatus
from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("masp:directory")


def names(html: str) -> list[str]:
    return re.findall(r'<h3 class="fr-card__title">([^<]+)</h3>', html)


def test_anonymous_visitors_see_open_houses_with_public_contacts(world: World) -> None:
    world.site_a.public_phone = "03 20 00 00 00"
    world.site_a.public_email = "contact@maison-a.example.org"
    world.site_a.website = "https://maison-a.example.org/"
    world.site_a.save()
    SiteFactory(name="Maison en projet", status=SiteStatus.PROJECT)
    response = Client().get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(names(html)) == ["Maison A", "Maison B", "Maison C"]
    assert "03 20 00 00 00" in html
    assert "mailto:contact@maison-a.example.org" in html
    assert "https://maison-a.example.org/" in html
    assert html.count('class="marker"') == 3


def test_nothing_private_is_shown(world: World) -> None:
    site = world.site_a
    site.manager_siret = "35600000000048"
    site.finess_ej = site.finess_et
    site.save()
    html = Client().get(URL).content.decode()
    for user in world.users.values():
        if user is not None:
            assert user.email not in html
    for private in (site.finess_et, site.manager_siret, "Maison en projet"):
        assert private not in html
    # Even for a logged-in national administrator, the page is the public one.
    html = world.client("national_admin").get(URL).content.decode()
    assert site.finess_et not in html
    assert site.manager_siret not in html


def test_only_public_fields_are_read(world: World) -> None:
    from masp.coverage.directory import public_sites

    site = public_sites().get(pk=world.site_a.pk)
    loaded = set(site.__dict__) - {"_state", "_prefetched_objects_cache"}
    assert {"finess_et", "finess_ej", "manager_siret", "opened_on"}.isdisjoint(loaded)
    assert {"name", "public_email", "public_phone", "website"} <= loaded


def test_search_by_postcode_sorts_by_distance(world: World) -> None:
    # A in Lille, B in Arras, C in Brest.
    world.site_b.latitude, world.site_b.longitude = Decimal("50.2910"), Decimal("2.7775")
    world.site_b.save()
    world.site_c.latitude, world.site_c.longitude = Decimal("48.3904"), Decimal("-4.4861")
    world.site_c.save()
    html = Client().get(URL, {"q": "29200"}).content.decode()  # Brest
    assert names(html) == ["Maison C", "Maison B", "Maison A"]
    assert "les plus proches de Brest (29)" in html
    assert "km à vol d&#x27;oiseau" in html or "km à vol d'oiseau" in html


def test_search_by_commune_name(world: World) -> None:
    SiteFactory(
        name="Maison de Lyon",
        department_id="69",
        latitude=Decimal("45.76"),
        longitude=Decimal("4.84"),
        opened=True,
    )
    html = Client().get(URL, {"q": "Villeurbanne"}).content.decode()
    assert names(html)[0] == "Maison de Lyon"


def test_search_by_department(world: World) -> None:
    html = Client().get(URL, {"department": "62"}).content.decode()
    assert names(html) == ["Maison B"]
    # The map zooms on the département's region.
    assert sorted(re.findall(r'class="area" data-code="(\w+)"', html)) == [
        "02",
        "59",
        "60",
        "62",
        "80",
    ]


def test_the_whole_country_is_mapped_without_a_search(world: World) -> None:
    html = Client().get(URL).content.decode()
    assert len(re.findall(r'class="area" data-code="(\w+)"', html)) == 101
    html = Client().get(URL, {"q": "Quimper"}).content.decode()
    assert len(re.findall(r'class="area" data-code="(\w+)"', html)) == 4  # Bretagne


def test_unknown_place_gives_an_empty_state(world: World) -> None:
    html = Client().get(URL, {"q": "Zzyzx"}).content.decode()
    assert names(html) == []
    assert "Aucune maison ouverte ne correspond à cette recherche." in html
    response = Client().get(URL, {"department": "999"})
    assert response.status_code == 200  # invalid filter: the whole list, no error
    assert len(names(response.content.decode())) == 3


@pytest.mark.parametrize("extra", [0, 12])
def test_query_count_is_constant(world: World, extra: int, django_assert_num_queries) -> None:
    for _index in range(extra):
        SiteFactory(department_id="62", opened=True)
    client = Client()
    client.get(URL)  # warm the coverage cache used by the map
    # Savepoint, communes matching, open houses, release (the départements of the form come
    # from the cache filled by the first visit).
    with django_assert_num_queries(4):
        client.get(URL, {"q": "59000", "department": "59"})


def test_long_results_are_paginated_and_keep_the_search(world: World) -> None:
    for _index in range(25):
        SiteFactory(department_id="62", opened=True)
    html = Client().get(URL, {"q": "62000"}).content.decode()
    assert len(names(html)) == 20
    assert "q=62000&amp;page=2" in html or "page=2&amp;q=62000" in html
    html = Client().get(URL, {"q": "62000", "page": 2}).content.decode()
    assert len(names(html)) == 8
