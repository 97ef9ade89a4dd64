"""Coverage pages: national map and table, region zoom, query counts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from masp.sites.enums import SiteStatus
from tests.masp.factories import SiteFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


def area_codes(html: str) -> list[str]:
    return re.findall(r'<path class="area" data-code="([0-9AB]+)"', html)


def table_codes(html: str, table_id: str = "departements") -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>\s*<td>([0-9AB]{2,3})</td>", table)


def test_national_page_has_a_map_and_a_table_of_every_department(world: World) -> None:
    response = world.client("analyst").get(reverse("masp:coverage"))
    html = response.content.decode()
    assert len(area_codes(html)) == 101
    assert len(table_codes(html)) == 101
    assert "Maison A (Lille)" in html  # a marker
    assert "Instruction DGOS/R4/DGS/DGCS/2023/76" in html
    assert "départements sans maison ouverte" in html


def test_table_sorts_by_any_column(world: World) -> None:
    client = world.client("analyst")
    html = client.get(reverse("masp:coverage"), {"tri": "-population"}).content.decode()
    assert table_codes(html)[:2] == ["59", "75"]
    html = client.get(reverse("masp:coverage"), {"tri": "-houses_open"}).content.decode()
    assert set(table_codes(html)[:3]) == {"59", "62", "29"}
    assert 'aria-sort="descending"' in html
    # Unknown sort keys and indicators fall back to the defaults rather than failing.
    response = client.get(reverse("masp:coverage"), {"tri": "__class__", "indicateur": "x"})
    assert response.status_code == 200
    assert table_codes(response.content.decode())[:3] == ["01", "02", "03"]


def test_indicator_choice_changes_the_map(world: World) -> None:
    client = world.client("analyst")
    html = client.get(reverse("masp:coverage"), {"indicateur": "houses_open"}).content.decode()
    assert "Maisons ouvertes — France" in html
    assert "Nord (59) : 1" in html


def test_region_page_zooms_and_lists_houses_in_scope(world: World) -> None:
    url = reverse("masp:coverage_region", args=["32"])
    html = world.client("ars_a").get(url).content.decode()
    assert sorted(area_codes(html)) == ["02", "59", "60", "62", "80"]
    assert "Maison A" in html
    assert "Maison B" in html
    html = world.client("coordinator_a").get(url).content.decode()
    assert "Maison A</a>" in html
    assert "Maison B</a>" not in html
    html = world.client("ars_other").get(url).content.decode()
    assert "Aucune maison de cette région dans votre périmètre." in html
    assert (
        world.client("analyst").get(reverse("masp:coverage_region", args=["99"])).status_code == 404
    )


def grow(count: int) -> None:
    for index in range(count):
        SiteFactory(
            department_id="35",
            latitude=Decimal("48.1") + Decimal(index) / 100,
            longitude=Decimal("-1.6"),
            opened=index % 2 == 0,
        )


@pytest.mark.parametrize("extra", [0, 15])
def test_national_page_query_count_is_constant(
    world: World, extra: int, django_assert_num_queries
) -> None:
    grow(extra)
    client = world.client("analyst")
    cache.clear()
    # Session, user, the request's savepoint and its release, the scope (navigation); then
    # (cold cache) houses, communes, arrondissements (Paris, Lyon and Marseille's demand
    # points), départements, reference figures, boundaries.
    with django_assert_num_queries(11):
        client.get(reverse("masp:coverage"))
    with django_assert_num_queries(5):
        client.get(reverse("masp:coverage"), {"tri": "name"})


@pytest.mark.parametrize("extra", [0, 15])
def test_region_page_query_count_is_constant(
    world: World, extra: int, django_assert_num_queries
) -> None:
    grow(extra)
    client = world.client("ars_a")
    client.get(reverse("masp:coverage"))
    # Session, user, savepoint, region, memberships (scope), houses of the region, release.
    with django_assert_num_queries(7):
        client.get(reverse("masp:coverage_region", args=["53"]))


def test_planned_houses_show_in_the_region_table_not_on_the_map(world: World) -> None:
    SiteFactory(name="Projet breton", department_id="35", status=SiteStatus.PROJECT)
    html = (
        world.client("analyst").get(reverse("masp:coverage_region", args=["53"])).content.decode()
    )
    assert "Projet breton</a>" in html
    assert "Projet breton (" not in html  # no marker
