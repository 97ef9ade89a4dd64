"""Load regions, départements, populations and boundaries from the committed data files."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from territories.models import Department, DepartmentBoundary, Region

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
    log(f"{len(regions)} régions, {len(departments)} départements, {boundaries} contours.")


def load_boundaries() -> int:
    collection = json.loads((DATA_DIR / "departements.geojson").read_text(encoding="utf-8"))
    for feature in collection["features"]:
        DepartmentBoundary.objects.update_or_create(
            department_id=feature["properties"]["code"],
            defaults={"geometry": feature["geometry"]},
        )
    return len(collection["features"])
