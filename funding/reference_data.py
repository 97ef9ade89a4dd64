"""Reference data of funding: channels, the reference cost and its band, the residents' daily
fee, the 2026 indicator-based scheme in seed 003's shape. Created if missing, never
overwritten (national administrators edit them in the admin)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from funding import cache
from funding.enums import Axis
from funding.models import (
    FundingSource,
    IndicatorAxis,
    IndicatorRule,
    IndicatorScheme,
    ReferenceCost,
    ResidentDailyFee,
)

ORDER = 40

# domain.md "Capacity, cost, funding"; seed 002 (FACILISOINS) for FIR, FISS and droit commun.
SOURCES = [
    ("ondam_ms", "ONDAM médico-social", "Dotation de l'assurance maladie (forfait)."),
    ("fir", "FIR", "Fonds d'intervention régional."),
    ("fiss", "FISS (article 51)", "Fonds pour l'innovation du système de santé."),
    (
        "droit_commun",
        "Droit commun",
        "Soins de ville payés par l'assurance maladie comme d'habitude (seed 002).",
    ),
    (
        "collectivite",
        "Collectivité territoriale",
        "Investissement immobilier, pas le fonctionnement.",
    ),
    ("cnsa", "CNSA", "Caisse nationale de solidarité pour l'autonomie."),
    ("autre", "Autre", ""),
]

# The 2024 impact study and the cahier des charges (domain.md "Capacity, cost, funding").
REFERENCE = {
    "annual_cost": Decimal("1000000.00"),
    "capacity_min": 12,
    "capacity_max": 15,
    "source_note": "Étude d'impact 2024 ; cahier des charges 2025",
}
DAILY_FEE = {
    "amount": Decimal("20.00"),
    "source_note": "Étude d'impact 2024 : forfait journalier d'environ 20 € payé par le résident",
}

SEED_003 = (
    "Seed 003 (réponse à la question écrite n° 76, accord conventionnel interprofessionnel du "
    "24 juillet 2017) : rémunération d'équipe modulée par des indicateurs sur trois axes "
    "(accès aux soins ; travail en équipe ; système d'information partagé)."
)
ASSUMED = "Hypothèse du portail, la source ne fixe aucun seuil : "
SCHEME = {
    "name": "Part variable 2026",
    "fixed_amount": Decimal("20000.00"),
    "source_note": (
        f"{SEED_003} Aucun texte ne fixe de montant pour les MASP : enveloppe de 50 000 € par "
        "maison (montant du barème antérieur), partagée en une part fixe de 20 000 € (au prorata "
        "des jours d'ouverture) et une part variable de 30 000 € sur les trois axes. Hypothèses "
        "du portail, à arrêter par l'administration nationale."
    ),
}
AXES = [
    (
        Axis.ACCESS,
        "15000.00",
        "Axe 1 de seed 003. Montant supposé : la moitié de la part variable.",
    ),
    (
        Axis.TEAMWORK,
        "10000.00",
        "Axe 2 de seed 003. Montant supposé : un tiers de la part variable.",
    ),
    (
        Axis.INFORMATION,
        "5000.00",
        "Axe 3 de seed 003. Montant supposé : un sixième de la part variable.",
    ),
]
RULES = [
    (Axis.ACCESS, "occupancy", "70", 20, ASSUMED + "70 % d'occupation."),
    (Axis.ACCESS, "occupancy", "85", 30, ASSUMED + "85 % d'occupation."),
    (
        Axis.ACCESS,
        "staffing_compliance",
        "100",
        30,
        "Continuité des soins : présence soignante jour et nuit exigée par le cahier des charges "
        "2025 ; 100 = effectifs conformes au référentiel par défaut.",
    ),
    (
        Axis.TEAMWORK,
        "emsp_convention",
        "100",
        30,
        "Travail en équipe : convention avec une EMSP en vigueur au 31 décembre.",
    ),
    (
        Axis.TEAMWORK,
        "had_convention",
        "100",
        20,
        "Coordination avec l'HAD, partenaire habituel d'une MASP (domain.md) : convention en "
        "vigueur au 31 décembre.",
    ),
    (
        Axis.INFORMATION,
        "reports_on_time",
        "80",
        20,
        ASSUMED + "80 % des rapports d'activité transmis par le portail dans les délais.",
    ),
    (
        Axis.INFORMATION,
        "reports_on_time",
        "95",
        30,
        ASSUMED + "95 % des rapports d'activité transmis dans les délais.",
    ),
]


def load_scheme() -> IndicatorScheme:
    scheme, created = IndicatorScheme.objects.get_or_create(
        year=2026, defaults={**SCHEME, "source": FundingSource.objects.get(code="fir")}
    )
    if created:
        IndicatorAxis.objects.bulk_create(
            IndicatorAxis(scheme=scheme, axis=axis, amount=Decimal(amount), source_note=note)
            for axis, amount, note in AXES
        )
        IndicatorRule.objects.bulk_create(
            IndicatorRule(
                scheme=scheme,
                axis=axis,
                indicator=code,
                threshold=Decimal(threshold),
                points=points,
                source_note=note,
            )
            for axis, code, threshold, points, note in RULES
        )
    return scheme


def load(*, log: Callable[[str], None]) -> None:
    for position, (code, label, description) in enumerate(SOURCES):
        FundingSource.objects.get_or_create(
            code=code,
            defaults={"label": label, "description": description, "position": position},
        )
    ReferenceCost.objects.get_or_create(year=2024, defaults=REFERENCE)
    ResidentDailyFee.objects.get_or_create(valid_from=dt.date(2024, 1, 1), defaults=DAILY_FEE)
    scheme = load_scheme()
    cache.REFERENCE.renew()  # the axes and rules are bulk created, without signals
    log(f"funding: {len(SOURCES)} sources, reference cost, daily fee, scheme {scheme.year}")
