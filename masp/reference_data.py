"""Reference data of the registry: the MASP experimentation itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from masp.models import Experimentation
from masp.staffing import reference as staffing_reference
from territories.models import Region

ORDER = 20
PILOT_REGIONS = ["53", "24", "94", "44", "32", "11", "28", "75", "76", "52", "93", "04"]

EXPERIMENTATION = {
    "short_name": "MASP",
    "carrier": "Ministère chargé de la santé (DGOS, DGCS)",
    "legal_basis": (
        "Établissements médico-sociaux expérimentaux (CASF, art. L.312-1, I, 12°), autorisés par "
        "le directeur général de l'ARS sur la base du cahier des charges national (2025). "
        "Stratégie décennale des soins d'accompagnement 2024-2034, mesure n°12."
    ),
    "launched_on": dt.date(2026, 1, 1),
    "duration_months": 36,
    "target_population": (
        "Adultes en fin de vie dont l'état est stable ou de complexité intermédiaire (niveaux 1 et "
        "2 de la gradation des soins palliatifs), qui ne peuvent pas ou ne souhaitent pas rester à "
        "domicile ; leurs proches et aidants, y compris dans le deuil."
    ),
    "objectives": (
        "Offrir un lieu de vie et de soins entre le domicile et l'hôpital ; accueillir pour un "
        "répit ou jusqu'à la fin de la vie ; accompagner les proches ; environ 100 maisons en dix "
        "ans, en moyenne une par département."
    ),
    "funding_model": (
        "Dotation forfaitaire de l'assurance maladie (ONDAM médico-social), environ 1 million "
        "d'euros par an pour 12 à 15 places ; forfait journalier d'environ 20 euros à la charge "
        "du résident ; investissement possible des collectivités territoriales."
    ),
    "evaluation": (
        "Rapports d'activité périodiques des maisons, revue semestrielle par les ARS, analyse "
        "nationale par le CNSPFV."
    ),
    "partners": (
        "CNSPFV, SFAP, France Assos Santé, HAS, CNAM, 2SPP, Plateforme nationale pour la recherche "
        "sur la fin de vie, Collège de la médecine générale, CNPI."
    ),
}
EXPERIMENTATION_NAME = "Maisons d'accompagnement et de soins palliatifs"


def load(*, log: Callable[[str], None]) -> None:
    experimentation, _created = Experimentation.objects.update_or_create(
        name=EXPERIMENTATION_NAME, defaults=EXPERIMENTATION
    )
    experimentation.regions.set(Region.objects.filter(code__in=PILOT_REGIONS))
    log(f"Expérimentation « {experimentation} » : {len(PILOT_REGIONS)} régions.")
    staffing_reference.load(log=log)
