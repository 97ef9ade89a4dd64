"""What a cold coverage page reuses from earlier ones: the départements' geometries and their
drawing (once per process and version of the outlines, renewed by a change of a boundary, a
département or a region), and the rows of the table whose figures did not change."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from masp.coverage import views
from masp.coverage.indicators import Coverage, coverage
from masp.coverage.maps import (
    INDICATORS,
    OUTLINES,
    boundaries,
    build_map,
    coverage_map,
    outlines,
)
from masp.coverage.views import snapshot_table_rows, table_rows
from masp.sites.enums import SiteStatus
from territories.models import Department, DepartmentBoundary, Region
from tests.masp.factories import SiteFactory

pytestmark = pytest.mark.django_db


def area_path(svg: str, code: str) -> str:
    found = re.search(rf'<path class="area" data-code="{code}" d="([^"]+)"', svg)
    assert found is not None
    return found.group(1)


def test_geometries_are_read_once_per_version(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        version, geometries = outlines()
    with django_assert_num_queries(0):
        assert outlines() == (version, geometries)
        assert outlines()[1] is geometries  # the same objects: not unpickled again
        assert boundaries() is geometries
    assert len(geometries) == 101


def moved(geometry: dict, east: float) -> dict:
    def shift(value: list) -> list:
        if value and isinstance(value[0], (int, float)):
            return [value[0] + east, *value[1:]]
        return [shift(item) for item in value]

    return {**geometry, "coordinates": shift(geometry["coordinates"])}


def test_a_boundary_change_brings_new_outlines() -> None:
    snapshot = coverage()
    version = outlines()[0]
    before = coverage_map(snapshot, "houses_open")
    assert build_map(snapshot, INDICATORS["houses_open"], None) == before  # drawn, then reused
    boundary = DepartmentBoundary.objects.get(department_id="29")
    boundary.geometry = moved(boundary.geometry, 0.5)
    boundary.save()
    new_version, new_geometries = outlines()
    assert new_version != version
    assert new_geometries["29"] == boundary.geometry
    after = coverage_map(coverage(), "houses_open")  # the same houses, new outlines
    assert area_path(after, "29") != area_path(before, "29")
    assert area_path(after, "971") == area_path(before, "971")  # an inset of its own


def test_a_department_or_region_change_renews_the_outlines() -> None:
    version = OUTLINES.current()
    before = coverage_map(coverage(), "houses_open")
    assert ">Guadeloupe</text>" in before  # an inset's label
    Department.objects.filter(code="971").update(name="Guadeloupe (archipel)")
    Department.objects.get(code="971").save()
    renamed = OUTLINES.current()
    assert renamed != version
    assert ">Guadeloupe (archipel)</text>" in coverage_map(coverage(), "houses_open")
    region = Region.objects.get(code="53")
    region.name = "Bretagne (région)"
    region.save()
    assert OUTLINES.current() != renamed
    assert coverage_map(coverage(), "houses_open", "53").count('class="label"') == 4


def test_rows_are_written_once_per_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    views._written.clear()
    written: list[str] = []

    def counted(rows: list[Coverage], show_region: bool) -> SafeString:
        written.extend(row.code for row in rows)
        return table_rows(rows, show_region)

    monkeypatch.setattr(views, "table_rows", counted)
    first = coverage()
    html = snapshot_table_rows(first, first.departments, show_region=True)
    assert html == table_rows(first.departments, show_region=True)
    assert len(written) == 101
    SiteFactory(department_id="62", status=SiteStatus.PROJECT)  # one more planned house
    second = coverage()
    assert second.version != first.version
    html = snapshot_table_rows(second, second.departments, show_region=True)
    assert html == table_rows(second.departments, show_region=True)
    assert written[101:] == ["62"]  # the one row whose figures changed
    assert "<td>1</td>" in html.split("<td>62</td>", 1)[1].split("</tr>", 1)[0]
    # Another language or another kind of table: written anew, as `table_rows` writes it.
    with translation.override("en"):
        english = snapshot_table_rows(second, second.departments, show_region=True)
        assert english == table_rows(second.departments, show_region=True)
    plain = snapshot_table_rows(second, second.departments, show_region=False)
    assert plain == table_rows(second.departments, show_region=False)
