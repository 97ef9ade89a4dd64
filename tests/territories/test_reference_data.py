from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from territories.models import Department, DepartmentBoundary, Region

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_load_reference_data_is_idempotent() -> None:
    load()
    output = load()
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert DepartmentBoundary.objects.count() == 101
    assert "101 départements" in output


def test_population_is_about_68_million() -> None:
    load()
    total = Department.objects.aggregate(total=Sum("population"))["total"]
    assert 68_000_000 * 0.98 <= total <= 68_000_000 * 1.02
    assert Department.objects.filter(population=0).count() == 0


def test_special_codes_and_regions() -> None:
    load()
    assert Department.objects.get(code="2A").region_id == "94"
    assert Department.objects.get(code="2B").region_id == "94"
    assert Department.objects.get(code="974").region.name == "La Réunion"
    assert Department.objects.get(code="976").region_id == "06"
    assert Region.objects.get(code="32").ars_name == "ARS Hauts-de-France"
    codes = list(Department.objects.values_list("code", flat=True))
    assert codes[:3] == ["01", "02", "03"]
    assert codes.index("2A") == codes.index("29") + 1
    assert codes[-5:] == ["971", "972", "973", "974", "976"]


def test_boundaries_are_geojson_polygons() -> None:
    load()
    geometry = DepartmentBoundary.objects.get(department_id="75").geometry
    assert geometry["type"] in {"Polygon", "MultiPolygon"}
    lon, lat = (
        geometry["coordinates"][0][0][:2]
        if geometry["type"] == "Polygon"
        else (geometry["coordinates"][0][0][0][:2])
    )
    assert 2.2 < lon < 2.5
    assert 48.8 < lat < 48.95


def test_department_code_constraint() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="977", name="Saint-Barthélemy", region_id="01")
