"""National administrators keep the funding reference data in the admin, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from funding.models import IndicatorScheme, ReferenceCost
from tests.funding.factories import FundingLineFactory
from tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "fundingsource",
        "referencecost",
        "residentdailyfee",
        "indicatorscheme",
        "regionalenvelope",
        "fundingline",
    ],
)
def test_admin_pages_open_for_the_national_admin(world: World, name: str) -> None:
    FundingLineFactory(site=world.site_a)
    client = world.client("national_admin")
    assert client.get(reverse(f"admin:funding_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:funding_{name}_add")).status_code == 200


def test_reference_cost_edit_is_audited(world: World) -> None:
    reference = ReferenceCost.objects.get(year=2024)
    url = reverse("admin:funding_referencecost_change", args=[reference.pk])
    data = {
        "year": 2024,
        "annual_cost": "1050000.00",
        "capacity_min": 12,
        "capacity_max": 15,
        "source_note": "",
    }
    response = world.client("national_admin").post(url, data)
    assert response.status_code == 302
    reference.refresh_from_db()
    assert str(reference.annual_cost) == "1050000.00"
    entry = AuditEntry.objects.get(object_id=str(reference.pk), action="update")
    assert entry.changes["annual_cost"]["new"] == "1050000.00"


def test_scheme_rules_offer_the_registered_indicators(world: World) -> None:
    scheme = IndicatorScheme.objects.get(year=2026)
    page = world.client("national_admin").get(
        reverse("admin:funding_indicatorscheme_change", args=[scheme.pk])
    )
    assert b'value="emsp_convention"' in page.content
    assert b'value="had_convention"' in page.content
    # The axes' amounts and every source are editable data (seed 003's shape).
    assert b"Axe 1 de seed 003" in page.content
    assert "Hypothèse du portail".encode() in page.content
