"""Reference data of funding: sources, the reference cost and its band, an indicator scheme.
Created if missing, never overwritten (national administrators edit them in the admin)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from funding.models import FundingSource, IndicatorRule, IndicatorScheme, ReferenceCost

ORDER = 40

SOURCES = [
    ("ondam_ms", "ONDAM médico-social", "Dotation de l'assurance maladie (forfait)."),
    ("fir", "FIR", "Fonds d'intervention régional."),
    ("fiss", "FISS (article 51)", "Fonds pour l'innovation du système de santé."),
    ("collectivite", "Collectivité territoriale", "Investissement immobilier surtout."),
    ("cnsa", "CNSA", "Caisse nationale de solidarité pour l'autonomie."),
    ("autre", "Autre", ""),
]

# The 2024 impact study and the cahier des charges (domain.md "Capacity, cost, funding").
REFERENCE = {
    "annual_cost": Decimal("1000000.00"),
    "capacity_min": 12,
    "capacity_max": 15,
    "daily_fee": Decimal("20.00"),
    "source_note": "Étude d'impact 2024 ; cahier des charges 2025",
}

# A first scheme in the spirit of seed 003 (ACI of the MSP): thresholds in percent.
SCHEME_RULES = [
    ("occupancy", "70", 20),
    ("occupancy", "85", 30),
    ("reports_on_time", "80", 20),
    ("emsp_convention", "100", 25),
    ("staffing_compliance", "100", 25),
]


def load(*, log: Callable[[str], None]) -> None:
    for position, (code, label, description) in enumerate(SOURCES):
        FundingSource.objects.get_or_create(
            code=code,
            defaults={"label": label, "description": description, "position": position},
        )
    ReferenceCost.objects.get_or_create(year=2024, defaults=REFERENCE)
    scheme, created = IndicatorScheme.objects.get_or_create(
        year=2026,
        defaults={
            "name": "Part variable 2026",
            "max_amount": Decimal("50000.00"),
            "source": FundingSource.objects.get(code="fir"),
        },
    )
    if created:
        IndicatorRule.objects.bulk_create(
            IndicatorRule(scheme=scheme, indicator=code, threshold=Decimal(t), points=p)
            for code, t, p in SCHEME_RULES
        )
    log(f"funding: {len(SOURCES)} sources, reference cost, scheme {scheme.year}")
