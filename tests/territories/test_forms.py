"""The region and département filter fields: cached choices, codes as cleaned values."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from common.forms import PortalForm
from territories.forms import DepartmentFilterField, RegionFilterField, catalogue
from territories.models import Department, Region

pytestmark = pytest.mark.django_db


class Filters(PortalForm):
    region = RegionFilterField()
    department = DepartmentFilterField()


def test_the_fields_clean_to_codes_and_accept_nothing() -> None:
    form = Filters({"region": "32", "department": "2A"})
    assert form.is_valid()
    assert form.cleaned_data == {"region": "32", "department": "2A"}
    empty = Filters({})
    assert empty.is_valid()
    assert empty.cleaned_data == {"region": None, "department": None}


def test_an_unknown_code_is_refused_in_french() -> None:
    form = Filters({"region": "99", "department": "20"})
    assert not form.is_valid()
    assert "Sélectionnez un choix valide" in form.errors["region"][0]
    assert "department" in form.errors


def test_choices_are_read_once(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(2):  # regions, départements
        str(Filters())
    with django_assert_num_queries(0):
        html = str(Filters({"region": "53"}))
    assert '<option value="53" selected>Bretagne</option>' in html
    assert '<option value="2A">Corse-du-Sud (2A)</option>' in html
    assert catalogue().region_of["974"] == "04"


def test_an_edited_name_reaches_the_choices_at_once() -> None:
    str(Filters())
    region = Region.objects.get(code="53")
    region.name = "Bretagne (renommée)"
    region.save()
    assert "Bretagne (renommée)" in str(Filters())
    department = Department.objects.get(code="35")
    department.name = "Ille-et-Vilaine (renommé)"
    department.save()
    assert "Ille-et-Vilaine (renommé) (35)" in str(Filters())
