"""Load regions, départements, populations and boundaries from the committed data files."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from territories.models import (
    Arrondissement,
    Commune,
    Department,
    DepartmentBoundary,
    OfferReference,
    Region,
    search_key,
)

ORDER = 10
DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(*, log: Callable[[str], None]) -> None:
    regions = read_csv("regions.csv")
    for row in regions:
        Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "ars_name": row["ars_name"]}
        )
    departments = read_csv("departements.csv")
    for row in departments:
        Department.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "region_id": row["region_code"],
                "population": int(row["population"]),
            },
        )
    boundaries = load_boundaries()
    communes = load_communes()
    arrondissements = load_arrondissements()
    references = load_offer_references()
    log(
        f"{len(regions)} régions, {len(departments)} départements, {boundaries} contours, "
        f"{communes} communes, {arrondissements} arrondissements municipaux, "
        f"{references} références de l'offre."
    )


def load_boundaries() -> int:
    collection = json.loads((DATA_DIR / "departements.geojson").read_text(encoding="utf-8"))
    for feature in collection["features"]:
        DepartmentBoundary.objects.update_or_create(
            department_id=feature["properties"]["code"],
            defaults={"geometry": feature["geometry"]},
        )
    return len(collection["features"])


def load_communes() -> int:
    rows = read_csv("communes.csv")
    # 35,000 rows: one bulk insert; existing rows are left as they are.
    Commune.objects.bulk_create(
        [
            Commune(
                code=row["code"],
                name=row["name"],
                search_name=search_key(row["name"]),
                department_id=row["department_code"],
                population=int(row["population"]),
                postcodes=row["postcodes"],
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
            )
            for row in rows
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(rows)


def load_arrondissements() -> int:
    """The 45 arrondissements of Paris, Lyon and Marseille; a reload corrects them (they are
    not edited by hand)."""
    rows = read_csv("arrondissements.csv")
    fields = ["name", "commune", "population", "postcodes", "latitude", "longitude"]
    Arrondissement.objects.bulk_create(
        [
            Arrondissement(
                code=row["code"],
                name=row["name"],
                commune_id=row["commune_code"],
                population=int(row["population"]),
                postcodes=row["postcodes"],
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=fields,
    )
    return len(rows)


# Figures of the wider palliative-care offer (see docs: CNSPFV Atlas, DGOS instruction).
# Parameters an administrator may correct: created once, never overwritten.
OFFER_REFERENCES = [
    {
        "key": "usp_beds",
        "label": "Lits en unités de soins palliatifs (USP)",
        "value": Decimal(1980),
        "unit": "lits",
        "year": 2021,
        "source": "CNSPFV, Atlas des soins palliatifs et de la fin de vie, 3e édition "
        "(situation fin 2021 : 171 USP)",
    },
    {
        "key": "usp_beds_per_100k_minimum",
        "label": "Minimum recommandé de lits d'USP pour 100 000 habitants",
        "value": Decimal(3),
        "unit": "lits pour 100 000 habitants",
        "year": 2023,
        "source": "Instruction DGOS/R4/DGS/DGCS/2023/76 du 21 juin 2023",
    },
    {
        "key": "departments_without_usp",
        "label": "Départements sans unité de soins palliatifs",
        "value": Decimal(21),
        "unit": "départements",
        "year": 2021,
        "source": "CNSPFV, Atlas des soins palliatifs et de la fin de vie, 3e édition",
    },
]


def load_offer_references() -> int:
    for figure in OFFER_REFERENCES:
        OfferReference.objects.get_or_create(
            key=figure["key"], defaults={k: v for k, v in figure.items() if k != "key"}
        )
    return len(OFFER_REFERENCES)
