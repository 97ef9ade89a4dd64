"""Reference and demo data of funding."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from funding.models import FundingLine, FundingSource, ReferenceCost, RegionalEnvelope
from funding.queries import region_year_for
from territories.models import Region
from tests.accounts.factories import UserFactory
from tests.personas import grant

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_and_versioned_by_year() -> None:
    assert set(FundingSource.objects.values_list("code", flat=True)) >= {
        "ondam_ms",
        "fir",
        "fiss",
        "collectivite",
        "cnsa",
        "autre",
    }
    reference = ReferenceCost.objects.for_year(2026)
    assert reference.annual_cost == Decimal("1000000.00")
    assert (reference.capacity_min, reference.capacity_max) == (12, 15)
    ReferenceCost.objects.create(
        year=2028,
        annual_cost=Decimal("1100000"),
        capacity_min=12,
        capacity_max=15,
        daily_fee=Decimal("21"),
    )
    assert ReferenceCost.objects.for_year(2027).annual_cost == Decimal("1000000.00")
    assert ReferenceCost.objects.for_year(2029).daily_fee == Decimal("21.00")
    # Reloading does not overwrite an edit.
    FundingSource.objects.filter(code="fir").update(label="FIR (modifié)")
    call_command("load_reference_data", stdout=io.StringIO())
    assert FundingSource.objects.get(code="fir").label == "FIR (modifié)"


def test_demo_funding_is_plausible_and_idempotent() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    count = FundingLine.objects.count()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert FundingLine.objects.count() == count >= 15
    for line in FundingLine.objects.all():
        line.full_clean()
    assert RegionalEnvelope.objects.filter(year=2026).exists()
    analyst = UserFactory()
    grant(analyst, "analyst")
    figures = region_year_for(Region.objects.get(code="32"), 2026, analyst)
    assert not any(row.over_allocated for row in figures.sources)
    assert figures.total.allocated > 0
