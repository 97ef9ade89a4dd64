from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from territories.models import Commune, Department, OfferReference, search_key

pytestmark = pytest.mark.django_db


def test_communes_are_loaded_with_their_points() -> None:
    assert Commune.objects.count() == 34_875
    communes = Commune.objects.aggregate(total=Sum("population"))["total"]
    departments = Department.objects.aggregate(total=Sum("population"))["total"]
    assert communes == departments
    paris = Commune.objects.get(code="75056")
    assert paris.department_id == "75"
    assert 48.8 < paris.latitude < 48.92
    assert 2.25 < paris.longitude < 2.42


def test_search_by_postcode_and_by_name() -> None:
    assert Commune.objects.matching("35000").first().name == "Rennes"
    assert Commune.objects.matching(" lille ").first().code == "59350"
    assert Commune.objects.matching("Marseille").first().code == "13055"
    assert not Commune.objects.matching("Zzyzx").exists()
    assert not Commune.objects.matching(" - ").exists()


@pytest.mark.parametrize(
    ("typed", "code"),
    [("saint etienne", "42218"), ("St-Étienne", "42218"), ("l'ile-rousse", "2B134")],
)
def test_search_ignores_accents_hyphens_and_abbreviations(typed: str, code: str) -> None:
    assert Commune.objects.matching(typed).first().code == code


def test_search_key() -> None:
    assert search_key("Saint-Étienne") == search_key("st etienne") == "saint etienne"
    assert search_key("L'Haÿ-les-Roses") == "l hay les roses"


def test_reloading_keeps_edits_of_offer_references_and_targets() -> None:
    OfferReference.objects.filter(key="usp_beds").update(value=Decimal(2000))
    Department.objects.filter(code="59").update(house_target=3)
    call_command("load_reference_data", stdout=io.StringIO())
    assert OfferReference.objects.get(key="usp_beds").value == Decimal(2000)
    assert Department.objects.get(code="59").house_target == 3
    assert Commune.objects.count() == 34_875


def test_offer_references_have_source_and_year() -> None:
    minimum = OfferReference.objects.get(key="usp_beds_per_100k_minimum")
    assert minimum.value == Decimal(3)
    assert minimum.year == 2023
    assert "2023/76" in minimum.source
    assert all(reference.source and reference.year for reference in OfferReference.objects.all())
