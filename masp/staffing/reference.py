"""Reference data of staffing: the role catalogue and the two reference norm sets.

Loaded by `load_reference_data` (through `masp.reference_data`). Idempotent and conservative:
a role or a norm set that already exists is left as it is (a national administrator may have
edited a cost; a set in force is never rewritten, a change is a new version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from masp.models import NormRule, NormSet, StaffRole
from masp.staffing.enums import CoveragePattern, RuleKind, Scaling

# code, label, counted in FTE, indicative annual cost per FTE (employer cost, euros).
ROLES = [
    ("medecin_coordonnateur", "Médecin (coordonnateur)", True, 150_000),
    ("infirmier", "Infirmier (IDE)", True, 55_000),
    ("infirmier_coordinateur", "Infirmier coordinateur", True, 62_000),
    ("aide_soignant", "Aide-soignant", True, 45_000),
    ("aes_av", "Accompagnant éducatif et social / auxiliaire de vie", True, 42_000),
    ("psychologue", "Psychologue", True, 58_000),
    ("assistant_social", "Assistant de service social", True, 50_000),
    ("coordinateur_administratif", "Coordinateur administratif", True, 50_000),
    ("agent_service", "Agent de service hospitalier", True, 38_000),
    ("benevole", "Bénévole d'accompagnement", False, None),
]
VOLUNTEER = "benevole"

GRID_ASSUMPTION = (
    "Créneaux comptés 6 h le matin, 6 h l'après-midi et 12 h la nuit : 24 h par jour, un poste "
    "tenu 24 h/24 représente 8 760 h par an, soit 5,45 ETP à 1 607 h par ETP et par an (durée "
    "légale annuelle du travail). Une demi-journée de présence compte donc 6 h. Un planning qui "
    "demande plus de 10 % au-delà des ETP déclarés est signalé (avertissement) : la semaine type "
    "arrondit les présences. Hypothèse : la source ne fixe pas la durée des créneaux."
)
ONE_DAY_IN_TWO_ASSUMPTION = (
    "Lu comme : jamais deux jours de suite sans présence en journée (matin ou après-midi), le "
    "planning étant un cycle qui se répète (le dimanche est suivi du lundi, la dernière semaine "
    "du cycle de la première). Une nuit seule n'est pas un jour de présence."
)
PAIR_ASSUMPTION = (
    "Un médecin et un infirmier (IDE ou infirmier coordinateur), chacun avec des ETP, présents "
    "ensemble au moins une demi-journée (matin ou après-midi) sur le cycle. Le texte de 2025 "
    "n'exige pas de poste distinct d'infirmier coordinateur."
)
NURSE_ASSUMPTION = (
    "L'infirmier coordinateur est un infirmier : sa présence compte dans la présence infirmière."
)
PER_PLACE_ASSUMPTION = (
    "Le modèle ne chiffre que 12 à 15 places. Hors de cette bande, hypothèse : proportionnel au "
    "nombre de places (valeur à 12 places x places / 12 en dessous, valeur à 15 places x "
    "places / 15 au-dessus)."
)
FIXED_ASSUMPTION = (
    "Un poste tenu 24 h/24 ne se divise pas avec les places : hypothèse, 5,4 ETP (un poste "
    "continu) de 8 à 20 places, comme pour 12 à 15 places."
)
CDC_SOURCE = "Cahier des charges national des MASP (2025), tel que rapporté."
STUDY_SOURCE = "Étude d'impact 2024 (mesure n°12), modèle pour une maison de 12 à 15 places."

CDC_2025 = {
    "name": "Cahier des charges national des MASP",
    "version": 1,
    "effective_from": dt.date(2025, 7, 1),
    "effective_to": None,
    "source": (
        "Cahier des charges national des maisons d'accompagnement et de soins palliatifs (2025), "
        "tel que rapporté : règles de présence minimale, pas d'ETP. Date d'effet indicative "
        "(publication avec l'appel à candidatures de 2025)."
    ),
    "notes": (
        "Un médecin (admissions, coordination, suivi des résidents sans médecin traitant "
        "disponible) ; un infirmier présent en semaine ; un accompagnant éducatif et social ; un "
        "aide-soignant en présence continue, jour et nuit ; un psychologue au moins un jour sur "
        "deux ; coordination médicale par un binôme médecin-infirmier ; des bénévoles "
        "d'accompagnement issus d'associations (sans minimum chiffré)."
    ),
    "grid_assumption": GRID_ASSUMPTION,
}
CDC_2025_RULES: list[dict[str, Any]] = [
    {
        "kind": RuleKind.PRESENCE,
        "roles": ["aide_soignant"],
        "pattern": CoveragePattern.ALWAYS,
        "source": CDC_SOURCE + " Un aide-soignant en présence continue, jour et nuit.",
    },
    {
        "kind": RuleKind.PRESENCE,
        "roles": ["infirmier", "infirmier_coordinateur"],
        "label": "Infirmier (IDE ou coordinateur)",
        "pattern": CoveragePattern.WEEKDAYS_DAY,
        "source": CDC_SOURCE + " Un infirmier présent en semaine.",
        "assumption": NURSE_ASSUMPTION,
    },
    {
        "kind": RuleKind.PRESENCE,
        "roles": ["psychologue"],
        "pattern": CoveragePattern.ONE_DAY_IN_TWO,
        "source": CDC_SOURCE + " Un psychologue présent au moins un jour sur deux.",
        "assumption": ONE_DAY_IN_TWO_ASSUMPTION,
    },
    {
        "kind": RuleKind.PAIR,
        "roles": ["medecin_coordonnateur"],
        "partner_roles": ["infirmier", "infirmier_coordinateur"],
        "label": "Binôme de coordination médecin-infirmier",
        "source": CDC_SOURCE + " Coordination médicale par un binôme médecin-infirmier.",
        "assumption": PAIR_ASSUMPTION,
    },
    {
        "kind": RuleKind.FTE,
        "roles": ["aes_av"],
        "each_role": True,
        "source": CDC_SOURCE + " Un accompagnant éducatif et social.",
    },
]

STUDY_2024 = {
    "name": "Modèle de l'étude d'impact 2024",
    "version": 1,
    "effective_from": dt.date(2024, 4, 10),
    "effective_to": dt.date(2025, 6, 30),
    "source": (
        "Étude d'impact de la mesure n°12 de la stratégie décennale des soins d'accompagnement "
        "2024-2034 (annoncée le 10 avril 2024) : modèle d'effectifs en ETP pour une maison de 12 "
        "à 15 places. 5,4 ETP correspondent à un poste tenu 24 h/24 (8 760 h / environ 1 600 h "
        "par ETP)."
    ),
    "notes": (
        "Le modèle ne donne de valeurs que pour 12 à 15 places ; chaque règle dit comment elle "
        "s'étend de 8 à 20 places (hypothèses affichées avec le résultat)."
    ),
    "grid_assumption": GRID_ASSUMPTION,
}
NURSES = "Infirmiers (IDE et coordinateur)"
# roles, FTE at 12-15 places, scaling outside the band, label.
STUDY_2024_FTE: list[tuple[list[str], str, str, str]] = [
    (["medecin_coordonnateur"], "0.2", Scaling.PER_PLACE, ""),
    (["infirmier", "infirmier_coordinateur"], "2", Scaling.PER_PLACE, NURSES),
    (["aide_soignant"], "5.4", Scaling.FIXED, ""),
    (["aes_av"], "2.7", Scaling.PER_PLACE, ""),
    (["assistant_social"], "0.5", Scaling.PER_PLACE, ""),
    (["psychologue"], "1", Scaling.PER_PLACE, ""),
]  # fmt: skip
STUDY_2024_RULES: list[dict[str, Any]] = [
    {
        "kind": RuleKind.FTE,
        "roles": codes,
        "label": label,
        "min_fte": Decimal(fte),
        "capacity_min": 12,
        "capacity_max": 15,
        "scaling": scaling,
        "source": f"{STUDY_SOURCE} {fte.replace('.', ',')} ETP.",
        "assumption": FIXED_ASSUMPTION if scaling == Scaling.FIXED else PER_PLACE_ASSUMPTION,
    }
    for codes, fte, scaling, label in STUDY_2024_FTE
]


def load_roles() -> int:
    for position, (code, label, counts, cost) in enumerate(ROLES, start=1):
        StaffRole.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "counts_in_fte": counts,
                "annual_cost_per_fte": cost,
                "position": position,
            },
        )
    return len(ROLES)


def create_rules(norm_set: NormSet, rules: list[dict[str, Any]]) -> None:
    roles = {role.code: role for role in StaffRole.objects.all()}
    for position, spec in enumerate(rules, start=1):
        fields = {k: v for k, v in spec.items() if k not in ("roles", "partner_roles")}
        rule = NormRule.objects.create(norm_set=norm_set, position=position, **fields)
        rule.roles.set([roles[code] for code in spec["roles"]])
        rule.partner_roles.set([roles[code] for code in spec.get("partner_roles", [])])


def load_norm_set(spec: dict[str, Any], rules: list[dict[str, Any]]) -> NormSet:
    fields = {key: value for key, value in spec.items() if key not in ("name", "version")}
    norm_set, created = NormSet.objects.get_or_create(
        name=spec["name"], version=spec["version"], defaults=fields
    )
    if created:
        create_rules(norm_set, rules)
    return norm_set


@transaction.atomic
def load(*, log: Callable[[str], None]) -> None:
    count = load_roles()
    sets = [load_norm_set(CDC_2025, CDC_2025_RULES), load_norm_set(STUDY_2024, STUDY_2024_RULES)]
    log(f"Effectifs : {count} fonctions, {len(sets)} référentiels.")
